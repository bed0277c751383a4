/* lns.c - large neighbourhood search around GLPK (see lns.h). */
#include "lns.h"

#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
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
	N_CHAIN,	/* agents who could fill a short slot, and agents
			 * with minutes to spare */
	N_FAIR,		/* agents at the top (or bottom) of a fairness
			 * spread, and others to take their duties */
	N_WEEKENDS,	/* a few agents, a few weekends far apart */
	N_KINDS
};

static const char *const kind_name[] = {
	"agents", "days", "block", "lp", "hot", "chain", "fair", "weekends"
};

/* A sub-problem may branch this often before it is given up: a limit in
 * nodes rather than seconds keeps the search repeatable. */
#define NODE_LIMIT	100

/* Nor may one round take more than this share of the search's time: the
 * node limit alone let one sub-problem of 1,600 columns take 6 of the 10
 * seconds of the 60-agent desk (its nodes' LPs grow with it), while the
 * other worker waited at the end of the epoch.  A twentieth was too
 * little there (5 of 8 seeds reached the optimum against 7 of 8): the
 * large rounds are the ones that find the last improvements.  Only such
 * outliers meet the limit; where one does, the search is not repeatable
 * (see lns.h). */
#define ROUND_SHARE	0.2
#define ROUND_MS_MIN	100

/* The search ends after this many rounds in a row that improve nothing
 * (and at the deadline). */
#define IDLE_ROUNDS	(40 * N_KINDS)

/* After BOOST_IDLE epochs in a row that improve nothing, each further
 * one makes the rounds BOOST_STEP times their size larger, up to
 * BOOST_MAX times. */
#define BOOST_IDLE	2
#define BOOST_STEP	0.25
#define BOOST_MAX	3.0

/* The model's matrix by rows and by columns, with its bounds and costs:
 * read from GLPK once, shared read-only by the workers, which build each
 * round's sub-problem from it. */
struct matrix {
	int	 nrows, ncols;
	int	*rstart;	/* [nrows + 2]: row i is rind/rval[rstart[i]..) */
	int	*rind;
	double	*rval;
	int	*cstart;	/* [ncols + 2]: rows holding column j */
	int	*crow;
	int	*rtype;		/* [nrows + 1] */
	double	*rlo, *rhi;
	int	*ctype, *ckind;	/* [ncols + 1] */
	double	*clo, *chi, *cost;
	int	*xof;		/* [ncols + 1]: index into m->x, or -1 */
};

struct lns {
	const struct model *m;
	const struct matrix *mx;
	int	*colmap;	/* [ncols + 1]: column of the sub-problem, or 0 */
	int	*cols;		/* [ncols + 1]: sub-problem columns, in order */
	unsigned char *rowin;	/* [nrows + 1] */
	int	*rows;		/* [nrows + 1] */
	int	*ind;		/* [ncols + 1]: scratch row */
	double	*val;
	const struct lns_opts *o;
	double	*v;		/* the roster (caller's array) */
	double	 obj;		/* its penalty */
	int	 plateau;	/* and its agents at a spread's ends (fair_ends) */
	double	*w;		/* scratch column values */
	unsigned char *isfree;	/* [nx]: free in this round */
	int	*pick;		/* scratch: agents or columns chosen */
	unsigned rng;
	double	 size[N_KINDS];	/* free columns to aim for, per kind */
	double	 boost;		/* times size while the search is stuck */
	int	 round_ms;	/* a round's time limit, or 0 */
	int	 nodes;		/* nodes of the running sub-problem */
	int	 cut_short;	/* it hit NODE_LIMIT */
	int	 extra;		/* it is an extra round (epoch()) */
	int	 cut_extra;	/* and was stopped as the epoch ended */
	atomic_int *working;	/* workers still on their epoch's rounds */
	glp_iocp *iocp;		/* the running sub-problem's parameters */
	/* An N_FAIR round: the free agents pick[0..nfair_agents) of
	 * fairness group fair_group must each end below level (side 0)
	 * or above it (side 1). */
	int	 fair_round;
	int	 fair_group, fair_side, fair_level, nfair_agents;
	int	*count;		/* [nagents]: counts of one fairness group
				 * (group_counts) */
	/* Per kind, for --verbose: rounds run, rounds that improved the
	 * worker's roster, and their seconds. */
	int	 runs[N_KINDS], wins[N_KINDS];
	double	 gain[N_KINDS], secs[N_KINDS];
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

/* Move n of a[0..total) chosen at random to its front (Fisher-Yates,
 * partial). */
static void
shuffle(struct lns *l, int *a, int total, int n)
{
	for (int i = 0; i < n && i < total; i++) {
		int j = i + rnd_below(l, total - i), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/* n of 0 .. total-1 chosen at random, in a[0..n). */
static void
sample(struct lns *l, int *a, int total, int n)
{
	for (int i = 0; i < total; i++)
		a[i] = i;
	shuffle(l, a, total, n);
}

/* Has the search reached the bound, been stopped or run out of time? */
static int
finished(const struct lns_opts *o, double obj)
{
	return obj <= ceil(o->bound - 1e-6) ||
	    (o->stop != NULL && *o->stop) ||
	    (o->deadline > 0 && now_seconds() >= o->deadline);
}

static int
clamp(double v, int lo, int hi)
{
	int n = (int)(v + 0.5);

	return n < lo ? lo : n > hi ? hi : n;
}

/* A demand, chosen at random, whose cover costs something in the roster:
 * too few agents, or (unless short_only) too many; -1 if none does. */
static int
costly_demand(struct lns *l, int short_only)
{
	const struct model *m = l->m;
	int n = 0, pick = -1;

	for (int k = 0; k < m->grid->ndemands; k++) {
		int c = 0;

		if (m->under[k] && l->v[m->under[k]] > 0.5)
			c = 1;
		if (!short_only && m->over[k] && l->v[m->over[k]] > 0.5)
			c = 1;
		/* Reservoir sampling: each costly demand equally likely. */
		if (c && rnd_below(l, ++n) == 0)
			pick = k;
	}
	return pick;
}

/* A day of a costly slot, or -1 if no slot costs anything. */
static int
hot_day(struct lns *l)
{
	const struct grid *g = l->m->grid;
	int k = costly_demand(l, 0);

	return k < 0 ? -1 : g->slots[g->demands[k].slot].day;
}

/* Free the columns of agents pick[0..ka) on days d0 .. d0+w-1. */
static void
free_rows(struct lns *l, int ka, int d0, int w)
{
	const struct model *m = l->m;

	for (int i = 0; i < ka; i++)
		for (int x = m->agent_x[l->pick[i]];
		    x < m->agent_x[l->pick[i] + 1]; x++) {
			int d = m->grid->slots[m->x[x].slot].day;

			if (d >= d0 && d < d0 + w)
				l->isfree[x] = 1;
		}
}

/* Into pick[0..ka): agents who could fill the short demand dk but do not
 * (they work another duty that day, or none), and as many again with
 * minutes to spare, who could take over one of their duties on another
 * day; either kind makes up for the other where it runs out.  Returns
 * how many were picked. */
static int
chain_agents(struct lns *l, int dk, int ka)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	const struct team *t = g->team;
	int s = g->demands[dk].slot, na = t->nagents, nfill = 0, nspare = 0;
	int *spare = xmalloc(((size_t)na + 1) * sizeof(int));

	for (int a = 0; a < na; a++) {
		int fill = 0, x = m->slot_x[(size_t)a * g->nslots + s];
		int max = t->contracts[t->agents[a].contract].max_minutes;
		long worked = 0;

		for (; x >= 0 && x < m->agent_x[a + 1] && m->x[x].slot == s; x++)
			if (m->x[x].demand == dk)
				fill = l->v[m->x[x].col] < 0.5;
		if (fill) {
			l->pick[nfill++] = a;
			continue;
		}
		for (x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
			if (l->v[m->x[x].col] > 0.5)
				worked += g->slots[m->x[x].slot].counts;
		if (max == UNLIMITED || worked + g->slots[s].counts <= max)
			spare[nspare++] = a;
	}
	int want_fill = nspare < ka / 2 ? ka - nspare : (ka + 1) / 2;

	shuffle(l, l->pick, nfill, want_fill);
	if (nfill > want_fill)
		nfill = want_fill;
	shuffle(l, spare, nspare, ka - nfill);
	for (int i = 0; i < nspare && nfill < ka; i++)
		l->pick[nfill++] = spare[i];
	free(spare);
	return nfill;
}

/* Each agent's count towards fairness group g under v into l->count (-1
 * for those outside the group), and the group's highest and lowest. */
static void
group_counts(const struct lns *l, const double *v, int g, int *hi, int *lo)
{
	const struct model *m = l->m;
	const struct team *t = m->grid->team;
	const struct fair_group *fg = &m->fair[g];

	*hi = *lo = -1;
	for (int a = 0; a < t->nagents; a++) {
		l->count[a] = -1;
		if (!fair_member(t, a, fg->rank, fg->contract, fg->kind))
			continue;
		l->count[a] = model_fair_count(m, v, a, fg);
		if (*hi < 0 || l->count[a] > *hi)
			*hi = l->count[a];
		if (*lo < 0 || l->count[a] < *lo)
			*lo = l->count[a];
	}
}

/* How many agents sit at the ends of a fairness spread that is not
 * zero, summed over the groups.  Lowering the top of a spread by one
 * means moving a duty off every agent at the top: a neighbourhood of a
 * few agents changes the penalty only when it frees the last of them.
 * An N_FAIR round that leaves the penalty as it is but fewer agents at
 * the ends is progress towards that, and counts as such. */
static int
fair_ends(const struct lns *l, const double *v)
{
	const struct model *m = l->m;
	const struct team *t = m->grid->team;
	int ends = 0;

	for (int i = 0; i < m->nfair; i++) {
		int hi, lo, nhi = 0, nlo = 0;

		group_counts(l, v, i, &hi, &lo);
		if (hi == lo)
			continue;
		for (int a = 0; a < t->nagents; a++)
			if (l->count[a] >= 0) {
				nhi += l->count[a] == hi;
				nlo += l->count[a] == lo;
			}
		/* With a spread of one every agent is at an end: there the
		 * progress is in the smaller end shrinking. */
		if (hi - lo == 1)
			ends += nhi < nlo ? nhi : nlo;
		else
			ends += nhi + nlo;
	}
	return ends;
}

/* Which agents (1 in the [nagents] array returned, which the caller
 * frees) could hand a duty on: for the top of fairness group g's spread
 * (side 0), a duty counting towards g in a slot whose cover is above its
 * minimum; for the bottom (side 1), any duty in a slot whose cover is
 * above its maximum.  Raising the bottom means more such duties in the
 * group, and where the cover is exact an extra one costs its over-cover
 * unless another over-covered duty goes (the 60-agent desk: its optimum
 * has one weekend duty over the cover in place of a weekday one). */
static unsigned char *
spare_duties(const struct lns *l, int g, int side)
{
	const struct model *m = l->m;
	const struct grid *gr = m->grid;
	int *cover = xcalloc((size_t)gr->ndemands + 1, sizeof(int));
	unsigned char *spare = xcalloc((size_t)gr->team->nagents + 1, 1);

	for (int x = 0; x < m->nx; x++)
		if (l->v[m->x[x].col] > 0.5)
			cover[m->x[x].demand]++;
	for (int x = 0; x < m->nx; x++) {
		const struct demand *dm = &gr->demands[m->x[x].demand];
		int c = cover[m->x[x].demand];

		if (l->v[m->x[x].col] > 0.5 && (side ?
		    dm->max != UNLIMITED && c > dm->max :
		    model_fair_counts(m, x, &m->fair[g]) && c > dm->min))
			spare[m->x[x].agent] = 1;
	}
	free(cover);
	return spare;
}

/* An N_FAIR round's agents: a fairness group with a spread, chosen at
 * random, and a side of it; some of the agents at that end and as many
 * others of the group to take their duties over (or give them some).
 * Sets l->fair_* and l->pick; returns the number of agents, or 0. */
static int
fair_agents(struct lns *l, int want)
{
	const struct model *m = l->m;
	int na = m->grid->team->nagents, ngroups = 0, g = -1, hi, lo, at;
	int nend = 0, nother = 0, nslack = 0, *end, *other, n;
	unsigned char *slack;

	/* Reservoir sampling over the groups with a spread. */
	for (int i = 0; i < m->nfair; i++) {
		group_counts(l, l->v, i, &hi, &lo);
		if (hi > lo && rnd_below(l, ++ngroups) == 0)
			g = i;
	}
	if (g < 0)
		return 0;
	group_counts(l, l->v, g, &hi, &lo);
	l->fair_group = g;
	l->fair_side = rnd_below(l, 2);
	l->fair_level = l->fair_side ? lo + 1 : hi - 1;
	at = l->fair_side ? lo : hi;
	/* The group's agents at the chosen end first, then the others:
	 * first those who could hand a duty on (spare_duties).  Lowering the
	 * top means fewer duties of the kind in the group, so some must go
	 * from a slot that can spare them, and an agent at the top seldom
	 * works one: another agent hands it over and takes the top agent's
	 * duty instead; raising the bottom, the other way round. */
	slack = spare_duties(l, g, l->fair_side);
	end = l->pick;
	other = xmalloc(((size_t)na + 1) * sizeof(int));
	for (int a = 0; a < na; a++)
		if (l->count[a] == at)
			end[nend++] = a;
	for (int pass = 0; pass < 2; pass++)
		for (int a = 0; a < na; a++)
			if (l->count[a] >= 0 && l->count[a] != at &&
			    slack[a] == (pass == 0)) {
				other[nother++] = a;
				nslack += pass == 0;
			}
	free(slack);
	n = want / 2 < 1 ? 1 : want / 2;
	if (n > nend)
		n = nend;
	shuffle(l, end, nend, n);
	shuffle(l, other, nslack, want - n);
	if (want - n > nslack)
		shuffle(l, other + nslack, nother - nslack, want - n - nslack);
	for (int i = 0; i < want - n && i < nother; i++)
		end[n + i] = other[i];
	free(other);
	l->nfair_agents = n + (want - n < nother ? want - n : nother);
	return l->nfair_agents;
}

/* An agent, the first from a random one on, who works some weekend on
 * one day only, with up to want of those weekends marked in wk; -1 if
 * none does. */
static int
split_agent(struct lns *l, unsigned char *wk, int want)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	int na = g->team->nagents, a0 = rnd_below(l, na);
	unsigned char *days = xcalloc((size_t)g->nweekends + 1, 1);
	int found = -1;

	for (int i = 0; i < na && found < 0; i++) {
		int a = (a0 + i) % na, n = 0;

		memset(days, 0, (size_t)g->nweekends);
		for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++) {
			const struct grid_day *gd =
			    &g->days[g->slots[m->x[x].slot].day];

			if (gd->weekend >= 0 && l->v[m->x[x].col] > 0.5)
				days[gd->weekend] |= gd->wday == 5 ? 1 : 2;
		}
		/* Those weekends in a random order, up to want of them. */
		for (int w = 0; w < g->nweekends; w++)
			if (days[w] == 1 || days[w] == 2)
				l->pick[n++] = w;
		shuffle(l, l->pick, n, want);
		for (int j = 0; j < n && j < want; j++)
			wk[l->pick[j]] = 1;
		if (n > 0)
			found = a;
	}
	free(days);
	return found;
}

/* Mark in on[0..ndays) the days of the weekends marked in wk, and reach
 * days either side of each. */
static void
weekend_days(const struct grid *g, const unsigned char *wk, int reach,
    unsigned char *on)
{
	for (int d = 0; d < g->ndays; d++)
		if (g->days[d].weekend >= 0 && wk[g->days[d].weekend])
			for (int e = d - reach; e <= d + reach; e++)
				if (e >= 0 && e < g->ndays)
					on[e] = 1;
}

/* Free more of agent a's days, a being the agent whose weekends (marked
 * in wk) an N_WEEKENDS round is to mend: four days either side of each
 * (a run of five that ends on the Saturday must lose its Tuesday to take
 * the Sunday), and every day it works a duty the cover can spare (an
 * agent at its most minutes must hand one over to take another).  On the
 * 600-s roster of Curtois 22, 147 of 216 weekends worked on one day only
 * broke a rule on runs or days off with the other day added, and agents
 * AO-AS worked their most minutes. */
static void
mend_room(struct lns *l, int a, const unsigned char *wk)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	unsigned char *room = xcalloc((size_t)g->ndays + 1, 1);

	weekend_days(g, wk, 4, room);
	for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++) {
		int k = m->x[x].demand;

		if (l->v[m->x[x].col] > 0.5 && m->over[k] &&
		    l->v[m->over[k]] > 0.5)
			room[g->slots[m->x[x].slot].day] = 1;
	}
	for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
		if (room[g->slots[m->x[x].slot].day])
			l->isfree[x] = 1;
	free(room);
}

/* Mark an N_WEEKENDS round's free columns, about size of them; returns
 * the number of agents freed (0: the horizon holds too few weekends).
 *
 * A cap on weekends worked makes them the scarce resource: a weekend
 * worked on one day only wastes half of one, and mending that moves an
 * agent's duties between two weekends at once, weeks apart, which no
 * window of days holds (Curtois Instance 22: weekend cover is 2,721
 * agent-days against at most 2,640 the caps allow, and the short slots
 * of a search without this kind were nearly all on weekends).  So: an
 * agent who works weekends on one day only, half the weekends from those,
 * the rest at random, each weekend with the Friday before and the Monday
 * after (for the rules on consecutive days), and about twice as many
 * agents as weekends, so that each freed duty has someone to take it. */
static int
weekends_free(struct lns *l, double size)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	int na = g->team->nagents, nd = g->ndays, nw, ka, a, have = 0;
	double cells = size / (4.0 * m->nx / nd / na);
	unsigned char *wk, *on;

	if (g->nweekends < 2)
		return 0;
	nw = clamp(sqrt(cells / 2), 2, g->nweekends);
	ka = clamp(cells / nw, 2, na);
	wk = xcalloc((size_t)g->nweekends + 1, 1);
	on = xcalloc((size_t)nd + 1, 1);
	a = split_agent(l, wk, (nw + 1) / 2);
	for (int w = 0; w < g->nweekends; w++)
		have += wk[w];
	sample(l, l->pick, g->nweekends, g->nweekends);
	for (int i = 0; i < g->nweekends && have < nw; i++)
		if (!wk[l->pick[i]]) {
			wk[l->pick[i]] = 1;
			have++;
		}
	weekend_days(g, wk, 1, on);
	/* The agent with split weekends among the ka. */
	sample(l, l->pick, na, na);
	for (int i = 0; a >= 0 && i < na; i++)
		if (l->pick[i] == a) {
			l->pick[i] = l->pick[0];
			l->pick[0] = a;
		}
	for (int i = 0; i < ka; i++)
		for (int x = m->agent_x[l->pick[i]];
		    x < m->agent_x[l->pick[i] + 1]; x++)
			if (on[g->slots[m->x[x].slot].day])
				l->isfree[x] = 1;
	if (a >= 0)
		mend_room(l, a, wk);
	free(wk);
	free(on);
	return ka;
}

/* Mark the free columns of one round; returns how many. */
static int
choose(struct lns *l, enum kind k)
{
	const struct model *m = l->m;
	const struct grid *g = m->grid;
	int na = g->team->nagents, nd = g->ndays, n = 0;
	double per_agent = (double)m->nx / na, per_day = (double)m->nx / nd;
	double size = l->size[k] * l->boost;

	memset(l->isfree, 0, (size_t)m->nx);
	switch (k) {
	case N_AGENTS: {
		/* At least two agents (one alone is heur.c's move); on a long
		 * horizon, where two agents' whole rows are already more than
		 * GLPK settles (Curtois Instance 21: 2,000 columns, 5 s for 100
		 * nodes), only a stretch of their days. */
		int ka = clamp(size / per_agent, 2, na);
		int w = clamp(size / (ka * per_agent / nd), 1, nd);

		sample(l, l->pick, na, ka);
		free_rows(l, ka, rnd_below(l, nd - w + 1), w);
		break;
	}
	case N_CHAIN: {
		/* Filling a short slot often takes two agents' rows at once:
		 * one moves to the gap from a duty on another day, which one
		 * with minutes to spare takes over.  Neither a window of days
		 * (the other day is far) nor two agents at random (one in a
		 * hundred pairs fits, on Curtois Instance 13) holds that. */
		int dk = costly_demand(l, 1), ka, w, d0;

		if (dk < 0)
			return 0;
		ka = chain_agents(l, dk, clamp(size / per_agent, 2, na));
		w = clamp(size / (ka * per_agent / nd), 1, nd);
		d0 = g->slots[g->demands[dk].slot].day - w / 2;
		d0 = d0 + w > nd ? nd - w : d0 < 0 ? 0 : d0;
		free_rows(l, ka, d0, w);
		break;
	}
	case N_DAYS:
	case N_HOT:
	case N_BLOCK: {
		int ka = k == N_BLOCK ? (na + 1) / 2 : na;
		int w = clamp(size / (per_day * ka / na), 1, nd);
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
	case N_WEEKENDS:
		if (weekends_free(l, size) == 0)
			return 0;
		break;
	case N_FAIR: {
		int ka = fair_agents(l, clamp(size / per_agent, 2, na));

		free_rows(l, ka, 0, nd);
		break;
	}
	case N_LP: {
		/* The columns the LP would change, and as many again of the
		 * same agents' columns on those days, sampled down to size. */
		int want = clamp(size, 1, m->nx), cand = 0;

		for (int x = 0; x < m->nx; x++)
			if (fabs(l->o->lp[m->x[x].col] - l->v[m->x[x].col]) > 0.1)
				l->pick[cand++] = x;
		shuffle(l, l->pick, cand, want);
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
	for (int x = 0; x < m->nx; x++)
		n += l->isfree[x];
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
	if (l->extra && atomic_load(l->working) == 0) {
		l->cut_extra = 1;
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
	if (b >= l->obj + (l->fair_round ? 0.5 : -0.5) ||
	    (glp_mip_status(P) == GLP_FEAS && b >= glp_mip_obj_val(P) - 1e-6))
		glp_ios_terminate(T);
}

/* Read the model's matrix, bounds and costs out of GLPK (on the calling
 * thread, which owns it). */
static struct matrix *
matrix_new(const struct model *m)
{
	glp_prob *P = m->P;
	struct matrix *mx = xcalloc(1, sizeof(*mx));
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P);
	int nz = glp_get_num_nz(P), p = 0;
	int *ind = xmalloc(((size_t)nc + 1) * sizeof(int));
	double *val = xmalloc(((size_t)nc + 1) * sizeof(double));

	mx->nrows = nr;
	mx->ncols = nc;
	mx->rstart = xmalloc(((size_t)nr + 2) * sizeof(int));
	mx->rind = xmalloc(((size_t)nz + 1) * sizeof(int));
	mx->rval = xmalloc(((size_t)nz + 1) * sizeof(double));
	mx->rtype = xmalloc(((size_t)nr + 1) * sizeof(int));
	mx->rlo = xmalloc(((size_t)nr + 1) * sizeof(double));
	mx->rhi = xmalloc(((size_t)nr + 1) * sizeof(double));
	mx->cstart = xcalloc((size_t)nc + 2, sizeof(int));
	mx->crow = xmalloc(((size_t)nz + 1) * sizeof(int));
	for (int i = 1; i <= nr; i++) {
		int n = glp_get_mat_row(P, i, ind, val);

		mx->rstart[i] = p;
		for (int e = 1; e <= n; e++) {
			mx->rind[p] = ind[e];
			mx->rval[p++] = val[e];
			mx->cstart[ind[e] + 1]++;
		}
		mx->rtype[i] = glp_get_row_type(P, i);
		mx->rlo[i] = glp_get_row_lb(P, i);
		mx->rhi[i] = glp_get_row_ub(P, i);
	}
	mx->rstart[nr + 1] = p;
	/* By columns: count, sum, fill. */
	for (int j = 1; j <= nc + 1; j++)
		mx->cstart[j] += mx->cstart[j - 1];
	for (int j = 0; j <= nc; j++)
		ind[j] = mx->cstart[j];
	for (int i = 1; i <= nr; i++)
		for (int e = mx->rstart[i]; e < mx->rstart[i + 1]; e++)
			mx->crow[ind[mx->rind[e]]++] = i;
	mx->ctype = xmalloc(((size_t)nc + 1) * sizeof(int));
	mx->ckind = xmalloc(((size_t)nc + 1) * sizeof(int));
	mx->clo = xmalloc(((size_t)nc + 1) * sizeof(double));
	mx->chi = xmalloc(((size_t)nc + 1) * sizeof(double));
	mx->cost = xmalloc(((size_t)nc + 1) * sizeof(double));
	mx->xof = xmalloc(((size_t)nc + 1) * sizeof(int));
	for (int j = 1; j <= nc; j++) {
		mx->ctype[j] = glp_get_col_type(P, j);
		mx->ckind[j] = glp_get_col_kind(P, j);
		mx->clo[j] = glp_get_col_lb(P, j);
		mx->chi[j] = glp_get_col_ub(P, j);
		mx->cost[j] = glp_get_obj_coef(P, j);
		mx->xof[j] = -1;
	}
	mx->cost[0] = 0;
	for (int x = 0; x < m->nx; x++)
		mx->xof[m->x[x].col] = x;
	free(ind);
	free(val);
	return mx;
}

static void
matrix_free(struct matrix *mx)
{
	free(mx->rstart);
	free(mx->rind);
	free(mx->rval);
	free(mx->cstart);
	free(mx->crow);
	free(mx->rtype);
	free(mx->rlo);
	free(mx->rhi);
	free(mx->ctype);
	free(mx->ckind);
	free(mx->clo);
	free(mx->chi);
	free(mx->cost);
	free(mx->xof);
	free(mx);
}

/* An N_FAIR round's own rows: each of its agents (all of whose columns
 * are free) ends below the top of the spread, or above its bottom. */
static void
fair_rows(struct lns *l, glp_prob *S)
{
	const struct model *m = l->m;
	const struct fair_group *fg = &m->fair[l->fair_group];

	for (int i = 0; i < l->nfair_agents; i++) {
		int a = l->pick[i], n = 0, row;

		for (int x = m->agent_x[a]; x < m->agent_x[a + 1]; x++)
			if (model_fair_counts(m, x, fg) && l->colmap[m->x[x].col]) {
				n++;
				l->ind[n] = l->colmap[m->x[x].col];
				l->val[n] = 1;
			}
		row = glp_add_rows(S, 1);
		glp_set_mat_row(S, row, n, l->ind, l->val);
		glp_set_row_bnds(S, row, l->fair_side ? GLP_LO : GLP_UP,
		    l->fair_level, l->fair_level);
	}
}

/* The sub-problem of one round: the free assignment columns, every other
 * column they are tied to through a row (cover slack, weekends, fairness),
 * and every row that holds any of them, with the fixed columns' part moved
 * into the row's bounds.  Far smaller than the model, so each round costs
 * what its free part costs, not what the whole team does.  Returns the
 * problem, with the constant of the fixed part in its objective. */
static glp_prob *
sub_build(struct lns *l)
{
	const struct model *m = l->m;
	const struct matrix *mx = l->mx;
	glp_prob *S = glp_create_prob();
	int nc = 0, nr = 0;
	double c0 = 0;

	for (int x = 0; x < m->nx; x++)
		if (l->isfree[x]) {
			l->colmap[m->x[x].col] = 1;
			l->cols[nc++] = m->x[x].col;
		}
	/* Close the set: a row with a chosen column is in, and so is every
	 * column of it that is not an assignment (which stays fixed). */
	for (int q = 0; q < nc; q++) {
		int j = l->cols[q];

		for (int p = mx->cstart[j]; p < mx->cstart[j + 1]; p++) {
			int i = mx->crow[p];

			if (l->rowin[i])
				continue;
			l->rowin[i] = 1;
			l->rows[nr++] = i;
			for (int e = mx->rstart[i]; e < mx->rstart[i + 1]; e++) {
				int c = mx->rind[e];

				if (!l->colmap[c] && mx->xof[c] < 0) {
					l->colmap[c] = 1;
					l->cols[nc++] = c;
				}
			}
		}
	}
	if (nc > 0)
		glp_add_cols(S, nc);
	for (int q = 0; q < nc; q++) {
		int j = l->cols[q];

		l->colmap[j] = q + 1;
		glp_set_col_kind(S, q + 1, mx->ckind[j]);
		glp_set_col_bnds(S, q + 1, mx->ctype[j], mx->clo[j], mx->chi[j]);
		glp_set_obj_coef(S, q + 1, mx->cost[j]);
	}
	/* The fixed part's cost: the roster's penalty (every column's cost
	 * times its value, as model_tighten() left them) less the free
	 * part's. */
	c0 = l->obj;
	for (int q = 0; q < nc; q++)
		c0 -= mx->cost[l->cols[q]] * l->v[l->cols[q]];
	glp_set_obj_coef(S, 0, c0);
	glp_set_obj_dir(S, GLP_MIN);
	if (nr > 0)
		glp_add_rows(S, nr);
	for (int q = 0; q < nr; q++) {
		int i = l->rows[q], n = 0;
		double fixed = 0, lo = mx->rlo[i], hi = mx->rhi[i];

		for (int e = mx->rstart[i]; e < mx->rstart[i + 1]; e++) {
			int c = mx->rind[e];

			if (l->colmap[c]) {
				n++;
				l->ind[n] = l->colmap[c];
				l->val[n] = mx->rval[e];
			} else {
				fixed += mx->rval[e] * l->v[c];
			}
		}
		glp_set_row_bnds(S, q + 1, mx->rtype[i], lo - fixed, hi - fixed);
		glp_set_mat_row(S, q + 1, n, l->ind, l->val);
		l->rowin[i] = 0;
	}
	if (l->fair_round)
		fair_rows(l, S);
	return S;
}

/* Undo sub_build()'s marks. */
static void
sub_clear(struct lns *l, int nc)
{
	for (int q = 0; q < nc; q++)
		l->colmap[l->cols[q]] = 0;
}

/* One round: returns 1 if the roster improved. */
static int
round_of(struct lns *l, enum kind k, double deadline)
{
	const struct model *m = l->m;
	int ncols = l->mx->ncols, nfree, nsub, ret, st, ends;
	glp_iocp iocp;
	glp_prob *S;
	double t;

	l->fair_round = k == N_FAIR;
	nfree = choose(l, k);
	if (nfree == 0)
		return 0;
	S = sub_build(l);
	nsub = glp_get_num_cols(S);
	glp_init_iocp(&iocp);
	iocp.msg_lev = GLP_MSG_OFF;
	iocp.presolve = GLP_ON;
	/* Most fractional, not Driebeck-Tomlin: GLPK's DTH works out a row of
	 * the simplex table for every fractional column at every node, and
	 * on sub-problems of a few thousand columns that was 40-50 % of the
	 * search's time (perf, Curtois 13: glp_get_mat_col under
	 * glp_eval_tab_row).  With MFV a quarter to a half more rounds fit
	 * in the same time and 13 and 14 end lower; 15 is within its spread.
	 * The cost: DTH settles small rounds in fewer nodes (Curtois 10's
	 * rounds of a few hundred columns): at 60 s 10 reached its optimum
	 * on one seed of three before, on none with MFV (BENCH.md). */
	iocp.br_tech = GLP_BR_MFV;
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
		if (l->round_ms > 0 && iocp.tm_lim > l->round_ms)
			iocp.tm_lim = l->round_ms;
	}
	l->nodes = 0;
	l->cut_short = 0;
	l->cut_extra = 0;
	l->iocp = &iocp;
	ret = glp_intopt(S, &iocp);
	l->iocp = NULL;
	st = glp_mip_status(S);

	/* Grow a kind whose sub-problems GLPK settles, shrink one whose
	 * sub-problems it cannot; halve one that met the round's time limit,
	 * far too big (the desk's lp rounds grew to 1,200 columns on root
	 * prunes and then spent 2 s each at the limit).  A boosted round
	 * (lns_run) leaves them: they stay the sizes GLPK settles; so does
	 * an extra round stopped at the end of its epoch. */
	if (l->boost <= 1 && !l->cut_extra) {
		if (ret == GLP_ETMLIM)
			l->size[k] *= 0.5;
		else if (l->cut_short)
			l->size[k] *= 0.8;
		else
			l->size[k] *= 1.1;
	}
	if (l->size[k] < 10)
		l->size[k] = 10;
	if (l->size[k] > m->nx)
		l->size[k] = m->nx;
	/* An N_FAIR round may keep the penalty: its rows make it lower the
	 * number of agents at the ends of the spread. */
	if ((st != GLP_FEAS && st != GLP_OPT) ||
	    glp_mip_obj_val(S) >= l->obj + (l->fair_round ? 0.5 : -0.5)) {
		sub_clear(l, nsub);
		glp_delete_prob(S);
		return 0;
	}
	memcpy(l->w, l->v, ((size_t)ncols + 1) * sizeof(double));
	for (int q = 0; q < nsub; q++)
		l->w[l->cols[q]] = glp_mip_col_val(S, q + 1);
	sub_clear(l, nsub);
	glp_delete_prob(S);
	t = floor(model_tighten(m, l->w) + 0.5);
	if (t > l->obj + 0.5)
		return 0;
	ends = fair_ends(l, l->w);
	if (t >= l->obj - 0.5 && (!l->fair_round || ends >= l->plateau))
		return 0;
	if (l->o->verbose)
		fprintf(stderr, "lns: %s (%d free): %.0f -> %.0f (%.1f s left)\n",
		    kind_name[k], nfree, l->obj, t, l->o->deadline > 0 ?
		    l->o->deadline - now_seconds() : 0);
	memcpy(l->v, l->w, ((size_t)ncols + 1) * sizeof(double));
	l->obj = t;
	l->plateau = ends;
	return 1;
}

/* Is l's roster better than one of penalty obj with plateau agents at
 * the ends of fairness spreads? */
static int
better(const struct lns *l, double obj, int plateau)
{
	return l->obj < obj - 0.5 ||
	    (l->obj < obj + 0.5 && l->plateau < plateau);
}

/* The workers: each runs EPOCH_ROUNDS rounds from the same roster (and,
 * with no_wait, extra ones while another is still on its own: epoch()),
 * on its own thread with its own GLPK environment (GLPK keeps it in
 * thread-local storage) and its own copy of the model; then the best
 * roster of the epoch is handed to all.  A fixed number of rounds per
 * epoch, not a time slice, keeps the search repeatable (without
 * no_wait). */
#define EPOCH_ROUNDS	10
#define MAX_WORKERS	4

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t	go;
	int	 ready;		/* the barriers are set up (for the threads
				 * that did start) */
	pthread_barrier_t start, end;
	int	 quit;
	atomic_int working;	/* workers still on their EPOCH_ROUNDS */
};

struct worker {
	struct lns l;
	struct shared *sh;
	pthread_t th;
	jmp_buf	 fail;
	int	 failed;	/* GLPK failed in this worker: it sits out */
	int	 round;		/* rounds run so far */
	int	 done;		/* it has left sh->working this epoch */
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

/* One round of the next kind in turn. */
static void
next_round(struct worker *w)
{
	struct lns *l = &w->l;
	const struct lns_opts *o = l->o;
	enum kind k = (enum kind)(w->round % N_KINDS);
	double t0 = now_seconds(), before = l->obj;

	w->round++;
	if ((k == N_LP && o->lp == NULL) || (k == N_FAIR && l->m->nfair == 0))
		return;
	l->wins[k] += round_of(l, k, o->deadline);
	l->gain[k] += before - l->obj;
	l->runs[k]++;
	l->secs[k] += now_seconds() - t0;
}

/* Leave the count of workers on their epoch's rounds (once). */
static void
worker_done(struct worker *w)
{
	if (!w->done) {
		w->done = 1;
		atomic_fetch_sub(&w->sh->working, 1);
	}
}

/* One epoch: EPOCH_ROUNDS rounds, the kinds in turn, then (o->no_wait)
 * extra rounds while another worker is still on its own.  Rounds vary a
 * hundredfold in length (up to the cap of a fifth of the time), so with
 * a fixed number of rounds each the workers waited at the epoch's end
 * for a quarter of their time (Curtois 8 and 13 at 60 s: 20 and 27 of 75 and
 * 107 thread-seconds; one epoch of 8 took 7.0 s on one worker and 15.5 s
 * on the other).  An extra round is stopped as soon as the last worker
 * is done, and keeps what it found by then.  The price: with more than
 * one worker, how many extra rounds run follows the clock, so the search
 * is not repeatable (lns.h): two solves of the same team could publish
 * different rosters, which is why it is not the default. */
static void
epoch(struct worker *w)
{
	struct lns *l = &w->l;

	for (int i = 0; i < EPOCH_ROUNDS && !finished(l->o, l->obj); i++)
		next_round(w);
	worker_done(w);
	l->extra = 1;
	while (l->o->no_wait && atomic_load(&w->sh->working) > 0 &&
	    !finished(l->o, l->obj))
		next_round(w);
	l->extra = 0;
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
		worker_done(w);
		pthread_barrier_wait(&w->sh->end);
	}
	glp_free_env();		/* and any sub-problem an error left */
	return NULL;
}

double
lns_run(const struct model *m, double *v, double obj, const struct lns_opts *o)
{
	struct worker ws[MAX_WORKERS];
	struct shared sh;
	int ncols = glp_get_num_cols(m->P), na = m->grid->team->nagents;
	int nrows = glp_get_num_rows(m->P);
	struct matrix *mx;
	int n = o->threads < 1 ? 1 : o->threads > MAX_WORKERS ? MAX_WORKERS :
	    o->threads;
	int idle = 0, epochs = 0, started = 0, plateau;
	size_t bytes = ((size_t)ncols + 1) * sizeof(double);

	if (m->nx == 0 || obj <= ceil(o->bound - 1e-6))
		return obj;
	mx = matrix_new(m);
	memset(ws, 0, sizeof(ws));
	memset(&sh, 0, sizeof(sh));
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.go, NULL);
	for (int i = 0; i < n; i++) {
		struct lns *l = &ws[i].l;

		ws[i].sh = &sh;
		l->working = &sh.working;
		l->m = m;
		l->mx = mx;
		l->o = o;
		l->colmap = xcalloc((size_t)ncols + 1, sizeof(int));
		l->cols = xmalloc(((size_t)ncols + 1) * sizeof(int));
		l->rowin = xcalloc((size_t)nrows + 1, 1);
		l->rows = xmalloc(((size_t)nrows + 1) * sizeof(int));
		l->ind = xmalloc(((size_t)ncols + 1) * sizeof(int));
		l->val = xmalloc(((size_t)ncols + 1) * sizeof(double));
		l->v = xmalloc(bytes);
		memcpy(l->v, v, bytes);
		l->obj = obj;
		l->count = xmalloc(((size_t)na + 1) * sizeof(int));
		l->plateau = fair_ends(l, v);
		/* Different neighbourhoods on each worker. */
		l->rng = (o->seed != 0 ? o->seed : 1) * 2654435761u + (unsigned)i;
		if (l->rng == 0)
			l->rng = 1;
		l->w = xmalloc(bytes);
		l->isfree = xmalloc((size_t)m->nx + 1);
		l->pick = xmalloc(((size_t)(m->nx > na ? m->nx : na) +
		    (size_t)m->grid->nweekends + 1) * sizeof(int));
		for (int k = 0; k < N_KINDS; k++)
			l->size[k] = 150;
		l->boost = 1;
		if (o->deadline > 0) {
			double ms = (o->deadline - now_seconds()) * 1000 * ROUND_SHARE;

			l->round_ms = ms < ROUND_MS_MIN ? ROUND_MS_MIN :
			    ms > 1e9 ? 1000000000 : (int)ms;
		}
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

	plateau = n > 0 ? ws[0].l.plateau : 0;
	while (!sh.quit) {
		int best = -1, alive = 0;

		for (int i = 0; i < n; i++)
			if (!ws[i].failed && (best < 0 ||
			    better(&ws[i].l, ws[best].l.obj, ws[best].l.plateau)))
				best = i;
		for (int i = 0; i < n; i++)
			alive += !ws[i].failed;
		if (best >= 0 && better(&ws[best].l, obj, plateau)) {
			obj = ws[best].l.obj;
			plateau = ws[best].l.plateau;
			memcpy(v, ws[best].l.v, bytes);
			idle = 0;
		} else if (epochs > 0) {
			idle++;
		}
		if (alive == 0 || idle * EPOCH_ROUNDS >= IDLE_ROUNDS ||
		    finished(o, obj))
			break;
		/* Epochs that improve nothing make the rounds larger: the
		 * sizes GLPK settles within the node limit can hold a roster
		 * in a hollow that only a larger move leaves (Curtois 8 at
		 * 1401, one night shorter than rosters of 1309: the rounds
		 * that found those freed 700-800 columns, the sizes had
		 * reached 150-600).  The sizes themselves stay those GLPK
		 * settles, for when the search moves again. */
		double boost = idle < BOOST_IDLE ? 1 :
		    fmin(BOOST_MAX, 1 + BOOST_STEP * (idle - BOOST_IDLE + 1));

		if (o->verbose && idle >= BOOST_IDLE)
			fprintf(stderr, "lns: epoch %d, rounds %.2f times their "
			    "size\n", epochs, boost);
		atomic_store(&sh.working, n);
		for (int i = 0; i < n; i++) {
			ws[i].done = 0;
			ws[i].l.boost = boost;
			if (ws[i].l.obj != obj || ws[i].l.plateau != plateau) {
				memcpy(ws[i].l.v, v, bytes);
				ws[i].l.obj = obj;
				ws[i].l.plateau = plateau;
			}
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
	for (int k = 0; o->verbose && k < N_KINDS; k++) {
		int runs = 0, wins = 0;
		double gain = 0, secs = 0;

		for (int i = 0; i < started; i++) {
			runs += ws[i].l.runs[k];
			wins += ws[i].l.wins[k];
			secs += ws[i].l.secs[k];
			gain += ws[i].l.gain[k];
		}
		if (runs > 0)
			fprintf(stderr, "lns: %-8s %5d rounds, %4d better by "
			    "%6.0f, %6.1f s\n", kind_name[k], runs, wins, gain,
			    secs);
	}
	for (int i = 0; i < MAX_WORKERS; i++) {
		free(ws[i].l.v);
		free(ws[i].l.w);
		free(ws[i].l.isfree);
		free(ws[i].l.pick);
		free(ws[i].l.colmap);
		free(ws[i].l.cols);
		free(ws[i].l.rowin);
		free(ws[i].l.rows);
		free(ws[i].l.ind);
		free(ws[i].l.val);
		free(ws[i].l.count);
	}
	matrix_free(mx);
	pthread_barrier_destroy(&sh.start);
	pthread_barrier_destroy(&sh.end);
	pthread_cond_destroy(&sh.go);
	pthread_mutex_destroy(&sh.lock);
	return obj;
}
