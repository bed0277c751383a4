/* lns.h - internal to solver/: large neighbourhood search around GLPK.
 *
 * Given a valid roster of a built model, lns_run() repeatedly keeps most
 * of it fixed and lets GLPK re-optimise the rest: a few agents (over the
 * horizon, or a stretch of it when that is long), every agent over a few
 * days, half of them over more days, every agent around a costly slot,
 * agents who could fill a short slot with agents who have minutes to
 * spare, the columns where the roster and the LP relaxation disagree, a
 * few agents on a few weekends weeks apart (where a cap on weekends makes
 * them scarce, a weekend worked on one day only is mended only so), or the
 * agents at one end of a fairness spread with others of their group, all
 * bound to leave that end.  A fairness round may keep the penalty as it
 * is if fewer agents are left at the ends: lowering a spread by one means
 * moving every agent at the top, more than one round frees.  Each round
 * is a small MIP of its own (the free columns, the rows that hold them,
 * the fixed part moved into the bounds), solved with a node limit; a
 * better roster found there becomes the new one.  GLPK alone stalls on
 * rostering models because its branch and bound looks at the whole team
 * at once; a sub-problem of a few hundred free binaries it solves, or
 * proves it cannot improve, in a fraction of a second.
 *
 * Both cores: the search runs on o->threads workers, each building its
 * sub-problems in its own GLPK environment (GLPK keeps it per thread)
 * from a read-only copy of the model's matrix.  They
 * work in epochs: every worker runs a fixed number of rounds, with its own
 * choice of neighbourhoods, from the same roster (with o->no_wait, then
 * extra rounds until the last worker is done); the best roster of the
 * epoch is where all start the next.
 *
 * Deterministic for a given seed, number of threads and number of epochs:
 * each round's sub-problem has a node limit.  The deadline decides how
 * many epochs run (so a time-limited call on a busier machine may stop
 * earlier, with another roster), and a round may not take more than a
 * fifth of the time (a rare outlier: where it is cut, the run is not
 * repeatable).  With o->no_wait and more than one thread the extra
 * rounds follow the clock, and so does the roster.
 *
 * Ownership: lns_run() borrows the model (its threads only read it) and
 * writes the better roster into the caller's array.
 */
#ifndef ROTA_SOLVER_LNS_H
#define ROTA_SOLVER_LNS_H

#include <signal.h>

#include "model.h"

struct lns_opts {
	double	 deadline;	/* now_seconds() to stop at; <= 0: none (it
				 * stops anyway after a long run of rounds
				 * that improve nothing) */
	unsigned seed;		/* chooses the neighbourhoods */
	double	 bound;		/* proven lower bound: stop on reaching it */
	const double *lp;	/* [ncols + 1] LP relaxation values, or NULL */
	int	 threads;	/* workers, each on its own thread (1..4) */
	int	 no_wait;	/* a worker done with its epoch's rounds runs
				 * extra ones until the others are done */
	int	 verbose;	/* one line per improvement on stderr, and
				 * rounds, gains and seconds per kind */
	volatile sig_atomic_t *stop;	/* set (by a signal) to stop early, or NULL */
};

/* Improve the roster in v[1..ncols] (a valid roster, as model_tighten()
 * leaves it) whose penalty is obj.  Returns the penalty of the roster left
 * in v, never more than obj.  Calls GLPK: the caller has set the hooks. */
double lns_run(const struct model *m, double *v, double obj,
    const struct lns_opts *o);

#endif
