/* heur.c - a roster built and improved one agent at a time (see heur.h). */
#include "heur.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define OFF	(-1)		/* a row's value for a day without a duty */
#define ROUNDS	60		/* multiplier updates for one row */
#define RULE	100000L		/* violation() of one broken rule */
#define VALID_ROWS 4		/* valid rows one solve looks at (cheapen) */
#define EXACT_CELLS (1L << 21) /* dp_minutes()'s largest table */
#define PAIR_PASSES	4	/* changes of two days polish_pairs() makes */
#define PAIR_CHECKS	2000	/* rows one polish_pairs() checks */

struct heur {
	const struct grid *g;
	double	 deadline;	/* now_seconds() to stop at, or <= 0 */
	double	 build;		/* the construction's deadline, if later */
	volatile sig_atomic_t *stop;	/* stop when set, or NULL */
	int	 threads;	/* the improvement's (heur_set_threads()) */
	const double *price;	/* [ndemands]: heur_price()'s prices of
				 * cover, in place of the others' rows */
	int	 impossible;	/* an agent's rules cannot hold (dp_minutes) */
	int	 nagents;
	int	 ndays;
	int	 nshifts;
	int	*pick;		/* [nagents * ndays]: demand filled by the duty
				 * starting that day, or OFF */
	int	*next;		/* [ndays]: the row being tried */
	int	*cover;		/* [ndemands]: agents filling each demand */
	unsigned char *done;	/* [nagents]: has a valid row */
	int	*load;		/* [3 * nagents]: scratch for fairness */

	/* Multipliers of each agent's totals, kept from one solve of its row
	 * to the next so that a re-solve starts where the last one ended. */
	double	*lambda;	/* [nagents]: per counted minute */
	double	*mu;		/* [nagents * nshifts]: per duty of a type */
	double	*nu;		/* [nagents]: per working weekend */
	double	*mu_best;	/* [nshifts]: mu of the row kept (cheapen) */

	/* Scratch of one agent's programme. */
	int	 nlen;		/* run lengths tracked: 1 .. nlen */
	int	 nstates;	/* (nshifts + 1) * nlen * 2 */
	int	*dem;		/* [ndays * nshifts]: demand a duty of that
				 * shift fills, or OFF when it cannot be */
	double	*base;		/* [ndays * (nshifts + 1)]: penalty change of
				 * each choice (the last one: off) */
	unsigned char *bad;	/* [ndays * nshifts * nshifts]: shift p on d - 1
				 * may not be followed by q on d */
	double	*val;		/* [ndays * nstates] */
	int	*from;		/* [ndays * nstates] */
	int	*row;		/* [ndays]: shift worked each day, or OFF */
	int	*best;		/* [ndays]: the cheapest valid row found */
	int	*least;		/* [ndays]: the row breaking the rules least */
	int	*few;		/* [ndays]: a row with too few minutes */
	int	*many;		/* [ndays]: a row with too many */
	int	*count;		/* [nshifts] */
	int	*ord;		/* [2 * nlen * nshifts]: dp()'s sorted shifts */
	int	*cnt;		/* [2 * nlen] */
	int	*days;		/* [ndays]: repair()'s order of days */
	struct change *chg;	/* [ndays * (nshifts + 1)]: polish_pairs() */
};

/* One day's choice other than the row's, and what it saves. */
struct change {
	int	 d, k;
	double	 delta;		/* cost of k on d less the row's there */
};

struct heur *
heur_new(const struct grid *g)
{
	const struct team *t = g->team;
	struct heur *h = xcalloc(1, sizeof(*h));
	size_t cells = (size_t)t->nagents * g->ndays;
	size_t D = (size_t)g->ndays + 1, T = (size_t)t->nshifts;

	h->g = g;
	h->nagents = t->nagents;
	h->ndays = g->ndays;
	h->nshifts = t->nshifts;
	h->pick = xmalloc((cells + 1) * sizeof(int));
	for (size_t i = 0; i < cells; i++)
		h->pick[i] = OFF;
	h->next = xmalloc(D * sizeof(int));
	h->cover = xcalloc((size_t)g->ndemands + 1, sizeof(int));
	h->done = xcalloc((size_t)h->nagents + 1, 1);
	h->load = xcalloc(3 * (size_t)h->nagents + 1, sizeof(int));
	h->lambda = xcalloc((size_t)h->nagents + 1, sizeof(double));
	h->mu = xcalloc((size_t)h->nagents * T + 1, sizeof(double));
	h->nu = xcalloc((size_t)h->nagents + 1, sizeof(double));
	h->mu_best = xcalloc(T + 1, sizeof(double));

	/* Run lengths matter up to the largest limit on them. */
	h->nlen = 1;
	for (int c = 0; c < t->ncontracts; c++) {
		const struct contract *k = &t->contracts[c];

		if (k->max_consecutive != UNLIMITED && k->max_consecutive > h->nlen)
			h->nlen = k->max_consecutive;
		if (k->min_consecutive > h->nlen)
			h->nlen = k->min_consecutive;
		if (k->min_days_off > h->nlen)
			h->nlen = k->min_days_off;
	}
	h->nstates = (int)(T + 1) * h->nlen * 2;
	h->dem = xmalloc(D * (T + 1) * sizeof(int));
	h->base = xmalloc(D * (T + 1) * sizeof(double));
	h->bad = xmalloc(D * (T * T + 1));
	h->val = xmalloc(D * (size_t)h->nstates * sizeof(double));
	h->from = xmalloc(D * (size_t)h->nstates * sizeof(int));
	h->row = xmalloc(D * sizeof(int));
	h->best = xmalloc(D * sizeof(int));
	h->least = xmalloc(D * sizeof(int));
	h->few = xmalloc(D * sizeof(int));
	h->many = xmalloc(D * sizeof(int));
	h->count = xcalloc(T + 1, sizeof(int));
	h->days = xmalloc(((size_t)h->ndays + 1) * sizeof(int));
	h->ord = xmalloc(2 * (size_t)h->nlen * (T + 1) * sizeof(int));
	h->cnt = xmalloc(2 * (size_t)h->nlen * sizeof(int));
	h->chg = xmalloc(D * (T + 1) * sizeof(*h->chg));
	return h;
}

void
heur_free(struct heur *h)
{
	if (h == NULL)
		return;
	free(h->pick);
	free(h->next);
	free(h->cover);
	free(h->done);
	free(h->load);
	free(h->lambda);
	free(h->mu);
	free(h->nu);
	free(h->mu_best);
	free(h->dem);
	free(h->base);
	free(h->bad);
	free(h->val);
	free(h->from);
	free(h->row);
	free(h->best);
	free(h->least);
	free(h->few);
	free(h->many);
	free(h->count);
	free(h->ord);
	free(h->chg);
	free(h->days);
	free(h->cnt);
	free(h);
}

long
heur_columns(const struct grid *g)
{
	long n = 0;

	for (int a = 0; a < g->team->nagents; a++)
		for (int k = 0; k < g->ndemands; k++)
			n += grid_can_fill(g, a, &g->demands[k]);
	return n;
}

/* Minutes counted for shift k (or OFF: none) worked on day d. */
static long
duty_minutes(const struct heur *h, int d, int k)
{
	return k == OFF ? 0 : h->g->slots[grid_slot_at(h->g, d, k)].counts;
}

/* Is the time up?  Checked inside every loop that can be long: a year of
 * a large team must still end near the limit. */
static int
late(const struct heur *h)
{
	return (h->deadline > 0 && now_seconds() >= h->deadline) ||
	    (h->stop != NULL && *h->stop);
}

void
heur_set_stop(struct heur *h, volatile sig_atomic_t *stop)
{
	h->stop = stop;
}

void
heur_set_threads(struct heur *h, int threads)
{
	h->threads = threads;
}

void
heur_set_build_deadline(struct heur *h, double deadline)
{
	h->build = deadline;
}

/* The change of the team's cover penalty when one more agent fills demand
 * k, which c agents fill already. */
static int
gain(const struct demand *dm, int c)
{
	if (c < dm->min)
		return -dm->under;
	if (dm->max != UNLIMITED && c >= dm->max)
		return dm->over;
	return 0;
}

/* The team's penalty for the rows in h->pick, counted as roster_evaluate()
 * counts it (agents without a row count as working nothing). */
static long
penalty(struct heur *h)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	int *nights = h->load, *wkend = h->load + h->nagents;
	int *duties = h->load + 2 * h->nagents;
	long p = 0;

	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		if (h->cover[k] < dm->min)
			p += (long)dm->under * (dm->min - h->cover[k]);
		if (dm->max != UNLIMITED && h->cover[k] > dm->max)
			p += (long)dm->over * (h->cover[k] - dm->max);
	}
	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];
		int d = w->date - (g->ndays ? g->days[0].date : 0);
		int k, has;

		if (d < 0 || d >= g->ndays)
			continue;
		k = h->pick[(size_t)w->agent * h->ndays + d];
		has = k >= 0 && (w->shift < 0 ||
		    g->slots[g->demands[k].slot].shift == w->shift);
		if (has != w->on)
			p += w->weight;
	}
	if (t->fair_nights == 0 && t->fair_weekends == 0 && t->fair_duties == 0)
		return p;
	memset(h->load, 0, 3 * (size_t)h->nagents * sizeof(int));
	for (int a = 0; a < h->nagents; a++)
		for (int d = 0; d < h->ndays; d++) {
			int k = h->pick[(size_t)a * h->ndays + d];
			const struct slot *s;

			if (k < 0)
				continue;
			s = &g->slots[g->demands[k].slot];
			nights[a] += s->night;
			wkend[a] += s->weekend;
			duties[a]++;
		}
	for (int r = 0; r < t->nranks; r++)
		for (int c = -1; c < t->ncontracts; c++)
			for (int kind = FAIR_NIGHTS; kind <= FAIR_DUTIES; kind++) {
				int weight = kind == FAIR_NIGHTS ? t->fair_nights :
				    kind == FAIR_WEEKENDS ? t->fair_weekends :
				    t->fair_duties;
				const int *n = kind == FAIR_NIGHTS ? nights :
				    kind == FAIR_WEEKENDS ? wkend : duties;
				int seen = 0, hi = 0, lo = 0;

				/* Nights and weekends over a whole rank,
				 * duties per rank and contract (roster.c). */
				if (weight == 0 || (c < 0) != (kind != FAIR_DUTIES))
					continue;
				for (int a = 0; a < h->nagents; a++) {
					if (!fair_member(t, a, r, c, kind))
						continue;
					if (!seen++ || n[a] > hi)
						hi = n[a];
					if (seen == 1 || n[a] < lo)
						lo = n[a];
				}
				p += (long)weight * (hi - lo);
			}
	return p;
}

/* Replace agent a's row by row[0..ndays), keeping cover counts. */
static void
set_row(struct heur *h, int a, const int *row)
{
	int *mine = h->pick + (size_t)a * h->ndays;

	for (int d = 0; d < h->ndays; d++) {
		if (mine[d] >= 0)
			h->cover[mine[d]]--;
		mine[d] = row[d];
		if (mine[d] >= 0)
			h->cover[mine[d]]++;
	}
}

/* Does working slot p and then slot q break the rest rule (roster.c's
 * check_agent)? */
static int
clash(const struct grid *g, int p, int q, int min_rest)
{
	long rest = (long)(g->slots[q].start - g->slots[p].end) / 60;

	return rest < 0 || rest < min_rest;
}

/* A tiny cost, fixed for each (agent, day, shift), below 1/100 in all:
 * without it a year of duties that fill nothing cost the same, so one
 * price of a minute makes the programme take all of them or none (a row
 * of 99,840 minutes or 43,560 for a range of 77,880 .. 78,600); with it
 * they come in one by one as the price falls. */
static double
jitter(int a, int d, int k)
{
	unsigned long x = (unsigned long)a * 2654435761UL ^
	    (unsigned long)d * 40503UL ^ (unsigned long)k * 97UL;

	x ^= x >> 13;
	x *= 0x5bd1e995UL;
	x ^= x >> 15;
	return (double)(x % 1000) / 1000 / 100 / 366;
}

/* Fill the costs of agent a's choices against the others' cover: dem,
 * base and bad. */
static void
prepare(struct heur *h, int a)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	const int *mine = h->pick + (size_t)a * h->ndays;
	int T = h->nshifts;

	for (int d = 0; d < h->ndays; d++) {
		double *cost = h->base + (size_t)d * (T + 1);

		for (int k = 0; k <= T; k++)
			cost[k] = 0;
		for (int k = 0; k < T; k++) {
			int s = grid_slot_at(g, d, k), got = OFF;

			/* The demand of the slot this agent helps most. */
			for (int i = s >= 0 ? g->slot_demands[s] : 0;
			    s >= 0 && i < g->slot_demands[s + 1]; i++) {
				double v;

				if (!grid_can_fill(g, a, &g->demands[i]))
					continue;
				if (h->price != NULL)
					v = -h->price[i];
				else
					v = gain(&g->demands[i],
					    h->cover[i] - (mine[d] == i));
				if (got == OFF || v < cost[k]) {
					got = i;
					cost[k] = v;
				}
			}
			h->dem[(size_t)d * T + k] = got;
			cost[k] += jitter(a, d, k);
		}
	}
	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];
		int d = w->date - (g->ndays ? g->days[0].date : 0);
		double *cost = h->base + (size_t)d * (T + 1);

		if (w->agent != a || d < 0 || d >= g->ndays)
			continue;
		for (int k = 0; k <= T; k++) {
			int has = k < T && (w->shift < 0 || w->shift == k);

			if (has != w->on)
				cost[k] += w->weight;
		}
	}
	for (int d = 1; d < h->ndays; d++)
		for (int p = 0; p < T; p++)
			for (int q = 0; q < T; q++) {
				int sp = grid_slot_at(g, d - 1, p);
				int sq = grid_slot_at(g, d, q);

				h->bad[((size_t)d * T + p) * T + q] = sp >= 0 &&
				    sq >= 0 && clash(g, sp, sq, c->min_rest);
			}
	for (int i = 0; i < t->nsuccessions; i++) {
		const struct succession *sc = &t->successions[i];

		for (int d = 1; d < h->ndays; d++)
			h->bad[((size_t)d * T + sc->first) * T + sc->then] = 1;
	}
}

/* The cheapest row under the current multipliers, into h->row: exact for
 * leave, successions, rest between neighbouring days and run lengths
 * (runs touching the first or last day exempt from minimums, as in
 * roster.c); the totals are only priced. */
static void
dp(struct heur *h, int a)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	int T = h->nshifts, L = h->nlen, ns = h->nstates, D = h->ndays;
	int maxc = c->max_consecutive, minc = c->min_consecutive;
	int minoff = c->min_days_off, end = -1;
	double lambda = h->lambda[a], nu = h->nu[a];
	const double *mu = h->mu + (size_t)a * T;
	double bestv = DBL_MAX;
	int *ord = h->ord, *cnt = h->cnt;

#define STATE(k, len, f)	((((k) * L) + (len) - 1) * 2 + (f))
	for (int i = 0; i < D * ns; i++) {
		h->val[i] = DBL_MAX;
		h->from[i] = -1;
	}
	for (int d = 0; d < D; d++) {
		const double *cost = h->base + (size_t)d * (T + 1);
		const unsigned char *bad = h->bad + (size_t)d * T * T;
		double *cur = h->val + (size_t)d * ns;
		const double *prev = cur - ns;
		int *fr = h->from + (size_t)d * ns;
		int w = g->days[d].weekend, pw, to, ast = -1, bst = -1;
		double off = cost[T], av = DBL_MAX, bv = DBL_MAX;

#define RELAX(st, v, fst) do {						\
	if ((v) < cur[st]) {						\
		cur[st] = (v);						\
		fr[st] = (fst);						\
	}								\
} while (0)
		if (d == 0) {
			cur[STATE(T, 1, 1)] = off;
			for (int k = 0; k < T; k++)
				if (h->dem[(size_t)d * T + k] != OFF)
					cur[STATE(k, 1, 1)] = cost[k] + lambda *
					    duty_minutes(h, d, k) + mu[k] +
					    (w >= 0 ? nu : 0);
			continue;
		}
		pw = g->days[d - 1].weekend;
		/* Off after off; the best day off to start working after. */
		for (int len = 1; len <= L; len++)
			for (int f = 0; f < 2; f++) {
				int st = STATE(T, len, f);

				if (prev[st] == DBL_MAX)
					continue;
				to = STATE(T, len < L ? len + 1 : L, f);
				RELAX(to, prev[st] + off, st);
				if ((len >= minoff || f) && prev[st] < av) {
					av = prev[st];
					ast = st;
				}
			}
		/* The best run to end, and each (run length, exemption)'s
		 * last shifts cheapest first: a shift follows the first of
		 * them that it may follow. */
		for (int i = 0; i < 2 * L; i++)
			cnt[i] = 0;
		for (int p = 0; p < T; p++)
			for (int len = 1; len <= L; len++)
				for (int f = 0; f < 2; f++) {
					int st = STATE(p, len, f), li = (len - 1) * 2 + f;
					int *o = ord + (size_t)li * T, n;
					double v = prev[st];

					if (v == DBL_MAX)
						continue;
					if ((len >= minc || f) && v < bv) {
						bv = v;
						bst = st;
					}
					if (maxc != UNLIMITED && len + 1 > maxc)
						continue;
					for (n = cnt[li]; n > 0 && prev[STATE(o[n - 1],
					    len, f)] > v; n--)
						o[n] = o[n - 1];
					o[n] = p;
					cnt[li]++;
				}
		if (bst >= 0)
			RELAX(STATE(T, 1, 0), bv + off, bst);
		for (int k = 0; k < T; k++) {
			double ck;

			if (h->dem[(size_t)d * T + k] == OFF)
				continue;
			ck = cost[k] + lambda * duty_minutes(h, d, k) + mu[k];
			if (ast >= 0)
				RELAX(STATE(k, 1, 0), av + ck + (w >= 0 ? nu : 0), ast);
			if (w >= 0 && pw != w)
				ck += nu;
			for (int len = 1; len <= L; len++)
				for (int f = 0; f < 2; f++) {
					int li = (len - 1) * 2 + f, st;
					const int *o = ord + (size_t)li * T;

					for (int i = 0; i < cnt[li]; i++) {
						if (bad[o[i] * T + k])
							continue;
						st = STATE(o[i], len, f);
						RELAX(STATE(k, len < L ? len + 1 : L, f),
						    prev[st] + ck, st);
						break;
					}
				}
		}
#undef RELAX
	}
	for (int st = 0; st < ns; st++)
		if (h->val[(size_t)(D - 1) * ns + st] < bestv) {
			bestv = h->val[(size_t)(D - 1) * ns + st];
			end = st;
		}
	for (int d = D - 1; d >= 0; d--) {
		int k = end < 0 ? T : end / 2 / L;

		h->row[d] = k == T ? OFF : k;
		end = end < 0 ? -1 : h->from[(size_t)d * ns + end];
	}
#undef STATE
}

/* Days by which a run of len days of work (or, !work, off) breaks c's
 * limits on run lengths; a run touching the first or last day (inner 0)
 * is exempt from minimums, as in roster.c. */
static int
run_excess(const struct contract *c, int work, int len, int inner)
{
	int least = work ? c->min_consecutive : c->min_days_off, v = 0;

	if (work && c->max_consecutive != UNLIMITED && len > c->max_consecutive)
		v += len - c->max_consecutive;
	if (inner && len < least)
		v += least - len;
	return v;
}

/* How far row breaks agent a's rules (roster.c's check_agent, rule for
 * rule): 0 for a valid row.  Each broken rule counts RULE, a total of
 * minutes outside the contract's range one per minute: so that the repair
 * sees every step towards a narrow range (Instance24: 12 hours in a year)
 * as progress, such as a 10-hour duty for an 8-hour one.  Sets *minutes
 * to the row's counted minutes. */
static long
violation(struct heur *h, int a, const int *row, long *minutes)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	int T = h->nshifts, D = h->ndays, last = -1, weekends = 0, lastw = -1;
	long v = 0, m = 0;

	memset(h->count, 0, (size_t)T * sizeof(int));
	for (int d = 0; d < D; d++) {
		int s;

		if (row[d] == OFF)
			continue;
		if (h->dem[(size_t)d * T + row[d]] == OFF)
			v += 100 * RULE;	/* not available */
		s = grid_slot_at(g, d, row[d]);
		h->count[row[d]]++;
		m += g->slots[s].counts;
		if (last >= 0 && clash(g, grid_slot_at(g, last, row[last]), s,
		    c->min_rest))
			v += RULE;
		if (last == d - 1 && last >= 0)
			for (int i = 0; i < t->nsuccessions; i++)
				v += RULE * (t->successions[i].first == row[last] &&
				    t->successions[i].then == row[d]);
		if (g->days[d].weekend >= 0 && g->days[d].weekend != lastw) {
			weekends++;
			lastw = g->days[d].weekend;
		}
		last = d;
	}
	for (int k = 0; k < T; k++)
		if (c->max_shifts[k] != UNLIMITED && h->count[k] > c->max_shifts[k])
			v += RULE * (h->count[k] - c->max_shifts[k]);
	if (c->max_minutes != UNLIMITED && m > c->max_minutes)
		v += m - c->max_minutes;
	if (m < c->min_minutes)
		v += c->min_minutes - m;
	if (c->max_weekends != UNLIMITED && weekends > c->max_weekends)
		v += RULE * (weekends - c->max_weekends);
	for (int d = 0; d < D; ) {
		int e = d, work = row[d] != OFF, len;

		while (e + 1 < D && (row[e + 1] != OFF) == work)
			e++;
		len = e - d + 1;
		v += RULE * run_excess(c, work, len, d > 0 && e < D - 1);
		d = e + 1;
	}
	*minutes = m;
	return v;
}

/* The penalty change of row's choice on day d under prepare()'s costs. */
static double
day_cost(const struct heur *h, const int *row, int d)
{
	return h->base[(size_t)d * (h->nshifts + 1) +
	    (row[d] == OFF ? h->nshifts : row[d])];
}

/* The penalty change of row under prepare()'s costs. */
static double
row_cost(const struct heur *h, const int *row)
{
	double v = 0;

	for (int d = 0; d < h->ndays; d++)
		v += day_cost(h, row, d);
	return v;
}

/* Try every change of days d .. d + span - 1 (span 1 or 2) of row and
 * keep the one that lowers the violation v most (ties: the cheaper).
 * Returns the violation after. */
static long
move(struct heur *h, int a, int *row, int d, int span, long v)
{
	int T = h->nshifts, k0 = row[d], k1 = span > 1 ? row[d + 1] : OFF;
	int b0 = k0, b1 = k1;
	long m, bv = v;
	double bc = DBL_MAX;

	for (int p = -1; p < T; p++) {
		if (p >= 0 && h->dem[(size_t)d * T + p] == OFF)
			continue;
		for (int q = -1; q < (span > 1 ? T : 0); q++) {
			long nv;
			double nc;

			if (span > 1 && q >= 0 &&
			    h->dem[(size_t)(d + 1) * T + q] == OFF)
				continue;
			if (p == k0 && (span == 1 || q == k1))
				continue;
			row[d] = p;
			if (span > 1)
				row[d + 1] = q;
			nv = violation(h, a, row, &m);
			if (nv > bv || (nv == bv && nv == v))
				continue;
			nc = h->base[(size_t)d * (T + 1) + (p == OFF ? T : p)] +
			    (span > 1 ? h->base[(size_t)(d + 1) * (T + 1) +
			    (q == OFF ? T : q)] : 0);
			if (nv < bv || nc < bc) {
				bv = nv;
				bc = nc;
				b0 = p;
				b1 = q;
			}
		}
	}
	row[d] = b0;
	if (span > 1)
		row[d + 1] = b1;
	return bv;
}

/* The days of row into h->days, the costliest choice first (ties: the
 * earlier day). */
static void
costliest_first(struct heur *h, const int *row)
{
	for (int d = 0; d < h->ndays; d++) {
		double c = day_cost(h, row, d);
		int i = d;

		for (; i > 0 && day_cost(h, row, h->days[i - 1]) < c; i--)
			h->days[i] = h->days[i - 1];
		h->days[i] = d;
	}
}

/* Change one day (or, when that is stuck, two neighbouring days) at a
 * time while that lowers the violation: what the multipliers left over
 * is usually a few minutes or a duty type too many.  Days are tried
 * costliest first: when any of several duties may go (a weekly on-call
 * shift too many, all alike to the rules), the one that fills least goes,
 * not the first of the month.  Returns the violation left. */
static long
repair(struct heur *h, int a, int *row)
{
	long m, v = violation(h, a, row, &m);

	for (int pass = 0; v > 0 && pass < 50 && !late(h); pass++) {
		long before = v;

		costliest_first(h, row);
		for (int i = 0; i < h->ndays && v > 0; i++)
			v = move(h, a, row, h->days[i], 1, v);
		for (int d = 0; v == before && d + 1 < h->ndays && v > 0 &&
		    !late(h); d++)
			v = move(h, a, row, d, 2, v);
		if (v == before)
			break;
	}
	return v;
}

/* Whether the rules that look at day d and its neighbours hold for row:
 * rest and successions between d and the working days either side, and
 * the lengths of the runs of work and of days off through d - 1, d and
 * d + 1.  A cheap test before violation() for polish() and polish_pairs(),
 * which change a valid row on a day or two: where it fails violation()
 * would too, so it never turns a valid row away.  On Curtois 24 (a year)
 * violation() of every change tried took two thirds of the construction's
 * time, and this test turns away 95 to 99.9 % of them. */
static int
local_ok(const struct heur *h, const struct contract *c, const int *row,
    int d)
{
	const struct grid *g = h->g;
	int D = h->ndays, T = h->nshifts, p = d - 1, n = d + 1;

	while (p >= 0 && row[p] == OFF)
		p--;
	while (n < D && row[n] == OFF)
		n++;
	/* Neighbouring days: prepare()'s table of rest and successions. */
	if (row[d] != OFF) {
		int s = grid_slot_at(g, d, row[d]);

		if (p >= 0 && (p == d - 1 ?
		    h->bad[((size_t)d * T + row[p]) * T + row[d]] :
		    clash(g, grid_slot_at(g, p, row[p]), s, c->min_rest)))
			return 0;
		if (n < D && (n == d + 1 ?
		    h->bad[((size_t)n * T + row[d]) * T + row[n]] :
		    clash(g, s, grid_slot_at(g, n, row[n]), c->min_rest)))
			return 0;
	} else if (p >= 0 && n < D && clash(g, grid_slot_at(g, p, row[p]),
	    grid_slot_at(g, n, row[n]), c->min_rest))
		return 0;
	for (int e = d - 1; e <= d + 1; e++) {
		int work, lo = e, hi = e;

		if (e < 0 || e >= D)
			continue;
		work = row[e] != OFF;
		while (lo > 0 && (row[lo - 1] != OFF) == work)
			lo--;
		while (hi + 1 < D && (row[hi + 1] != OFF) == work)
			hi++;
		if (run_excess(c, work, hi - lo + 1, lo > 0 && hi < D - 1) != 0)
			return 0;
	}
	return 1;
}

/* Take any single day's change that keeps row valid and lowers its cost,
 * day by day, a few times over.  The programme prices totals, and duties
 * that cost alike come in or go together: with one price of a weekend an
 * agent works all of them or none (a price between would have to split
 * ties of a millionth), so a valid row may leave weekends that it could
 * still work and that the cover needs.  A day's choices are tried
 * cheapest first and the first valid one is kept; a choice that would
 * take the row's minutes out of the contract's range is not checked
 * against the other rules at all, which keeps a year of 32 shift types
 * cheap. */
static void
polish(struct heur *h, int a, int *row)
{
	const struct grid *g = h->g;
	const struct contract *c =
	    &g->team->contracts[g->team->agents[a].contract];
	int T = h->nshifts, *ord = h->ord;
	long m;

	if (violation(h, a, row, &m) != 0)
		return;
	for (int pass = 0; pass < 3 && !late(h); pass++) {
		int changed = 0;

		for (int d = 0; d < h->ndays; d++) {
			const double *cost = h->base + (size_t)d * (T + 1);
			int k0 = row[d], n = 0;
			double c0 = day_cost(h, row, d);
			long m0 = duty_minutes(h, d, k0);

			/* The cheaper choices, cheapest first. */
			for (int p = OFF; p < T; p++) {
				double cp = cost[p == OFF ? T : p];
				long mp = duty_minutes(h, d, p);
				int i;

				if (p == k0 || cp >= c0 - 1e-9 ||
				    (p >= 0 && h->dem[(size_t)d * T + p] == OFF))
					continue;
				if ((c->max_minutes != UNLIMITED &&
				    m - m0 + mp > c->max_minutes) ||
				    m - m0 + mp < c->min_minutes)
					continue;
				for (i = n; i > 0 && cost[ord[i - 1] == OFF ? T :
				    ord[i - 1]] > cp; i--)
					ord[i] = ord[i - 1];
				ord[i] = p;
				n++;
			}
			for (int i = 0; i < n; i++) {
				long nm;

				row[d] = ord[i];
				if (local_ok(h, c, row, d) &&
				    violation(h, a, row, &nm) == 0) {
					m = nm;
					changed = 1;
					break;
				}
				row[d] = k0;
			}
		}
		if (!changed)
			break;
	}
}

static int
by_delta(const void *x, const void *y)
{
	const struct change *p = x, *q = y;

	if (p->delta != q->delta)
		return p->delta < q->delta ? -1 : 1;
	return p->d != q->d ? p->d - q->d : p->k - q->k;
}

/* Make one change of two days at once that keeps row valid and lowers its
 * cost, trying the pairs of single changes that save most first (sorted
 * by what each saves alone), at most PAIR_CHECKS of them; returns whether
 * it found one.  After polish() no single day's change is both cheaper
 * and valid, but where the row's minutes sit at the contract's bound a
 * duty can come in on one day only if another goes (or gets shorter) on
 * another: on Curtois 15 the fast pricing found a row lowering the LP for
 * 1 to 5 agents of 45 a round, and GLPK's exact pricing, 4 to 5 s a
 * round, for every one. */
static int
polish_pairs(struct heur *h, int a, int *row)
{
	const struct grid *g = h->g;
	const struct contract *c =
	    &g->team->contracts[g->team->agents[a].contract];
	int T = h->nshifts, n = 0, checks = 0;
	long m, nm;

	if (violation(h, a, row, &m) != 0)
		return 0;
	for (int d = 0; d < h->ndays; d++) {
		double c0 = day_cost(h, row, d);

		for (int p = OFF; p < T; p++) {
			if (p == row[d] ||
			    (p >= 0 && h->dem[(size_t)d * T + p] == OFF))
				continue;
			h->chg[n].d = d;
			h->chg[n].k = p;
			h->chg[n].delta = h->base[(size_t)d * (T + 1) +
			    (p == OFF ? T : p)] - c0;
			n++;
		}
	}
	qsort(h->chg, (size_t)n, sizeof(*h->chg), by_delta);
	for (int i = 0; i < n && h->chg[i].delta < -1e-9; i++) {
		const struct change *x = &h->chg[i];
		int kx = row[x->d];
		long mx = m - duty_minutes(h, x->d, kx) +
		    duty_minutes(h, x->d, x->k);

		for (int j = i + 1; j < n &&
		    x->delta + h->chg[j].delta < -1e-9; j++) {
			const struct change *y = &h->chg[j];
			int ky = row[y->d];
			long my = mx - duty_minutes(h, y->d, ky) +
			    duty_minutes(h, y->d, y->k);

			if (y->d == x->d || my < c->min_minutes ||
			    (c->max_minutes != UNLIMITED && my > c->max_minutes))
				continue;
			if (++checks > PAIR_CHECKS || late(h))
				return 0;
			row[x->d] = x->k;
			row[y->d] = y->k;
			if (local_ok(h, c, row, x->d) &&
			    local_ok(h, c, row, y->d) &&
			    violation(h, a, row, &nm) == 0)
				return 1;
			row[x->d] = kx;
			row[y->d] = ky;
		}
	}
	return 0;
}

/* Greatest common divisor, for dp_minutes()'s unit of minutes. */
static long
gcd(long x, long y)
{
	while (y != 0) {
		long r = x % y;

		x = y;
		y = r;
	}
	return x;
}

/* The greatest common divisor of the minutes of the duties prepare() let
 * the agent work (1 if none): the unit of the minutes in a programme's
 * states. */
static long
minute_unit(const struct heur *h)
{
	int T = h->nshifts;
	long q = 0;

	for (int d = 0; d < h->ndays; d++)
		for (int k = 0; k < T; k++)
			if (h->dem[(size_t)d * T + k] != OFF)
				q = gcd(q, duty_minutes(h, d, k));
	return q > 0 ? q : 1;
}

/* The cheapest row whose counted minutes lie in the contract's range, into
 * h->row: dp()'s rules and prices, with the minutes worked so far made
 * part of the state instead of priced.  dp() alone may jump from too few
 * minutes to too many (Curtois Instance15: an agent of one 8-hour duty
 * type with 204 to 216 hours and its runs of 2 to 5 days went from 25
 * duties to 28 at one price, and the missing one needed three days
 * changed, beyond repair()).  The state grows with the range, so this is
 * only the fall-back, and only where the table stays below EXACT_CELLS.
 * Returns 1 with the row; 0 if the table would be too big; -1 if no row
 * exists: the contract's minutes, run lengths, successions and leave
 * cannot all hold, whatever the others do. */
static int
dp_minutes(struct heur *h, int a)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	int T = h->nshifts, L = h->nlen, ns = h->nstates, D = h->ndays;
	int maxc = c->max_consecutive, minc = c->min_consecutive;
	int minoff = c->min_days_off, capped = c->max_minutes != UNLIMITED;
	double nu = h->nu[a], bestv = DBL_MAX, *val;
	const double *mu = h->mu + (size_t)a * T;
	long q, M, W, end = -1, *from;
	size_t cells;

	q = minute_unit(h);
	/* Units of q minutes: at most M (or, without a cap, M standing for
	 * "M or more"). */
	M = capped ? c->max_minutes / q : (c->min_minutes + q - 1) / q;
	if (M < 0)
		return -1;
	W = M + 1;
	cells = (size_t)D * (size_t)ns * (size_t)W;
	if (D == 0 || cells > EXACT_CELLS)
		return 0;
	val = xmalloc(cells * sizeof(double));
	from = xmalloc(cells * sizeof(long));
	for (size_t i = 0; i < cells; i++)
		val[i] = DBL_MAX;

#define STATE(k, len, f)	((((k) * L) + (len) - 1) * 2 + (f))
#define CELL(d, st, b)		(((size_t)(d) * ns + (st)) * W + (b))
#define RELAX(d, st, b, v, fc) do {					\
	size_t to_ = CELL(d, st, b);					\
									\
	if ((v) < val[to_]) {						\
		val[to_] = (v);						\
		from[to_] = (long)(fc);					\
	}								\
} while (0)
	for (int d = 0; d < D; d++) {
		const double *cost = h->base + (size_t)d * (T + 1);
		const unsigned char *bad = h->bad + (size_t)d * T * T;
		int w = g->days[d].weekend, pw = d > 0 ? g->days[d - 1].weekend : -1;

		if (d == 0) {
			RELAX(0, STATE(T, 1, 1), 0, cost[T], -1);
			for (int k = 0; k < T; k++) {
				long b;

				if (h->dem[(size_t)k] == OFF)
					continue;
				b = duty_minutes(h, 0, k) / q;
				if (b > M && capped)
					continue;
				RELAX(0, STATE(k, 1, 1), b > M ? M : b, cost[k] +
				    mu[k] + (w >= 0 ? nu : 0), -1);
			}
			continue;
		}
		for (int st = 0; st < ns; st++)
			for (long b = 0; b <= M; b++) {
				size_t fc = CELL(d - 1, st, b);
				double v = val[fc];
				int p = st / 2 / L, len = st / 2 % L + 1, f = st % 2;
				int may_rest, may_work;

				if (v == DBL_MAX)
					continue;
				/* May this run or these days off end here? */
				may_rest = p != T && (len >= minc || f);
				may_work = p == T && (len >= minoff || f);
				if (p == T)
					RELAX(d, STATE(T, len < L ? len + 1 : L, f), b,
					    v + cost[T], fc);
				else if (may_rest)
					RELAX(d, STATE(T, 1, 0), b, v + cost[T], fc);
				for (int k = 0; k < T; k++) {
					long nb;
					double ck;

					if (h->dem[(size_t)d * T + k] == OFF)
						continue;
					nb = b + duty_minutes(h, d, k) / q;
					if (nb > M && capped)
						continue;
					if (nb > M)
						nb = M;
					ck = v + cost[k] + mu[k];
					if (p == T) {
						if (may_work)
							RELAX(d, STATE(k, 1, 0), nb,
							    ck + (w >= 0 ? nu : 0), fc);
					} else if (!bad[p * T + k] &&
					    (maxc == UNLIMITED || len + 1 <= maxc))
						RELAX(d, STATE(k, len < L ? len + 1 : L, f),
						    nb, ck + (w >= 0 && pw != w ? nu : 0), fc);
				}
			}
	}
	for (int st = 0; st < ns; st++)
		for (long b = 0; b <= M; b++) {
			size_t i = CELL(D - 1, st, b);

			if (val[i] < bestv && (!capped || b * q >= c->min_minutes) &&
			    (capped || b == M)) {
				bestv = val[i];
				end = (long)i;
			}
		}
	for (int d = D - 1; d >= 0 && end >= 0; d--) {
		int k = (int)(end / W % ns) / 2 / L;

		h->row[d] = k == T ? OFF : k;
		end = from[end];
	}
#undef RELAX
#undef CELL
#undef STATE
	free(val);
	free(from);
	return bestv < DBL_MAX ? 1 : -1;
}

/* Where one price of a minute gives too few minutes and a hair less gives
 * too many (many duties that cost alike come in at once), a row in range
 * is often the first days of one and the rest of the other: try every
 * day to join them at, both ways round, and keep in h->least the join
 * breaking the rules least if it beats *leastv. */
static void
splice(struct heur *h, int a, long *leastv)
{
	size_t n = (size_t)h->ndays * sizeof(int);
	long m, v;

	for (int way = 0; way < 2; way++) {
		const int *first = way ? h->many : h->few;
		const int *then = way ? h->few : h->many;

		memcpy(h->row, then, n);
		for (int x = 0; x < h->ndays; x++) {
			h->row[x] = first[x];
			v = violation(h, a, h->row, &m);
			if (v < *leastv) {
				*leastv = v;
				memcpy(h->least, h->row, n);
			}
		}
	}
}

/* Halve the prices of the totals that agent a's valid row leaves unused
 * (wk weekends worked; h->count as violation() left it); a price below
 * tiny goes to zero.  Returns 1 if any price changed. */
static int
cheapen(struct heur *h, int a, long wk, double tiny)
{
	const struct team *t = h->g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	double *mu = h->mu + (size_t)a * h->nshifts;
	int changed = 0;

	if (h->nu[a] > 0 && c->max_weekends != UNLIMITED &&
	    wk < c->max_weekends) {
		h->nu[a] = h->nu[a] > tiny ? h->nu[a] / 2 : 0;
		changed = 1;
	}
	for (int k = 0; k < h->nshifts; k++)
		if (mu[k] > 0 && c->max_shifts[k] != UNLIMITED &&
		    h->count[k] < c->max_shifts[k]) {
			mu[k] = mu[k] > tiny ? mu[k] / 2 : 0;
			changed = 1;
		}
	return changed;
}

/* Find agent a's row against the others' cover into h->next (demands).
 * Returns 1 with h->next filled, or 0 if no valid row was found. */
static int
solve_agent_step(struct heur *h, int a, double step)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	const struct contract *c = &t->contracts[t->agents[a].contract];
	int T = h->nshifts, found = 0;
	double scale = 1, lo = -DBL_MAX, hi = DBL_MAX, bestc = DBL_MAX;
	double lambda_best = 0, nu_best = 0;
	double *mu = h->mu + (size_t)a * T;
	long leastv = LONG_MAX;
	int hasfew = 0, hasmany = 0;

	prepare(h, a);
	/* Multiplier steps in the units of the costs at stake. */
	for (int i = 0; i < h->ndays * (T + 1); i++)
		if (fabs(h->base[i]) > scale)
			scale = fabs(h->base[i]);
	for (int round = 0; round < ROUNDS; round++) {
		long m, v, wk = 0;
		int lastw = -1, changed = 0;

		dp(h, a);
		v = violation(h, a, h->row, &m);
		if (v < leastv) {
			leastv = v;
			memcpy(h->least, h->row, (size_t)h->ndays * sizeof(int));
		}
		for (int d = 0; d < h->ndays; d++)
			if (h->row[d] != OFF && g->days[d].weekend >= 0 &&
			    g->days[d].weekend != lastw) {
				wk++;
				lastw = g->days[d].weekend;
			}
		if (v == 0) {
			double cost = row_cost(h, h->row);

			if (cost < bestc) {
				bestc = cost;
				memcpy(h->best, h->row, (size_t)h->ndays * sizeof(int));
				lambda_best = h->lambda[a];
				nu_best = h->nu[a];
				memcpy(h->mu_best, mu, (size_t)T * sizeof(double));
			}
			/* A valid row may still leave weekends or duties of a
			 * type unused at a price that only ever rose: prices
			 * are kept from row to row and agent to agent, and a
			 * year of Curtois Instance24 left 2,501 of its 3,426
			 * weekends unworked, most of the uncovered weekends.
			 * Lower such prices and look again, a few times. */
			if (++found >= VALID_ROWS || late(h) ||
			    !cheapen(h, a, wk, step * scale))
				break;
			continue;
		}
		if (late(h))
			break;
		if (m < c->min_minutes) {
			memcpy(h->few, h->row, (size_t)h->ndays * sizeof(int));
			hasfew = 1;
		} else if (c->max_minutes != UNLIMITED && m > c->max_minutes) {
			memcpy(h->many, h->row, (size_t)h->ndays * sizeof(int));
			hasmany = 1;
		}
		/* Price what the row exceeds. */
		for (int k = 0; k < T; k++)
			if (c->max_shifts[k] != UNLIMITED &&
			    h->count[k] > c->max_shifts[k]) {
				mu[k] += scale * step * (h->count[k] - c->max_shifts[k]);
				changed = 1;
			}
		if (c->max_weekends != UNLIMITED && wk > c->max_weekends) {
			h->nu[a] += scale * step * (wk - c->max_weekends);
			changed = 1;
		}
		if (changed) {
			lo = -DBL_MAX;
			hi = DBL_MAX;
		}
		/* Bisect the price of a minute towards the contract's range. */
		if (c->max_minutes != UNLIMITED && m > c->max_minutes)
			lo = h->lambda[a];
		else if (m < c->min_minutes)
			hi = h->lambda[a];
		else if (!changed)
			break;	/* only the run rules are left: repair */
		if (lo > -DBL_MAX && hi < DBL_MAX)
			h->lambda[a] = (lo + hi) / 2;
		else if (lo > -DBL_MAX)
			h->lambda[a] = lo + scale / 480 * (round + 1);
		else if (hi < DBL_MAX)
			h->lambda[a] = hi - scale / 480 * (round + 1);
	}
	if (!found && hasfew && hasmany)
		splice(h, a, &leastv);
	if (!found && repair(h, a, h->least) == 0) {
		memcpy(h->best, h->least, (size_t)h->ndays * sizeof(int));
		found = 1;
	}
	if (!found && !late(h)) {
		int exact = dp_minutes(h, a);

		if (exact < 0)
			h->impossible = 1;
		if (exact > 0 && repair(h, a, h->row) == 0) {
			memcpy(h->best, h->row, (size_t)h->ndays * sizeof(int));
			found = 1;
		}
	}
	if (!found)
		return 0;
	/* Keep the prices that gave the row kept: the next solve of this
	 * row, and the next agent's, start from them rather than from a
	 * price cheapen() lowered and that gave no valid row. */
	if (bestc < DBL_MAX) {
		h->lambda[a] = lambda_best;
		h->nu[a] = nu_best;
		memcpy(mu, h->mu_best, (size_t)T * sizeof(double));
	}
	polish(h, a, h->best);
	for (int i = 0; i < PAIR_PASSES && polish_pairs(h, a, h->best); i++)
		polish(h, a, h->best);
	for (int d = 0; d < h->ndays; d++)
		h->next[d] = h->best[d] == OFF ? OFF :
		    h->dem[(size_t)d * T + h->best[d]];
	return 1;
}

/* Find agent a's row: with the multipliers it had, and should that fail,
 * from scratch with finer and then coarser steps (a fixed order: the
 * same team always gets the same roster). */
static int
solve_agent(struct heur *h, int a)
{
	static const double steps[] = { 0.05, 0.01, 0.2, 0.002 };
	int T = h->nshifts;

	/* A new row starts from the last agent's prices of a minute and a
	 * weekend: teams are mostly alike, and that saves most rounds. */
	if (!h->done[a] && a > 0 && h->done[a - 1]) {
		h->lambda[a] = h->lambda[a - 1];
		h->nu[a] = h->nu[a - 1];
	}
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (solve_agent_step(h, a, steps[i]))
			return 1;
		/* No other step helps a row proven not to exist. */
		if (late(h) || h->impossible)
			return 0;
		h->lambda[a] = h->nu[a] = 0;
		for (int k = 0; k < T; k++)
			h->mu[(size_t)a * T + k] = 0;
	}
	return 0;
}

int
heur_price(struct heur *h, int a, const double *price, double deadline,
    int *row)
{
	int ok;

	h->price = price;
	h->deadline = deadline;
	ok = solve_agent(h, a);
	h->price = NULL;
	if (ok)
		memcpy(row, h->next, (size_t)h->ndays * sizeof(int));
	return ok;
}

/* A lower bound on any roster's penalty: the cover that no roster can
 * reach, a demand needing more agents than could ever fill it. */
static long
cheap_bound(const struct grid *g)
{
	long b = 0;

	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];
		int n = 0;

		for (int a = 0; a < g->team->nagents && n < dm->min; a++)
			n += grid_can_fill(g, a, dm);
		if (n < dm->min)
			b += (long)dm->under * (dm->min - n);
	}
	return b;
}

/* Put row in place of agent a's if that lowers the team's penalty below
 * *best (then lowered); returns 1 if it did.  NULL: no row found. */
static int
try_row(struct heur *h, int a, const int *row, long *best)
{
	int *mine = h->pick + (size_t)a * h->ndays, *old;
	long p;

	if (row == NULL ||
	    memcmp(row, mine, (size_t)h->ndays * sizeof(int)) == 0)
		return 0;
	old = xmalloc((size_t)h->ndays * sizeof(int));
	memcpy(old, mine, (size_t)h->ndays * sizeof(int));
	set_row(h, a, row);
	p = penalty(h);
	if (p < *best) {
		*best = p;
		free(old);
		return 1;
	}
	set_row(h, a, old);
	free(old);
	return 0;
}

/* The improvement's second worker: a copy of h, rows, cover and
 * multipliers, with scratch of its own.  Caller frees with heur_free(). */
static struct heur *
twin_new(const struct heur *h)
{
	struct heur *tw = heur_new(h->g);
	size_t T = (size_t)h->nshifts;

	memcpy(tw->pick, h->pick, (size_t)h->nagents * h->ndays * sizeof(int));
	memcpy(tw->cover, h->cover, (size_t)h->g->ndemands * sizeof(int));
	memcpy(tw->done, h->done, (size_t)h->nagents);
	memcpy(tw->lambda, h->lambda, (size_t)h->nagents * sizeof(double));
	memcpy(tw->mu, h->mu, (size_t)h->nagents * T * sizeof(double));
	memcpy(tw->nu, h->nu, (size_t)h->nagents * sizeof(double));
	tw->deadline = h->deadline;
	tw->stop = h->stop;
	return tw;
}

/* After a pair of rows, a solved by h and b by its twin: the twin takes
 * the rows kept, and each the other's multipliers of the agent it did
 * not solve (a row's next solve starts from them). */
static void
twin_sync(struct heur *h, struct heur *tw, int a, int b)
{
	size_t T = (size_t)h->nshifts;

	set_row(tw, a, h->pick + (size_t)a * h->ndays);
	set_row(tw, b, h->pick + (size_t)b * h->ndays);
	tw->lambda[a] = h->lambda[a];
	tw->nu[a] = h->nu[a];
	memcpy(tw->mu + a * T, h->mu + a * T, T * sizeof(double));
	h->lambda[b] = tw->lambda[b];
	h->nu[b] = tw->nu[b];
	memcpy(h->mu + b * T, tw->mu + b * T, T * sizeof(double));
}

struct twin_job {
	struct heur *h;		/* the twin */
	int	 a;		/* the agent whose row it solves, or -1 */
	int	 ok;		/* solve_agent()'s answer */
};

static void *
twin_main(void *arg)
{
	struct twin_job *j = arg;

	j->ok = solve_agent(j->h, j->a);
	return NULL;
}

void
heur_run(struct heur *h, double deadline, struct roster *r)
{
	const struct grid *g = h->g;
	int n = h->nagents;
	long best;
	struct heur *tw = NULL;

	/* Construction: each agent in turn covers what the earlier ones
	 * left.  Without every row there is no roster at all; past the
	 * deadline it gives up. */
	h->deadline = h->build > deadline ? h->build : deadline;
	for (int a = 0; a < n; a++) {
		if (!solve_agent(h, a) || late(h)) {
			r->status = h->impossible ? ROSTER_NONE : ROSTER_UNFOUND;
			return;
		}
		set_row(h, a, h->next);
		h->done[a] = 1;
	}
	h->deadline = deadline;

	/* Improvement: re-solve each row against the others, keeping it when
	 * the team's penalty drops, until a whole round changes nothing.
	 * Two rows at a time given two threads: a twin of h solves
	 * agent a + 1's row on a thread of its own while h solves a's, both
	 * against the same rows; each is then kept only if the penalty drops
	 * with it.  Rows are what a year of a large team spends its time on
	 * (Curtois 24 at 300 s: 82860 so, 101591 one row at a time).  The
	 * pairs are fixed, so the roster does not depend on which thread is
	 * faster. */
	best = penalty(h);
	if (n > 1 && h->threads > 1)
		tw = twin_new(h);
	for (int improved = 1; improved && best > 0; ) {
		improved = 0;
		for (int a = 0; a < n && best > 0; a += tw != NULL ? 2 : 1) {
			struct twin_job job = { tw, tw != NULL && a + 1 < n ?
			    a + 1 : -1, 0 };
			pthread_t th;
			int threaded = 0, ok;

			if (late(h))
				goto done;
			if (job.a >= 0)
				threaded = pthread_create(&th, NULL, twin_main,
				    &job) == 0;
			ok = solve_agent(h, a);
			if (threaded)
				pthread_join(th, NULL);
			else if (job.a >= 0)
				job.ok = solve_agent(tw, job.a);
			improved |= try_row(h, a, ok ? h->next : NULL, &best);
			if (job.a < 0)
				continue;
			improved |= try_row(h, job.a, job.ok ? tw->next : NULL,
			    &best);
			twin_sync(h, tw, a, job.a);
		}
	}
done:
	heur_free(tw);
	for (int a = 0; a < n; a++)
		for (int d = 0; d < h->ndays; d++) {
			int k = h->pick[(size_t)a * h->ndays + d];

			if (k >= 0)
				roster_add(r, a, g->demands[k].slot,
				    g->demands[k].rank);
		}
	roster_sort(r);
	r->status = ROSTER_FEASIBLE;
	r->objective = (double)best;
	r->bound = (double)cheap_bound(g);
	if (r->bound > r->objective)
		r->bound = r->objective;
}

/* heur_enumerate()'s state: one agent's choices and the table of the
 * cheapest way to finish from each (day, run state, minutes, weekends).
 *
 * Why a table with the weekends in it: without them the cheapest finish
 * it promised ignored the limit on weekends, and the search below went
 * deep into rows that could not stay under the limit (Curtois 7: 34,406
 * rows listed in 6 s; with them, 112,471 in 0.08 s). */
struct en {
	struct heur *h;
	const struct contract *c;
	int	 a, T, L, ns;
	long	 q, M, W;	/* minutes in units of q; at most M */
	int	 NW;		/* weekends worked: 0 .. NW - 1 */
	int	 capped;
	double	*cost;		/* [ndays * (T + 1)]: exact, no jitter */
	double	*rest;		/* [ndays * ns * W * NW]: cheapest finish */
	double	 limit;
	int	 max, found, stopped;
	long	 nodes;
	int	*row;		/* [ndays] */
	int	*cnt;		/* [T + 1]: duties of each type (and off) */
	heur_emit emit;
	void	*arg;
};

#define EN_STATE(e, k, len, f)	((((k) * (e)->L) + (len) - 1) * 2 + (f))
#define EN_CELL(e, d, st, b, wc) \
	((((size_t)(d) * (e)->ns + (st)) * (e)->W + (b)) * (e)->NW + (wc))

/* The run state after choosing k (T: off) on day d from state st with b
 * units and wc weekends worked before, as dp_minutes() moves; *nb and
 * *nwc get the units and weekends after.  Returns -1 where the choice
 * breaks a rule of runs, leave, rest, minutes or weekends, or works a
 * shift type the contract never allows. */
static int
en_step(const struct en *e, int d, int st, long b, int wc, int k, long *nb,
    int *nwc)
{
	const struct heur *h = e->h;
	const struct contract *c = e->c;
	const struct grid *g = h->g;
	int T = e->T, L = e->L, p = st / 2 / L, len = st / 2 % L + 1, f = st % 2;
	int w = g->days[d].weekend;

	*nb = b;
	*nwc = wc;
	if (k == T) {
		if (p == T)
			return EN_STATE(e, T, len < L ? len + 1 : L, f);
		return len >= c->min_consecutive || f ? EN_STATE(e, T, 1, 0) : -1;
	}
	if (h->dem[(size_t)d * T + k] == OFF || c->max_shifts[k] == 0)
		return -1;
	/* A weekend counts from its first day worked (the day before
	 * off, or of another weekend). */
	if (c->max_weekends != UNLIMITED && w >= 0 &&
	    (p == T || d == 0 || g->days[d - 1].weekend != w) &&
	    (*nwc = wc + 1) >= e->NW)
		return -1;
	*nb = b + duty_minutes(h, d, k) / e->q;
	if (*nb > e->M) {
		if (e->capped)
			return -1;
		*nb = e->M;
	}
	/* A run starting on day 0 is exempt from minimums (f), as is the
	 * one it follows, from before the first day. */
	if (p == T)
		return len >= c->min_days_off || f ?
		    EN_STATE(e, k, 1, d == 0) : -1;
	if (h->bad[((size_t)d * T + p) * T + k] ||
	    (c->max_consecutive != UNLIMITED && len + 1 > c->max_consecutive))
		return -1;
	return EN_STATE(e, k, len < L ? len + 1 : L, f);
}

/* Depth first from day d + 1, days 0..d chosen at cost spent, in state
 * st with b units and wc weekends worked (d = -1: from before the first
 * day, as if after days off). */
static void
en_walk(struct en *e, int d, int st, long b, int wc, double spent)
{
	struct heur *h = e->h;
	int T = e->T;

	if (e->stopped)
		return;
	if ((++e->nodes & 1023) == 0 && late(h)) {
		e->stopped = 1;
		return;
	}
	if (d == h->ndays - 1) {
		long m;

		if (violation(h, e->a, e->row, &m) != 0)
			return;
		if (e->found == e->max) {
			e->stopped = 1;
			return;
		}
		e->found++;
		for (int i = 0; i < h->ndays; i++)
			h->next[i] = e->row[i] == OFF ? OFF :
			    h->dem[(size_t)i * T + e->row[i]];
		e->emit(e->arg, h->next, spent);
		return;
	}
	d++;
	for (int k = 0; k <= T; k++) {
		int nst, nwc;
		long nb;
		double v = spent + e->cost[(size_t)d * (T + 1) + k];

		if ((nst = en_step(e, d, st, b, wc, k, &nb, &nwc)) < 0 ||
		    v + e->rest[EN_CELL(e, d, nst, nb, nwc)] > e->limit ||
		    (k < T && e->c->max_shifts[k] != UNLIMITED &&
		    e->cnt[k] + 1 > e->c->max_shifts[k]))
			continue;
		e->row[d] = k == T ? OFF : k;
		e->cnt[k]++;
		en_walk(e, d, nst, nb, nwc, v);
		e->cnt[k]--;
	}
}

int
heur_enumerate(struct heur *h, int a, const double *price, double limit,
    int max, double deadline, heur_emit emit, void *arg)
{
	const struct grid *g = h->g;
	const struct team *t = g->team;
	struct en e;
	int T = h->nshifts, D = h->ndays, complete = 1;
	size_t cells;

	if (D == 0)
		return 0;
	memset(&e, 0, sizeof(e));
	e.h = h;
	e.c = &t->contracts[t->agents[a].contract];
	e.a = a;
	e.T = T;
	e.L = h->nlen;
	e.ns = h->nstates;
	e.max = max;
	/* The MIP counts a wish for a duty as its weight less the weight
	 * when granted (model.c), prepare() as the weight when not. */
	e.limit = limit + 1e-6;
	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];
		int d = w->date - g->days[0].date;

		if (w->agent == a && w->on && d >= 0 && d < D)
			e.limit += w->weight;
	}
	e.emit = emit;
	e.arg = arg;
	h->price = price;
	h->deadline = deadline;
	prepare(h, a);
	h->price = NULL;
	/* prepare() takes the demand that pays most where a duty could
	 * fill several: the other rows are not listed. */
	for (int s = 0; s < g->nslots; s++) {
		int n = 0;

		for (int i = g->slot_demands[s]; i < g->slot_demands[s + 1]; i++)
			n += grid_can_fill(g, a, &g->demands[i]);
		complete &= n <= 1;
	}
	e.q = minute_unit(h);
	e.capped = e.c->max_minutes != UNLIMITED;
	e.M = e.capped ? e.c->max_minutes / e.q :
	    (e.c->min_minutes + e.q - 1) / e.q;
	e.W = e.M + 1;
	e.NW = e.c->max_weekends != UNLIMITED ? e.c->max_weekends + 1 : 1;
	cells = (size_t)D * (size_t)e.ns * (size_t)e.W * (size_t)e.NW;
	if (e.M < 0 || cells > EXACT_CELLS)
		return 0;
	e.cost = xmalloc((size_t)D * (T + 1) * sizeof(double));
	for (int d = 0; d < D; d++)
		for (int k = 0; k <= T; k++)
			e.cost[(size_t)d * (T + 1) + k] =
			    h->base[(size_t)d * (T + 1) + k] -
			    (k < T ? jitter(a, d, k) : 0);
	/* The cheapest finish from each cell, ignoring only the limits on
	 * duties of a type: on the last day, 0 where the minutes are in
	 * range. */
	e.rest = xmalloc(cells * sizeof(double));
	for (int st = 0; st < e.ns; st++)
		for (long b = 0; b <= e.M; b++)
			for (int wc = 0; wc < e.NW; wc++)
				e.rest[EN_CELL(&e, D - 1, st, b, wc)] =
				    (e.capped ? b * e.q >= e.c->min_minutes :
				    b == e.M) ? 0 : DBL_MAX;
	for (int d = D - 2; d >= 0; d--)
		for (int st = 0; st < e.ns; st++)
			for (long b = 0; b <= e.M; b++)
				for (int wc = 0; wc < e.NW; wc++) {
					double best = DBL_MAX, r;

					for (int k = 0; k <= T; k++) {
						long nb;
						int nwc, nst = en_step(&e, d + 1, st,
						    b, wc, k, &nb, &nwc);

						if (nst < 0 || (r = e.rest[EN_CELL(&e,
						    d + 1, nst, nb, nwc)]) == DBL_MAX)
							continue;
						r += e.cost[(size_t)(d + 1) *
						    (T + 1) + k];
						if (r < best)
							best = r;
					}
					e.rest[EN_CELL(&e, d, st, b, wc)] = best;
				}
	e.row = xmalloc((size_t)D * sizeof(int));
	e.cnt = xcalloc((size_t)T + 1, sizeof(int));
	en_walk(&e, -1, EN_STATE(&e, T, e.L, 1), 0, 0, 0);
	free(e.cost);
	free(e.rest);
	free(e.row);
	free(e.cnt);
	return complete && !e.stopped;
}
