/* test_config.c - reading team configs: the samples, every class of bad
 * config with its exact message, and the meaning checks on teams built
 * in C. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "testlib.h"
#include "tz.h"
#include "util.h"

static char *
example_path(const char *name)
{
	return xasprintf("%s/configs/examples/%s", TOP_SRCDIR, name);
}

static int
day(const char *s)
{
	int d = -1;

	CU_ASSERT_EQUAL(date_parse(s, &d), 0);
	return d;
}

/* Read a file that must be bad and compare every problem, in order, with
 * the expected ones; "%s" in each stands for the file's path. */
static void
expect_problems(const char *path, int n, ...)
{
	struct strlist problems = { 0 };
	struct team *t = config_read(path, &problems);
	va_list ap;

	CU_ASSERT_PTR_NULL(t);
	team_free(t);
	CU_ASSERT_EQUAL(problems.n, n);
	if (problems.n != n)
		for (int i = 0; i < problems.n; i++)
			fprintf(stderr, "\n  got: %s", problems.v[i]);
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *fmt = va_arg(ap, const char *);
		char *want = xasprintf(fmt, path);

		if (i < problems.n) {
			CU_ASSERT_STRING_EQUAL(problems.v[i], want);
			if (strcmp(problems.v[i], want) != 0)
				fprintf(stderr, "\n  got:  %s\n  want: %s",
				    problems.v[i], want);
		}
		free(want);
	}
	va_end(ap);
	strlist_release(&problems);
}

static void
expect_bad(const char *name, const char *fmt)
{
	expect_problems(test_path(name), 1, fmt);
}

static int
agents_of_rank(const struct team *t, int rank)
{
	int n = 0;

	for (int i = 0; i < t->nagents; i++)
		n += t->agents[i].rank == rank;
	return n;
}

static void
test_support_desk(void)
{
	struct strlist problems = { 0 }, notes = { 0 };
	char *path = example_path("support-desk.xml");
	struct team *t = config_read(path, &problems);
	const struct contract *ft;
	const struct shift_type *w;
	int a;

	CU_ASSERT_EQUAL(problems.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t->id, "support-desk");
	CU_ASSERT_STRING_EQUAL(t->name, "Support desk");
	CU_ASSERT_STRING_EQUAL(t->tz, "Europe/Moscow");
	CU_ASSERT_STRING_EQUAL(t->source, path);
	CU_ASSERT_EQUAL(t->horizon_first, day("2026-12-01"));
	CU_ASSERT_EQUAL(t->horizon_days, 31);
	CU_ASSERT_EQUAL(t->fair_nights, 20);
	CU_ASSERT_EQUAL(t->fair_weekends, 10);
	CU_ASSERT_EQUAL_FATAL(t->nranks, 4);
	CU_ASSERT_STRING_EQUAL(t->ranks[0].id, "L1");
	CU_ASSERT_STRING_EQUAL(t->ranks[3].id, "DM");
	CU_ASSERT_STRING_EQUAL(t->ranks[3].name, "Duty manager");
	CU_ASSERT_EQUAL(t->nagents, 26);
	CU_ASSERT_EQUAL(agents_of_rank(t, 0), 13);
	CU_ASSERT_EQUAL(agents_of_rank(t, 1), 6);
	CU_ASSERT_EQUAL(agents_of_rank(t, 2), 4);
	CU_ASSERT_EQUAL(agents_of_rank(t, 3), 3);
	CU_ASSERT_EQUAL_FATAL(t->nshifts, 3);
	CU_ASSERT_EQUAL(t->shifts[0].start, 8 * 60);
	CU_ASSERT_EQUAL(t->shifts[0].length, 12 * 60);
	CU_ASSERT_EQUAL(t->shifts[0].counts, UNLIMITED);
	CU_ASSERT_EQUAL(t->shifts[0].night, 0);
	CU_ASSERT_EQUAL(t->shifts[1].night, 1);
	w = &t->shifts[team_shift(t, "W")];
	CU_ASSERT_EQUAL(w->start, 10 * 60);
	CU_ASSERT_EQUAL(w->length, 168 * 60);
	CU_ASSERT_EQUAL(w->counts, 40 * 60);
	CU_ASSERT_EQUAL(w->days, 1u);		/* Monday only */
	CU_ASSERT_EQUAL(t->nsuccessions, 1);
	CU_ASSERT_EQUAL(t->successions[0].first, 1);
	CU_ASSERT_EQUAL(t->successions[0].then, 0);
	/* No agent lacks a contract, so no implicit "default" one. */
	CU_ASSERT_EQUAL(t->ncontracts, 2);
	CU_ASSERT_EQUAL(team_contract(t, "default"), -1);
	ft = &t->contracts[team_contract(t, "full-time")];
	CU_ASSERT_EQUAL(ft->max_minutes, 168 * 60);
	CU_ASSERT_EQUAL(ft->min_minutes, 120 * 60);
	CU_ASSERT_EQUAL(ft->max_consecutive, 5);
	CU_ASSERT_EQUAL(ft->min_rest, 12 * 60);
	CU_ASSERT_EQUAL(ft->max_shifts[1], 9);
	CU_ASSERT_EQUAL(ft->max_shifts[0], UNLIMITED);
	CU_ASSERT_EQUAL(ft->max_shifts[2], 0);
	CU_ASSERT_EQUAL(t->ncovers, 7);
	CU_ASSERT_EQUAL(t->covers[0].days, DAYS_WEEKDAY);
	CU_ASSERT_EQUAL(t->covers[0].min, 3);
	CU_ASSERT_EQUAL(t->covers[0].max, 4);
	CU_ASSERT_EQUAL(t->covers[0].substitutes, (uint64_t)1 << 1);
	CU_ASSERT_EQUAL(t->covers[1].days, DAYS_WEEKEND | DAYS_HOLIDAY);
	CU_ASSERT_EQUAL(t->covers[2].days, DAYS_ANY);
	CU_ASSERT_EQUAL(t->covers[2].under_weight, 1000);
	CU_ASSERT_EQUAL(t->covers[2].over_weight, 10);
	CU_ASSERT_EQUAL(t->nholidays, 1);
	CU_ASSERT(team_is_holiday(t, day("2026-12-31")));
	CU_ASSERT_EQUAL(t->nleaves, 4);
	CU_ASSERT_EQUAL(t->nwishes, 5);
	a = team_agent(t, "ivanov");
	CU_ASSERT_FATAL(a >= 0);
	CU_ASSERT_STRING_EQUAL(t->agents[a].email, "ivanov@desk.example");
	CU_ASSERT_STRING_EQUAL(t->agents[a].name, "Ivan Ivanov");
	CU_ASSERT_PTR_NULL(t->agents[a].webhook);
	/* Moscow keeps one offset all year. */
	CU_ASSERT_EQUAL(team_dst_notes(t, &notes), 0);
	strlist_release(&notes);
	strlist_release(&problems);
	team_free(t);
	free(path);
}

static void
test_berlin_dst(void)
{
	struct strlist problems = { 0 }, notes = { 0 };
	char *path = example_path("berlin-dst.xml");
	struct team *t = config_read(path, &problems);
	char *want;

	CU_ASSERT_EQUAL(problems.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t->tz, "Europe/Berlin");
	CU_ASSERT_EQUAL(t->nagents, 12);
	CU_ASSERT_EQUAL(t->nranks, 2);
	CU_ASSERT_EQUAL(t->horizon_first, day("2026-10-01"));
	CU_ASSERT_EQUAL(team_dst_notes(t, &notes), 1);
	want = xasprintf("%s:%d: shift 'N' of 2026-10-24 lasts 13:00, not 12:00 "
	    "(the clocks go back during it; rota keeps the local start and "
	    "end, so the duty is longer and counts its real length against "
	    "contracts)", path, t->shifts[1].line);
	CU_ASSERT_EQUAL(t->shifts[1].line, 14);
	if (notes.n == 1)
		CU_ASSERT_STRING_EQUAL(notes.v[0], want);
	free(want);
	strlist_release(&notes);
	strlist_release(&problems);
	team_free(t);
	free(path);
}

/* The example in the format's specification, field by field. */
static void
test_spec_example(void)
{
	struct strlist problems = { 0 };
	struct team *t = config_read(test_path("sample-brief.xml"), &problems);
	const struct contract *c;
	int petrov;

	CU_ASSERT_EQUAL(problems.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	c = &t->contracts[0];
	CU_ASSERT_STRING_EQUAL(c->id, "full-time");
	CU_ASSERT_EQUAL(c->min_minutes, 96 * 60);
	CU_ASSERT_EQUAL(c->min_consecutive, 1);
	CU_ASSERT_EQUAL(c->min_days_off, 2);
	CU_ASSERT_EQUAL(c->max_weekends, 3);
	CU_ASSERT_EQUAL(c->max_shifts[1], 8);
	/* petrov has no contract: an unlimited "default" one is made. */
	CU_ASSERT_EQUAL_FATAL(t->ncontracts, 2);
	petrov = team_agent(t, "petrov");
	CU_ASSERT_FATAL(petrov >= 0);
	c = &t->contracts[t->agents[petrov].contract];
	CU_ASSERT_STRING_EQUAL(c->id, "default");
	CU_ASSERT_EQUAL(c->max_minutes, UNLIMITED);
	CU_ASSERT_EQUAL(c->max_shifts[1], UNLIMITED);
	CU_ASSERT_STRING_EQUAL(t->agents[0].phone, "+7 900 000-00-01");
	CU_ASSERT_STRING_EQUAL(t->agents[0].webhook, "https://chat.example/hook/1");
	/* libxml2 numbers an element by the line its start tag ends on. */
	CU_ASSERT_EQUAL(t->agents[0].line, 24);
	CU_ASSERT_EQUAL(t->covers[2].date, day("2026-12-31"));
	CU_ASSERT_EQUAL(t->covers[2].under_weight, 100);
	CU_ASSERT_EQUAL(t->covers[2].over_weight, 1);
	CU_ASSERT_EQUAL(t->covers[0].date, -1);
	CU_ASSERT_EQUAL_FATAL(t->nwishes, 2);
	CU_ASSERT_EQUAL(t->wishes[0].shift, -1);
	CU_ASSERT_EQUAL(t->wishes[0].on, 0);
	CU_ASSERT_EQUAL(t->wishes[0].weight, 3);
	CU_ASSERT_EQUAL(t->wishes[1].shift, 1);
	CU_ASSERT_EQUAL(t->wishes[1].on, 1);
	CU_ASSERT_STRING_EQUAL(t->leaves[0].reason, "vacation");
	CU_ASSERT_EQUAL(t->leaves[0].last - t->leaves[0].first, 4);
	CU_ASSERT_STRING_EQUAL(t->holidays[0].name, "New Year's Eve");
	strlist_release(&problems);
	team_free(t);
}

static void
test_good_small(void)
{
	struct strlist problems = { 0 };
	struct team *t = config_read(test_path("good-small.xml"), &problems);

	CU_ASSERT_EQUAL(problems.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->horizon_first, -1);
	CU_ASSERT_EQUAL(t->ncontracts, 1);
	CU_ASSERT_EQUAL(t->agents[2].contract, 0);
	CU_ASSERT_EQUAL(t->fair_nights, 0);
	strlist_release(&problems);
	team_free(t);
}

static void
test_bad_malformed(void)
{
	expect_bad("bad-malformed.xml", "%s:11: XML is not well-formed: Opening "
	    "and ending tag mismatch: shift line 9 and shifts (fix the XML "
	    "syntax)");
}

static void
test_bad_unknown_rank(void)
{
	expect_bad("bad-unknown-rank.xml",
	    "%s:14: unknown rank 'L4' (known: L1, L2)");
}

static void
test_bad_time(void)
{
	expect_bad("bad-time.xml", "%s:9: shift 'D': start '25:00' is not a "
	    "time (use HH:MM, 00:00 to 23:59)");
}

static void
test_bad_leave_order(void)
{
	expect_bad("bad-leave-order.xml", "%s:23: leave for 'anna' ends "
	    "(2026-12-01) before it starts (2026-12-10) (swap from and to)");
}

static void
test_bad_leave_overlap(void)
{
	expect_bad("bad-leave-overlap.xml", "%s:24: leave for 'anna' "
	    "(2026-12-12..2026-12-20) overlaps the leave on line 23 "
	    "(2026-12-10..2026-12-14) (merge them into one absence)");
}

static void
test_bad_unfillable(void)
{
	expect_bad("bad-unfillable.xml", "%s:23: cover for rank 'L2' on shift "
	    "'N' needs 1 but nobody can fill it: no agent of rank L2 or of a "
	    "substitute rank has a contract that allows N (add an agent or a "
	    "substitute rank)");
}

static void
test_bad_duplicate(void)
{
	expect_bad("bad-duplicate.xml", "%s:15: duplicate agent id 'anna' "
	    "(first defined on line 13; give each agent its own id)");
}

static void
test_bad_zone(void)
{
	expect_bad("bad-zone.xml", "%s:3: unknown time zone 'Europe/Atlantis' "
	    "(use an IANA name such as Europe/Berlin; see /usr/share/zoneinfo)");
}

static void
test_bad_missing_attr(void)
{
	expect_bad("bad-missing-attr.xml",
	    "%s:19: cover: missing attribute 'min' (add min=\"...\")");
}

/* Only the schema sees this one, so libxml2's own words come through. */
static void
test_bad_schema(void)
{
	expect_bad("bad-schema.xml", "%s:6: does not follow the schema: "
	    "Invalid attribute name for element rank (see configs/team.rng)");
}

static void
test_bad_several(void)
{
	expect_problems(test_path("bad-several.xml"), 5,
	    "%s:9: shift 'D': start '8am' is not a time (use HH:MM, 00:00 to "
	    "23:59)",
	    "%s:10: shift 'N': unknown attribute 'colour' (known: id name "
	    "start length night days counts)",
	    "%s:14: unknown rank 'L9' (known: L1, L2)",
	    "%s:20: cover for rank 'L2' on shift 'D': substitute 'L1' is not a "
	    "higher rank (ranks are listed lowest first; name only ranks "
	    "listed after L2)",
	    "%s:23: leave for 'anna' ends (2026-12-09) before it starts "
	    "(2026-12-10) (swap from and to)");
}

static void
test_unreadable(void)
{
	expect_bad("no-such-file.xml",
	    "%s: cannot open: No such file or directory");
	expect_problems(TOP_SRCDIR "/tests/data", 1,
	    "%s: cannot read: Is a directory");
}

/* Files written on the fly: the things that must never get far. */
static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_hostile_xml(void)
{
	const char *dir = test_tmpdir();
	char *doctype = xasprintf("%s/doctype.xml", dir);
	char *laughs = xasprintf("%s/laughs.xml", dir);
	char *empty = xasprintf("%s/empty.xml", dir);
	char *other = xasprintf("%s/other.xml", dir);

	write_file(doctype, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE team [\n<!ENTITY a \"x\">\n]>\n"
	    "<team id=\"x\" name=\"&a;\" timezone=\"UTC\"/>\n");
	expect_problems(doctype, 1, "%s:5: a DOCTYPE is not allowed (remove "
	    "the <!DOCTYPE ...> and any entities)");
	write_file(laughs, "<?xml version=\"1.0\"?>\n<!DOCTYPE team [\n"
	    "<!ENTITY a \"&b;\">\n<!ENTITY b \"&a;\">\n]>\n"
	    "<team id=\"x\" name=\"&a;\" timezone=\"UTC\"/>\n");
	expect_problems(laughs, 1, "%s:6: XML is not well-formed: Detected an "
	    "entity reference loop (fix the XML syntax)");
	write_file(empty, "");
	expect_problems(empty, 1, "%s:1: XML is not well-formed: Document is "
	    "empty (fix the XML syntax)");
	write_file(other, "<?xml version=\"1.0\"?>\n<rota/>\n");
	expect_problems(other, 1, "%s:2: the top element is <rota>, not <team> "
	    "(start the file with <team id=... name=... timezone=...>)");
	remove(doctype);
	remove(laughs);
	remove(empty);
	remove(other);
	remove(dir);
	free(doctype);
	free(laughs);
	free(empty);
	free(other);
}

/* $ROTA_SCHEMA replaces the built-in schema. */
static void
test_schema_override(void)
{
	struct strlist problems = { 0 };
	struct team *t;

	setenv("ROTA_SCHEMA", TOP_SRCDIR "/configs/team.rng", 1);
	t = config_read(test_path("good-small.xml"), &problems);
	CU_ASSERT_PTR_NOT_NULL(t);
	team_free(t);
	setenv("ROTA_SCHEMA", "/nonexistent/team.rng", 1);
	t = config_read(test_path("good-small.xml"), &problems);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(problems.n, 1);
	if (problems.n == 1)
		CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[0], "cannot load the "
		    "schema /nonexistent/team.rng"));
	unsetenv("ROTA_SCHEMA");
	CU_ASSERT_PTR_NULL(config_schema_path());
	strlist_release(&problems);
}

/* A team built in C, with no source file: messages say "team". */
static struct team *
c_team(void)
{
	struct team *t = team_new();
	struct shift_type *s;

	t->id = xstrdup("t");
	t->name = xstrdup("T");
	t->tz = xstrdup("Europe/Berlin");
	team_add_rank(t, "L1", NULL)->line = 1;
	team_add_rank(t, "L2", NULL)->line = 2;
	s = team_add_shift(t, "D", "day", 8 * 60, 12 * 60);
	s->line = 3;
	team_add_contract(t, "c")->line = 4;
	team_add_agent(t, "a", NULL, 0, 0)->line = 5;
	team_add_agent(t, "b", NULL, 1, 0)->line = 6;
	team_add_cover(t, 0, 0, 1)->line = 7;
	return t;
}

static void
test_check_c_team(void)
{
	struct strlist p = { 0 };
	struct team *t = c_team();
	struct contract *c;
	struct cover_rule *r;

	CU_ASSERT_EQUAL(team_check(t, &p), 0);
	c = &t->contracts[0];
	c->min_minutes = 100 * 60;
	c->max_minutes = 90 * 60;
	c->min_consecutive = 4;
	c->max_consecutive = 3;
	t->shifts[0].length = 0;
	r = team_add_cover(t, 1, 0, 1);
	r->line = 8;
	r->substitutes = 1;			/* L1 is lower than L2 */
	team_add_rank(t, "L1", NULL)->line = 9;
	CU_ASSERT_EQUAL(team_check(t, &p), 5);
	if (p.n == 5) {
		CU_ASSERT_STRING_EQUAL(p.v[0], "team:9: duplicate rank id 'L1' "
		    "(first defined on line 1; give each rank its own id)");
		CU_ASSERT_STRING_EQUAL(p.v[1], "team:3: shift 'D': length 0:00 is "
		    "not positive (give it a length above 0:00)");
		CU_ASSERT_STRING_EQUAL(p.v[2], "team:4: contract 'c': min-work "
		    "100:00 is more than max-work 90:00 (lower min-work or raise "
		    "max-work)");
		CU_ASSERT_STRING_EQUAL(p.v[3], "team:4: contract 'c': "
		    "min-consecutive-days 4 is more than max-consecutive-days 3 "
		    "(lower the minimum or raise the maximum)");
		CU_ASSERT_STRING_EQUAL(p.v[4], "team:8: cover for rank 'L2' on "
		    "shift 'D': substitute 'L1' is not a higher rank (ranks are "
		    "listed lowest first; name only ranks listed after L2)");
	}
	strlist_release(&p);
	team_free(t);
}

/* A substitute rank makes a rule fillable; a contract with max 0 does not. */
static void
test_check_fillable(void)
{
	struct strlist p = { 0 };
	struct team *t = c_team();

	t->agents[0].rank = 1;			/* nobody is L1 now */
	CU_ASSERT_EQUAL(team_check(t, &p), 1);
	t->covers[0].substitutes = (uint64_t)1 << 1;
	CU_ASSERT_EQUAL(team_check(t, &p), 0);
	t->contracts[0].max_shifts[0] = 0;	/* and L2 may not work D */
	CU_ASSERT_EQUAL(team_check(t, &p), 1);
	t->covers[0].min = 0;			/* nobody needed: fine */
	CU_ASSERT_EQUAL(team_check(t, &p), 0);
	CU_ASSERT_EQUAL(p.n, 2);
	if (p.n >= 1)
		CU_ASSERT_STRING_EQUAL(p.v[0], "team:7: cover for rank 'L1' on "
		    "shift 'D' needs 1 but nobody can fill it: no agent of rank "
		    "L1 or of a substitute rank has a contract that allows D "
		    "(add an agent or a substitute rank)");
	strlist_release(&p);
	team_free(t);
}

/* Start times in a spring-forward gap and in a fall-back repeat. */
static void
test_dst_notes(void)
{
	struct strlist n = { 0 };
	struct team *t = c_team();

	t->shifts[0].start = 2 * 60 + 30;
	t->shifts[0].length = 4 * 60;
	CU_ASSERT_EQUAL(team_dst_notes(t, &n), 0);	/* no horizon */
	t->horizon_first = day("2026-03-29");
	t->horizon_days = 1;
	CU_ASSERT_EQUAL(team_dst_notes(t, &n), 2);
	t->horizon_first = day("2026-10-25");
	CU_ASSERT_EQUAL(team_dst_notes(t, &n), 2);
	t->horizon_first = day("2026-10-26");
	CU_ASSERT_EQUAL(team_dst_notes(t, &n), 0);
	CU_ASSERT_EQUAL_FATAL(n.n, 4);
	CU_ASSERT_STRING_EQUAL(n.v[0], "team:3: shift 'D' starts at 02:30 on "
	    "2026-03-29, a time the clocks skip in Europe/Berlin: it starts at "
	    "03:30 UTC+02:00 (RFC 5545: a skipped time is read with the offset "
	    "before the gap)");
	CU_ASSERT_STRING_EQUAL(n.v[1], "team:3: shift 'D' of 2026-03-29 lasts "
	    "3:00, not 4:00 (the clocks go forward during it; rota keeps the "
	    "local start and end, so the duty is shorter and counts its real "
	    "length against contracts)");
	CU_ASSERT_STRING_EQUAL(n.v[2], "team:3: shift 'D' starts at 02:30 on "
	    "2026-10-25, a time that occurs twice in Europe/Berlin: the first "
	    "one, UTC+02:00, is used (RFC 5545)");
	CU_ASSERT_STRING_EQUAL(n.v[3], "team:3: shift 'D' of 2026-10-25 lasts "
	    "5:00, not 4:00 (the clocks go back during it; rota keeps the "
	    "local start and end, so the duty is longer and counts its real "
	    "length against contracts)");
	strlist_release(&n);
	team_free(t);
}

static const struct test_case cases[] = {
	{ "support_desk", test_support_desk },
	{ "berlin_dst", test_berlin_dst },
	{ "spec_example", test_spec_example },
	{ "good_small", test_good_small },
	{ "bad_malformed", test_bad_malformed },
	{ "bad_unknown_rank", test_bad_unknown_rank },
	{ "bad_time", test_bad_time },
	{ "bad_leave_order", test_bad_leave_order },
	{ "bad_leave_overlap", test_bad_leave_overlap },
	{ "bad_unfillable", test_bad_unfillable },
	{ "bad_duplicate", test_bad_duplicate },
	{ "bad_zone", test_bad_zone },
	{ "bad_missing_attr", test_bad_missing_attr },
	{ "bad_schema", test_bad_schema },
	{ "bad_several", test_bad_several },
	{ "unreadable", test_unreadable },
	{ "hostile_xml", test_hostile_xml },
	{ "schema_override", test_schema_override },
	{ "check_c_team", test_check_c_team },
	{ "check_fillable", test_check_fillable },
	{ "dst_notes", test_dst_notes },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("config", cases, argc, argv);
}
