/* solver.c - running GLPK on a grid's model and reading a roster back
 * (see solver.h; the formulation is in model.c). */
#include "solver.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cg.h"
#include "heur.h"
#include "lns.h"
#include "model.h"
#include "util.h"

/* Above this many assignment columns the whole team's MIP is not built:
 * Curtois Instance24 (a year, 150 staff, about a million columns) took
 * 7.6 GiB and a minute without finishing its root LP; so such a roster is
 * built agent by agent (heur.c).  Below it heur.c first builds a roster
 * with up to half of the time, handed to GLPK as its first incumbent, and
 * kept should the MIP find none in time or a worse one. */
#define FULL_MIP_COLUMNS	500000

/* Above that line the construction's improvement may end by itself, no
 * row left that it can improve (Curtois 24 at 435 s of 600).  With this
 * much time left the whole model is built after all (8.5 s and 2.9 GiB
 * for 24) for the neighbourhood search alone, from the construction's
 * roster: no LP, no column generation, no branch and bound, which are
 * what does not fit. */
#define BIG_SEARCH_SECONDS	30

/* What GLPK's hooks and the branch-and-bound callback share with
 * solver_solve().  It lives on the heap, not in solver_solve()'s frame,
 * so that its fields keep their values across the longjmp out of an
 * error (C11 7.13.2.1). */
struct run {
	jmp_buf	 fail;
	int	 verbose;
	char	 log[2048];	/* the tail of GLPK's output, for messages */
	size_t	 loglen;
	double	 bound;		/* best proven lower bound seen, or -DBL_MAX */
	int	 proven;	/* the incumbent is optimal (met the bound) */
	int	 infeasible;	/* GLPK proved no roster exists */
	int	 first_only;	/* stop the search at its first roster */
	const struct solver_opts *opts;
	double	 seen;		/* incumbent value last tightened */
	glp_iocp *iocp;		/* the running search's parameters */
	int	 full_ms;	/* its whole time limit (see run_glpk) */
	int	 selects;	/* nodes selected so far */
	double	*v;		/* [ncols + 1]: scratch column values */
	struct model *m;
	struct heur *h;		/* the agent-by-agent fallback, if run */
	struct roster *hr;	/* its roster, before the MIP runs */
	double	*inc;		/* [ncols + 1]: the best roster before the
				 * branch and bound (hr improved by lns.c),
				 * or NULL */
	double	 inc_obj;	/* its penalty */
	int	 offered;	/* inc handed to GLPK as an incumbent */
	double	*lp;		/* [ncols + 1]: the LP relaxation's values */
	double	 cheap;		/* heur.c's bound, for want of the LP's */
	double	 full_deadline;	/* the construction may run on to this */
	int	 big;		/* in search_big(): r holds the construction's
				 * roster, which a GLPK failure leaves as is */
};

/* The share of the time limit the LP relaxation may take when a roster
 * is already in hand. */
#define LP_SHARE	0.2

/* Column generation (cg.h) may generate rows until this share of the
 * time limit, then take CG_MIP_SHARE of it to choose a roster among them:
 * a dive, which prices rows as it goes (0.05 was too little for it on
 * the larger instances: at 60 s, Curtois 12 dived 4 steps of 60 agents
 * and ended at 5377, 10 steps and 4175 with 0.12), and a branch and bound
 * over the rows of at most CG_BB_SHARE (on Curtois 5 to 8 the dive's
 * roster is the one that counts, or the branch and bound settles in a
 * second). */
#define CG_LP_SHARE	0.3
#define CG_MIP_SHARE	0.12
#define CG_BB_SHARE	0.05

/* Once the LP settled, column generation may list the rows near its
 * optimum for CG_EN_SHARE of the time limit, and choose among them for
 * CG_POOL_SHARE (cg.c pool()): on Curtois 6 at 60 s, about 5 s to list
 * 51,167 rows, and 20 s of branch and bound to find 1950 among them. */
#define CG_EN_SHARE	0.1
#define CG_POOL_SHARE	0.35

static int
term_hook(void *info, const char *s)
{
	struct run *run = info;
	size_t n = strlen(s);

	if (run->verbose)
		fputs(s, stderr);
	/* Keep the last part only: messages end up at the end. */
	if (n >= sizeof(run->log)) {
		s += n - (sizeof(run->log) - 1);
		n = sizeof(run->log) - 1;
	}
	if (run->loglen + n >= sizeof(run->log)) {
		size_t drop = run->loglen + n - (sizeof(run->log) - 1);

		memmove(run->log, run->log + drop, run->loglen - drop);
		run->loglen -= drop;
	}
	memcpy(run->log + run->loglen, s, n);
	run->loglen += n;
	run->log[run->loglen] = '\0';
	return 1;	/* nothing reaches the terminal */
}

static void
error_hook(void *info)
{
	struct run *run = info;

	longjmp(run->fail, 1);
}

/* With --verbose: where the time goes, phase by phase. */
static void
trace(const struct run *run, double t0, const char *what, double obj)
{
	if (run->verbose)
		fprintf(stderr, "solver: %6.2f s: %s, penalty %.0f\n",
		    now_seconds() - t0, what, obj);
}

/* Has a signal asked the search to stop? */
static int
stopped(const struct solver_opts *o)
{
	return o->stop != NULL && *o->stop;
}

/* The first line of GLPK's last message, trimmed, or a fallback. */
static const char *
last_message(struct run *run, char *buf, size_t size)
{
	char *end = run->log + run->loglen, *p;

	while (end > run->log && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	p = end;
	/* GLPK's errors end with "Error detected in file ..."; the useful
	 * line is the one before. */
	while (p > run->log && p[-1] != '\n')
		p--;
	if (strncmp(p, "Error detected in file", 22) == 0 && p > run->log) {
		end = p - 1;
		p = end;
		while (p > run->log && p[-1] != '\n')
			p--;
	}
	if (end <= p)
		return "unknown GLPK error";
	snprintf(buf, size, "%.*s", (int)(end - p), p);
	return buf;
}

/* Tighten GLPK's incumbent (see model_tighten) and offer it back when
 * that lowers its value: the feasibility pump's rosters often come with
 * a fairness spread or cover slack larger than the roster really has,
 * and a truthful incumbent prunes more of the tree. */
static void
offer_tightened(glp_tree *T, struct run *run)
{
	glp_prob *P = glp_ios_get_prob(T);
	int n = glp_get_num_cols(P);
	double obj = glp_mip_obj_val(P), tight;

	if (obj == run->seen)
		return;
	run->v = xrealloc(run->v, ((size_t)n + 1) * sizeof(double));
	for (int j = 1; j <= n; j++)
		run->v[j] = glp_mip_col_val(P, j);
	tight = model_tighten(run->m, run->v);
	if (tight < obj - 1e-6 && glp_ios_heur_sol(T, run->v) == 0)
		obj = glp_mip_obj_val(P);
	run->seen = obj;
}

/* Hand GLPK the best roster found before the search as its first
 * incumbent, once: the pump and proximity search then start from a
 * roster rather than from none, and the search prunes with its value
 * from the start.  (GLPK checks nothing it is given: inc is valid by
 * construction, and model_tighten() made its other columns exact.) */
static void
offer_inc(glp_tree *T, struct run *run)
{
	int n = glp_get_num_cols(glp_ios_get_prob(T));

	run->v = xrealloc(run->v, ((size_t)n + 1) * sizeof(double));
	memcpy(run->v, run->inc, ((size_t)n + 1) * sizeof(double));
	glp_ios_heur_sol(T, run->v);
}

/* Branch-and-bound callback: track the best bound, improve incumbents,
 * and stop as soon as the incumbent is within less than one of the
 * bound.  Every penalty is a whole number (integer weights on integer
 * counts), so then nothing better exists: GLPK, which does not know
 * that, would go on proving it. */
static void
callback(glp_tree *T, void *info)
{
	struct run *run = info;
	glp_prob *P = glp_ios_get_prob(T);
	int best = glp_ios_best_node(T);
	double b;

	/* Once the root is done (branching on it, or selecting a second
	 * node), proximity search has had its turn: give the search the rest
	 * of the time.  GLPK reads tm_lim through the pointer it was given;
	 * were it a copy, the search would just stop early. */
	if (run->iocp != NULL && (glp_ios_reason(T) == GLP_IBRANCH ||
	    (glp_ios_reason(T) == GLP_ISELECT && run->selects++ > 0)))
		run->iocp->tm_lim = run->full_ms;
	if (glp_ios_reason(T) == GLP_IHEUR && run->inc != NULL && !run->offered) {
		run->offered = 1;
		offer_inc(T, run);
	}
	if (stopped(run->opts)) {
		glp_ios_terminate(T);
		return;
	}
	if (glp_ios_reason(T) == GLP_IPREPRO || best == 0)
		return;
	if (glp_ios_reason(T) == GLP_IHEUR && glp_mip_status(P) == GLP_FEAS)
		offer_tightened(T, run);
	b = glp_ios_node_bound(T, best);
	if (b > -DBL_MAX / 2 && b > run->bound)
		run->bound = b;
	/* Without a roster to start from, the neighbourhood search waits
	 * for GLPK's first one, then takes over. */
	if (run->first_only && glp_mip_status(P) == GLP_FEAS) {
		glp_ios_terminate(T);
		return;
	}
	if (glp_mip_status(P) == GLP_FEAS && run->bound > -DBL_MAX / 2 &&
	    ceil(run->bound - 1e-6) >= glp_mip_obj_val(P) - 1e-6) {
		run->proven = 1;
		glp_ios_terminate(T);
	}
}

/* Milliseconds left of the time limit, at least 1. */
static int
ms_left(const struct solver_opts *o, double t0)
{
	double left;

	if (o == NULL || o->time_limit <= 0)
		return INT_MAX;
	left = (o->time_limit - (now_seconds() - t0)) * 1000;
	if (left < 1)
		return 1;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Threads to use: as asked, or one per processor. */
static int
threads_of(const struct solver_opts *o)
{
	return o->threads > 0 ? o->threads :
	    (int)sysconf(_SC_NPROCESSORS_ONLN);
}

/* The neighbourhood search's options for the rest of the time, stopping
 * at bound; lo->lp is left NULL. */
static void
search_opts(const struct solver_opts *o, double t0, double bound,
    struct lns_opts *lo)
{
	memset(lo, 0, sizeof(*lo));
	lo->deadline = o->time_limit > 0 ? t0 + o->time_limit : 0;
	lo->seed = o->seed;
	lo->threads = threads_of(o);
	lo->no_wait = o->no_wait;
	lo->bound = bound;
	lo->verbose = o->verbose;
	lo->stop = o->stop;
}

/* Penalties are whole numbers (integer weights times counts): drop the
 * simplex's rounding noise. */
static double
whole(double v)
{
	return floor(v + 0.5);
}

/* Write the model in CPLEX LP format, atomically: GLPK writes the
 * temporary file, which is renamed into place once complete. */
static int
write_lp(struct run *run, const char *path, char **errp)
{
	struct atomic_file af;
	char buf[512];

	if (af_open(&af, path, NULL) != 0)
		return err_set(errp, "cannot write the model to '%s': %s", path,
		    strerror(errno));
	if (glp_write_lp(run->m->P, NULL, af.tmp) != 0) {
		af_abort(&af);
		return err_set(errp, "cannot write the model to '%s': %s", path,
		    last_message(run, buf, sizeof(buf)));
	}
	if (af_commit(&af, NULL) != 0)
		return err_set(errp, "cannot write the model to '%s': %s", path,
		    strerror(errno));
	return 0;
}

/* GLPK's branch and bound for up to ms milliseconds (INT_MAX: no limit),
 * starting from run->inc if there is one.  Leaves the best roster known in
 * run->inc (allocated here if need be) and its penalty in run->inc_obj.
 * Returns 0, or -1 with *errp set. */
static int
branch_and_bound(struct run *run, const struct solver_opts *o, int ms,
    double lp_ms, int heuristics, char **errp)
{
	glp_prob *P = run->m->P;
	int n = glp_get_num_cols(P), ret, st;
	glp_iocp iocp;
	double obj;
	char buf[512];

	glp_init_iocp(&iocp);
	iocp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
	iocp.presolve = GLP_OFF;
	iocp.br_tech = GLP_BR_DTH;
	iocp.bt_tech = GLP_BT_BLB;
	iocp.gmi_cuts = GLP_ON;
	iocp.mir_cuts = GLP_ON;
	iocp.clq_cuts = GLP_ON;
	iocp.fp_heur = heuristics;
	/* Proximity search improves the pump's first roster a lot on
	 * rostering models (the sample team: from 90 to the optimum 0).
	 * It runs once, at the root, on its own clock, after the pump which
	 * stops at tm_lim: so tm_lim leaves room for it until the root is
	 * done (the callback then restores the whole limit), and the call
	 * ends near the limit even when the pump needs all the time. */
	iocp.ps_heur = heuristics;
	iocp.ps_tm_lim = ms / 3 < 10000 ? ms / 3 + 1 : 10000;
	iocp.cb_func = callback;
	iocp.cb_info = run;
	/* The pump checks the clock only between its LP solves, each of
	 * which can take a good part of the root LP's time: stop it that
	 * much earlier too. */
	if (ms != INT_MAX && !heuristics) {
		iocp.tm_lim = ms;
	} else if (ms != INT_MAX) {
		iocp.tm_lim = ms - iocp.ps_tm_lim - lp_ms / 2;
		if (iocp.tm_lim < 1)
			iocp.tm_lim = 1;
	}
	run->iocp = &iocp;
	run->full_ms = ms;
	run->offered = 0;
	run->selects = 0;
	ret = glp_intopt(P, &iocp);
	run->iocp = NULL;
	st = glp_mip_status(P);
	switch (ret) {
	case 0:
	case GLP_ETMLIM:
	case GLP_ESTOP:
	case GLP_EMIPGAP:
	case GLP_ENOPFS:
	case GLP_ENODFS:
		break;
	default:
		return err_set(errp, "GLPK branch and bound failed (code %d): %s",
		    ret, last_message(run, buf, sizeof(buf)));
	}
	if (st == GLP_OPT)
		run->proven = 1;
	if (st == GLP_NOFEAS || ret == GLP_ENOPFS)
		run->infeasible = 1;
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	/* The objective of the roster itself: the incumbent's slack columns
	 * may not be tight when the search stopped early. */
	run->v = xrealloc(run->v, ((size_t)n + 1) * sizeof(double));
	for (int j = 1; j <= n; j++)
		run->v[j] = glp_mip_col_val(P, j);
	obj = whole(model_tighten(run->m, run->v));
	if (run->inc == NULL || obj < run->inc_obj) {
		if (run->inc == NULL)
			run->inc = xmalloc(((size_t)n + 1) * sizeof(double));
		memcpy(run->inc, run->v, ((size_t)n + 1) * sizeof(double));
		run->inc_obj = obj;
	}
	return 0;
}

/* The simplex in steps of LP_STEP iterations, each resuming from the
 * last one's basis, so that Ctrl-C is heard within one step: the LP of a
 * large team takes seconds and GLPK's simplex has no callback.  Returns
 * what glp_simplex() last returned (GLP_ESTOP when stopped). */
#define LP_STEP	500

static int
lp_relaxation(struct run *run, const struct solver_opts *o, glp_smcp *smcp)
{
	double end = smcp->tm_lim == INT_MAX ? 0 :
	    now_seconds() + smcp->tm_lim / 1000.0;
	int ret;

	smcp->it_lim = LP_STEP;
	for (;;) {
		if (end > 0) {
			double left = (end - now_seconds()) * 1000;

			smcp->tm_lim = left < 1 ? 1 : (int)left;
		}
		ret = glp_simplex(run->m->P, smcp);
		if (ret != GLP_EITLIM)
			return ret;
		if (stopped(o))
			return GLP_ESTOP;
		if (end > 0 && now_seconds() >= end)
			return GLP_ETMLIM;
	}
}

/* The LP relaxation, so that its value is a bound even if the search
 * finds nothing in time.  With a roster in hand it may take only a share
 * of the time: GLPK's simplex needs over a minute for Curtois Instance 12
 * (16,000 columns), time the neighbourhood search, whose sub-problems are
 * small, puts to better use.  Returns 1 with run->lp and the bound set,
 * 0 to go on without them, 2 when r's status says it all (no roster can
 * exist, or none was found in time), -1 with *errp set. */
static int
relaxation(struct run *run, const struct solver_opts *o, struct roster *r,
    double t0, double *lp_ms, char **errp)
{
	char buf[512];
	glp_smcp smcp;
	int ret, st, n = glp_get_num_cols(run->m->P);

	glp_init_smcp(&smcp);
	smcp.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_ERR;
	smcp.presolve = GLP_OFF;
	smcp.tm_lim = ms_left(o, t0);
	if (run->hr != NULL && smcp.tm_lim != INT_MAX &&
	    smcp.tm_lim > LP_SHARE * o->time_limit * 1000)
		smcp.tm_lim = (int)(LP_SHARE * o->time_limit * 1000) + 1;
	*lp_ms = now_seconds();
	ret = lp_relaxation(run, o, &smcp);
	*lp_ms = (now_seconds() - *lp_ms) * 1000;
	st = glp_get_status(run->m->P);
	if (ret == 0 && st == GLP_NOFEAS) {
		r->status = ROSTER_NONE;	/* the hard rules cannot hold */
		run->infeasible = 1;
		return 2;
	}
	if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_ESTOP)
		return err_set(errp, "GLPK simplex failed (code %d): %s", ret,
		    last_message(run, buf, sizeof(buf)));
	if (ret != 0 || st != GLP_OPT) {
		if (run->hr == NULL) {
			r->status = ROSTER_UNFOUND;	/* no time left */
			return 2;
		}
		trace(run, t0, "LP relaxation", -1);
		return 0;	/* on with the roster, without the LP */
	}
	if (glp_get_obj_val(run->m->P) > run->bound)
		run->bound = glp_get_obj_val(run->m->P);
	trace(run, t0, "LP relaxation", glp_get_obj_val(run->m->P));
	if (run->lp == NULL)
		run->lp = xmalloc(((size_t)n + 1) * sizeof(double));
	for (int j = 1; j <= n; j++)
		run->lp[j] = glp_get_col_prim(run->m->P, j);
	return 1;
}

/* Everything that may call GLPK after the error hook is armed: column
 * generation or the LP relaxation, a first branch and bound, then the
 * neighbourhood search.  Returns 0 with r filled, or -1 with *errp
 * set. */
static int
run_glpk(struct run *run, const struct solver_opts *o, struct roster *r,
    double t0, char **errp)
{
	int n, ms, lp_ok = 0, lp_later = 0, threads = threads_of(o);
	double lp_ms;

	model_build(run->m);
	if (o->write_lp != NULL && write_lp(run, o->write_lp, errp) != 0)
		return -1;
	n = glp_get_num_cols(run->m->P);
	if (run->hr != NULL) {
		run->inc = xmalloc(((size_t)n + 1) * sizeof(double));
		model_from_roster(run->m, run->hr, run->inc);
		run->inc_obj = run->hr->objective;
	}

	/* Column generation first, where it applies: its bound is far
	 * stronger than the LP relaxation's (Curtois 5: 1141 against 746),
	 * its roster often better than the construction's, and its LP
	 * solution serves the search in place of the relaxation's, which is
	 * then left for later (at 60 s, Curtois 7: 1079 -> 1062, 10: 4987 ->
	 * 4634, 11: 3873 -> 3448, in single runs). */
	if (run->inc != NULL && o->time_limit > 0 && cg_handles(run->m)) {
		struct cg_opts co;
		struct cg_result cr;

		memset(&co, 0, sizeof(co));
		co.lp_deadline = t0 + CG_LP_SHARE * o->time_limit;
		co.mip_seconds = CG_MIP_SHARE * o->time_limit;
		co.bb_seconds = CG_BB_SHARE * o->time_limit;
		co.en_seconds = CG_EN_SHARE * o->time_limit;
		co.pool_seconds = CG_POOL_SHARE * o->time_limit;
		co.threads = threads;
		co.verbose = o->verbose;
		co.stop = o->stop;
		cg_run(run->m, run->inc, run->inc_obj, &co, &cr);
		run->inc_obj = cr.obj;
		if (cr.bound > run->bound)
			run->bound = cr.bound;
		run->lp = cr.lp;
		/* Where a round of pricing was too slow, so is the
		 * relaxation, far larger (Curtois 13, 19 and 20: not solved in
		 * its 12 s at 60 s; the search, given them, reached 13 5045
		 * for 5146, 19 4738 for 4843). */
		lp_later = cr.lp != NULL || cr.too_slow;
		trace(run, t0, "column generation", run->inc_obj);
	}

	lp_ms = 0;
	if (!lp_later) {
		lp_ok = relaxation(run, o, r, t0, &lp_ms, errp);
		if (lp_ok < 0)
			return -1;
		if (lp_ok > 1)
			return 0;
	}

	/* Branch and bound first only when the agent-by-agent construction
	 * found no roster (Curtois Instance 16), until GLPK's first one, or
	 * without a time limit (to the end).  With a roster in hand the
	 * neighbourhood search goes first: a share of the time for GLPK's
	 * pump and proximity search (as until 077eef3) cost more than it gave
	 * (at 60 s, Curtois 2: 922 -> 828, 5: 1233 -> 1156, 7: 1084 -> 1075;
	 * the sample desk: 0 in 1.2 s, not 9 s), and proximity search runs on
	 * its own clock, so the roster it left changed with the machine's
	 * load while the search alone, stopping at the bound, gives the same
	 * roster every time. */
	ms = ms_left(o, t0);
	run->first_only = ms != INT_MAX && run->inc == NULL;
	if (lp_ok && (run->inc == NULL || (o->time_limit <= 0 &&
	    run->inc_obj > ceil(run->bound - 1e-6))) &&
	    branch_and_bound(run, o, ms, lp_ms, GLP_ON, errp) != 0)
		return -1;
	run->first_only = 0;
	trace(run, t0, "first branch and bound", run->inc ? run->inc_obj : -1);

	/* Then large neighbourhood search from the best roster so far, for
	 * the rest of the time or until it stalls: GLPK re-optimises a few
	 * agents or days at a time (lns.c), which it does far better than
	 * the whole team.  Time it leaves goes to a last branch and bound
	 * that starts from its roster: with that to prune by, it may still
	 * prove it optimal (Curtois Instance 1 needs about 20 s). */
	if (run->inc != NULL && !run->proven && o->time_limit > 0 &&
	    run->inc_obj > ceil(run->bound - 1e-6) &&
	    !stopped(o)) {
		struct lns_opts lo;

		search_opts(o, t0, run->bound, &lo);
		lo.lp = run->lp;	/* NULL without the LP */
		run->inc_obj = whole(lns_run(run->m, run->inc, run->inc_obj, &lo));
		trace(run, t0, "neighbourhood search", run->inc_obj);
		ms = ms_left(o, t0);
		/* The search stalled short of the bound with time left: the
		 * LP relaxation put off above, after all, for the branch and
		 * bound (the bound of rows can be below the optimum, which
		 * only a search over the whole team then proves). */
		if (lp_later && run->inc_obj > ceil(run->bound - 1e-6) &&
		    ms > 100 && !stopped(o) &&
		    (lp_ok = relaxation(run, o, r, t0, &lp_ms, errp)) < 0)
			return -1;
		ms = ms_left(o, t0);
		if (lp_ok == 1 && run->inc_obj > ceil(run->bound - 1e-6) &&
		    ms > 100 && !stopped(o) &&
		    branch_and_bound(run, o, ms, lp_ms, GLP_OFF, errp) != 0)
			return -1;
	}

	if (run->inc == NULL) {
		r->status = run->infeasible ? ROSTER_NONE : ROSTER_UNFOUND;
		return 0;
	}
	r->objective = run->inc_obj;
	if (run->proven || ceil(run->bound - 1e-6) >= r->objective - 1e-6)
		r->status = ROSTER_OPTIMAL;
	else
		r->status = ROSTER_FEASIBLE;
	model_to_roster(run->m, run->inc, r);
	return 0;
}

/* The agent-by-agent construction (heur.c) into r, until the time limit
 * or, when the MIP used it up, a little past it; its improvement on
 * threads threads (see heur_set_threads()). */
static int
run_heur(struct run *run, struct roster *r, double t0, int threads)
{
	const struct solver_opts *o = run->opts;
	double deadline = 0;

	if (o->time_limit > 0) {
		deadline = t0 + o->time_limit;
		if (deadline < now_seconds() + 2)
			deadline = now_seconds() + 2;
	}
	r->status = ROSTER_UNSOLVED;
	run->h = heur_new(r->grid);
	heur_set_stop(run->h, o->stop);
	heur_set_threads(run->h, threads);
	if (run->full_deadline > 0)
		heur_set_build_deadline(run->h, run->full_deadline);
	heur_run(run->h, deadline, r);
	return 0;
}

/* The neighbourhood search alone from r, the construction's roster of
 * a model above FULL_MIP_COLUMNS, for the time left; r gets the better
 * roster, if one is found.  Calls GLPK (the hooks are set). */
static void
search_big(struct run *run, struct roster *r, double t0)
{
	const struct solver_opts *o = run->opts;
	struct lns_opts lo;
	double obj;
	int n;

	trace(run, t0, "agent-by-agent roster", r->objective);
	model_build(run->m);
	n = glp_get_num_cols(run->m->P);
	run->inc = xmalloc(((size_t)n + 1) * sizeof(double));
	obj = model_from_roster(run->m, r, run->inc);
	trace(run, t0, "model", obj);
	search_opts(o, t0, r->bound, &lo);
	obj = whole(lns_run(run->m, run->inc, obj, &lo));
	trace(run, t0, "neighbourhood search", obj);
	if (obj < r->objective - 0.5) {
		r->nduties = 0;
		model_to_roster(run->m, run->inc, r);
		r->objective = obj;
	}
}

struct roster *
solver_solve(const struct grid *g, const struct solver_opts *o, char **errp)
{
	static const struct solver_opts defaults;
	struct run *run = xcalloc(1, sizeof(*run));
	struct roster *r = roster_new(g);
	double t0 = now_seconds();
	int rc, from_heur = 0;

	run->opts = o != NULL ? o : &defaults;
	run->verbose = run->opts->verbose;
	run->bound = -DBL_MAX;
	run->seen = DBL_MAX;
	run->m = model_new(g);
	glp_term_hook(term_hook, run);
	glp_error_hook(error_hook, run);
	if (setjmp(run->fail)) {
		char buf[512];

		/* The error left GLPK unusable; glp_free_env() releases the
		 * problem too, so the model must not delete it again. */
		run->m->P = NULL;
		if (run->big) {
			/* Building or searching the whole model of a team
			 * that large (2.9 GiB for Curtois 24) is an extra: the
			 * construction's roster, untouched, is the answer. */
			trace(run, t0, "GLPK failed, the construction's roster",
			    r->objective);
			rc = 0;
		} else {
			err_set(errp, "GLPK failed: %s",
			    last_message(run, buf, sizeof(buf)));
			rc = -1;
		}
	} else if (run->opts->decompose || heur_columns(g) > FULL_MIP_COLUMNS) {
		/* All there is, or nearly: both cores (Curtois 24 at 300 s:
		 * 82860 so, 101591 on one). */
		rc = run_heur(run, r, t0, threads_of(run->opts));
		if (rc == 0 && !run->opts->decompose &&
		    r->status == ROSTER_FEASIBLE && r->objective > r->bound &&
		    !stopped(run->opts) && (run->opts->time_limit <= 0 ||
		    t0 + run->opts->time_limit - now_seconds() >
		    BIG_SEARCH_SECONDS)) {
			run->big = 1;
			search_big(run, r, t0);
			run->big = 0;
		}
	} else {
		/* A roster agent by agent first, with up to half of the
		 * time: should the MIP find none in time (Curtois Instances 6
		 * and 7 on a loaded machine), or a worse one, that one stands.
		 * Its improvement ends by itself once a round over every row
		 * improves nothing: within 1.3 s on Curtois 1-20, where the
		 * search does far better from there; on the years of 100
		 * agents it goes on improving much faster than the search
		 * (at 60 s, Instance 21: 38095 and 58281 in two runs with a
		 * tenth, 27613 with half; Instance 23: 252462 and 70704). */
		struct solver_opts quick = *run->opts;
		const struct solver_opts *full = run->opts;

		if (quick.time_limit > 0) {
			quick.time_limit /= 2;
			/* The construction itself may take all of that half. */
			run->full_deadline = t0 + run->opts->time_limit / 2;
		}
		run->opts = &quick;
		run->hr = roster_new(g);
		run_heur(run, run->hr, t0, 1);
		trace(run, t0, "agent-by-agent roster", run->hr->objective);
		heur_free(run->h);
		run->h = NULL;
		run->opts = full;
		run->cheap = run->hr->bound;
		if (run->hr->status != ROSTER_FEASIBLE) {
			roster_free(run->hr);
			run->hr = NULL;
		}
		/* Stopped already (Ctrl-C): what there is, without GLPK. */
		if (stopped(run->opts)) {
			r->status = ROSTER_UNFOUND;
			rc = 0;
		} else {
			rc = run_glpk(run, run->opts, r, t0, errp);
		}
		if (rc == 0 && run->hr != NULL && (r->status == ROSTER_NONE ||
		    r->status == ROSTER_UNFOUND ||
		    (r->status == ROSTER_FEASIBLE &&
		    run->hr->objective < r->objective))) {
			roster_free(r);
			r = run->hr;
			run->hr = NULL;
			from_heur = 1;
		}
	}
	model_free(run->m);
	from_heur |= run->h != NULL;
	heur_free(run->h);
	roster_free(run->hr);	/* kept only on a GLPK error */
	glp_free_env();		/* also forgets the hooks */
	if (rc != 0) {
		free(run->v);
		free(run->inc);
		free(run->lp);
		free(run);
		roster_free(r);
		return NULL;
	}
	if (r->status == ROSTER_NONE || r->status == ROSTER_UNFOUND) {
		r->objective = 0;
		r->bound = 0;
	} else if (from_heur) {
		/* heur_run() set a cheap bound; the LP's is better when the
		 * MIP got that far. */
		if (run->bound > -DBL_MAX / 2 && ceil(run->bound - 1e-6) > r->bound)
			r->bound = ceil(run->bound - 1e-6) + 0.0;
		if (r->bound > r->objective)
			r->bound = r->objective;
	} else {
		/* Penalties are whole numbers: round the bound up to one
		 * (+ 0.0 turns a -0 into 0). */
		r->bound = run->bound > -DBL_MAX / 2 ?
		    ceil(run->bound - 1e-6) + 0.0 : run->cheap;
		/* Column generation's first bounds can be far below zero. */
		if (r->bound < run->cheap)
			r->bound = run->cheap;
		if (r->status == ROSTER_OPTIMAL || r->bound > r->objective)
			r->bound = r->objective;
	}
	free(run->v);
	free(run->inc);
	free(run->lp);
	free(run);
	r->seconds = now_seconds() - t0;
	return r;
}
