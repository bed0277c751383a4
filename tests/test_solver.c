/* test_solver.c - the GLPK model against hand-computed optima: each case
 * is small enough to work out on paper, and every roster the solver
 * returns is checked by roster_evaluate() (no violations, same penalty). */
#include <float.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cg.h"
#include "curtois.h"
#include "heur.h"
#include "model.h"
#include "roster.h"
#include "solver.h"
#include "testlib.h"
#include "util.h"

/* Monday 2 March 2026: day k of a test horizon is MON + k. */
#define MON	date_from_ymd(2026, 3, 2)

static struct team *
new_team(void)
{
	struct team *t = team_new();

	t->id = xstrdup("t");
	t->name = xstrdup("test team");
	t->tz = xstrdup("Europe/Moscow");
	team_add_rank(t, "L1", "first line");
	return t;
}

/* A team with one day shift D (08:00, 8 hours), one contract and n
 * agents a0, a1, ... of rank L1. */
static struct team *
day_team(int nagents)
{
	struct team *t = new_team();

	team_add_shift(t, "D", "day", 8 * 60, 8 * 60);
	team_add_contract(t, "c");
	for (int i = 0; i < nagents; i++) {
		char id[8];

		snprintf(id, sizeof(id), "a%d", i);
		team_add_agent(t, id, id, 0, 0);
	}
	return t;
}

/* What holds for every roster returned: it breaks no rule, and the
 * objective is its penalty as roster_evaluate() computes it. */
static void
check_roster(const struct roster *r)
{
	struct roster_report rep;

	if (r->status == ROSTER_NONE || r->status == ROSTER_UNFOUND) {
		CU_ASSERT_EQUAL(r->nduties, 0);
		return;
	}
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	for (int i = 0; i < rep.violations.n; i++)
		fprintf(stderr, "violation: %s\n", rep.violations.v[i]);
	CU_ASSERT_DOUBLE_EQUAL(r->objective, (double)rep.penalty, 1e-9);
	CU_ASSERT(r->bound <= r->objective + 1e-9);
	if (r->status == ROSTER_OPTIMAL)
		CU_ASSERT_DOUBLE_EQUAL(r->bound, r->objective, 1e-9);
	roster_report_release(&rep);
}

/* Solve with o, and check that the roster is returned with the status
 * expected and passes check_roster(). */
static struct roster *
solve_with(struct grid *g, const struct solver_opts *o,
    enum roster_status want)
{
	struct roster *r;
	char *err = NULL;

	r = solver_solve(g, o, &err);
	CU_ASSERT_PTR_NULL(err);
	free(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->status, want);
	check_roster(r);
	return r;
}

static struct roster *
solve(struct grid *g, enum roster_status want, double time_limit)
{
	struct solver_opts o = { .time_limit = time_limit };

	return solve_with(g, &o, want);
}

/* The same agent by agent: heur.c alone, no GLPK. */
static struct roster *
solve_decomposed(struct grid *g, enum roster_status want, double time_limit)
{
	struct solver_opts o = { .time_limit = time_limit, .decompose = 1 };

	return solve_with(g, &o, want);
}

static struct roster *
solve_optimal(struct grid *g, double objective)
{
	struct roster *r = solve(g, ROSTER_OPTIMAL, 30);

	CU_ASSERT_DOUBLE_EQUAL(r->objective, objective, 1e-9);
	return r;
}

/* Does agent a have a duty of shift sh (or any, -1) on grid day d? */
static int
works(const struct roster *r, int a, int d, int sh)
{
	for (int i = 0; i < r->nduties; i++) {
		const struct slot *s = &r->grid->slots[r->duties[i].slot];

		if (r->duties[i].agent == a && s->day == d &&
		    (sh < 0 || s->shift == sh))
			return 1;
	}
	return 0;
}

/* The agent's working days as a string of 0/1 over the grid's days. */
static const char *
pattern(const struct roster *r, int a)
{
	static char buf[64];
	int n = r->grid->ndays < 63 ? r->grid->ndays : 63;

	for (int d = 0; d < n; d++)
		buf[d] = works(r, a, d, -1) ? '1' : '0';
	buf[n] = '\0';
	return buf;
}

static void
test_consecutive_max(void)
{
	struct team *t = day_team(2);
	struct grid *g;
	struct roster *r;

	t->contracts[0].max_consecutive = 2;
	team_add_cover(t, 0, 0, 1)->under_weight = 100;
	g = grid_build(t, MON, 3, NULL);
	r = solve_optimal(g, 0);
	for (int d = 0; d < 3; d++)
		CU_ASSERT(works(r, 0, d, 0) || works(r, 1, d, 0));
	CU_ASSERT_STRING_NOT_EQUAL(pattern(r, 0), "111");
	CU_ASSERT_STRING_NOT_EQUAL(pattern(r, 1), "111");
	roster_free(r);
	grid_free(g);

	/* Alone, the agent must leave one of the three days open. */
	t->nagents = 1;
	g = grid_build(t, MON, 3, NULL);
	r = solve_optimal(g, 100);
	CU_ASSERT_EQUAL(r->nduties, 2);
	roster_free(r);
	grid_free(g);
	t->nagents = 2;
	team_free(t);
}

static void
test_understaffed(void)
{
	struct team *t = day_team(1);
	struct roster_report rep;
	struct grid *g;
	struct roster *r;

	team_add_cover(t, 0, 0, 2)->under_weight = 100;
	g = grid_build(t, MON, 2, NULL);
	r = solve_optimal(g, 200);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "11");
	roster_evaluate(r, &rep);
	CU_ASSERT_EQUAL(rep.ngaps, 2);
	CU_ASSERT_EQUAL(rep.gaps[0].missing, 1);
	CU_ASSERT_EQUAL(rep.gaps[1].missing, 1);
	CU_ASSERT_EQUAL(rep.under, 200);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* D 08-20 and N 20-08 on one day, plus the night before reaching in. */
static void
test_rest(void)
{
	struct team *t = new_team();
	struct shift_type *n;
	struct grid *g;
	struct roster *r;
	int d0, n0, n1;

	team_add_shift(t, "D", "day", 8 * 60, 12 * 60);
	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_contract(t, "c")->min_rest = 12 * 60;
	team_add_agent(t, "a", "A", 0, 0);
	team_add_cover(t, 0, 0, 1)->under_weight = 1500;
	team_add_cover(t, 0, 1, 1)->under_weight = 1000;
	g = grid_build(t, MON, 1, NULL);
	CU_ASSERT_EQUAL_FATAL(g->nslots, 3);
	n0 = grid_slot_at(g, 0, 1);
	d0 = grid_slot_at(g, 1, 0);
	n1 = grid_slot_at(g, 1, 1);
	/* Night, day: no rest at 08:00.  Both nights: 12 hours rest. */
	r = solve_optimal(g, 1500);
	CU_ASSERT_EQUAL_FATAL(r->nduties, 2);
	CU_ASSERT_EQUAL(r->duties[0].slot, n0);
	CU_ASSERT_EQUAL(r->duties[1].slot, n1);
	roster_free(r);

	/* Without a rest rule, night then day is allowed. */
	t->contracts[0].min_rest = 0;
	r = solve_optimal(g, 1000);
	CU_ASSERT_EQUAL_FATAL(r->nduties, 2);
	CU_ASSERT_EQUAL(r->duties[0].slot, n0);
	CU_ASSERT_EQUAL(r->duties[1].slot, d0);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_substitution(void)
{
	struct team *t = new_team();
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;

	team_add_rank(t, "L2", "second line");
	team_add_shift(t, "D", "day", 8 * 60, 8 * 60);
	team_add_contract(t, "c");
	team_add_agent(t, "b", "B", 1, 0);
	c = team_add_cover(t, 0, 0, 1);
	g = grid_build(t, MON, 1, NULL);
	r = solve_optimal(g, 1000);
	CU_ASSERT_EQUAL(r->nduties, 0);
	roster_free(r);
	grid_free(g);

	c->substitutes = 1u << 1;
	g = grid_build(t, MON, 1, NULL);
	r = solve_optimal(g, 0);
	CU_ASSERT_EQUAL_FATAL(r->nduties, 1);
	CU_ASSERT_EQUAL(r->duties[0].agent, 0);
	CU_ASSERT_EQUAL(r->duties[0].rank, 0);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_wishes(void)
{
	struct team *t = day_team(2);
	struct cover_rule *c;
	struct shift_type *n;
	struct grid *g;
	struct roster *r;

	/* One place, both would rather be off: the cheaper wish loses. */
	c = team_add_cover(t, 0, 0, 1);
	c->max = 1;
	team_add_wish(t, 0, MON, -1, 0, 5);
	team_add_wish(t, 1, MON, 0, 0, 3);
	team_add_wish(t, 0, MON + 7, -1, 0, 1000);	/* outside: ignored */
	g = grid_build(t, MON, 1, NULL);
	r = solve_optimal(g, 3);
	CU_ASSERT_EQUAL_FATAL(r->nduties, 1);
	CU_ASSERT_EQUAL(r->duties[0].agent, 1);
	roster_free(r);
	grid_free(g);
	team_free(t);

	/* "On" a night: the night is taken and the day left open (10);
	 * taking the day instead would cost 10 + 4. */
	t = day_team(1);
	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_cover(t, 0, 0, 1)->under_weight = 10;
	c = team_add_cover(t, 0, 1, 1);
	c->under_weight = 10;
	c->date = MON;
	team_add_wish(t, 0, MON, 1, 1, 4);
	g = grid_build(t, MON, 1, NULL);
	r = solve_optimal(g, 10);
	CU_ASSERT_EQUAL_FATAL(r->nduties, 1);
	CU_ASSERT(works(r, 0, g->ndays - 1, 1));
	roster_free(r);
	grid_free(g);

	/* An "on" wish that cannot be met (leave) costs its weight. */
	team_add_leave(t, 0, MON, MON);
	g = grid_build(t, MON, 1, NULL);
	r = solve_optimal(g, 24);
	CU_ASSERT_EQUAL(r->nduties, 0);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_leave(void)
{
	struct team *t = day_team(1);
	struct grid *g;
	struct roster *r;

	team_add_cover(t, 0, 0, 1);
	team_add_leave(t, 0, MON + 1, MON + 1);
	g = grid_build(t, MON, 3, NULL);
	r = solve_optimal(g, 1000);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "101");
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_max_weekends(void)
{
	struct team *t = day_team(1);
	struct roster_report rep;
	struct grid *g;
	struct roster *r;

	t->contracts[0].max_weekends = 1;
	team_add_cover(t, 0, 0, 1)->under_weight = 100;
	/* The second weekend is the cheaper one to miss. */
	team_add_wish(t, 0, MON + 13, -1, 0, 7);
	g = grid_build(t, MON, 14, NULL);
	CU_ASSERT_EQUAL(g->nweekends, 2);
	r = solve_optimal(g, 200);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "11111111111100");
	roster_evaluate(r, &rep);
	CU_ASSERT_EQUAL(rep.load[0].weekends, 1);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_min_consecutive(void)
{
	struct team *t = day_team(1);
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;

	t->contracts[0].min_consecutive = 3;
	team_add_cover(t, 0, 0, 0);
	c = team_add_cover(t, 0, 0, 1);
	c->date = MON + 2;
	for (int d = 0; d < 5; d++)
		if (d != 2)
			team_add_wish(t, 0, MON + d, -1, 0, 1 + (d < 2));
	/* Day 2 alone would be a run of one between days off: work 2-4
	 * (cost 2), not 1-3 (3) or 0-2 (4). */
	g = grid_build(t, MON, 5, NULL);
	r = solve_optimal(g, 2);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "00111");
	roster_free(r);
	grid_free(g);

	/* Day 1 only: the run 0-1 touches the horizon's start, so it is
	 * exempt (cost 1); 1-3 would cost 2. */
	c->date = MON + 1;
	t->nwishes = 0;
	for (int d = 0; d < 5; d++)
		if (d != 1)
			team_add_wish(t, 0, MON + d, -1, 0, 1);
	g = grid_build(t, MON, 5, NULL);
	r = solve_optimal(g, 1);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "11000");
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_min_days_off(void)
{
	struct team *t = day_team(1);
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;

	t->contracts[0].min_days_off = 2;
	team_add_cover(t, 0, 0, 0);
	c = team_add_cover(t, 0, 0, 1);
	c->date = MON;
	c->under_weight = 100;
	c = team_add_cover(t, 0, 0, 1);
	c->date = MON + 2;
	c->under_weight = 100;
	team_add_wish(t, 0, MON + 1, -1, 0, 30);
	team_add_wish(t, 0, MON + 3, -1, 0, 1);
	/* One day off between two duties is too short: work through. */
	g = grid_build(t, MON, 4, NULL);
	r = solve_optimal(g, 30);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0), "1110");
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_succession(void)
{
	struct team *t = day_team(1);
	struct shift_type *n;
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;
	int last;

	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_cover(t, 0, 0, 1)->under_weight = 100;
	c = team_add_cover(t, 0, 1, 1);
	c->date = MON;
	c->under_weight = 500;
	/* Without the rule: night on day 0, day on day 1 (miss day 0). */
	g = grid_build(t, MON, 2, NULL);
	last = g->ndays - 1;
	r = solve_optimal(g, 100);
	CU_ASSERT(works(r, 0, last - 1, 1));
	CU_ASSERT(works(r, 0, last, 0));
	roster_free(r);
	grid_free(g);

	/* N then D forbidden: the night alone (miss both days) is best. */
	team_add_succession(t, 1, 0);
	g = grid_build(t, MON, 2, NULL);
	r = solve_optimal(g, 200);
	CU_ASSERT_EQUAL(r->nduties, 1);
	CU_ASSERT(works(r, 0, last - 1, 1));
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_limits(void)
{
	struct team *t = day_team(1);
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;

	/* 16 hours: two of three 8-hour days. */
	team_add_cover(t, 0, 0, 1);
	t->contracts[0].max_minutes = 16 * 60;
	g = grid_build(t, MON, 3, NULL);
	r = solve_optimal(g, 1000);
	CU_ASSERT_EQUAL(r->nduties, 2);
	roster_free(r);

	/* One D only. */
	t->contracts[0].max_shifts[0] = 1;
	r = solve_optimal(g, 2000);
	CU_ASSERT_EQUAL(r->nduties, 1);
	roster_free(r);
	grid_free(g);
	team_free(t);

	/* At least 16 hours, where nobody is wanted: two over-covers. */
	t = day_team(1);
	c = team_add_cover(t, 0, 0, 0);
	c->max = 0;
	c->over_weight = 10;
	t->contracts[0].min_minutes = 16 * 60;
	g = grid_build(t, MON, 3, NULL);
	r = solve_optimal(g, 20);
	CU_ASSERT_EQUAL(r->nduties, 2);
	roster_free(r);
	grid_free(g);

	/* More than the horizon holds: no roster. */
	t->contracts[0].min_minutes = 30 * 60;
	g = grid_build(t, MON, 3, NULL);
	r = solve(g, ROSTER_NONE, 30);
	CU_ASSERT_EQUAL(r->nduties, 0);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_fairness(void)
{
	struct team *t = new_team();
	struct shift_type *n;
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;
	int last;

	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_contract(t, "c");
	team_add_agent(t, "a", "A", 0, 0);
	team_add_agent(t, "b", "B", 0, 0);
	c = team_add_cover(t, 0, 0, 1);
	c->days = DAYS_ALL_WEEK;
	c->max = 1;
	/* Only the nights starting on days 0 and 1 need anyone. */
	c = team_add_cover(t, 0, 0, 0);
	c->date = MON - 1;
	c->max = 0;
	team_add_wish(t, 0, MON, -1, 0, 15);
	team_add_wish(t, 0, MON + 1, -1, 0, 25);

	/* Unfair is free: b takes both. */
	g = grid_build(t, MON, 2, NULL);
	last = g->ndays - 1;
	r = solve_optimal(g, 0);
	CU_ASSERT_STRING_EQUAL(pattern(r, 1) + last - 1, "11");
	roster_free(r);

	/* At 20 a night of spread, a takes the cheaper night. */
	t->fair_nights = 20;
	r = solve_optimal(g, 15);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0) + last - 1, "10");
	CU_ASSERT_STRING_EQUAL(pattern(r, 1) + last - 1, "01");
	roster_free(r);
	grid_free(g);

	/* Weekend duties likewise: Saturday and Sunday nights. */
	t->fair_nights = 0;
	t->fair_weekends = 30;
	t->wishes[0].date = MON + 5;
	t->wishes[1].date = MON + 6;
	t->covers[1].date = MON + 4;
	g = grid_build(t, MON + 5, 2, NULL);
	last = g->ndays - 1;
	r = solve_optimal(g, 15);
	CU_ASSERT_STRING_EQUAL(pattern(r, 0) + last - 1, "10");
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Fairness groups: a day-only agent does not pull the night minimum
 * down, and duties are spread among agents on the same contract only. */
static void
test_fairness_groups(void)
{
	struct team *t = day_team(3);
	struct shift_type *n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	struct contract *days = team_add_contract(t, "days");
	struct cover_rule *c;
	struct grid *g;
	struct roster *r;

	n->night = 1;
	days->max_shifts[1] = 0;
	t->agents[2].contract = 1;		/* a2 works days only */
	c = team_add_cover(t, 0, 1, 1);		/* one on each night */
	c->max = 1;
	c = team_add_cover(t, 0, 1, 0);		/* none the night before */
	c->date = MON - 1;
	c->max = 0;
	t->fair_nights = 20;
	/* Four nights: a0 and a1 take two each; a2's none costs nothing.
	 * (Short limits: proximity search, which finds these optima, spends
	 * a third of the limit even once nothing better can exist.) */
	g = grid_build(t, MON, 4, NULL);
	r = solve(g, ROSTER_OPTIMAL, 3);
	CU_ASSERT_DOUBLE_EQUAL(r->objective, 0, 1e-9);
	roster_free(r);
	grid_free(g);

	/* Add a day shift a day, and a wish of a2 to be off on the first:
	 * with a duties spread on contract c, a0 and a1 work as many duties
	 * as each other (a2, alone on "days", is in no group), so the four
	 * days go 1 + 1 + 2 or 0 + 0 + 4; a2's wish costs nothing either
	 * way.  Without it, b could take a day that a2 wanted off. */
	team_add_cover(t, 0, 0, 1)->max = 1;
	team_add_wish(t, 2, MON, -1, 0, 3);
	t->fair_duties = 7;
	g = grid_build(t, MON, 4, NULL);
	r = solve(g, ROSTER_OPTIMAL, 3);
	CU_ASSERT_DOUBLE_EQUAL(r->objective, 0, 1e-9);
	{
		struct roster_report rep;

		roster_evaluate(r, &rep);
		CU_ASSERT_EQUAL(rep.load[0].duties, rep.load[1].duties);
		CU_ASSERT(!works(r, 2, g->ndays - 4, -1));
		roster_report_release(&rep);
	}
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_write_lp(void)
{
	struct team *t = day_team(1);
	struct solver_opts o = { .time_limit = 10 };
	const char *dir = test_tmpdir();
	char path[256], *text, *err = NULL;
	struct grid *g;
	struct roster *r;

	team_add_cover(t, 0, 0, 1);
	team_add_wish(t, 0, MON, -1, 1, 7);
	g = grid_build(t, MON, 2, NULL);

	o.write_lp = "/nonexistent/x.lp";
	r = solver_solve(g, &o, &err);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_STRING_EQUAL(err, "cannot write the model to "
	    "'/nonexistent/x.lp': No such file or directory");
	free(err);
	err = NULL;

	snprintf(path, sizeof(path), "%s/m.lp", dir);
	o.write_lp = path;
	r = solver_solve(g, &o, &err);
	CU_ASSERT_PTR_NULL(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->status, ROSTER_OPTIMAL);
	text = file_read(path, NULL, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Minimize"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "x_a0_0_L1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "min_1_L1"));
	/* The "on" wish's constant is a column, not a comment. */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "+ 7 constant"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "constant = 1"));
	free(text);
	unlink(path);
	rmdir(dir);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* A deterministic pseudo-random sequence for building larger teams. */
static unsigned
lcg(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16 & 0x7fff;
}

/* 50 agents, three shifts, a month, many wishes, fairness: too much for
 * GLPK to prove in seconds. */
static struct team *
big_team(void)
{
	struct team *t = new_team();
	struct shift_type *n;
	struct contract *c;
	unsigned seed = 7;

	team_add_shift(t, "E", "early", 6 * 60, 8 * 60);
	team_add_shift(t, "L", "late", 14 * 60, 8 * 60);
	n = team_add_shift(t, "N", "night", 22 * 60, 8 * 60);
	n->night = 1;
	c = team_add_contract(t, "c");
	c->max_consecutive = 5;
	c->min_consecutive = 2;
	c->min_days_off = 2;
	c->min_rest = 11 * 60;
	c->max_minutes = 168 * 60;
	t->fair_nights = 20;
	t->fair_weekends = 10;
	for (int i = 0; i < 50; i++) {
		char id[8];

		snprintf(id, sizeof(id), "p%d", i);
		team_add_agent(t, id, id, 0, 0);
		for (int k = 0; k < 6; k++)
			team_add_wish(t, i, MON + (int)(lcg(&seed) % 31),
			    (int)(lcg(&seed) % 4) - 1, (int)(lcg(&seed) % 2),
			    1 + (int)(lcg(&seed) % 9));
	}
	for (int sh = 0; sh < 3; sh++)
		team_add_cover(t, 0, sh, 8)->max = 10;
	return t;
}

static void
test_time_limit(void)
{
	struct team *t = big_team();
	struct solver_opts o = { .time_limit = 1 };
	char *err = NULL;
	struct grid *g;
	struct roster *r;
	double t0;

	g = grid_build(t, MON, 31, NULL);
	t0 = now_seconds();
	r = solver_solve(g, &o, &err);
	CU_ASSERT(now_seconds() - t0 < 3.0);
	CU_ASSERT_PTR_NULL(err);
	free(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(r->seconds < 3.0);
	CU_ASSERT(r->status == ROSTER_FEASIBLE || r->status == ROSTER_UNFOUND);
	check_roster(r);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* The sample team of configs/examples/support-desk.xml, built by hand:
 * Moscow, December 2026, L1 and L2 on 12-hour days and nights, L3 and
 * duty managers on a weekly on-call from Mondays 10:00. */
static struct team *
support_desk(void)
{
	static const char *l1[] = { "ivanov", "petrova", "sidorov",
	    "kuznetsova", "smirnov", "popova", "vasiliev", "sokolova",
	    "mikhailov", "novikova", "fedorov", "morozova", "volkov" };
	static const char *l2[] = { "alekseev", "lebedeva", "semenov",
	    "egorova", "pavlov", "kozlova" };
	static const char *l3[] = { "stepanov", "nikolaeva", "orlov",
	    "andreeva" };
	static const char *dm[] = { "makarov", "zakharova", "romanov" };
	struct team *t = team_new();
	struct shift_type *sh;
	struct contract *c;
	struct cover_rule *cv;
	int dec = date_from_ymd(2026, 12, 1) - 1;	/* dec + d is d Dec */

	t->id = xstrdup("support-desk");
	t->name = xstrdup("Support desk");
	t->tz = xstrdup("Europe/Moscow");
	t->fair_nights = 20;
	t->fair_weekends = 10;
	team_add_rank(t, "L1", "First line");
	team_add_rank(t, "L2", "Second line");
	team_add_rank(t, "L3", "Engineers");
	team_add_rank(t, "DM", "Duty manager");
	team_add_shift(t, "D", "day", 8 * 60, 12 * 60);
	sh = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	sh->night = 1;
	sh = team_add_shift(t, "W", "weekly on-call", 10 * 60, 168 * 60);
	sh->days = 1u << 0;
	sh->counts = 40 * 60;
	team_add_succession(t, 1, 0);
	c = team_add_contract(t, "full-time");
	c->max_minutes = 180 * 60;
	c->max_consecutive = 5;
	c->min_rest = 12 * 60;
	c->max_shifts[1] = 9;
	c->max_shifts[2] = 0;
	c = team_add_contract(t, "on-call");
	c->max_shifts[0] = 0;
	c->max_shifts[1] = 0;
	c->max_shifts[2] = 2;
	for (size_t i = 0; i < sizeof(l1) / sizeof(*l1); i++)
		team_add_agent(t, l1[i], l1[i], 0, 0);
	for (size_t i = 0; i < sizeof(l2) / sizeof(*l2); i++)
		team_add_agent(t, l2[i], l2[i], 1, 0);
	for (size_t i = 0; i < sizeof(l3) / sizeof(*l3); i++)
		team_add_agent(t, l3[i], l3[i], 2, 1);
	for (size_t i = 0; i < sizeof(dm) / sizeof(*dm); i++)
		team_add_agent(t, dm[i], dm[i], 3, 1);
	cv = team_add_cover(t, 0, 0, 3);
	cv->days = DAYS_WEEKDAY;
	cv->max = 4;
	cv->substitutes = 1u << 1;
	cv = team_add_cover(t, 0, 0, 2);
	cv->days = DAYS_WEEKEND | DAYS_HOLIDAY;
	cv->max = 3;
	cv->substitutes = 1u << 1;
	cv = team_add_cover(t, 0, 1, 2);
	cv->max = 3;
	cv->substitutes = 1u << 1;
	team_add_cover(t, 1, 0, 1)->max = 2;
	team_add_cover(t, 1, 1, 1)->max = 2;
	team_add_cover(t, 2, 2, 1)->max = 1;
	team_add_cover(t, 3, 2, 1)->max = 1;
	team_add_holiday(t, dec + 31, "New Year's Eve");
	team_add_leave(t, team_agent(t, "petrova"), dec + 7, dec + 11);
	team_add_leave(t, team_agent(t, "smirnov"), dec + 21, dec + 23);
	team_add_leave(t, team_agent(t, "lebedeva"), dec + 14, dec + 18);
	team_add_leave(t, team_agent(t, "orlov"), dec + 1, dec + 6);
	team_add_wish(t, team_agent(t, "ivanov"), dec + 24, -1, 0, 3);
	team_add_wish(t, team_agent(t, "ivanov"), dec + 26, 1, 1, 1);
	team_add_wish(t, team_agent(t, "kozlova"), dec + 31, 1, 0, 5);
	team_add_wish(t, team_agent(t, "volkov"), dec + 31, 1, 1, 2);
	team_add_wish(t, team_agent(t, "makarov"), dec + 28, 2, 0, 4);
	return t;
}

/* The sample team must get a valid roster, close to optimal, quickly. */
/* The agent-by-agent construction (heur.c), forced on a team small enough
 * to check by hand: two shifts with a forbidden succession, runs of 2..3
 * days, days off in pairs, a minutes window and an off wish.  Every row
 * must keep every rule and the objective must be roster_evaluate()'s
 * penalty. */
static void
test_decompose(void)
{
	struct team *t = day_team(3);
	struct roster_report rep;
	struct contract *c;
	struct grid *g;
	struct roster *r;

	team_add_shift(t, "N", "night", 20 * 60, 10 * 60);
	c = &t->contracts[0];
	c->max_shifts[1] = 4;
	c->max_consecutive = 3;
	c->min_consecutive = 2;
	c->min_days_off = 2;
	c->min_minutes = 6 * 8 * 60;
	c->max_minutes = 9 * 8 * 60;
	team_add_succession(t, 1, 0);
	team_add_cover(t, 0, 0, 1)->under_weight = 100;
	team_add_cover(t, 0, 1, 1)->under_weight = 100;
	team_add_wish(t, 0, MON + 3, -1, 0, 5);
	g = grid_build(t, MON, 14, NULL);
	r = solve_decomposed(g, ROSTER_FEASIBLE, 10);
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	for (int i = 0; i < rep.violations.n; i++)
		fprintf(stderr, "violation: %s\n", rep.violations.v[i]);
	CU_ASSERT_DOUBLE_EQUAL(r->objective, (double)rep.penalty, 1e-9);
	CU_ASSERT(r->bound <= r->objective);
	/* Each agent works at least 6 day shifts' worth (2880 minutes, 5
	 * nights of 600 at the least): 15 duties or more in all. */
	CU_ASSERT(r->nduties >= 15);
	CU_ASSERT(rep.under < 100L * 29);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* r covers every slot exactly, at no penalty, breaking no rule. */
static void
check_exact_cover(const struct roster *r)
{
	struct roster_report rep;

	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	CU_ASSERT_EQUAL(rep.under, 0);
	CU_ASSERT_EQUAL(rep.over, 0);
	CU_ASSERT_DOUBLE_EQUAL(r->objective, 0, 1e-9);
	roster_report_release(&rep);
}

/* Weekly on-call agent by agent: four weeks (five slots: the Monday
 * before overlaps the first day), one on-call a week, three agents who
 * may take two each and must take one.  Each row has every week on offer
 * at the same price, so the first row the programme finds holds all five
 * and is repaired down to two: which two decides the roster.  Dropping
 * the first weeks (as the repair did until it tried the costliest days
 * first) left every agent on the last two: the first weeks uncovered,
 * the last over-covered. */
static void
test_decompose_weekly(void)
{
	struct team *t = new_team();
	struct shift_type *w;
	struct contract *c;
	struct cover_rule *cr;
	struct grid *g;
	struct roster *r;

	w = team_add_shift(t, "W", "weekly on-call", 10 * 60, 7 * 24 * 60);
	w->days = 1u;	/* Mondays (bit 0) */
	w->counts = 40 * 60;
	c = team_add_contract(t, "on-call");
	c->max_shifts[0] = 2;
	c->min_minutes = 40 * 60;
	for (int i = 0; i < 3; i++) {
		char id[8];

		snprintf(id, sizeof(id), "a%d", i);
		team_add_agent(t, id, id, 0, 0);
	}
	cr = team_add_cover(t, 0, 0, 1);
	cr->max = 1;
	cr->under_weight = 1000;
	cr->over_weight = 10;
	g = grid_build(t, MON, 28, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	r = solve_decomposed(g, ROSTER_FEASIBLE, 10);
	check_exact_cover(r);
	CU_ASSERT_EQUAL(r->nduties, g->nslots);	/* one agent each */
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Agent by agent, weekends must not be priced out: 8 weekends need two
 * agent-days each, 5 agents may work 4 weekends each.  Before heur.c's
 * cheapen() and polish() the first agent took every weekday, the price of
 * a weekend it passed on kept the others off all weekends (1600 under). */
static void
test_decompose_weekends(void)
{
	struct team *t = day_team(5);
	struct cover_rule *cr;
	struct grid *g;
	struct roster *r;

	t->contracts[0].max_weekends = 4;
	t->contracts[0].max_consecutive = 5;
	cr = team_add_cover(t, 0, 0, 1);
	cr->max = 1;
	cr->under_weight = 100;
	cr->over_weight = 1;
	g = grid_build(t, MON, 56, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	r = solve_decomposed(g, ROSTER_FEASIBLE, 10);
	check_exact_cover(r);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Agent by agent, a contract whose minutes no row can reach is proven
 * impossible (ROSTER_NONE: exit 5), not reported as out of time: 40 hours
 * in two days of 8-hour duties. */
static void
test_decompose_impossible(void)
{
	struct team *t = day_team(2);
	struct grid *g;
	struct roster *r;

	t->contracts[0].min_minutes = 40 * 60;
	team_add_cover(t, 0, 0, 1);
	g = grid_build(t, MON, 2, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	r = solve_decomposed(g, ROSTER_NONE, 10);
	CU_ASSERT_EQUAL(r->nduties, 0);
	CU_ASSERT(r->seconds < 5);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* The grid of the Curtois instance tests/curtois/FILE, its team in *tp
 * (the caller frees both). */
static struct grid *
curtois_grid(const char *file, struct team **tp)
{
	char *path = xasprintf("%s/tests/curtois/%s", TOP_SRCDIR, file);
	struct grid *g;
	char *err = NULL;

	*tp = curtois_read(path, date_from_ymd(2024, 1, 1), &err);
	CU_ASSERT_PTR_NULL(err);
	free(err);
	free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*tp);
	g = grid_build(*tp, (*tp)->horizon_first, (*tp)->horizon_days, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	return g;
}

/* Curtois Instance15 agent by agent.  Agent AB works only 8-hour duties,
 * 204 to 216 hours in six weeks, in runs of 2 to 5 days: against the
 * cover the agents before it left, one price of a minute gave 25 duties
 * and the next 28, the missing duty needed three days changed, and the
 * construction failed (no roster at all) until heur.c's dp_minutes(). */
static void
test_decompose_instance15(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance15.txt", &t);
	struct roster *r;

	r = solve_decomposed(g, ROSTER_FEASIBLE, 5);	/* and check_roster() */
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* heur_enumerate() (cg.c's list of the rows near the LP's optimum) against
 * brute force on Curtois Instance1 (14 days, one shift type: 16,384 rows
 * an agent): at random prices, exactly the valid rows at most as costly
 * as the median valid row, each once.  cg.c's proof of optimality on
 * Curtois 5 stands on this list being whole. */
struct en_seen {
	const struct grid *g;
	unsigned char *mark;	/* [1 << ndays]: 1 listed by brute force,
				 * 2 then by heur_enumerate() */
	int	 bad, twice;
};

static void
en_seen_row(void *arg, const int *row, double cost)
{
	struct en_seen *e = arg;
	int mask = 0;

	(void)cost;
	for (int d = 0; d < e->g->ndays; d++)
		if (row[d] >= 0)
			mask |= 1 << d;
	if (e->mark[mask] == 2)
		e->twice++;
	else if (e->mark[mask] != 1)
		e->bad++;
	e->mark[mask] = 2;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
test_heur_enumerate(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance1.txt", &t);
	struct heur *h = heur_new(g);
	int D = g->ndays, n = 1 << D;
	double *price = xcalloc((size_t)g->ndemands, sizeof(double));
	double *cost = xmalloc((size_t)n * sizeof(double));
	double *sorted = xmalloc((size_t)n * sizeof(double));
	struct en_seen e = { g, xmalloc((size_t)n), 0, 0 };
	struct roster_report rep;
	struct roster *r = roster_new(g);
	long w0;

	CU_ASSERT_EQUAL_FATAL(t->nshifts, 1);
	roster_evaluate(r, &rep);
	w0 = rep.wishes;	/* every wish to work unmet */
	roster_report_release(&rep);
	roster_free(r);
	for (int a = 0; a < t->nagents; a++) {
		const char *id = t->agents[a].id;
		int valid = 0, listed = 0;
		double limit;

		for (int k = 0; k < g->ndemands; k++)
			price[k] = (double)((k * 7919 + a * 104729) % 81 - 20);
		for (int mask = 0; mask < n; mask++) {
			double paid = 0;
			int ok = 1;

			r = roster_new(g);
			for (int d = 0; d < D && ok; d++) {
				int s = grid_slot_at(g, d, 0), k, got = -1;

				if (!(mask >> d & 1))
					continue;
				for (k = s >= 0 ? g->slot_demands[s] : 0;
				    s >= 0 && k < g->slot_demands[s + 1]; k++)
					if (grid_can_fill(g, a, &g->demands[k]))
						got = k;
				if ((ok = got >= 0)) {
					roster_add(r, a, s, g->demands[got].rank);
					paid += price[got];
				}
			}
			e.mark[mask] = 0;
			if (ok) {
				roster_sort(r);
				roster_evaluate(r, &rep);
				/* The others, without duties, break theirs. */
				for (int v = 0; v < rep.violations.n; v++)
					ok &= strncmp(rep.violations.v[v], id,
					    strlen(id)) != 0 ||
					    rep.violations.v[v][strlen(id)] != ':';
				/* As the MIP counts: a wish to work granted
				 * earns its weight. */
				cost[mask] = (double)(rep.wishes - w0) - paid;
				roster_report_release(&rep);
			}
			roster_free(r);
			if (ok)
				sorted[valid++] = cost[mask];
			else
				cost[mask] = DBL_MAX;
		}
		CU_ASSERT_FATAL(valid > 1);
		qsort(sorted, (size_t)valid, sizeof(double), cmp_double);
		limit = sorted[valid / 2];
		for (int mask = 0; mask < n; mask++)
			if (cost[mask] <= limit + 1e-9) {
				e.mark[mask] = 1;
				listed++;
			}
		CU_ASSERT_EQUAL(heur_enumerate(h, a, price, limit, n,
		    now_seconds() + 60, en_seen_row, &e), 1);
		for (int mask = 0; mask < n; mask++)
			if (e.mark[mask] == 1)
				fprintf(stderr, "agent %d: row %#x (%.1f) not listed\n",
				    a, mask, cost[mask]);
		for (int mask = 0; mask < n; mask++)
			listed -= e.mark[mask] == 2;
		CU_ASSERT_EQUAL(listed, 0);
		CU_ASSERT_EQUAL(e.bad, 0);
		CU_ASSERT_EQUAL(e.twice, 0);
	}
	free(e.mark);
	free(price);
	free(cost);
	free(sorted);
	heur_free(h);
	grid_free(g);
	team_free(t);
}

/* Column generation's fast pricing (heur_price(), cg.c) on Curtois
 * Instance15: at any prices each agent's row keeps that agent's rules
 * (put in place of its row in a valid roster, the roster breaks none; a
 * row that did not would let column generation hand the search rosters
 * that break rules), and it follows the prices: paid for the duties of
 * one shift type rather than another's, the team works more of them. */
static void
test_heur_price(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance15.txt", &t);
	struct roster *base = solve_decomposed(g, ROSTER_FEASIBLE, 5);
	struct heur *h = heur_new(g);
	double *price = xcalloc((size_t)g->ndemands, sizeof(double));
	int *row = xmalloc((size_t)g->ndays * sizeof(int));
	int favoured[2] = { 0, 0 };	/* type-0 duties when 0, 1 is paid */

	for (int a = 0; a < t->nagents; a++)
		for (int pass = 0; pass < 3; pass++) {
			struct roster *r = roster_new(g);
			struct roster_report rep;

			/* Shift type 0 paid, type 1 paid, prices all over. */
			for (int k = 0; k < g->ndemands; k++) {
				int sh = g->slots[g->demands[k].slot].shift;

				price[k] = pass == 2 ?
				    (double)((k * 7919 + a * 104729) % 301 - 150) :
				    sh == pass ? 300 : -30;
			}
			CU_ASSERT_FATAL(heur_price(h, a, price,
			    now_seconds() + 10, row));
			for (int i = 0; i < base->nduties; i++)
				if (base->duties[i].agent != a)
					roster_add(r, base->duties[i].agent,
					    base->duties[i].slot, base->duties[i].rank);
			for (int d = 0; d < g->ndays; d++) {
				const struct demand *dm;

				if (row[d] < 0)
					continue;
				dm = &g->demands[row[d]];
				CU_ASSERT_EQUAL(g->slots[dm->slot].day, d);
				roster_add(r, a, dm->slot, dm->rank);
				if (pass < 2 && g->slots[dm->slot].shift == 0)
					favoured[pass]++;
			}
			roster_sort(r);
			CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
			for (int i = 0; i < rep.violations.n; i++)
				fprintf(stderr, "agent %d, prices %d: %s\n", a,
				    pass, rep.violations.v[i]);
			roster_report_release(&rep);
			roster_free(r);
		}
	CU_ASSERT(favoured[0] > favoured[1]);
	free(row);
	free(price);
	heur_free(h);
	roster_free(base);
	grid_free(g);
	team_free(t);
}

/* The construction alone (heur_run(), one thread, until a round of every
 * agent's row improves nothing) on Curtois Instance15: its rows keep every
 * rule, and the changes of two days at once (polish_pairs()) make it
 * cheaper: 8628 without them, 7899 with.  No clock decides anything here,
 * so the penalty is the same on every machine. */
static void
test_heur_pairs(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance15.txt", &t);
	struct heur *h = heur_new(g);
	struct roster *r = roster_new(g);
	struct roster_report rep;

	heur_run(h, 0, r);
	CU_ASSERT_EQUAL_FATAL(r->status, ROSTER_FEASIBLE);
	roster_sort(r);
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	CU_ASSERT_DOUBLE_EQUAL((double)rep.penalty, r->objective, 1e-6);
	CU_ASSERT(r->objective <= 8200);
	roster_report_release(&rep);
	roster_free(r);
	heur_free(h);
	grid_free(g);
	team_free(t);
}

/* Column generation's dive (cg.c) on Curtois Instance5 after only four
 * rounds of pricing, far from settled, and with no branch and bound after
 * it: from the construction's roster (2267; the optimum is 1143) the
 * dive's roster keeps every rule and comes within 30 % of the optimum
 * (1389).  A dive over the rows of those four rounds only, pricing no
 * fresh rows between its fixings (DIVE_ROUNDS 0), found nothing better
 * than the starting roster. */
static void
test_cg_dive(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance5.txt", &t);
	struct heur *h = heur_new(g);
	struct roster *start = roster_new(g), *r = roster_new(g);
	struct model *m = model_new(g);
	struct roster_report rep;
	struct cg_opts co = { .rounds = 4, .mip_seconds = 60, .bb_seconds = 0,
	    .threads = 2 };
	struct cg_result res;
	double *v, obj;

	heur_run(h, 0, start);
	CU_ASSERT_EQUAL_FATAL(start->status, ROSTER_FEASIBLE);
	model_build(m);
	v = xmalloc(((size_t)glp_get_num_cols(m->P) + 1) * sizeof(double));
	obj = model_from_roster(m, start, v);
	CU_ASSERT_DOUBLE_EQUAL(obj, start->objective, 1e-6);
	co.lp_deadline = now_seconds() + 60;
	cg_run(m, v, obj, &co, &res);
	CU_ASSERT(res.obj <= 1.3 * 1143);
	model_to_roster(m, v, r);
	CU_ASSERT_EQUAL(roster_evaluate(r, &rep), 0);
	CU_ASSERT_DOUBLE_EQUAL((double)rep.penalty, res.obj, 1e-6);
	roster_report_release(&rep);
	free(res.lp);
	free(v);
	model_free(m);
	roster_free(r);
	roster_free(start);
	heur_free(h);
	grid_free(g);
	team_free(t);
}

/* Curtois Instance2 proven optimal: the LP relaxation of the team's MIP
 * says 735 where the optimum is 828, and neither the search nor GLPK's
 * branch and bound closed that gap in a minute; column generation's bound
 * (cg.c) is 828 itself, so the run ends as soon as the search meets it. */
static void
test_instance2_proven(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance2.txt", &t);
	struct roster *r;

	r = solve(g, ROSTER_OPTIMAL, 120);	/* and check_roster() */
	CU_ASSERT_DOUBLE_EQUAL(r->objective, 828, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(r->bound, 828, 1e-9);
	CU_ASSERT(r->seconds < 60);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* Ctrl-C: a SIGINT handler sets the stop flag; the solver returns its best
 * roster so far, long before the time limit. */
static volatile sig_atomic_t stop_flag;

static void *
raise_stop(void *arg)
{
	(void)arg;
	usleep(1500 * 1000);
	stop_flag = 1;
	return NULL;
}

static void
test_stop(void)
{
	struct team *t = big_team();
	struct solver_opts o = { .time_limit = 60, .stop = &stop_flag, .verbose = getenv("ROTA_VERBOSE") != NULL };
	struct grid *g = grid_build(t, MON, 31, NULL);
	struct roster *r;
	pthread_t th;
	double t0 = now_seconds();

	stop_flag = 0;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, raise_stop, NULL), 0);
	r = solver_solve(g, &o, NULL);
	pthread_join(th, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(now_seconds() - t0 < 10.0);
	CU_ASSERT_EQUAL(r->status, ROSTER_FEASIBLE);
	check_roster(r);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static void
test_support_desk(void)
{
	struct team *t = support_desk();
	struct grid *g = grid_build(t, date_from_ymd(2026, 12, 1), 31, NULL);
	struct roster *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	r = solve(g, ROSTER_OPTIMAL, 20);
	if (getenv("ROTA_VERBOSE") != NULL) {
		struct solver_opts o = { .time_limit = 20, .verbose = 1 };

		roster_free(solver_solve(g, &o, NULL));
	}
	fprintf(stderr, "support desk: %d duties, objective %.0f, bound %.0f, "
	    "%.2f s\n", r->nduties, r->objective, r->bound, r->seconds);
	CU_ASSERT(r->seconds < 20.5);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* --no-wait (lns.c epoch()): on Curtois Instance 5 the search's rounds
 * vary in length, so a worker done with its epoch's rounds runs extra
 * ones, which may be stopped when the other is done (the test does not
 * see which); what they leave must still be a valid roster that improves
 * on the construction's (2267). */
static void
test_no_wait(void)
{
	struct team *t;
	struct grid *g = curtois_grid("Instance5.txt", &t);
	struct solver_opts o = { .time_limit = 8, .threads = 2, .seed = 3,
	    .no_wait = 1 };
	struct roster *r;

	r = solver_solve(g, &o, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(r->status == ROSTER_FEASIBLE || r->status == ROSTER_OPTIMAL);
	CU_ASSERT(r->objective < 2267);
	check_roster(r);
	fprintf(stderr, "no-wait: Instance5 %.0f in %.2f s\n", r->objective,
	    r->seconds);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static const struct test_case cases[] = {
	{ "consecutive_max", test_consecutive_max },
	{ "understaffed", test_understaffed },
	{ "rest", test_rest },
	{ "substitution", test_substitution },
	{ "wishes", test_wishes },
	{ "leave", test_leave },
	{ "max_weekends", test_max_weekends },
	{ "min_consecutive", test_min_consecutive },
	{ "min_days_off", test_min_days_off },
	{ "succession", test_succession },
	{ "limits", test_limits },
	{ "fairness", test_fairness },
	{ "fairness_groups", test_fairness_groups },
	{ "write_lp", test_write_lp },
	{ "time_limit", test_time_limit },
	{ "stop", test_stop },
	{ "support_desk", test_support_desk },
	{ "no_wait", test_no_wait },
	{ "decompose", test_decompose },
	{ "decompose_weekly", test_decompose_weekly },
	{ "decompose_weekends", test_decompose_weekends },
	{ "decompose_impossible", test_decompose_impossible },
	{ "decompose_instance15", test_decompose_instance15 },
	{ "heur_price", test_heur_price },
	{ "heur_enumerate", test_heur_enumerate },
	{ "heur_pairs", test_heur_pairs },
	{ "cg_dive", test_cg_dive },
	{ "instance2_proven", test_instance2_proven },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("solver", cases, argc, argv);
}
