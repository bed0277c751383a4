/* roster.c - rosters and their evaluation (see roster.h). */
#include "roster.h"

#include <stdlib.h>
#include <string.h>

struct roster *
roster_new(const struct grid *g)
{
	struct roster *r = xcalloc(1, sizeof(*r));

	r->grid = g;
	return r;
}

void
roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	free(r->duties);
	free(r);
}

void
roster_add(struct roster *r, int agent, int slot, int rank)
{
	struct duty *d;

	r->duties = vec_push(r->duties, &r->nduties, &r->cap, sizeof(*d));
	d = &r->duties[r->nduties - 1];
	d->agent = agent;
	d->slot = slot;
	d->rank = rank;
}

static int
duty_cmp(const void *a, const void *b)
{
	const struct duty *x = a, *y = b;

	if (x->slot != y->slot)
		return x->slot - y->slot;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->agent - y->agent;
}

void
roster_sort(struct roster *r)
{
	if (r->nduties > 1)
		qsort(r->duties, (size_t)r->nduties, sizeof(*r->duties), duty_cmp);
}

int
roster_duty_index(const struct roster *r, int i)
{
	int k = 0;

	while (i - k - 1 >= 0 && r->duties[i - k - 1].slot == r->duties[i].slot &&
	    r->duties[i - k - 1].rank == r->duties[i].rank)
		k++;
	return k;
}

/* Runs of working (or free) days: the length of each maximal run that has
 * the other kind of day on both sides inside the grid is checked against
 * min; every run against max.  Runs touching either edge are exempt from
 * the minimum, since the days beyond the horizon are unknown. */
static void
check_runs(const unsigned char *work, int ndays, int want, int min, int max,
    const char *who, const char *what, const struct grid *g,
    struct strlist *v)
{
	for (int d = 0; d < ndays; ) {
		int e = d;
		char buf[11];

		if (work[d] != want) {
			d++;
			continue;
		}
		while (e + 1 < ndays && work[e + 1] == want)
			e++;
		if (max != UNLIMITED && e - d + 1 > max)
			strlist_add(v, "%s: %d %s in a row from %s (at most %d)",
			    who, e - d + 1, what,
			    date_format(g->days[d].date, buf), max);
		if (d > 0 && e < ndays - 1 && e - d + 1 < min)
			strlist_add(v, "%s: only %d %s in a row from %s (at least %d)",
			    who, e - d + 1, what,
			    date_format(g->days[d].date, buf), min);
		d = e + 1;
	}
}

static void
check_agent(const struct roster *r, int a, const int *mine, int n,
    struct agent_load *load, struct strlist *v)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	const struct agent *ag = &t->agents[a];
	const struct contract *c = &t->contracts[ag->contract];
	unsigned char *work = xcalloc((size_t)g->ndays, 1);
	unsigned char *wkend = xcalloc((size_t)g->nweekends + 1, 1);
	int *per_shift = xcalloc((size_t)t->nshifts, sizeof(int));
	int *day_shift = xcalloc((size_t)g->ndays + 1, sizeof(int));
	char b1[17], b2[17];

	for (int k = 0; k < n; k++) {
		const struct duty *du = &r->duties[mine[k]];
		const struct slot *s = &g->slots[du->slot];
		const struct grid_day *day = &g->days[s->day];
		const struct demand *dm = grid_demand(g, du->slot, du->rank);

		if (dm == NULL || !(dm->fillers >> ag->rank & 1))
			strlist_add(v, "%s: may not fill rank %s on %s %s", ag->id,
			    t->ranks[du->rank].id, t->shifts[s->shift].id,
			    local_format(s->start, b1));
		else if (!g->avail[(size_t)a * g->nslots + du->slot])
			strlist_add(v, "%s: on leave or barred from %s at %s",
			    ag->id, t->shifts[s->shift].id,
			    local_format(s->start, b1));
		if (work[s->day])
			strlist_add(v, "%s: two duties start on %s", ag->id,
			    date_format(day->date, b1));
		work[s->day] = 1;
		if (day->weekend >= 0)
			wkend[day->weekend] = 1;
		per_shift[s->shift]++;
		load->duties++;
		load->minutes += s->counts;
		load->true_minutes += s->minutes;
		load->nights += s->night;
		load->weekend_duties += s->weekend;

		/* mine[] is in slot order, which is start order. */
		if (k + 1 < n) {
			const struct slot *nx = &g->slots[r->duties[mine[k + 1]].slot];
			long rest = (long)(nx->start - s->end) / 60;

			if (rest < 0)
				strlist_add(v, "%s: duties at %s and %s overlap",
				    ag->id, local_format(s->start, b1),
				    local_format(nx->start, b2));
			else if (rest < c->min_rest)
				strlist_add(v, "%s: %ld min rest between %s and %s "
				    "(at least %d)", ag->id, rest,
				    local_format(s->start, b1),
				    local_format(nx->start, b2), c->min_rest);
		}
	}
	/* day_shift[d]: the shift of the duty starting on day d, or -1 (a
	 * second duty that day is already reported above). */
	for (int d = 0; d < g->ndays; d++)
		day_shift[d] = -1;
	for (int k = 0; k < n; k++) {
		const struct slot *s = &g->slots[r->duties[mine[k]].slot];

		day_shift[s->day] = s->shift;
	}
	for (int q = 0; q < t->nsuccessions; q++) {
		const struct succession *sc = &t->successions[q];

		for (int d = 0; d + 1 < g->ndays; d++)
			if (day_shift[d] == sc->first && day_shift[d + 1] == sc->then)
				strlist_add(v, "%s: %s on %s followed by %s",
				    ag->id, t->shifts[sc->first].id,
				    date_format(g->days[d].date, b1),
				    t->shifts[sc->then].id);
	}
	for (int sh = 0; sh < t->nshifts; sh++)
		if (c->max_shifts[sh] != UNLIMITED && per_shift[sh] > c->max_shifts[sh])
			strlist_add(v, "%s: %d %s duties (at most %d)", ag->id,
			    per_shift[sh], t->shifts[sh].id, c->max_shifts[sh]);
	if (c->max_minutes != UNLIMITED && load->minutes > c->max_minutes)
		strlist_add(v, "%s: %d minutes (at most %d)", ag->id,
		    load->minutes, c->max_minutes);
	if (load->minutes < c->min_minutes)
		strlist_add(v, "%s: %d minutes (at least %d)", ag->id,
		    load->minutes, c->min_minutes);
	check_runs(work, g->ndays, 1, c->min_consecutive, c->max_consecutive,
	    ag->id, "working days", g, v);
	check_runs(work, g->ndays, 0, c->min_days_off, UNLIMITED,
	    ag->id, "days off", g, v);
	for (int w = 0; w < g->nweekends; w++)
		load->weekends += wkend[w];
	if (c->max_weekends != UNLIMITED && load->weekends > c->max_weekends)
		strlist_add(v, "%s: %d working weekends (at most %d)", ag->id,
		    load->weekends, c->max_weekends);
	free(work);
	free(wkend);
	free(per_shift);
	free(day_shift);
}

/* Does agent a have a duty on grid day d (of shift sh, or any if -1)? */
static int
works(const struct roster *r, const int *mine, int n, int d, int sh)
{
	for (int k = 0; k < n; k++) {
		const struct slot *s = &r->grid->slots[r->duties[mine[k]].slot];

		if (s->day == d && (sh < 0 || s->shift == sh))
			return 1;
	}
	return 0;
}

int
fair_member(const struct team *t, int a, int rank, int contract,
    enum fair_kind kind)
{
	const struct agent *ag = &t->agents[a];

	if (ag->rank != rank || (contract >= 0 && ag->contract != contract))
		return 0;
	if (kind == FAIR_NIGHTS) {
		/* Someone who may never work a night is not short of them. */
		const struct contract *c = &t->contracts[ag->contract];

		for (int s = 0; s < t->nshifts; s++)
			if (t->shifts[s].night && c->max_shifts[s] != 0)
				return 1;
		return 0;
	}
	return 1;
}

/* max - min of one measure over the members of a fairness group. */
static int
spread(const struct team *t, const struct agent_load *load, int rank,
    int contract, enum fair_kind kind)
{
	int seen = 0, hi = 0, lo = 0;

	for (int a = 0; a < t->nagents; a++) {
		int v = kind == FAIR_NIGHTS ? load[a].nights :
		    kind == FAIR_WEEKENDS ? load[a].weekend_duties :
		    load[a].duties;

		if (!fair_member(t, a, rank, contract, kind))
			continue;
		if (!seen++)
			hi = lo = v;
		if (v > hi)
			hi = v;
		if (v < lo)
			lo = v;
	}
	return hi - lo;
}

int
roster_evaluate(const struct roster *r, struct roster_report *rep)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	int *count = xcalloc((size_t)g->ndemands + 1, sizeof(int));
	int **mine = xcalloc((size_t)t->nagents + 1, sizeof(int *));
	int *nmine = xcalloc((size_t)t->nagents + 1, sizeof(int));
	struct roster sorted = *r;
	int gcap = 0;

	memset(rep, 0, sizeof(*rep));
	rep->load = xcalloc((size_t)t->nagents + 1, sizeof(*rep->load));

	/* Work on a sorted copy so callers may pass duties in any order. */
	sorted.duties = xmalloc((size_t)(r->nduties + 1) * sizeof(*r->duties));
	if (r->nduties > 0)
		memcpy(sorted.duties, r->duties,
		    (size_t)r->nduties * sizeof(*r->duties));
	roster_sort(&sorted);

	for (int i = 0; i < sorted.nduties; i++) {
		const struct duty *du = &sorted.duties[i];

		/* Rosters read back from files may name anything. */
		if (du->agent < 0 || du->agent >= t->nagents || du->slot < 0 ||
		    du->slot >= g->nslots || du->rank < 0 || du->rank >= t->nranks) {
			strlist_add(&rep->violations, "duty %d: no such agent, "
			    "slot or rank (%d, %d, %d)", i, du->agent, du->slot,
			    du->rank);
			continue;
		}
		mine[du->agent] = xrealloc(mine[du->agent],
		    (size_t)(nmine[du->agent] + 1) * sizeof(int));
		mine[du->agent][nmine[du->agent]++] = i;
		for (int k = g->slot_demands[du->slot]; k < g->slot_demands[du->slot + 1]; k++)
			if (g->demands[k].rank == du->rank)
				count[k]++;
	}
	for (int a = 0; a < t->nagents; a++)
		check_agent(&sorted, a, mine[a], nmine[a], &rep->load[a],
		    &rep->violations);

	for (int k = 0; k < g->ndemands; k++) {
		const struct demand *dm = &g->demands[k];

		if (count[k] < dm->min) {
			rep->under += (long)dm->under * (dm->min - count[k]);
			rep->gaps = vec_push(rep->gaps, &rep->ngaps, &gcap,
			    sizeof(*rep->gaps));
			rep->gaps[rep->ngaps - 1].slot = dm->slot;
			rep->gaps[rep->ngaps - 1].rank = dm->rank;
			rep->gaps[rep->ngaps - 1].missing = dm->min - count[k];
		}
		if (dm->max != UNLIMITED && count[k] > dm->max)
			rep->over += (long)dm->over * (count[k] - dm->max);
	}

	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];
		int d = w->date - (g->ndays ? g->days[0].date : 0);
		int has;

		if (d < 0 || d >= g->ndays)
			continue;
		has = works(&sorted, mine[w->agent], nmine[w->agent], d, w->shift);
		if (has != w->on)
			rep->wishes += w->weight;
	}

	for (int rk = 0; rk < t->nranks; rk++) {
		rep->fairness += (long)t->fair_nights *
		    spread(t, rep->load, rk, -1, FAIR_NIGHTS) +
		    (long)t->fair_weekends *
		    spread(t, rep->load, rk, -1, FAIR_WEEKENDS);
		for (int c = 0; c < t->ncontracts; c++)
			rep->fairness += (long)t->fair_duties *
			    spread(t, rep->load, rk, c, FAIR_DUTIES);
	}
	rep->penalty = rep->under + rep->over + rep->wishes + rep->fairness;

	for (int a = 0; a < t->nagents; a++)
		free(mine[a]);
	free(mine);
	free(nmine);
	free(count);
	free(sorted.duties);
	return rep->violations.n;
}

void
roster_report_release(struct roster_report *rep)
{
	free(rep->gaps);
	free(rep->load);
	strlist_release(&rep->violations);
	memset(rep, 0, sizeof(*rep));
}
