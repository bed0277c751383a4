/* test_grid.c - the time grid: dates, zones, DST nights, lead-in slots,
 * cover rule precedence and leave. */
#include <stdlib.h>

#include "grid.h"
#include "testlib.h"
#include "util.h"

static struct team *
night_team(const char *zone)
{
	struct team *t = team_new();
	struct shift_type *n;

	t->id = xstrdup("t");
	t->name = xstrdup("t");
	t->tz = xstrdup(zone);
	team_add_rank(t, "L1", "first line");
	team_add_shift(t, "D", "day", 8 * 60, 12 * 60);
	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_contract(t, "c");
	team_add_agent(t, "a", "A", 0, 0);
	team_add_cover(t, 0, 0, 1);
	team_add_cover(t, 0, 1, 1);
	return t;
}

static void
test_dates(void)
{
	int d, y, m, dd, n;

	CU_ASSERT_EQUAL(date_from_ymd(1970, 1, 1), 0);
	CU_ASSERT_EQUAL(date_weekday(date_from_ymd(2026, 12, 1)), 1);	/* Tue */
	CU_ASSERT_EQUAL(date_weekday(date_from_ymd(2024, 1, 1)), 0);	/* Mon */
	CU_ASSERT_EQUAL(date_parse("2024-02-29", &d), 0);
	date_to_ymd(d, &y, &m, &dd);
	CU_ASSERT(y == 2024 && m == 2 && dd == 29);
	CU_ASSERT_EQUAL(date_parse("2026-02-29", &d), -1);
	CU_ASSERT_EQUAL(date_parse("2026-1-01", &d), -1);
	CU_ASSERT_EQUAL(hhmm_parse("25:00", &d), -1);
	CU_ASSERT_EQUAL(hhmm_parse("23:59", &d), 0);
	CU_ASSERT_EQUAL(d, 23 * 60 + 59);
	CU_ASSERT_EQUAL(duration_parse("168:00", &d), 0);
	CU_ASSERT_EQUAL(d, 168 * 60);
	CU_ASSERT_EQUAL(month_parse("2026-12", &d, &n), 0);
	CU_ASSERT_EQUAL(n, 31);
	CU_ASSERT_EQUAL(month_parse("2026-13", &d, &n), -1);
}

/* Minutes of the night slot starting on date, and its local start. */
static void
night_on(const char *zone, int date, int want_minutes)
{
	struct team *t = night_team(zone);
	struct grid *g = grid_build(t, date, 1, NULL);
	int s, ld, lm;

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	s = grid_slot_at(g, g->ndays - 1, 1);
	CU_ASSERT_FATAL(s >= 0);
	CU_ASSERT_EQUAL(g->slots[s].minutes, want_minutes);
	tz_utc_to_local(g->slots[s].start, &ld, &lm);
	CU_ASSERT_EQUAL(ld, date);
	CU_ASSERT_EQUAL(lm, 20 * 60);
	tz_utc_to_local(g->slots[s].end, &ld, &lm);
	CU_ASSERT_EQUAL(ld, date + 1);
	CU_ASSERT_EQUAL(lm, 8 * 60);
	grid_free(g);
	team_free(t);
}

static void
test_dst_nights_berlin(void)
{
	night_on("Europe/Berlin", date_from_ymd(2026, 3, 28), 11 * 60);
	night_on("Europe/Berlin", date_from_ymd(2026, 10, 24), 13 * 60);
	night_on("Europe/Berlin", date_from_ymd(2026, 10, 23), 12 * 60);
}

static void
test_dst_nights_new_york(void)
{
	night_on("America/New_York", date_from_ymd(2026, 3, 7), 11 * 60);
	night_on("America/New_York", date_from_ymd(2026, 10, 31), 13 * 60);
}

static void
test_gap_and_repeat(void)
{
	enum tz_fold f;
	int d = date_from_ymd(2026, 3, 29), ld, lm;
	time_t t;

	tz_use("Europe/Berlin");
	/* 02:30 does not exist: read with the offset before the gap. */
	t = tz_local_to_utc(d, 150, &f);
	CU_ASSERT_EQUAL(f, TZ_GAP);
	tz_utc_to_local(t, &ld, &lm);
	CU_ASSERT_EQUAL(lm, 210);
	/* 02:30 on 25 October happens twice: the first is +02:00. */
	d = date_from_ymd(2026, 10, 25);
	t = tz_local_to_utc(d, 150, &f);
	CU_ASSERT_EQUAL(f, TZ_REPEAT);
	CU_ASSERT_EQUAL(tz_offset(t), 7200);
	t = tz_local_to_utc(d, 12 * 60, &f);
	CU_ASSERT_EQUAL(f, TZ_OK);
	CU_ASSERT_EQUAL(tz_offset(t), 3600);
}

static void
test_lead_in_and_rules(void)
{
	struct team *t = night_team("Europe/Moscow");
	int first = date_from_ymd(2026, 12, 1);
	struct cover_rule *c;
	struct grid *g;
	const struct demand *dm;

	/* Weekends need 2 on days; 31 December (a holiday) needs 3. */
	c = team_add_cover(t, 0, 0, 2);
	c->days = DAYS_WEEKEND;
	c = team_add_cover(t, 0, 0, 3);
	c->date = date_from_ymd(2026, 12, 31);
	team_add_holiday(t, date_from_ymd(2026, 12, 31), "New Year's Eve");
	team_add_leave(t, 0, date_from_ymd(2026, 12, 10),
	    date_from_ymd(2026, 12, 11));
	g = grid_build(t, first, 31, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	/* 30 November's night reaches into 1 December. */
	CU_ASSERT_EQUAL(g->ndays, 32);
	CU_ASSERT_EQUAL(g->days[0].in_horizon, 0);
	CU_ASSERT_EQUAL(g->nslots, 63);
	CU_ASSERT_EQUAL(g->slots[0].shift, 1);
	CU_ASSERT_EQUAL(g->slots[0].start, g->horizon_start - 4 * 3600);
	/* 5 December is a Saturday. */
	dm = grid_demand(g, grid_slot_at(g, 5, 0), 0);
	CU_ASSERT_EQUAL(dm->min, 2);
	dm = grid_demand(g, grid_slot_at(g, 4, 0), 0);
	CU_ASSERT_EQUAL(dm->min, 1);
	dm = grid_demand(g, grid_slot_at(g, 31, 0), 0);
	CU_ASSERT_EQUAL(dm->min, 3);
	/* Leave on 10-11 December also bars the night of the 9th. */
	CU_ASSERT_EQUAL(g->avail[grid_slot_at(g, 9, 1)], 0);
	CU_ASSERT_EQUAL(g->avail[grid_slot_at(g, 10, 0)], 0);
	CU_ASSERT_EQUAL(g->avail[grid_slot_at(g, 11, 1)], 0);
	CU_ASSERT_EQUAL(g->avail[grid_slot_at(g, 8, 1)], 1);
	CU_ASSERT_EQUAL(g->avail[grid_slot_at(g, 12, 0)], 1);
	CU_ASSERT_EQUAL(g->nweekends, 4);
	grid_free(g);
	team_free(t);
}

static void
test_weekly_on_call(void)
{
	struct team *t = night_team("Europe/Moscow");
	struct shift_type *w = team_add_shift(t, "W", "weekly on-call",
	    10 * 60, 7 * 24 * 60);
	struct grid *g;
	int n = 0;

	w->days = 1u << 0;	/* Mondays */
	g = grid_build(t, date_from_ymd(2026, 12, 1), 31, NULL);
	for (int s = 0; s < g->nslots; s++)
		if (g->slots[s].shift == 2) {
			n++;
			CU_ASSERT_EQUAL(g->slots[s].minutes, 7 * 24 * 60);
		}
	/* Mondays 30 Nov, 7, 14, 21 and 28 Dec. */
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(g->days[0].date, date_from_ymd(2026, 11, 30));
	grid_free(g);
	team_free(t);
}

static const struct test_case cases[] = {
	{ "dates", test_dates },
	{ "dst_nights_berlin", test_dst_nights_berlin },
	{ "dst_nights_new_york", test_dst_nights_new_york },
	{ "gap_and_repeat", test_gap_and_repeat },
	{ "lead_in_and_rules", test_lead_in_and_rules },
	{ "weekly_on_call", test_weekly_on_call },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("grid", cases, argc, argv);
}
