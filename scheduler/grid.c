/* grid.c - laying shifts over a horizon (see grid.h). */
#include "grid.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The cover rule for (date, shift, rank): a rule for that exact date wins,
 * otherwise the last matching one in the file.  -1 if none. */
static int
find_rule(const struct team *t, const struct grid_day *day, int shift,
    int rank)
{
	int best = -1, best_dated = 0;

	for (int i = 0; i < t->ncovers; i++) {
		const struct cover_rule *c = &t->covers[i];
		int dated = c->date >= 0;

		if (c->shift != shift || c->rank != rank)
			continue;
		if (dated ? c->date != day->date :
		    !cover_days_match(c->days, day->wday, day->holiday))
			continue;
		if (dated || !best_dated) {
			best = i;
			best_dated = dated;
		}
	}
	return best;
}

/* Bar every slot that overlaps one leave (whole local days). */
static void
bar_leave(struct grid *g, const struct leave *l)
{
	time_t from = tz_local_to_utc(l->first, 0, NULL);
	time_t to = tz_local_to_utc(l->last + 1, 0, NULL);

	for (int s = 0; s < g->nslots; s++)
		if (g->slots[s].start < to && g->slots[s].end > from)
			g->avail[(size_t)l->agent * g->nslots + s] = 0;
}

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->day != y->day)
		return x->day - y->day;
	return x->shift - y->shift;
}

struct grid *
grid_build(const struct team *t, int first, int ndays, char **errp)
{
	struct grid *g;
	int lead = 0, cap = 0, dcap = 0;

	if (tz_use(t->tz) != 0) {
		err_set(errp, "unknown time zone '%s'", t->tz);
		return NULL;
	}
	/* Shifts longer than a day may reach into the horizon from days
	 * before it. */
	for (int i = 0; i < t->nshifts; i++) {
		int span = (t->shifts[i].start + t->shifts[i].length + 1439) / 1440;

		if (span - 1 > lead)
			lead = span - 1;
	}
	g = xcalloc(1, sizeof(*g));
	g->team = t;
	g->horizon_first = first;
	g->horizon_days = ndays;
	g->horizon_start = tz_local_to_utc(first, 0, NULL);
	g->horizon_end = tz_local_to_utc(first + ndays, 0, NULL);

	g->ndays = lead + ndays;
	g->days = xcalloc((size_t)g->ndays, sizeof(*g->days));
	for (int d = 0; d < g->ndays; d++) {
		struct grid_day *day = &g->days[d];

		day->date = first - lead + d;
		day->wday = date_weekday(day->date);
		day->holiday = team_is_holiday(t, day->date);
		day->in_horizon = d >= lead;
		day->weekend = -1;
	}

	for (int d = 0; d < g->ndays; d++) {
		const struct grid_day *day = &g->days[d];

		for (int sh = 0; sh < t->nshifts; sh++) {
			const struct shift_type *st = &t->shifts[sh];
			struct slot s = { 0 };
			int end_date = day->date + (st->start + st->length) / 1440;
			int end_min = (st->start + st->length) % 1440;

			if (!(st->days & (1u << day->wday)))
				continue;
			s.day = d;
			s.shift = sh;
			s.start = tz_local_to_utc(day->date, st->start, &s.start_fold);
			s.end = tz_local_to_utc(end_date, end_min, &s.end_fold);
			if (s.end <= g->horizon_start || s.start >= g->horizon_end)
				continue;
			s.minutes = (int)((s.end - s.start) / 60);
			s.counts = st->counts == UNLIMITED ? s.minutes : st->counts;
			s.night = st->night;
			s.weekend = day->wday >= 5;
			g->slots = vec_push(g->slots, &g->nslots, &cap, sizeof(s));
			g->slots[g->nslots - 1] = s;
		}
	}
	qsort(g->slots, (size_t)g->nslots, sizeof(*g->slots), slot_cmp);

	/* Drop leading days that no slot starts on (short shifts only). */
	if (lead > 0) {
		int skip = lead;

		for (int s = 0; s < g->nslots; s++)
			if (g->slots[s].day < skip)
				skip = g->slots[s].day;
		memmove(g->days, g->days + skip,
		    (size_t)(g->ndays - skip) * sizeof(*g->days));
		g->ndays -= skip;
		for (int s = 0; s < g->nslots; s++)
			g->slots[s].day -= skip;
	}

	/* Weekends: each Saturday/Sunday pair gets one index. */
	for (int d = 0; d < g->ndays; d++) {
		struct grid_day *day = &g->days[d];

		if (day->wday == 5 || (day->wday == 6 &&
		    (d == 0 || g->days[d - 1].wday != 5)))
			day->weekend = g->nweekends++;
		else if (day->wday == 6)
			day->weekend = g->days[d - 1].weekend;
	}

	g->day_shift = xmalloc((size_t)g->ndays * (size_t)(t->nshifts ? t->nshifts : 1) *
	    sizeof(int));
	for (int i = 0; i < g->ndays * t->nshifts; i++)
		g->day_shift[i] = -1;
	for (int s = 0; s < g->nslots; s++)
		g->day_shift[g->slots[s].day * t->nshifts + g->slots[s].shift] = s;

	g->slot_demands = xcalloc((size_t)g->nslots + 1, sizeof(int));
	for (int s = 0; s < g->nslots; s++) {
		const struct slot *sl = &g->slots[s];

		g->slot_demands[s] = g->ndemands;
		for (int r = 0; r < t->nranks; r++) {
			int ri = find_rule(t, &g->days[sl->day], sl->shift, r);
			const struct cover_rule *c;
			struct demand *dm;

			if (ri < 0)
				continue;
			c = &t->covers[ri];
			g->demands = vec_push(g->demands, &g->ndemands, &dcap,
			    sizeof(*g->demands));
			dm = &g->demands[g->ndemands - 1];
			dm->slot = s;
			dm->rank = r;
			dm->min = c->min;
			dm->max = c->max;
			dm->under = c->under_weight;
			dm->over = c->over_weight;
			dm->fillers = (UINT64_C(1) << r) | c->substitutes;
			dm->rule = ri;
		}
	}
	g->slot_demands[g->nslots] = g->ndemands;

	g->avail = xcalloc((size_t)t->nagents * (size_t)(g->nslots ? g->nslots : 1), 1);
	for (int a = 0; a < t->nagents; a++) {
		const struct contract *c = &t->contracts[t->agents[a].contract];

		for (int s = 0; s < g->nslots; s++)
			g->avail[(size_t)a * g->nslots + s] =
			    c->max_shifts[g->slots[s].shift] != 0;
	}
	for (int i = 0; i < t->nleaves; i++)
		bar_leave(g, &t->leaves[i]);
	return g;
}

void
grid_free(struct grid *g)
{
	if (g == NULL)
		return;
	free(g->days);
	free(g->slots);
	free(g->demands);
	free(g->slot_demands);
	free(g->day_shift);
	free(g->avail);
	free(g);
}

int
grid_can_fill(const struct grid *g, int a, const struct demand *d)
{
	int r = g->team->agents[a].rank;

	return (d->fillers >> r & 1) && g->avail[(size_t)a * g->nslots + d->slot];
}

const struct demand *
grid_demand(const struct grid *g, int s, int r)
{
	for (int i = g->slot_demands[s]; i < g->slot_demands[s + 1]; i++)
		if (g->demands[i].rank == r)
			return &g->demands[i];
	return NULL;
}

int
grid_slot_at(const struct grid *g, int d, int sh)
{
	if (d < 0 || d >= g->ndays || sh < 0 || sh >= g->team->nshifts)
		return -1;
	return g->day_shift[d * g->team->nshifts + sh];
}
