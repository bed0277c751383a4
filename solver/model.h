/* model.h - internal to solver/: the mixed-integer program of one grid.
 *
 * model_build() writes the rows and columns of the MIP (see model.c for
 * the formulation) into a fresh glp_prob and remembers which column is
 * which, so that solve.c can read a roster back and heur.c can hand GLPK
 * a starting roster.  Not part of rota's public interface.
 *
 * Ownership: a model owns its glp_prob and index arrays; model_free()
 * releases them.  It borrows the grid.
 */
#ifndef ROTA_SOLVER_MODEL_H
#define ROTA_SOLVER_MODEL_H

#include <glpk.h>

#include "grid.h"
#include "roster.h"

/* One assignment column: agent a fills demand dm of slot s. */
struct xcol {
	int	 col;		/* GLPK column number */
	int	 agent;
	int	 slot;
	int	 demand;	/* index into grid.demands */
};

/* One fairness spread (roster.h: fair_member() says who is in it):
 * max = z_hi_1 + ... + z_hi_k and min = z_lo_1 + ... + z_lo_k, in unary
 * (see build_columns in model.c for why). */
struct fair_group {
	int	 rank;
	int	 contract;	/* -1 for the whole rank */
	enum fair_kind kind;
	int	 weight;
	int	 hi;		/* first of the k columns of max */
	int	 lo;		/* first of the k columns of min */
	int	 k;
};

struct model {
	const struct grid *grid;
	glp_prob *P;

	struct xcol *x;		/* every assignment column, by agent, then
				 * slot, then demand */
	int	 nx;
	int	*agent_x;	/* [nagents + 1]: columns of agent a are
				 * x[agent_x[a] .. agent_x[a+1]) */
	int	*under;		/* [ndemands]: column of u, or 0 */
	int	*over;		/* [ndemands]: column of o, or 0 */
	int	*wkend;		/* [nagents * nweekends]: column of k, or 0 */
	struct fair_group *fair;	/* the fairness spreads modelled */
	int	 nfair;
	double	 constant;	/* objective constant ("on" wishes) */
	int	 const_col;	/* column fixed at 1 that carries it, or 0 */

	/* Scratch space for building rows, kept here so that a GLPK error
	 * (a longjmp out of model_build) leaks nothing: model_free() finds
	 * it. */
	int	*slot_x;	/* [nagents * nslots]: first x of (a, s), or -1 */
	int	*rind;		/* 1-based row under construction */
	double	*rval;
	int	*rpos;		/* [ncols + 1]: position of a column in the row */
	int	 rn, rcap;
	int	 rcont;		/* the row has a continuous column */
};

/* A model of g with no GLPK problem yet.  Caller frees with model_free(). */
struct model *model_new(const struct grid *g);
/* Create m->P and write the MIP into it.  Fails only through GLPK's error
 * hook (which the caller has set); m stays safe to model_free() then, once
 * m->P is set to NULL (glp_free_env() has already released it). */
void model_build(struct model *m);
void model_free(struct model *m);

/* Given v[1..ncols] whose assignment columns hold a valid roster (other
 * columns may hold anything, e.g. a heuristic's loose values), set every
 * other column to its least value for that roster (exact under- and
 * over-cover, weekends, fairness spread) and return the objective there:
 * the roster's penalty. */
double model_tighten(const struct model *m, double *v);

/* The roster r (valid, over m's grid) as column values v[1..ncols], every
 * other column at its least value for it (model_tighten()); returns its
 * penalty.  m must be built. */
double model_from_roster(const struct model *m, const struct roster *r,
    double *v);
/* The duties of column values v (a roster of m) added to r, sorted. */
void model_to_roster(const struct model *m, const double *v, struct roster *r);

/* Does assignment column m->x[x] count towards fairness group fg? */
int model_fair_counts(const struct model *m, int x, const struct fair_group *fg);
/* How many duties that count towards fg agent a works under v. */
int model_fair_count(const struct model *m, const double *v, int a,
    const struct fair_group *fg);

#endif
