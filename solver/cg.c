/* cg.c - column generation over the agents' rows (see cg.h). */
#include "cg.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heur.h"
#include "util.h"

#define CG_MAX_THREADS	4

/* A row whose reduced cost is not below this does not lower the LP. */
#define CG_EPS		1e-6

/* An agent's pricing problem may branch this often: most take one to
 * ten milliseconds, a few hundreds or seconds (Curtois Instance 8: 2
 * rounds in 13 s without a limit).  A row found but not proven cheapest
 * still serves, and its bound still counts.  Once a round adds no row,
 * the limit grows (up to PRICE_NODES_MAX) for the proof that no row is
 * left: on Instance 2 the bound went from 784 to 828.  A limit in nodes,
 * not seconds, keeps the rows found the same from run to run. */
#define PRICE_NODES	200
#define PRICE_NODES_MAX	(200 * 64)

/* pool() lists at most EN_AGENT_ROWS rows of an agent, and gives up
 * above EN_ROWS in all: GLPK's branch and bound over Curtois 6's 51,646
 * rows took about a second a node. */
#define EN_AGENT_ROWS	20000
#define EN_ROWS		60000
#define EN_TRIES	3

/* Rounds of pricing at each step of the dive (dive()). */
#define DIVE_ROUNDS	3

/* The dive's roster is kept, and the search starts from it, unless it
 * costs more than this times the starting roster's.  A roster that
 * follows the LP is a better start than a cheaper one that does not:
 * the search's "lp" rounds free where the two disagree, few columns from
 * the dive's roster and most of the team from the construction's.  On
 * Curtois 12 at 60 s the dive gave 7998, 8601, 8335 and 8330 against the
 * construction's 7980: from the construction the search ended at 4832
 * and 4940, from the dive at 4063 and 4165.  On 13 (before stalled())
 * the dive gave 20068 against 6824, which is no start at all.  solver.c
 * still returns the construction's roster should it stay the better. */
#define DIVE_KEEP	1.1

/* The LP settled in 15 to 25 exact rounds (Curtois 9, 10 and 11 at 60 s:
 * 25, 24 and 19); when the budget holds fewer than CG_MIN_ROUNDS rounds as
 * long as the first, the rows found by the end guide the search less than
 * the time would (at 60 s, exact first rounds of 1.4 to 2.4 s: Curtois 12
 * 5270 with them, 5192 without; 15 5710, 5593; 17 6620, 6412; 18 5315,
 * 5312), and generate() gives up after that round.  Fast first rounds
 * (price_fast()) take 0.1 to 1 s at 60 s, so the rule now rarely fires
 * below the years of Instances 21-23. */
#define CG_MIN_ROUNDS	15

/* The first rounds often leave the LP where it started, at the roster
 * the master was seeded with: every demand met exactly is a degenerate
 * row, and the simplex pivots without moving until enough rows are in
 * (Curtois Instance 20: 6 rounds, 1.5 s).  On the years of Instance 22
 * it never moved: 20 rounds took 246 of its 600 s, each slower than the
 * last (0.1 s of simplex, then 9 s and 4,400 pivots), and left the
 * search 350 s.  So once this share of the budget has gone by with the
 * LP still at the roster, generate() gives up as if a round were too
 * slow. */
#define CG_STUCK_SHARE	0.25

/* Nor is an LP that is still heading in by then worth the rest of the
 * budget (stalled()): on Curtois 13 (120 agents) it left the roster after
 * 4 s of 18, then fell by 4 to 13 % a round (every agent adding a row each
 * time) up to the deadline, 2030 from 6824, and the dive from there gave 20068;
 * the 25 s that took, given to the search, gave 4493 for 4911.  Where
 * the LP serves (Curtois 12, 15, 18, 19: 5537, 5478, 5329 and 3881 with
 * the search alone, 4459, 4036, 4904 and 3881 with it) it had fallen to
 * within 0.5 % a round after 3 s.  So a round that ends between
 * CG_STUCK_SHARE and twice that share of the budget and lowers the LP by
 * more than CG_HEADING_DROP of its value ends it too. */
#define CG_HEADING_DROP		0.02

/* One agent's pricing problem: its assignment columns and the columns
 * and rows of its own rules, copied out of the model into plain arrays
 * on the calling thread, and built into a GLPK problem (W) by the worker
 * that prices it, on its own thread (GLPK keeps its environment, and
 * every problem's memory, per thread); with the last round's answer. */
struct pricer {
	glp_prob *W;
	int	 ncols, nrows;
	int	*xof;		/* [ncols + 1]: the model's x index, or -1 */
	double	*cost;		/* [ncols + 1]: the model's cost */
	int	*ckind, *ctype;	/* [ncols + 1]: kind and bounds */
	double	*clo, *chi;
	int	*rtype;		/* [nrows + 1]: bounds */
	double	*rlo, *rhi;
	int	*rstart;	/* [nrows + 2]: row q is rind/rval[rstart[q]..) */
	int	*rind;		/* columns 1..ncols */
	double	*rval;
	int	 found;		/* a row, in row[0..n) (x indices) */
	int	*row, n;
	double	 row_cost, rc;	/* its cost in the model, reduced cost */
	double	 least;		/* a lower bound on any row's reduced cost,
				 * or -DBL_MAX: rc when GLPK proved it */
	int	 fast;		/* heur_price() may price it: every cost
				 * is on assignment columns */
	/* Rows enumerated by enumerate(): row i is x indices
	 * en_xs[en_start[i] .. en_start[i + 1]) costing en_cost[i]. */
	int	 nen, en_cap, en_xcap;
	int	*en_start, *en_xs;
	double	*en_cost;
	int	 en_complete;	/* every row within the threshold is there */
};

/* A thread pricing every nthreads-th agent; see lns.c for the pattern. */
struct worker {
	struct cg *c;
	int	 id;
	pthread_t th;
	jmp_buf	 fail;
	int	 failed;	/* GLPK failed in this worker: it sits out */
	int	 nodes;		/* of its running pricing problem */
	int	 cut_short;	/* that met PRICE_NODES (or Ctrl-C) */
	double	 lb;		/* its lower bound then, or -DBL_MAX */
	struct heur *heur;	/* its fast pricing (heur_price()) */
	int	*day;		/* [ndays]: heur_price()'s row */
};

struct cg {
	const struct model *m;
	const struct cg_opts *o;
	glp_prob *P;		/* the master */
	int	 na;
	int	*dem_row;	/* [ndemands]: the master's row, or 0 */
	int	*under, *over;	/* [ndemands]: the master's columns, or 0 */
	int	 first;		/* master column of row 0 */
	/* The rows found: row i is agent row_agent[i] working the model's
	 * assignment columns xs[xstart[i] .. xstart[i + 1]). */
	int	 nrows, cap;
	int	*row_agent, *xstart;
	int	*xs;
	int	 nxs, xcap;
	struct pricer *pr;	/* [na] */
	double	*value;		/* [ndemands]: the LP's price of cover */
	int	*pick;		/* [nx]: scratch, a row's x indices */
	int	*ind;		/* scratch, [max(nrows, ncols) + 2] */
	double	*val;
	int	 scratch;	/* their size */
	double	 deadline;	/* of choose(): now_seconds() to stop at */
	/* The pricing threads and what they share: the prices in value and
	 * sigma (the agents' rows), set before each round. */
	struct worker ws[CG_MAX_THREADS];
	int	 nthreads;
	double	*sigma;		/* [na] */
	pthread_mutex_t lock;
	pthread_cond_t go;
	int	 ready;		/* the barriers are set up, for the threads
				 * that did start */
	pthread_barrier_t start, end;
	int	 quit;
	int	 round;		/* 1 in the first round */
	double	 t0, budget;	/* generate()'s start and time */
	int	 nodes;		/* a pricing problem's node limit */
	atomic_int too_slow;	/* the first round would take too long */
	int	 fast;		/* this round prices by heur_price() alone
				 * (the agents it may price) */
	double	 price_deadline;	/* now_seconds() pricing stops at */
	const int *chosen;	/* [na]: the dive's agents with a row fixed
				 * (>= 0), whom pricing skips; or NULL */
	double	 z;		/* the master LP's value once settled */
	double	 en_delta;	/* > 0: the workers enumerate (enumerate()) */
	atomic_int en_total;	/* rows they listed so far */
};

int
cg_handles(const struct model *m)
{
	return m->nfair == 0 && m->grid->team->nagents > 0;
}

static void
scratch(struct cg *c, int n)
{
	if (n + 2 <= c->scratch)
		return;
	c->scratch = 2 * n + 2;
	c->ind = xrealloc(c->ind, (size_t)c->scratch * sizeof(int));
	c->val = xrealloc(c->val, (size_t)c->scratch * sizeof(double));
}

static int
ms_until(double deadline)
{
	double ms = (deadline - now_seconds()) * 1000;

	return ms < 1 ? 1 : ms > INT_MAX / 2 ? INT_MAX / 2 : (int)ms;
}

static int
late(const struct cg *c, double deadline)
{
	return (c->o->stop != NULL && *c->o->stop) ||
	    now_seconds() >= deadline;
}

/* Add the row of agent a working x indices xs[0..n) to the master: 1 in
 * the agent's row, 1 in each demand's it fills, its cost in the model. */
static void
add_row(struct cg *c, int a, const int *xs, int n, double cost)
{
	const struct model *m = c->m;
	int j, k = 0;

	if (c->nrows == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->row_agent = xrealloc(c->row_agent, (size_t)c->cap * sizeof(int));
		c->xstart = xrealloc(c->xstart, ((size_t)c->cap + 1) * sizeof(int));
	}
	if (c->xs == NULL || c->nxs + n > c->xcap) {
		c->xcap = 2 * (c->nxs + n) + 64;
		c->xs = xrealloc(c->xs, (size_t)c->xcap * sizeof(int));
	}
	c->row_agent[c->nrows] = a;
	c->xstart[c->nrows] = c->nxs;
	memcpy(c->xs + c->nxs, xs, (size_t)n * sizeof(int));
	c->nxs += n;
	c->xstart[c->nrows + 1] = c->nxs;
	c->nrows++;
	scratch(c, n + 1);
	j = glp_add_cols(c->P, 1);
	glp_set_col_bnds(c->P, j, GLP_LO, 0, 0);
	glp_set_obj_coef(c->P, j, cost);
	c->ind[++k] = a + 1;
	c->val[k] = 1;
	for (int i = 0; i < n; i++) {
		int r = c->dem_row[m->x[xs[i]].demand];

		if (r > 0) {
			c->ind[++k] = r;
			c->val[k] = 1;
		}
	}
	glp_set_mat_col(c->P, j, k, c->ind, c->val);
}

/* The master without rows: one constraint per agent (it works exactly
 * one of its rows), one per demand (cover within [min, max], or short or
 * over at the demand's weights, as in the model). */
static void
master(struct cg *c)
{
	const struct grid *g = c->m->grid;

	c->P = glp_create_prob();
	glp_set_obj_dir(c->P, GLP_MIN);
	glp_set_obj_coef(c->P, 0, c->m->constant);
	glp_add_rows(c->P, c->na);
	for (int a = 0; a < c->na; a++)
		glp_set_row_bnds(c->P, a + 1, GLP_FX, 1, 1);
	scratch(c, 2);
	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];
		int r, j;

		if (dm->min <= 0 && dm->max == UNLIMITED)
			continue;
		r = c->dem_row[k] = glp_add_rows(c->P, 1);
		if (dm->max == UNLIMITED)
			glp_set_row_bnds(c->P, r, GLP_LO, dm->min, 0);
		else if (dm->max == dm->min)
			glp_set_row_bnds(c->P, r, GLP_FX, dm->min, dm->min);
		else
			glp_set_row_bnds(c->P, r, GLP_DB, dm->min, dm->max);
		c->ind[1] = r;
		if (dm->min > 0) {
			j = c->under[k] = glp_add_cols(c->P, 1);
			glp_set_col_bnds(c->P, j, GLP_DB, 0, dm->min);
			glp_set_obj_coef(c->P, j, dm->under);
			c->val[1] = 1;
			glp_set_mat_col(c->P, j, 1, c->ind, c->val);
		}
		if (dm->max != UNLIMITED) {
			j = c->over[k] = glp_add_cols(c->P, 1);
			glp_set_col_bnds(c->P, j, GLP_LO, 0, 0);
			glp_set_obj_coef(c->P, j, dm->over);
			c->val[1] = -1;
			glp_set_mat_col(c->P, j, 1, c->ind, c->val);
		}
	}
	c->first = glp_get_num_cols(c->P) + 1;
}

/* Copy agent a's pricing problem out of the model: its assignment
 * columns, every row that holds one except the cover rows (those hold
 * a shortfall or excess column), and the other columns of those rows
 * (weekends worked).  Returns 0 if a row also holds another agent's
 * assignment (a rule joins them, which rows of one agent cannot hold). */
static int
pricer_new(struct cg *c, int a, const unsigned char *cover, const int *xof,
    int *colmap, int *rows, unsigned char *rowin)
{
	const struct model *m = c->m;
	glp_prob *M = m->P;
	struct pricer *p = &c->pr[a];
	int ncols = glp_get_num_cols(M), nr = 0, nc = 0;
	int *cols = xmalloc(((size_t)ncols + 1) * sizeof(int)), ok = 1;

	scratch(c, ncols > glp_get_num_rows(M) ? ncols : glp_get_num_rows(M));
	for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++) {
		colmap[m->x[x].col] = ++nc;
		cols[nc] = m->x[x].col;
	}
	/* Close the set: the rows of every column in it (bar cover rows),
	 * and the columns of those rows, until nothing new comes in (the
	 * limit on weekends holds only the weekend columns). */
	for (int q = 1, done = 0; q <= nc || done < nr; ) {
		if (q <= nc) {
			int n = glp_get_mat_col(M, cols[q++], c->ind, c->val);

			for (int e = 1; e <= n; e++) {
				int i = c->ind[e];

				if (cover[i] || rowin[i])
					continue;
				rowin[i] = 1;
				rows[nr++] = i;
			}
			continue;
		}
		int n = glp_get_mat_row(M, rows[done++], c->ind, c->val);

		for (int e = 1; e <= n; e++) {
			int j = c->ind[e];

			if (colmap[j])
				continue;
			/* Another agent's assignment: the rule joins them. */
			if (xof[j] >= 0 && m->x[xof[j]].agent != a)
				ok = 0;
			colmap[j] = ++nc;
			cols[nc] = j;
		}
	}
	p->ncols = nc;
	p->nrows = nr;
	p->xof = xmalloc(((size_t)nc + 1) * sizeof(int));
	p->cost = xmalloc(((size_t)nc + 1) * sizeof(double));
	p->ckind = xmalloc(((size_t)nc + 1) * sizeof(int));
	p->ctype = xmalloc(((size_t)nc + 1) * sizeof(int));
	p->clo = xmalloc(((size_t)nc + 1) * sizeof(double));
	p->chi = xmalloc(((size_t)nc + 1) * sizeof(double));
	for (int q = 1; q <= nc; q++) {
		int j = cols[q];

		p->xof[q] = q <= m->agent_x[a + 1] - m->agent_x[a] ?
		    m->agent_x[a] + q - 1 : -1;
		p->cost[q] = glp_get_obj_coef(M, j);
		p->ckind[q] = glp_get_col_kind(M, j);
		p->ctype[q] = glp_get_col_type(M, j);
		p->clo[q] = glp_get_col_lb(M, j);
		p->chi[q] = glp_get_col_ub(M, j);
	}
	p->fast = 1;
	for (int q = m->agent_x[a + 1] - m->agent_x[a] + 1; q <= nc; q++)
		if (p->cost[q] != 0)
			p->fast = 0;
	p->rtype = xmalloc(((size_t)nr + 1) * sizeof(int));
	p->rlo = xmalloc(((size_t)nr + 1) * sizeof(double));
	p->rhi = xmalloc(((size_t)nr + 1) * sizeof(double));
	p->rstart = xmalloc(((size_t)nr + 2) * sizeof(int));
	p->rstart[1] = 1;
	for (int q = 0; q < nr; q++) {
		int i = rows[q], n = glp_get_mat_row(M, i, c->ind, c->val);

		p->rtype[q + 1] = glp_get_row_type(M, i);
		p->rlo[q + 1] = glp_get_row_lb(M, i);
		p->rhi[q + 1] = glp_get_row_ub(M, i);
		p->rstart[q + 2] = p->rstart[q + 1] + n;
		p->rind = xrealloc(p->rind, ((size_t)p->rstart[q + 2]) * sizeof(int));
		p->rval = xrealloc(p->rval,
		    ((size_t)p->rstart[q + 2]) * sizeof(double));
		for (int e = 1; e <= n; e++) {
			p->rind[p->rstart[q + 1] + e - 1] = colmap[c->ind[e]];
			p->rval[p->rstart[q + 1] + e - 1] = c->val[e];
		}
		rowin[i] = 0;
	}
	for (int q = 1; q <= nc; q++)
		colmap[cols[q]] = 0;
	free(cols);
	return ok;
}

/* The worker's GLPK problem of pricer p. */
static void
build_pricer(struct pricer *p)
{
	p->W = glp_create_prob();
	glp_set_obj_dir(p->W, GLP_MIN);
	glp_add_cols(p->W, p->ncols);
	for (int q = 1; q <= p->ncols; q++) {
		glp_set_col_kind(p->W, q, p->ckind[q]);
		glp_set_col_bnds(p->W, q, p->ctype[q], p->clo[q], p->chi[q]);
	}
	if (p->nrows > 0)
		glp_add_rows(p->W, p->nrows);
	for (int q = 1; q <= p->nrows; q++) {
		glp_set_row_bnds(p->W, q, p->rtype[q], p->rlo[q], p->rhi[q]);
		/* glp_set_mat_row() reads from index 1. */
		glp_set_mat_row(p->W, q, p->rstart[q + 1] - p->rstart[q],
		    p->rind + p->rstart[q] - 1, p->rval + p->rstart[q] - 1);
	}
}

/* A pricing problem's callback: stop at the node limit or on Ctrl-C. */
static void
price_callback(glp_tree *T, void *info)
{
	struct worker *w = info;
	const struct cg *c = w->c;

	int best;

	if ((c->o->stop != NULL && *c->o->stop) ||
	    (glp_ios_reason(T) == GLP_ISELECT && ++w->nodes > c->nodes)) {
		/* What is left of the tree bounds the row's cost. */
		if ((best = glp_ios_best_node(T)) != 0)
			w->lb = glp_ios_node_bound(T, best);
		w->cut_short = 1;
		glp_ios_terminate(T);
	}
}

/* Agent a's row as heur.c writes it (the demand filled each day, or -1)
 * as x indices into its pricer's row and n, with its cost in the model
 * and what the prices of cover pay for it.  Returns 0 if a duty is not
 * one of the agent's columns: grid_can_fill() says which for both, but
 * should one not be, the row is not the one found valid. */
static int
row_of_days(struct cg *c, int a, const int *day, double *cost, double *paid)
{
	const struct model *m = c->m;
	struct pricer *p = &c->pr[a];
	int worked = 0;

	for (int d = 0; d < m->grid->ndays; d++)
		worked += day[d] >= 0;
	p->n = 0;
	*cost = *paid = 0;
	for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++) {
		const struct xcol *xc = &m->x[x];

		if (day[m->grid->slots[xc->slot].day] != xc->demand)
			continue;
		p->row[p->n++] = x;
		*cost += p->cost[x - m->agent_x[a] + 1];
		*paid += c->value[xc->demand];
	}
	return p->n == worked;
}

/* Agent a's row found by heur_price() at the current prices, into its
 * pricer if it lowers the LP.  Returns whether it did.  A fast round
 * proves nothing (least stays -DBL_MAX): no bound from it.
 *
 * Why: an exact pricing problem of 84 days (Curtois 18) takes GLPK a
 * tenth of a second to seconds, a round of them 2.4 s at 60 s, so the LP
 * did not settle in its 21 s on 12, 15, 17 and 18; the construction's
 * programme prices the same agent in about a millisecond.  Its rows are
 * valid but not always the cheapest: rounds go on with them while they
 * find rows that lower the LP, and GLPK's exact pricing takes over only
 * when they find none.  At 60 s: Instance 10 settled at 13 s rather than
 * 18, and the search then reached the optimum 4631 (was 4733); 12 4880
 * (was 5302), 14 1303 (1446), 17 5989 (6412), 9 441 (448). */
static int
price_fast(struct worker *w, int a)
{
	struct cg *c = w->c;
	struct pricer *p = &c->pr[a];
	double cost, paid;

	if (!heur_price(w->heur, a, c->value, c->price_deadline, w->day) ||
	    !row_of_days(c, a, w->day, &cost, &paid) ||
	    cost - paid - c->sigma[a] >= -CG_EPS)
		return 0;
	p->found = 1;
	p->least = -DBL_MAX;
	p->row_cost = cost;
	p->rc = cost - paid - c->sigma[a];
	return 1;
}

/* Agent a's cheapest row at the current prices, into its pricer: on
 * worker w's thread. */
static void
price(struct worker *w, int a)
{
	struct cg *c = w->c;
	const struct model *m = c->m;
	struct pricer *p = &c->pr[a];
	glp_iocp iocp;
	int ret, st;

	p->found = 0;
	p->least = -DBL_MAX;
	if (c->fast && p->fast) {
		price_fast(w, a);
		return;
	}
	if (c->chosen != NULL)
		return;		/* the dive prices fast or not at all */
	if (p->W == NULL)
		build_pricer(p);
	for (int q = 1; q <= p->ncols; q++)
		glp_set_obj_coef(p->W, q, p->cost[q] - (p->xof[q] >= 0 ?
		    c->value[m->x[p->xof[q]].demand] : 0));
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_ON;
	iocp.tm_lim = ms_until(c->price_deadline);
	iocp.cb_func = price_callback;
	iocp.cb_info = w;
	w->nodes = 0;
	w->cut_short = 0;
	w->lb = -DBL_MAX;
	ret = glp_intopt(p->W, &iocp);
	st = glp_mip_status(p->W);
	if (ret == 0 && st == GLP_NOFEAS)
		p->least = DBL_MAX;	/* no row at all: it bounds nothing */
	if (w->lb > -DBL_MAX)
		p->least = w->lb - c->sigma[a];
	if ((ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP) ||
	    (st != GLP_OPT && st != GLP_FEAS))
		return;
	p->found = 1;
	p->row_cost = 0;
	p->n = 0;
	for (int q = 1; q <= p->ncols; q++) {
		double v = glp_mip_col_val(p->W, q);

		p->row_cost += p->cost[q] * v;
		if (p->xof[q] >= 0 && v > 0.5)
			p->row[p->n++] = p->xof[q];
	}
	p->rc = glp_mip_obj_val(p->W) - c->sigma[a];
	if (ret == 0 && st == GLP_OPT && !w->cut_short)
		p->least = p->rc;
}

/* Keep row p->row[0..n) of cost cost among agent's enumerated rows. */
static void
en_keep(struct pricer *p, double cost)
{
	if (p->nen == p->en_cap) {
		p->en_cap = p->en_cap ? 2 * p->en_cap : 64;
		p->en_start = xrealloc(p->en_start,
		    ((size_t)p->en_cap + 1) * sizeof(int));
		p->en_cost = xrealloc(p->en_cost,
		    (size_t)p->en_cap * sizeof(double));
	}
	if (p->nen == 0)
		p->en_start[0] = 0;
	if (p->en_xs == NULL || p->en_start[p->nen] + p->n > p->en_xcap) {
		p->en_xcap = 2 * (p->en_start[p->nen] + p->n) + 64;
		p->en_xs = xrealloc(p->en_xs, (size_t)p->en_xcap * sizeof(int));
	}
	memcpy(p->en_xs + p->en_start[p->nen], p->row,
	    (size_t)p->n * sizeof(int));
	p->en_cost[p->nen] = cost;
	p->en_start[p->nen + 1] = p->en_start[p->nen] + p->n;
	p->nen++;
}

/* heur_enumerate()'s rows of one agent, as x indices, into its pricer. */
struct en_ctx {
	struct cg *c;
	int	 a;
};

static void
en_emit(void *arg, const int *day, double rc)
{
	struct en_ctx *e = arg;
	struct pricer *p = &e->c->pr[e->a];
	double cost, paid;

	(void)rc;
	if (row_of_days(e->c, e->a, day, &cost, &paid))
		en_keep(p, cost);
	else
		p->en_complete = -1;
}

/* Every row of agent a whose reduced cost is at most c->en_delta, up to
 * EN_AGENT_ROWS of them, into its pricer.  On worker w's thread. */
static void
enumerate(struct worker *w, int a)
{
	struct cg *c = w->c;
	struct pricer *p = &c->pr[a];
	struct en_ctx e = { c, a };
	int ok;

	/* No more than EN_ROWS + 1 in all, to know there are too many. */
	int max = EN_ROWS + 1 - atomic_load(&c->en_total);

	p->nen = 0;
	p->en_complete = 0;
	if (max <= 0)
		return;
	ok = heur_enumerate(w->heur, a, c->value, c->sigma[a] + c->en_delta,
	    max < EN_AGENT_ROWS ? max : EN_AGENT_ROWS, c->price_deadline,
	    en_emit, &e);
	p->en_complete = p->en_complete == 0 && ok;
	atomic_fetch_add(&c->en_total, p->nen);
}

/* A worker's share of one round: every nthreads-th agent.  Worker 0 also
 * judges the first round: one that would take more than a sixth of the
 * time leaves too little for the LP to settle (Curtois Instance 13 at
 * 60 s: 120 agents of 18 shift types, not one round in 13 s), so all
 * give up, early. */
static void
price_share(struct worker *w)
{
	struct cg *c = w->c;
	int done = 0, judge = (c->na + 9) / 10 / c->nthreads + 1;

	for (int a = w->id; a < c->na; a += c->nthreads) {
		if (late(c, c->price_deadline) || atomic_load(&c->too_slow) ||
		    (c->chosen != NULL && c->chosen[a] >= 0)) {
			c->pr[a].found = 0;
			c->pr[a].least = -DBL_MAX;
			c->pr[a].nen = 0;
			c->pr[a].en_complete = 0;
			continue;
		}
		if (c->en_delta > 0) {
			enumerate(w, a);
			continue;
		}
		price(w, a);
		if (w->id == 0 && c->round == 1 && ++done == judge &&
		    (now_seconds() - c->t0) / done * c->na / c->nthreads >
		    c->budget / 6)
			atomic_store(&c->too_slow, 1);
	}
}

static void
worker_error(void *info)
{
	struct worker *w = info;

	longjmp(w->fail, 1);
}

static int
silent(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct cg *c = w->c;

	/* After a GLPK error GLPK is unusable on this thread until
	 * glp_free_env(): the worker only keeps step with the barriers, and
	 * its agents go unpriced.  w is not changed between setjmp and
	 * longjmp. */
	glp_term_hook(silent, NULL);
	glp_error_hook(worker_error, w);
	pthread_mutex_lock(&c->lock);
	while (!c->ready)
		pthread_cond_wait(&c->go, &c->lock);
	pthread_mutex_unlock(&c->lock);
	for (;;) {
		pthread_barrier_wait(&c->start);
		if (c->quit)
			break;
		if (!w->failed) {
			if (setjmp(w->fail) == 0)
				price_share(w);
			else
				w->failed = 1;
		}
		pthread_barrier_wait(&c->end);
	}
	/* Its copies of the pricing problems, and any an error left. */
	glp_free_env();
	return NULL;
}

/* Start up to n pricing threads; returns how many did start. */
static int
workers_start(struct cg *c, int n)
{
	int started = 0;

	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->go, NULL);
	for (int i = 0; i < n; i++) {
		c->ws[i].c = c;
		c->ws[i].id = i;
		c->ws[i].heur = heur_new(c->m->grid);
		heur_set_stop(c->ws[i].heur, c->o->stop);
		c->ws[i].day = xmalloc(((size_t)c->m->grid->ndays + 1) *
		    sizeof(int));
		if (pthread_create(&c->ws[i].th, NULL, worker_main,
		    &c->ws[i]) != 0)
			break;
		started++;
	}
	/* Only now is it known how many threads there are to wait for. */
	c->nthreads = started;
	pthread_barrier_init(&c->start, NULL, (unsigned)started + 1);
	pthread_barrier_init(&c->end, NULL, (unsigned)started + 1);
	pthread_mutex_lock(&c->lock);
	c->ready = 1;
	pthread_cond_broadcast(&c->go);
	pthread_mutex_unlock(&c->lock);
	return started;
}

static void
workers_stop(struct cg *c)
{
	c->quit = 1;
	pthread_barrier_wait(&c->start);	/* releases them to quit */
	for (int i = 0; i < c->nthreads; i++)
		pthread_join(c->ws[i].th, NULL);
	for (int i = 0; i < CG_MAX_THREADS; i++) {
		heur_free(c->ws[i].heur);
		free(c->ws[i].day);
	}
	pthread_barrier_destroy(&c->start);
	pthread_barrier_destroy(&c->end);
	pthread_cond_destroy(&c->go);
	pthread_mutex_destroy(&c->lock);
}

/* Has agent a the row of x indices xs[0..n) among the first nrows? */
static int
known(const struct cg *c, int nrows, int a, const int *xs, int n)
{
	for (int i = 0; i < nrows; i++)
		if (c->row_agent[i] == a && c->xstart[i + 1] - c->xstart[i] == n &&
		    memcmp(c->xs + c->xstart[i], xs, (size_t)n * sizeof(int)) == 0)
			return 1;
	return 0;
}

/* The master LP's prices of cover and of each agent's row, for pricing. */
static void
read_prices(struct cg *c)
{
	for (int k = 0; k < c->m->grid->ndemands; k++)
		c->value[k] = c->dem_row[k] ?
		    glp_get_row_dual(c->P, c->dem_row[k]) : 0;
	for (int a = 0; a < c->na; a++)
		c->sigma[a] = glp_get_row_dual(c->P, a + 1);
}

/* Why the master LP, at lp after solves rounds (lp0 the first round's,
 * last the round before), is not worth the rest of the budget once
 * CG_STUCK_SHARE of it has gone by; NULL while it is. */
static const char *
stalled(const struct cg *c, int solves, double lp0, double last, double lp)
{
	double t = now_seconds() - c->t0;

	if (solves < 2 || t <= c->budget * CG_STUCK_SHARE)
		return NULL;
	if (lp > lp0 - 0.5)
		return "the LP is still at the roster's";
	if (t < 2 * c->budget * CG_STUCK_SHARE &&
	    last - lp > CG_HEADING_DROP * fabs(lp))
		return "the LP still falls over 2 % a round, now at";
	return NULL;
}

/* Rounds of prices until no row lowers the LP, or time is up.  Returns
 * the number of master LPs solved, or 0 when GLPK's simplex failed or the
 * rounds would take too long to be worth it. */
static int
generate(struct cg *c, struct cg_result *res)
{
	glp_smcp smcp;
	int solves = 0;
	double lp0 = 0, last = 0;
	const char *why;

	c->t0 = now_seconds();
	c->budget = c->o->lp_deadline - c->t0;
	c->price_deadline = c->o->lp_deadline;
	c->nodes = PRICE_NODES;
	c->fast = 1;
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.presolve = GLP_OFF;
	while (!late(c, c->o->lp_deadline) &&
	    (c->o->rounds <= 0 || solves < c->o->rounds)) {
		int added = 0, exact = 1, proven = 1;
		double lp, least = 0;

		smcp.tm_lim = ms_until(c->o->lp_deadline);
		if (glp_simplex(c->P, &smcp) != 0 ||
		    glp_get_status(c->P) != GLP_OPT)
			break;
		solves++;
		lp = glp_get_obj_val(c->P);
		if (solves == 1)
			lp0 = lp;
		if ((why = stalled(c, solves, lp0, last, lp)) != NULL) {
			res->too_slow = 1;
			if (c->o->verbose)
				fprintf(stderr, "cg: given up after %.2f s of "
				    "%.2f: %s %.2f\n", now_seconds() - c->t0,
				    c->budget, why, lp);
			return 0;
		}
		last = lp;
		read_prices(c);
		c->round = solves;
		pthread_barrier_wait(&c->start);
		pthread_barrier_wait(&c->end);
		if (solves == 1 && now_seconds() - c->t0 >
		    c->budget / CG_MIN_ROUNDS)
			atomic_store(&c->too_slow, 1);
		if (atomic_load(&c->too_slow)) {
			res->too_slow = 1;
			if (c->o->verbose)
				fprintf(stderr, "cg: given up after %.2f s of "
				    "%.2f: a round takes too long\n",
				    now_seconds() - c->t0, c->budget);
			return 0;
		}
		/* In agent order, whichever thread priced them: the rows
		 * found stay the same from run to run. */
		for (int a = 0; a < c->na; a++) {
			const struct pricer *p = &c->pr[a];

			if (p->least == -DBL_MAX)
				exact = 0;
			else if (p->least < 0)
				least += p->least;
			proven &= p->found && p->least >= p->rc - CG_EPS;
			if (!p->found)
				continue;
			if (p->rc < -CG_EPS &&
			    !known(c, c->nrows, a, p->row, p->n)) {
				add_row(c, a, p->row, p->n, p->row_cost);
				added++;
			}
		}
		/* Every agent's row can lower the LP by at most its least
		 * reduced cost (it works one row): a bound whenever GLPK
		 * bounded every agent's (Lasdon's bound). */
		if (exact && lp + least > res->bound)
			res->bound = lp + least;
		if (c->o->verbose)
			fprintf(stderr, "cg: LP %.2f, bound %.2f, %d rows added "
			    "(%d in all), %.2f s to go%s\n", lp,
			    exact ? lp + least : -1.0, added, c->nrows,
			    c->o->lp_deadline - now_seconds(),
			    c->fast ? " (fast)" : "");
		/* Fast rounds until they find nothing, then an exact one
		 * (for new rows, or the proof that none is left, and a
		 * bound), then fast again if it found any. */
		if (c->fast && added == 0) {
			c->fast = 0;
			continue;
		}
		if (!c->fast && added > 0)
			c->fast = 1;
		/* Nothing new: the next round would be this one again,
		 * unless the pricing may search further. */
		if (added == 0 && !proven && c->nodes < PRICE_NODES_MAX) {
			c->nodes *= 8;
			continue;
		}
		if (added == 0) {
			res->converged = proven;
			break;
		}
	}
	return solves;
}

/* After the LP settled at z: every agent's rows whose reduced cost is at
 * most ceil(z) + 1 - z, into the master, unless they are too many or take
 * too long to list (EN_ROWS, o->en_seconds).  Returns 0 when no row went
 * in, 1 when they did, 2 when they did and every agent's list is whole.
 *
 * Why: a roster's penalty is the LP's value plus the reduced costs of its
 * rows (and of its shortfalls and excesses, none negative at the LP's
 * optimum).  So every roster of penalty ceil(z) + 1 or less is made of
 * such rows only, and the branch and bound over them finds it; should the
 * lists be whole and that branch and bound end with nothing so cheap, no
 * roster is.  Curtois 6 (LP 1949.00) has 51,167 such rows, listed in
 * 0.2 s, and GLPK's branch and bound over them finds the optimum 1950,
 * which the search does not (1951 in every run at 60 s); Curtois 5 is
 * proven optimal that way.  Curtois 7 (LP 1054.08) has 112,471, too many
 * for GLPK: the 39,345 within half that distance go in instead, and
 * prove nothing. */
static int
pool(struct cg *c)
{
	int complete, added = 0, total, n0 = c->nrows;
	double t = now_seconds(), z = glp_get_obj_val(c->P);
	double delta = ceil(z - 1e-6) + 1 - z;

	read_prices(c);
	c->price_deadline = t + c->o->en_seconds;
	c->round = 0;
	for (int tries = 1;; tries++) {
		atomic_store(&c->en_total, 0);
		c->en_delta = delta;
		pthread_barrier_wait(&c->start);
		pthread_barrier_wait(&c->end);
		c->en_delta = 0;
		complete = 1;
		total = 0;
		for (int a = 0; a < c->na; a++) {
			complete &= c->pr[a].en_complete;
			total += c->pr[a].nen;
		}
		if (late(c, c->price_deadline)) {
			if (c->o->verbose)
				fprintf(stderr, "cg: rows within %.2f of their "
				    "price: out of time after %.2f s\n", delta,
				    now_seconds() - t);
			return 0;
		}
		if (total <= EN_ROWS)
			break;
		/* Too many: the cheaper rows, for a roster as cheap if the
		 * rest of the team takes rows of reduced cost 0; twice at
		 * most (Curtois 10 has 30 agents of 20,000 rows or more at
		 * reduced cost 0). */
		if (c->o->verbose)
			fprintf(stderr, "cg: over %d rows within %.2f of their "
			    "price\n", EN_ROWS, delta);
		if (tries == EN_TRIES)
			return 0;
		delta /= 2;
	}
	for (int a = 0; a < c->na; a++) {
		const struct pricer *p = &c->pr[a];

		for (int i = 0; i < p->nen; i++) {
			const int *xs = p->en_xs + p->en_start[i];
			int n = p->en_start[i + 1] - p->en_start[i];

			/* The lists hold each row once; the rows found
			 * before may hold it too. */
			if (!known(c, n0, a, xs, n)) {
				add_row(c, a, xs, n, p->en_cost[i]);
				added++;
			}
		}
	}
	if (c->o->verbose)
		fprintf(stderr, "cg: %d rows within %.2f of their price "
		    "(%d new), %s, %.2f s\n", total, delta, added,
		    complete ? "every one" : "not every agent's", now_seconds() - t);
	return complete && delta >= ceil(z - 1e-6) + 1 - z ? 2 : 1;
}

/* The master's solution as the model's columns, for the search. */
static double *
lp_values(const struct cg *c)
{
	const struct model *m = c->m;
	double *lp = xcalloc((size_t)glp_get_num_cols(m->P) + 1, sizeof(double));

	for (int i = 0; i < c->nrows; i++) {
		double l = glp_get_col_prim(c->P, c->first + i);

		for (int e = c->xstart[i]; e < c->xstart[i + 1]; e++)
			lp[m->x[c->xs[e]].col] += l;
	}
	return lp;
}

/* Branch-and-bound callback: a roster known already as the first
 * incumbent, so that GLPK prunes by it; and Ctrl-C. */
struct mipcb {
	struct cg *c;
	double	*x;
	int	 offered;
};

static void
callback(glp_tree *T, void *info)
{
	struct mipcb *cb = info;

	if (cb->c->o->stop != NULL && *cb->c->o->stop) {
		glp_ios_terminate(T);
		return;
	}
	if (glp_ios_reason(T) == GLP_IHEUR && !cb->offered) {
		cb->offered = 1;
		glp_ios_heur_sol(T, cb->x);
	}
}

/* The master's columns x[1..] for agent a working row chosen[a]. */
static void
master_values(const struct cg *c, const int *chosen, double *x)
{
	const struct model *m = c->m;
	const struct grid *g = m->grid;
	int *cover = xcalloc((size_t)g->ndemands + 1, sizeof(int));

	memset(x, 0, ((size_t)glp_get_num_cols(c->P) + 1) * sizeof(double));
	for (int a = 0; a < c->na; a++) {
		int i = chosen[a];

		x[c->first + i] = 1;
		for (int e = c->xstart[i]; e < c->xstart[i + 1]; e++)
			cover[m->x[c->xs[e]].demand]++;
	}
	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		if (c->under[k] && cover[k] < dm->min)
			x[c->under[k]] = dm->min - cover[k];
		if (c->over[k] && cover[k] > dm->max)
			x[c->over[k]] = cover[k] - dm->max;
	}
	free(cover);
}

/* The model's columns w[1..] for rows chosen[], and their penalty. */
static double
model_values(const struct cg *c, const int *chosen, double *w)
{
	const struct model *m = c->m;

	memset(w, 0, ((size_t)glp_get_num_cols(m->P) + 1) * sizeof(double));
	for (int a = 0; a < c->na; a++)
		for (int e = c->xstart[chosen[a]]; e < c->xstart[chosen[a] + 1]; e++)
			w[m->x[c->xs[e]].col] = 1;
	return floor(model_tighten(m, w) + 0.5);
}

/* A round of fast pricing (heur_price()) at the LP's prices for the
 * agents the dive has not fixed, by the workers; returns the rows added. */
static int
dive_price(struct cg *c, const int *chosen)
{
	int added = 0;

	read_prices(c);
	c->round = 0;
	c->fast = 1;
	c->chosen = chosen;
	pthread_barrier_wait(&c->start);
	pthread_barrier_wait(&c->end);
	c->chosen = NULL;
	for (int a = 0; a < c->na; a++) {
		const struct pricer *p = &c->pr[a];

		if (chosen[a] < 0 && p->found && p->rc < -CG_EPS &&
		    !known(c, c->nrows, a, p->row, p->n)) {
			add_row(c, a, p->row, p->n, p->row_cost);
			added++;
		}
	}
	return added;
}

/* Dive: fix every agent whose LP works one row, and the agents whose
 * rows come nearest to whole, and solve the LP again, until each agent
 * has its row; chosen[] gets them.  Before each fixing, up to
 * DIVE_ROUNDS rounds of fast pricing add the rows the agents left would
 * now rather work: without them the rows found serve the LP's fractions
 * but seldom fit together whole (Curtois 17 and 18 at 60 s: dives of
 * 8177 and 9196 without them, 6776 and 6170 with them; the search then
 * ended at 6602 and 5412, 5776 and 4801).  Each LP starts from the last
 * basis: by the dual simplex after a fixing (only bounds changed), by the
 * primal after new rows.  Fixing one agent an LP took 120 LPs of 150 ms
 * on Instance 13 and ran out of its 3 s with 9 agents fixed, so more are
 * fixed at once when the time asks for it; should it run out all the
 * same, the agents left take their largest row in the last LP.  Returns
 * 0, or -1 if no LP was solved.  Leaves every row free again. */
static int
dive(struct cg *c, int *chosen)
{
	glp_smcp smcp;
	int left = c->na, solved = 0;
	int steps = 0, added = 0, n;
	int *top = xmalloc(((size_t)c->na + 1) * sizeof(int));
	double *topl = xmalloc(((size_t)c->na + 1) * sizeof(double));

	for (int a = 0; a < c->na; a++)
		chosen[a] = -1;
	c->price_deadline = c->deadline;
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	while (left > 0) {
		double t = now_seconds(), lps;
		int fix, ok = 1;

		smcp.tm_lim = ms_until(c->deadline);
		if (late(c, c->deadline) || glp_simplex(c->P, &smcp) != 0 ||
		    glp_get_status(c->P) != GLP_OPT)
			break;
		steps++;
		for (int r = 0; r < DIVE_ROUNDS && ok &&
		    !late(c, c->deadline) &&
		    (n = dive_price(c, chosen)) > 0; r++) {
			added += n;
			smcp.meth = GLP_PRIMAL;
			smcp.tm_lim = ms_until(c->deadline);
			ok = glp_simplex(c->P, &smcp) == 0 &&
			    glp_get_status(c->P) == GLP_OPT;
		}
		if (!ok)
			break;
		solved = 1;
		smcp.meth = GLP_DUALP;
		for (int a = 0; a < c->na; a++) {
			top[a] = -1;
			topl[a] = -1;
		}
		for (int i = 0; i < c->nrows; i++) {
			int a = c->row_agent[i];
			double l = glp_get_col_prim(c->P, c->first + i);

			if (chosen[a] < 0 && l > topl[a]) {
				topl[a] = l;
				top[a] = i;
			}
		}
		/* The agents working one row, then as many of those nearest
		 * to whole as the time asks for: all left over the steps as
		 * long as this one that the time still holds. */
		lps = (c->deadline - now_seconds()) / (now_seconds() - t + 1e-4);
		fix = lps >= left ? 1 : lps < 1 ? left : (int)ceil(left / lps);
		for (;;) {
			int best = -1;

			for (int a = 0; a < c->na; a++)
				if (chosen[a] < 0 && top[a] >= 0 &&
				    (best < 0 || topl[a] > topl[best]))
					best = a;
			if (best < 0 || (fix <= 0 && topl[best] <= 1 - 1e-6))
				break;
			if (topl[best] <= 1 - 1e-6)
				fix--;
			chosen[best] = top[best];
			glp_set_col_bnds(c->P, c->first + top[best], GLP_FX, 1, 1);
			left--;
		}
	}
	if (c->o->verbose)
		fprintf(stderr, "cg: dive of %d steps, %d rows priced, %d agents "
		    "rounded for want of time\n", steps, added, solved ? left : 0);
	/* Out of time: the rest take their largest row of the last LP. */
	for (int a = 0; a < c->na && solved; a++)
		if (chosen[a] < 0)
			chosen[a] = top[a];
	for (int a = 0; a < c->na; a++)
		if (chosen[a] >= 0)
			glp_set_col_bnds(c->P, c->first + chosen[a], GLP_LO, 0, 0);
	free(top);
	free(topl);
	return solved ? 0 : -1;
}

/* One row per agent among those found: a dive, then GLPK's branch and
 * bound from the dive's roster (or the starting one, should the dive's
 * cost more than DIVE_KEEP times as much); the roster it ends with into
 * v with its penalty, if that is the dive's or better than obj.  pooled is
 * pool()'s answer: with rows listed, the branch and bound may take
 * o->pool_seconds, and with every list whole its end proves a bound,
 * raised in *bound. */
static double
choose(struct cg *c, double *v, double obj, int pooled, double *bound)
{
	const struct model *m = c->m;
	size_t bytes = ((size_t)glp_get_num_cols(m->P) + 1) * sizeof(double);
	int *chosen = xmalloc(((size_t)c->na + 1) * sizeof(int));
	double *w = xmalloc(bytes), t;
	int kept;		/* the dive's roster, kept (DIVE_KEEP) */
	glp_smcp smcp;
	glp_iocp iocp;
	struct mipcb cb;

	c->deadline = now_seconds() + c->o->mip_seconds;
	kept = dive(c, chosen) == 0;
	if (kept) {
		t = model_values(c, chosen, w);
		if (c->o->verbose)
			fprintf(stderr, "cg: dive: %.0f\n", t);
		kept = t < DIVE_KEEP * obj - 0.5;
		if (kept) {
			memcpy(v, w, bytes);
			obj = t;
		}
	}
	for (int a = 0; a < c->na && !kept; a++)
		chosen[a] = a;		/* the starting roster's rows */
	/* The branch and bound gets what the dive left, up to bb_seconds. */
	if (c->deadline > now_seconds() + c->o->bb_seconds)
		c->deadline = now_seconds() + c->o->bb_seconds;
	if (pooled)
		c->deadline = now_seconds() + c->o->pool_seconds;
	/* Only now, the dive having added rows, is the master's size known. */
	cb.c = c;
	cb.offered = 0;
	cb.x = xmalloc(((size_t)glp_get_num_cols(c->P) + 1) * sizeof(double));
	master_values(c, chosen, cb.x);
	/* The basis must be optimal again for the branch and bound without
	 * presolve. */
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.tm_lim = ms_until(c->deadline);
	if (late(c, c->deadline) || glp_simplex(c->P, &smcp) != 0 ||
	    glp_get_status(c->P) != GLP_OPT)
		goto done;
	for (int i = 0; i < c->nrows; i++)
		glp_set_col_kind(c->P, c->first + i, GLP_BV);
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_OFF;	/* glp_ios_heur_sol() takes the
					 * problem's own columns */
	iocp.br_tech = GLP_BR_DTH;
	iocp.bt_tech = GLP_BT_BLB;
	iocp.clq_cuts = GLP_ON;
	iocp.cb_func = callback;
	iocp.cb_info = &cb;
	iocp.tm_lim = ms_until(c->deadline);
	glp_intopt(c->P, &iocp);
	if (glp_mip_status(c->P) != GLP_FEAS && glp_mip_status(c->P) != GLP_OPT)
		goto done;
	for (int i = 0, a; i < c->nrows; i++)
		if (glp_mip_col_val(c->P, c->first + i) > 0.5 &&
		    (a = c->row_agent[i]) >= 0)
			chosen[a] = i;
	t = model_values(c, chosen, w);
	if (c->o->verbose)
		fprintf(stderr, "cg: branch and bound over %d rows: %.0f (%s)\n",
		    c->nrows, t, glp_mip_status(c->P) == GLP_OPT ?
		    "optimal over them" : "stopped");
	/* Every roster of penalty ceil(z) + 1 or less is among them (pool()):
	 * either this is the best of all, or none is that cheap. */
	if (pooled == 2 && glp_mip_status(c->P) == GLP_OPT) {
		double reach = ceil(c->z - 1e-6) + 1;
		double b = t <= reach + 0.5 ? t : reach + 1;

		if (b > *bound)
			*bound = b;
	}
	if (t < obj - 0.5) {
		memcpy(v, w, bytes);
		obj = t;
	}
done:
	free(cb.x);
	free(chosen);
	free(w);
	return obj;
}

void
cg_run(const struct model *m, double *v, double obj, const struct cg_opts *o,
    struct cg_result *res)
{
	int nrows = glp_get_num_rows(m->P), ncols = glp_get_num_cols(m->P);
	struct cg c;

	memset(res, 0, sizeof(*res));
	res->bound = -DBL_MAX;
	res->obj = obj;
	if (!cg_handles(m))
		return;
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.o = o;
	c.na = m->grid->team->nagents;
	c.dem_row = xcalloc((size_t)m->grid->ndemands + 1, sizeof(int));
	c.under = xcalloc((size_t)m->grid->ndemands + 1, sizeof(int));
	c.over = xcalloc((size_t)m->grid->ndemands + 1, sizeof(int));
	c.value = xcalloc((size_t)m->grid->ndemands + 1, sizeof(double));
	c.pick = xmalloc(((size_t)m->nx + 1) * sizeof(int));
	c.pr = xcalloc((size_t)c.na, sizeof(*c.pr));
	master(&c);

	/* The model's cover rows: those holding a shortfall or excess. */
	unsigned char *cover = xcalloc((size_t)nrows + 1, 1);
	unsigned char *rowin = xcalloc((size_t)nrows + 1, 1);
	int *rows = xmalloc(((size_t)nrows + 1) * sizeof(int));
	int *colmap = xcalloc((size_t)ncols + 1, sizeof(int));
	int *xof = xmalloc(((size_t)ncols + 1) * sizeof(int));
	int ok = 1;

	for (int j = 0; j <= ncols; j++)
		xof[j] = -1;
	for (int x = 0; x < m->nx; x++)
		xof[m->x[x].col] = x;

	scratch(&c, nrows > ncols ? nrows : ncols);
	for (int k = 0; k < m->grid->ndemands; k++)
		for (int s = 0; s < 2; s++) {
			int j = s ? m->over[k] : m->under[k], n;

			if (j == 0)
				continue;
			n = glp_get_mat_col(m->P, j, c.ind, c.val);
			for (int e = 1; e <= n; e++)
				cover[c.ind[e]] = 1;
		}
	for (int a = 0; a < c.na && ok; a++) {
		int n = 0;

		ok = pricer_new(&c, a, cover, xof, colmap, rows, rowin);
		/* The starting roster's row of this agent. */
		for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
			if (v[m->x[x].col] > 0.5)
				c.pick[n++] = x;
		double cost = 0;

		for (int e = 0; e < n; e++)
			cost += glp_get_obj_coef(m->P, m->x[c.pick[e]].col);
		add_row(&c, a, c.pick, n, cost);
	}
	free(cover);
	free(rowin);
	free(rows);
	free(colmap);
	free(xof);
	c.sigma = xcalloc((size_t)c.na + 1, sizeof(double));
	for (int a = 0; a < c.na; a++)
		c.pr[a].row = xmalloc(((size_t)(m->agent_x[a + 1] -
		    m->agent_x[a]) + 1) * sizeof(int));
	if (ok && workers_start(&c, o->threads < 1 ? 1 : o->threads >
	    CG_MAX_THREADS ? CG_MAX_THREADS : o->threads > c.na ? c.na :
	    o->threads) > 0) {
		int solves = generate(&c, res);

		if (solves > 0 && !(o->stop != NULL && *o->stop)) {
			int pooled = 0;

			res->lp = lp_values(&c);
			c.z = glp_get_obj_val(c.P);
			if (res->converged && o->en_seconds > 0)
				pooled = pool(&c);
			res->obj = choose(&c, v, obj, pooled, &res->bound);
		}
		workers_stop(&c);
	} else if (ok) {
		workers_stop(&c);
	}
	if (o->verbose && res->bound > -DBL_MAX)
		fprintf(stderr, "cg: %d rows, bound %.2f%s\n", c.nrows,
		    res->bound, res->converged ? " (converged)" : "");
	else if (o->verbose)
		fprintf(stderr, "cg: %d rows, no bound\n", c.nrows);
	for (int a = 0; a < c.na; a++) {
		struct pricer *p = &c.pr[a];

		/* The workers' glp_free_env() released each p->W. */
		free(p->row);
		free(p->ckind);
		free(p->ctype);
		free(p->clo);
		free(p->chi);
		free(p->rtype);
		free(p->rlo);
		free(p->rhi);
		free(p->rstart);
		free(p->rind);
		free(p->rval);
		free(p->xof);
		free(p->cost);
		free(p->en_start);
		free(p->en_xs);
		free(p->en_cost);
	}
	glp_delete_prob(c.P);
	free(c.pr);
	free(c.sigma);
	free(c.dem_row);
	free(c.under);
	free(c.over);
	free(c.value);
	free(c.pick);
	free(c.ind);
	free(c.val);
	free(c.row_agent);
	free(c.xstart);
	free(c.xs);
}
