/* cg.h - internal to solver/: column generation over the agents' rows.
 *
 * The team's MIP (model.c) has a column per (agent, slot, rank), and its
 * LP relaxation is weak: on Curtois Instance 5 it says 746 where the best
 * roster costs 1143, so GLPK prunes little and a gap printed against it
 * says little.  Here the columns are whole rows instead (Dantzig-Wolfe):
 * each agent works exactly one of the rows found for it, so every rule of
 * one agent holds inside its rows and only cover joins them.  cg_run()
 * starts from the rows of a roster, lets GLPK solve this master LP over
 * the rows found so far, and asks for each agent's cheapest row at the
 * LP's prices of cover: first from the construction's dynamic programme
 * (heur_price(), fast but not exact), and once that finds none, from a
 * small MIP of that agent's columns and rules alone, taken from the
 * model, which GLPK solves exactly in milliseconds to seconds.  The rows
 * that would lower the LP are added, and so on until none is left.  Then
 * a dive fixes agents to their rows a few at a time, pricing fresh rows
 * for the others between fixings, and GLPK's branch and bound chooses one
 * row per agent among those found, with the dive's roster as its first
 * incumbent unless the starting one is much the cheaper (cg.c DIVE_KEEP).
 *
 * Once the LP has settled at z, every row whose reduced cost is at most
 * ceil(z) + 1 - z is listed (heur_enumerate(), exact, in a fraction of a
 * second on Curtois 1-7) and put in the master before the dive, when they
 * are not too many: every roster of penalty ceil(z) + 1 or less is made
 * of such rows, so the branch and bound over them, given more time, may
 * find it (Curtois 6: 1950, which the search alone never reached), and,
 * the lists being whole, ending without one proves a bound (Curtois 5:
 * 1143 proven optimal).
 *
 * Each round of prices also gives a proven lower bound (the master's LP
 * value plus every agent's most negative reduced cost): at the end, the
 * strongest bound this kind of model has (1141 on Instance 5).  The
 * master's solution, turned back into the model's columns, is what the
 * neighbourhood search compares rosters with (lns.h) in place of the
 * weaker LP relaxation's.
 *
 * Teams with fairness spreads are left alone (a spread joins the agents'
 * rows; model.c handles it).
 *
 * Ownership: cg_run() borrows the model and allocates nothing it keeps
 * beyond the caller's arrays.  It calls GLPK: the caller has set the
 * hooks; should GLPK's error hook fire, what cg_run() allocated is lost
 * with GLPK's environment.
 */
#ifndef ROTA_SOLVER_CG_H
#define ROTA_SOLVER_CG_H

#include <signal.h>

#include "model.h"

struct cg_opts {
	double	 lp_deadline;	/* now_seconds() to stop generating rows */
	int	 rounds;	/* or after this many rounds of pricing (0:
				 * no limit): a run that repeats, for tests */
	double	 mip_seconds;	/* then the time to choose among them: a
				 * dive, then a branch and bound of at most
				 * bb_seconds */
	double	 bb_seconds;
	double	 en_seconds;	/* once the LP settled, the time to list
				 * every row that a roster within one of
				 * the bound could use (0: not done), and */
	double	 pool_seconds;	/* then for the branch and bound over
				 * them, in place of bb_seconds */
	int	 threads;	/* pricing threads (1..4) */
	int	 verbose;	/* a line on stderr per round and phase */
	volatile sig_atomic_t *stop;	/* set (by a signal) to stop early, or NULL */
};

struct cg_result {
	double	 bound;		/* proven lower bound, or -DBL_MAX */
	int	 too_slow;	/* gave up: a round of pricing takes too long
				 * for the LP to settle in time, or the LP
				 * has not left the roster (cg.c) */
	int	 converged;	/* no row was left to lower the LP: bound is
				 * the master LP's value */
	double	*lp;		/* [ncols + 1]: the master LP's solution as
				 * the model's columns, or NULL (caller frees) */
	double	 obj;		/* penalty of the roster written to v, or
				 * the v given when none better was found */
};

/* Given a valid roster of m in v[1..ncols] (as model_tighten() leaves it)
 * of penalty obj, generate rows as above and write a better roster into v
 * if one is found, or the dive's if it costs at most 10 % more: the
 * search does better from a roster that follows the LP (so res->obj may
 * exceed obj; keep the starting roster if it matters).  Fills *res.
 * Does nothing (res->bound -DBL_MAX, lp NULL) for teams with fairness
 * spreads. */
void cg_run(const struct model *m, double *v, double obj,
    const struct cg_opts *o, struct cg_result *res);

/* Does cg_run() handle this model (no fairness spreads)? */
int cg_handles(const struct model *m);

#endif
