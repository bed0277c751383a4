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

#include "grid.h"
#include "roster.h"

struct solver_opts {
	double	 time_limit;	/* seconds; <= 0 for no limit */
	const char *write_lp;	/* write the model (CPLEX LP) here, or NULL */
	int	 verbose;	/* copy GLPK's output to stderr */
};

/* Solve.  Returns a roster with status, objective, bound and seconds set
 * (status ROSTER_NONE and no duties when the hard rules cannot all hold),
 * or NULL with *errp set if GLPK failed.  Caller frees with roster_free().
 * GLPK's output and errors are captured: it never prints or aborts. */
struct roster *solver_solve(const struct grid *g, const struct solver_opts *o,
    char **errp);

#endif
