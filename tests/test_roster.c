/* test_roster.c - roster_evaluate(): one broken roster per hard rule, and
 * the penalty terms computed by hand. */
#include <string.h>

#include "roster.h"
#include "testlib.h"

/* Europe/Moscow has had no DST since 2014: every slot is 12 hours.
 * Horizon 2026-12-07 (a Monday) for 7 days; ranks L1 < L2; shifts D, N. */
static struct team *
small_team(void)
{
	struct team *t = team_new();
	struct contract *c;
	struct cover_rule *cv;

	t->id = xstrdup("t");
	t->name = xstrdup("t");
	t->tz = xstrdup("Europe/Moscow");
	team_add_rank(t, "L1", NULL);
	team_add_rank(t, "L2", NULL);
	team_add_shift(t, "D", NULL, 8 * 60, 12 * 60);
	team_add_shift(t, "N", NULL, 20 * 60, 12 * 60)->night = 1;
	c = team_add_contract(t, "c");
	c->min_rest = 12 * 60;
	c->max_consecutive = 3;
	c->max_weekends = 1;
	c->max_shifts[1] = 2;
	c->max_minutes = 48 * 60;
	team_add_agent(t, "a", NULL, 0, 0);
	team_add_agent(t, "b", NULL, 0, 0);
	team_add_agent(t, "c", NULL, 1, 0);
	cv = team_add_cover(t, 0, 0, 1);
	cv->substitutes = 1u << 1;
	cv->under_weight = 100;
	cv = team_add_cover(t, 0, 1, 0);
	cv->max = 1;
	cv->over_weight = 7;
	return t;
}

/* Slot of shift sh on day d of the horizon (the grid starts with the
 * lead-in day of the night before). */
static int
at(const struct grid *g, int d, int sh)
{
	int s = grid_slot_at(g, d + !g->days[0].in_horizon, sh);

	CU_ASSERT_FATAL(s >= 0);
	return s;
}

static struct grid *
small_grid(struct team *t)
{
	struct grid *g = grid_build(t, date_from_ymd(2026, 12, 7), 7, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	return g;
}

/* Does some violation contain text? */
static int
has(const struct roster_report *rep, const char *text)
{
	for (int i = 0; i < rep->violations.n; i++)
		if (strstr(rep->violations.v[i], text) != NULL)
			return 1;
	return 0;
}

static void
test_penalty_terms(void)
{
	struct team *t = small_team();
	struct grid *g;
	struct roster *r;
	struct roster_report rep;

	team_add_wish(t, 0, date_from_ymd(2026, 12, 8), -1, 0, 3);	/* a off */
	team_add_wish(t, 1, date_from_ymd(2026, 12, 9), 0, 1, 2);	/* b D on */
	t->fair_nights = 5;
	g = small_grid(t);
	r = roster_new(g);
	/* D on days 0..2 by a, b, c (c substitutes for L1); two on N day 0. */
	roster_add(r, 0, at(g, 0, 0), 0);
	roster_add(r, 0, at(g, 1, 0), 0);	/* a works her off day */
	roster_add(r, 2, at(g, 2, 0), 0);	/* b not on D day 2 */
	roster_add(r, 1, at(g, 3, 1), 0);
	roster_add(r, 0, at(g, 3, 1), 0);
	roster_add(r, 1, at(g, 5, 1), 0);
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	/* D uncovered on days 3..6: 4 * 100; N over by one: 7; wishes 3 + 2;
	 * nights in L1: a 1, b 2: 5 * 1 (c is alone in L2). */
	CU_ASSERT_EQUAL(rep.under, 400);
	CU_ASSERT_EQUAL(rep.ngaps, 4);
	CU_ASSERT_EQUAL(rep.over, 7);
	CU_ASSERT_EQUAL(rep.wishes, 5);
	CU_ASSERT_EQUAL(rep.fairness, 5);
	CU_ASSERT_EQUAL(rep.penalty, 417);
	CU_ASSERT_EQUAL(rep.load[0].duties, 3);
	CU_ASSERT_EQUAL(rep.load[0].true_minutes, 36 * 60);
	CU_ASSERT_EQUAL(rep.load[1].nights, 2);
	CU_ASSERT_EQUAL(rep.load[2].nights, 0);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Build a roster for agent a from a pattern of shift ids per day ('.' off)
 * and expect a violation containing text. */
static void
expect(struct team *t, const char *pattern, int rank, const char *text)
{
	struct grid *g = small_grid(t);
	struct roster *r = roster_new(g);
	struct roster_report rep;

	for (int d = 0; pattern[d]; d++) {
		char id[2] = { pattern[d], 0 };

		if (pattern[d] != '.')
			roster_add(r, 0, at(g, d, team_shift(t, id)), rank);
	}
	roster_evaluate(r, &rep);
	CU_ASSERT(has(&rep, text));
	if (!has(&rep, text)) {
		fprintf(stderr, "\n  pattern %s: no '%s' among %d:\n", pattern,
		    text, rep.violations.n);
		for (int i = 0; i < rep.violations.n; i++)
			fprintf(stderr, "    %s\n", rep.violations.v[i]);
	}
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
}

static void
test_hard_rules(void)
{
	struct team *t = small_team();
	struct contract *c = &t->contracts[0];

	expect(t, "ND", 0, "min rest between");
	expect(t, "DDDD", 0, "4 working days in a row");
	expect(t, "N.N.N", 0, "3 N duties (at most 2)");
	c->max_weekends = 0;
	expect(t, ".....D", 0, "1 working weekends (at most 0)");
	c->max_weekends = UNLIMITED;
	expect(t, "DD.DDD", 0, "3600 minutes (at most 2880)");
	c->max_minutes = UNLIMITED;
	c->min_minutes = 60 * 60;
	expect(t, "D", 0, "720 minutes (at least 3600)");
	c->min_minutes = 0;
	c->min_consecutive = 2;
	expect(t, "DD.D.DD", 0, "only 1 working days in a row");
	c->min_consecutive = 1;
	c->min_days_off = 2;
	expect(t, "D.DD", 0, "only 1 days off in a row");
	c->min_days_off = 1;
	c->min_rest = 0;
	team_add_succession(t, 1, 0);
	expect(t, "ND", 0, "N on 2026-12-07 followed by D");
	expect(t, "D", 1, "may not fill rank L2");
	team_add_leave(t, 0, date_from_ymd(2026, 12, 8), date_from_ymd(2026, 12, 8));
	expect(t, "N", 0, "on leave");
	team_free(t);
}

static void
test_clean_roster(void)
{
	struct team *t = small_team();
	struct grid *g = small_grid(t);
	struct roster *r = roster_new(g);
	struct roster_report rep;

	/* a, b and c share the days without breaking anything. */
	for (int d = 0; d < 7; d++)
		roster_add(r, d % 3 == 2 ? 2 : d % 2, at(g, d, 0), 0);
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	CU_ASSERT_EQUAL(rep.penalty, 0);
	CU_ASSERT_EQUAL(roster_duty_index(r, 0), 0);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Fairness groups: a day-only agent is left out of the night spread;
 * duties are spread among agents of the same rank and contract only. */
static void
test_fairness_groups(void)
{
	struct team *t = small_team();
	struct contract *days = team_add_contract(t, "days");
	struct grid *g;
	struct roster *r;
	struct roster_report rep;

	days->max_shifts[1] = 0;
	team_add_agent(t, "d", NULL, 0, 1);	/* L1, days only */
	t->fair_nights = 10;
	t->fair_weekends = 100;
	t->fair_duties = 1000;
	g = small_grid(t);
	r = roster_new(g);
	roster_add(r, 0, at(g, 0, 1), 0);	/* a: a night */
	roster_add(r, 1, at(g, 2, 1), 0);	/* b: two nights */
	roster_add(r, 1, at(g, 4, 1), 0);
	roster_add(r, 3, at(g, 5, 0), 0);	/* d: Saturday day */
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	CU_ASSERT(!fair_member(t, 3, 0, -1, FAIR_NIGHTS));
	CU_ASSERT(fair_member(t, 3, 0, -1, FAIR_WEEKENDS));
	CU_ASSERT(!fair_member(t, 3, 0, 0, FAIR_DUTIES));
	/* nights {a 1, b 2}: 10; weekend duties {a 0, b 0, d 1}: 100;
	 * duties on contract c {a 1, b 2}: 1000, on "days" {d 1}: 0. */
	CU_ASSERT_EQUAL(rep.fairness, 1110);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static const struct test_case cases[] = {
	{ "fairness_groups", test_fairness_groups },
	{ "penalty_terms", test_penalty_terms },
	{ "hard_rules", test_hard_rules },
	{ "clean_roster", test_clean_roster },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("roster", cases, argc, argv);
}
