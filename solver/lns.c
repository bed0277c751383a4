/* lns.c - large neighbourhood search around GLPK (see lns.h). */
#include "lns.h"

#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The kinds of neighbourhood, taken in turn. */
enum kind {
	N_AGENTS,	/* a few agents, the whole horizon */
	N_DAYS,		/* every agent, a few days */
	N_BLOCK,	/* half the agents, twice as many days */
	N_LP,		/* where the roster and the LP relaxation disagree */
	N_HOT,		/* every agent, a few days around a costly slot */
	N_KINDS
};

static const char *const kind_name[] = {
	"agents", "days", "block", "lp", "hot"
};

/* A sub-problem may branch this often before it is given up: a limit in
 * nodes rather than seconds keeps the search repeatable. */
#define NODE_LIMIT	100

/* The search ends after this many rounds in a row that improve nothing
 * (and at the deadline). */
#define IDLE_ROUNDS	(40 * N_KINDS)

struct lns {
	const struct model *m;
	const struct lns_opts *o;
	glp_prob *Q;		/* copy of the model whose bounds change */
	double	*v;		/* the roster (caller's array) */
	double	 obj;		/* its penalty */
	double	*w;		/* scratch column values */
	unsigned char *isfree;	/* [nx]: free in this round */
	int	*pick;		/* scratch: agents or columns chosen */
	unsigned rng;
	double	 size[N_KINDS];	/* free columns to aim for, per kind */
	int	 nodes;		/* nodes of the running sub-problem */
	int	 cut_short;	/* it hit NODE_LIMIT */
	glp_iocp *iocp;		/* the running sub-problem's parameters */
};

/* xorshift32: small, fast and the same everywhere. */
static unsigned
rnd(struct lns *l)
{
	unsigned x = l->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return l->rng = x;
}

static int
rnd_below(struct lns *l, int n)
{
	return n > 0 ? (int)(rnd(l) % (unsigned)n) : 0;
}

/* Shuffle the first n of a[] and keep them (Fisher-Yates, partial). */
static void
sample(struct lns *l, int *a, int total, int n)
{
	for (int i = 0; i < total; i++)
		a[i] = i;
	for (int i = 0; i < n && i < total; i++) {
		int j = i + rnd_below(l, total - i), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

static int
clamp(double v, int lo, int hi)
{
	int n = (int)(v + 0.5);

	return n < lo ? lo : n > hi ? hi : n;
}

/* A day, chosen at random, of a slot whose cover costs something in the
 * roster (too few or too many agents), or -1 if none does. */
static int
hot_day(struct lns *l)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	int n = 0, pick = -1;

	for (int k = 0; k < g->ndemands; k++) {
		int c = 0;

		if (m->under[k] && l->v[m->under[k]] > 0.5)
			c = 1;
		if (m->over[k] && l->v[m->over[k]] > 0.5)
			c = 1;
		/* Reservoir sampling: each costly slot equally likely. */
		if (c && rnd_below(l, ++n) == 0)
			pick = g->slots[g->demands[k].slot].day;
	}
	return pick;
}

/* Mark the free columns of one round; returns how many. */
static int
choose(struct lns *l, enum kind k)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	int na = g->team->nagents, nd = g->ndays, n = 0;
	double per_agent = (double)m->nx / na, per_day = (double)m->nx / nd;

	memset(l->isfree, 0, (size_t)m->nx);
	switch (k) {
	case N_AGENTS: {
		int ka = clamp(l->size[k] / per_agent, 2, na);

		sample(l, l->pick, na, ka);
		for (int i = 0; i < ka; i++)
			for (int x = m->agent_x[l->pick[i]];
			    x < m->agent_x[l->pick[i] + 1]; x++)
				l->isfree[x] = 1;
		break;
	}
	case N_DAYS:
	case N_HOT:
	case N_BLOCK: {
		int ka = k == N_BLOCK ? (na + 1) / 2 : na;
		int w = clamp(l->size[k] / (per_day * ka / na), 1, nd);
		int d0 = rnd_below(l, nd - w + 1);

		if (k == N_HOT) {
			int d = hot_day(l);

			if (d < 0)
				return 0;
			d0 = d - w / 2;
			if (d0 + w > nd)
				d0 = nd - w;
			if (d0 < 0)
				d0 = 0;
		}
		unsigned char *in = xcalloc((size_t)na + 1, 1);

		sample(l, l->pick, na, ka);
		for (int i = 0; i < ka; i++)
			in[l->pick[i]] = 1;
		for (int x = 0; x < m->nx; x++) {
			int d = g->slots[m->x[x].slot].day;

			if (in[m->x[x].agent] && d >= d0 && d < d0 + w)
				l->isfree[x] = 1;
		}
		free(in);
		break;
	}
	case N_LP: {
		/* The columns the LP would change, and as many again of the
		 * same agents' columns on those days, sampled down to size. */
		int want = clamp(l->size[k], 1, m->nx), cand = 0;

		for (int x = 0; x < m->nx; x++)
			if (fabs(l->o->lp[m->x[x].col] - l->v[m->x[x].col]) > 0.1)
				l->pick[cand++] = x;
		for (int i = 0; i < want && i < cand; i++) {
			int j = i + rnd_below(l, cand - i), t = l->pick[i];

			l->pick[i] = l->pick[j];
			l->pick[j] = t;
		}
		for (int i = 0; i < want && i < cand; i++) {
			const struct xcol *xc = &m->x[l->pick[i]];
			int d = g->slots[xc->slot].day;

			for (int x = m->agent_x[xc->agent];
			    x < m->agent_x[xc->agent + 1]; x++)
				if (g->slots[m->x[x].slot].day == d)
					l->isfree[x] = 1;
		}
		break;
	}
	default:
		break;
	}
	for (int x = 0; x < m->nx; x++) {
		int c = m->x[x].col;

		if (l->isfree[x]) {
			glp_set_col_bnds(l->Q, c, GLP_DB, 0, 1);
			n++;
		} else {
			glp_set_col_bnds(l->Q, c, GLP_FX, l->v[c], l->v[c]);
		}
	}
	return n;
}

/* The sub-problem's callback: stop at the node limit, on a signal, or as
 * soon as its bound shows it cannot beat the roster (or has met its own
 * best): penalties are whole numbers. */
static void
callback(glp_tree *T, void *info)
{
	struct lns *l = info;
	glp_prob *P = glp_ios_get_prob(T);
	int best;
	double b;

	if (l->o->stop != NULL && *l->o->stop) {
		glp_ios_terminate(T);
		return;
	}
	/* Cuts pay at the root; at every node MIR's row scan costs more
	 * than it saves (Curtois Instance 5: a third more rounds without). */
	if (glp_ios_reason(T) == GLP_IBRANCH && l->iocp != NULL) {
		l->iocp->mir_cuts = GLP_OFF;
		l->iocp->gmi_cuts = GLP_OFF;
	}
	if (glp_ios_reason(T) == GLP_ISELECT && ++l->nodes > NODE_LIMIT) {
		l->cut_short = 1;
		glp_ios_terminate(T);
		return;
	}
	if (glp_ios_reason(T) == GLP_IPREPRO || (best = glp_ios_best_node(T)) == 0)
		return;
	b = ceil(glp_ios_node_bound(T, best) - 1e-6);
	if (b >= l->obj - 0.5 ||
	    (glp_mip_status(P) == GLP_FEAS && b >= glp_mip_obj_val(P) - 1e-6))
		glp_ios_terminate(T);
}

/* One round: returns 1 if the roster improved. */
static int
round_of(struct lns *l, enum kind k, double deadline)
{
	const struct model *m = l->m;
	int ncols = glp_get_num_cols(l->Q), nfree, ret, st;
	glp_iocp iocp;
	double t;

	nfree = choose(l, k);
	if (nfree == 0)
		return 0;
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_ON;
	iocp.br_tech = GLP_BR_DTH;
	iocp.bt_tech = GLP_BT_BLB;
	iocp.clq_cuts = GLP_ON;
	/* Without Gomory and MIR cuts GLPK rarely settles a sub-problem of
	 * a couple of hundred columns within the node limit (Curtois
	 * Instance 3 in 20 s: 1105 without them, 1005 with). */
	iocp.gmi_cuts = GLP_ON;
	iocp.mir_cuts = GLP_ON;
	iocp.cb_func = callback;
	iocp.cb_info = l;
	if (deadline > 0) {
		double left = (deadline - now_seconds()) * 1000;

		iocp.tm_lim = left < 1 ? 1 : left > 1e9 ? 1000000000 : (int)left;
	}
	l->nodes = 0;
	l->cut_short = 0;
	l->iocp = &iocp;
	ret = glp_intopt(l->Q, &iocp);
	l->iocp = NULL;
	st = glp_mip_status(l->Q);


	/* Grow a kind whose sub-problems GLPK settles, shrink one whose
	 * sub-problems it cannot. */
	if (l->cut_short || ret == GLP_ETMLIM)
		l->size[k] *= 0.8;
	else
		l->size[k] *= 1.1;
	if (l->size[k] < 10)
		l->size[k] = 10;
	if (l->size[k] > m->nx)
		l->size[k] = m->nx;
	if ((st != GLP_FEAS && st != GLP_OPT) ||
	    glp_mip_obj_val(l->Q) >= l->obj - 0.5)
		return 0;
	for (int j = 1; j <= ncols; j++)
		l->w[j] = glp_mip_col_val(l->Q, j);
	t = floor(model_tighten(m, l->w) + 0.5);
	if (t >= l->obj - 0.5)
		return 0;
	if (l->o->verbose)
		fprintf(stderr, "lns: %s (%d free): %.0f -> %.0f\n",
		    kind_name[k], nfree, l->obj, t);
	memcpy(l->v, l->w, ((size_t)ncols + 1) * sizeof(double));
	l->obj = t;
	return 1;
}

/* The workers: each runs EPOCH_ROUNDS rounds from the same roster, on
 * its own thread with its own GLPK environment (GLPK keeps it in
 * thread-local storage) and its own copy of the model; then the best
 * roster of the epoch is handed to all.  A fixed number of rounds per
 * epoch, not a time slice, keeps the search repeatable. */
#define EPOCH_ROUNDS	10
#define MAX_WORKERS	4

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t	go;
	int	 ready;		/* the barriers are set up (for the threads
				 * that did start) */
	pthread_barrier_t start, end;
	int	 quit;
};

struct worker {
	struct lns l;
	struct shared *sh;
	pthread_t th;
	jmp_buf	 fail;
	int	 failed;	/* GLPK failed in this worker: it sits out */
	int	 round;		/* rounds run so far */
};

static int
silent(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

static void
worker_error(void *info)
{
	struct worker *w = info;

	longjmp(w->fail, 1);
}

/* One epoch: up to EPOCH_ROUNDS rounds, the kinds in turn. */
static void
epoch(struct worker *w)
{
	struct lns *l = &w->l;
	const struct lns_opts *o = l->o;

	for (int i = 0; i < EPOCH_ROUNDS; i++) {
		enum kind k = (enum kind)(w->round++ % N_KINDS);

		if (l->obj <= ceil(o->bound - 1e-6) ||
		    (o->stop != NULL && *o->stop) ||
		    (o->deadline > 0 && now_seconds() >= o->deadline))
			break;
		if (k == N_LP && o->lp == NULL)
			continue;
		round_of(l, k, o->deadline);
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	/* A GLPK error longjmps back here; GLPK is then unusable on this
	 * thread until glp_free_env(), so the worker only keeps step with
	 * the barriers.  w is not changed between setjmp and longjmp. */
	glp_term_hook(silent, NULL);
	glp_error_hook(worker_error, w);
	if (setjmp(w->fail) == 0) {
		w->l.Q = glp_create_prob();
		glp_copy_prob(w->l.Q, w->l.m->P, GLP_OFF);
	} else {
		w->failed = 1;
	}
	pthread_mutex_lock(&w->sh->lock);
	while (!w->sh->ready)
		pthread_cond_wait(&w->sh->go, &w->sh->lock);
	pthread_mutex_unlock(&w->sh->lock);
	for (;;) {
		pthread_barrier_wait(&w->sh->start);
		if (w->sh->quit)
			break;
		if (!w->failed) {
			if (setjmp(w->fail) == 0)
				epoch(w);
			else
				w->failed = 1;
		}
		pthread_barrier_wait(&w->sh->end);
	}
	if (!w->failed)
		glp_delete_prob(w->l.Q);
	glp_free_env();
	return NULL;
}

double
lns_run(const struct model *m, double *v, double obj, const struct lns_opts *o)
{
	struct worker ws[MAX_WORKERS];
	struct shared sh;
	int ncols = glp_get_num_cols(m->P), na = m->grid->team->nagents;
	int n = o->threads < 1 ? 1 : o->threads > MAX_WORKERS ? MAX_WORKERS :
	    o->threads;
	int idle = 0, epochs = 0, started = 0;
	size_t bytes = ((size_t)ncols + 1) * sizeof(double);

	if (m->nx == 0 || obj <= ceil(o->bound - 1e-6))
		return obj;
	memset(ws, 0, sizeof(ws));
	memset(&sh, 0, sizeof(sh));
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.go, NULL);
	for (int i = 0; i < n; i++) {
		struct lns *l = &ws[i].l;

		ws[i].sh = &sh;
		l->m = m;
		l->o = o;
		l->v = xmalloc(bytes);
		memcpy(l->v, v, bytes);
		l->obj = obj;
		/* Different neighbourhoods on each worker. */
		l->rng = (o->seed != 0 ? o->seed : 1) * 2654435761u + (unsigned)i;
		if (l->rng == 0)
			l->rng = 1;
		l->w = xmalloc(bytes);
		l->isfree = xmalloc((size_t)m->nx + 1);
		l->pick = xmalloc(((size_t)(m->nx > na ? m->nx : na) + 1) *
		    sizeof(int));
		for (int k = 0; k < N_KINDS; k++)
			l->size[k] = 150;
		if (pthread_create(&ws[i].th, NULL, worker_main, &ws[i]) != 0)
			break;
		started++;
	}
	/* Only now is it known how many threads there are to wait for. */
	n = started;
	pthread_barrier_init(&sh.start, NULL, (unsigned)n + 1);
	pthread_barrier_init(&sh.end, NULL, (unsigned)n + 1);
	pthread_mutex_lock(&sh.lock);
	sh.ready = 1;
	sh.quit = n == 0;
	pthread_cond_broadcast(&sh.go);
	pthread_mutex_unlock(&sh.lock);

	while (!sh.quit) {
		int best = -1, alive = 0;

		for (int i = 0; i < n; i++)
			if (!ws[i].failed && (best < 0 || ws[i].l.obj < ws[best].l.obj))
				best = i;
		for (int i = 0; i < n; i++)
			alive += !ws[i].failed;
		if (best >= 0 && ws[best].l.obj < obj) {
			obj = ws[best].l.obj;
			memcpy(v, ws[best].l.v, bytes);
			idle = 0;
		} else if (epochs > 0) {
			idle++;
		}
		if (alive == 0 || obj <= ceil(o->bound - 1e-6) ||
		    idle * EPOCH_ROUNDS >= IDLE_ROUNDS ||
		    (o->stop != NULL && *o->stop) ||
		    (o->deadline > 0 && now_seconds() >= o->deadline))
			break;
		for (int i = 0; i < n; i++)
			if (ws[i].l.obj > obj) {
				memcpy(ws[i].l.v, v, bytes);
				ws[i].l.obj = obj;
			}
		pthread_barrier_wait(&sh.start);
		pthread_barrier_wait(&sh.end);
		epochs++;
	}
	sh.quit = 1;
	pthread_barrier_wait(&sh.start);	/* releases them to quit */
	for (int i = 0; i < started; i++)
		pthread_join(ws[i].th, NULL);
	if (o->verbose)
		fprintf(stderr, "lns: %d epochs of %d rounds on %d threads, "
		    "penalty %.0f\n", epochs, EPOCH_ROUNDS, started, obj);
	for (int i = 0; i < MAX_WORKERS; i++) {
		free(ws[i].l.v);
		free(ws[i].l.w);
		free(ws[i].l.isfree);
		free(ws[i].l.pick);
	}
	pthread_barrier_destroy(&sh.start);
	pthread_barrier_destroy(&sh.end);
	pthread_cond_destroy(&sh.go);
	pthread_mutex_destroy(&sh.lock);
	return obj;
}
