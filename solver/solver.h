/* solver.h - turning a grid into a mixed-integer program and solving it
 * with GLPK.
 *
 * One binary variable per (agent, slot, rank filled); coverage is soft
 * (weighted under- and over-cover), the labour rules are hard, wishes and
 * fairness are weighted terms of the objective.  The objective equals
 * roster_evaluate()'s penalty for the roster returned.
 */
#ifndef ROTA_SOLVER_H
#define ROTA_SOLVER_H

#include <signal.h>

#include "grid.h"
#include "roster.h"

struct solver_opts {
	double	 time_limit;	/* seconds; <= 0 for no limit */
	const char *write_lp;	/* write the model (CPLEX LP) here, or NULL */
	int	 verbose;	/* copy GLPK's output to stderr */
	int	 decompose;	/* build the roster agent by agent (heur.c)
				 * even for a model small enough for the whole
				 * MIP: for tests */
	int	 threads;	/* threads of the neighbourhood search (and,
				 * for teams too large for the whole MIP, of
				 * the agent-by-agent construction, which uses
				 * two); 0: one per processor, at most 4 */
	unsigned seed;		/* for the neighbourhood search (0 acts as 1):
				 * the same seed, model and number of rounds
				 * give the same roster */
	int	 no_wait;	/* the search's workers run extra rounds
				 * instead of waiting for each other: more
				 * rounds, but not repeatable (lns.h) */
	volatile sig_atomic_t *stop;	/* when set (e.g. by a SIGINT handler), stop
				 * searching and return the best roster so
				 * far; NULL: never */
};

/* Solve.  Returns a roster with status, objective, bound and seconds set,
 * or NULL with *errp set if GLPK failed or write_lp could not be written.
 * Caller frees with roster_free() (and *errp with free()).
 *
 *   ROSTER_OPTIMAL   bound == objective: no roster costs less
 *   ROSTER_FEASIBLE  stopped at the time limit; bound <= objective
 *   ROSTER_NONE      no duties, objective = bound = 0: GLPK (or heur.c,
 *                    for one agent's own rules) proved that the hard
 *                    rules cannot all hold
 *   ROSTER_UNFOUND   no duties, objective = bound = 0: no roster was
 *                    found in time (or before o->stop), none proven
 *                    impossible either
 *
 * objective is the roster's penalty (roster_evaluate() agrees); bound is
 * rounded up to a whole number, as every penalty is one.  o may be NULL
 * (no limit, quiet).  The time limit covers the whole call; on models whose
 * LP relaxation alone takes seconds it may run over by about one such LP.
 * GLPK's output and errors are captured: it never prints (unless verbose)
 * or aborts.  The call ends with glp_free_env(), so it must not run while
 * another part of the program holds GLPK objects. */
struct roster *solver_solve(const struct grid *g, const struct solver_opts *o,
    char **errp);

#endif
