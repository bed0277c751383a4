/* test_curtois.c - importing benchmark instances (configs/curtois.c) and
 * writing teams back out as configs (configs/write.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "curtois.h"
#include "tz.h"
#include "testlib.h"
#include "util.h"

#define MONDAY	date_from_ymd(2024, 1, 1)

static char *
fixture(const char *name)
{
	return xasprintf("%s/tests/curtois/%s", TOP_SRCDIR, name);
}

/* tiny.txt, field by field (see the file). */
static void
test_tiny(void)
{
	char *path = fixture("tiny.txt"), *err = NULL;
	struct team *t = curtois_read(path, MONDAY, &err);
	const struct contract *c;

	CU_ASSERT_PTR_NULL(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_STRING_EQUAL(t->id, "tiny");
	CU_ASSERT_STRING_EQUAL(t->tz, "UTC");
	CU_ASSERT_EQUAL(t->horizon_first, MONDAY);
	CU_ASSERT_EQUAL(t->horizon_days, 14);
	CU_ASSERT_EQUAL(t->nranks, 1);
	CU_ASSERT_EQUAL(t->nshifts, 2);
	CU_ASSERT_EQUAL(t->shifts[1].length, 600);
	CU_ASSERT_EQUAL(t->shifts[1].counts, 600);
	/* N cannot be followed by D. */
	CU_ASSERT_EQUAL(t->nsuccessions, 1);
	CU_ASSERT_EQUAL(t->successions[0].first, 1);
	CU_ASSERT_EQUAL(t->successions[0].then, 0);
	CU_ASSERT_EQUAL(t->nagents, 3);
	c = &t->contracts[t->agents[2].contract];
	CU_ASSERT_STRING_EQUAL(c->id, "C");
	CU_ASSERT_EQUAL(c->max_minutes, 6720);
	CU_ASSERT_EQUAL(c->min_minutes, 960);
	CU_ASSERT_EQUAL(c->max_consecutive, 5);
	CU_ASSERT_EQUAL(c->min_consecutive, 2);
	CU_ASSERT_EQUAL(c->min_days_off, 2);
	CU_ASSERT_EQUAL(c->max_weekends, 1);
	CU_ASSERT_EQUAL(c->max_shifts[0], UNLIMITED);	/* D=14 never binds */
	CU_ASSERT_EQUAL(c->max_shifts[1], 0);
	/* Days off: A 4, B 0, C 10 and 12, as one-day leave. */
	CU_ASSERT_EQUAL(t->nleaves, 4);
	CU_ASSERT_EQUAL(t->leaves[3].agent, 2);
	CU_ASSERT_EQUAL(t->leaves[3].first, MONDAY + 12);
	CU_ASSERT_EQUAL(t->leaves[3].last, MONDAY + 12);
	/* Two on-requests then two off-requests. */
	CU_ASSERT_EQUAL(t->nwishes, 4);
	CU_ASSERT_EQUAL(t->wishes[1].agent, 1);
	CU_ASSERT_EQUAL(t->wishes[1].date, MONDAY + 11);
	CU_ASSERT_EQUAL(t->wishes[1].shift, 1);
	CU_ASSERT_EQUAL(t->wishes[1].on, 1);
	CU_ASSERT_EQUAL(t->wishes[1].weight, 3);
	CU_ASSERT_EQUAL(t->wishes[3].on, 0);
	/* One cover rule per day and shift, min = max = requirement. */
	CU_ASSERT_EQUAL(t->ncovers, 28);
	CU_ASSERT_EQUAL(t->covers[19].date, MONDAY + 9);
	CU_ASSERT_EQUAL(t->covers[19].shift, 1);
	CU_ASSERT_EQUAL(t->covers[19].min, 1);
	CU_ASSERT_EQUAL(t->covers[19].max, 1);
	CU_ASSERT_EQUAL(t->covers[19].under_weight, 100);
	CU_ASSERT_EQUAL(t->covers[19].over_weight, 1);
	team_free(t);
	free(path);
}

/* Import, write as XML, read the XML back: the same team. */
static void
test_round_trip(void)
{
	char *path = fixture("Instance2.txt"), *err = NULL, *out;
	struct team *t = curtois_read(path, MONDAY, &err), *u;
	struct strlist problems = { 0 };
	const char *dir = test_tmpdir();

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	out = xasprintf("%s/team.xml", dir);
	CU_ASSERT_EQUAL(config_write(t, out, &err), 0);
	u = config_read(out, &problems);
	for (int i = 0; i < problems.n; i++)
		fprintf(stderr, "\n  %s", problems.v[i]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_EQUAL(u->nagents, t->nagents);
	CU_ASSERT_EQUAL(u->nshifts, t->nshifts);
	CU_ASSERT_EQUAL(u->ncovers, t->ncovers);
	CU_ASSERT_EQUAL(u->nleaves, t->nleaves);
	CU_ASSERT_EQUAL(u->nwishes, t->nwishes);
	CU_ASSERT_EQUAL(u->nsuccessions, t->nsuccessions);
	CU_ASSERT_EQUAL(u->horizon_first, t->horizon_first);
	CU_ASSERT_EQUAL(u->horizon_days, t->horizon_days);
	for (int i = 0; i < t->ncontracts; i++) {
		const struct contract *a = &t->contracts[i], *b = &u->contracts[i];

		CU_ASSERT_STRING_EQUAL(a->id, b->id);
		CU_ASSERT_EQUAL(a->max_minutes, b->max_minutes);
		CU_ASSERT_EQUAL(a->min_minutes, b->min_minutes);
		CU_ASSERT_EQUAL(a->max_consecutive, b->max_consecutive);
		CU_ASSERT_EQUAL(a->min_consecutive, b->min_consecutive);
		CU_ASSERT_EQUAL(a->min_days_off, b->min_days_off);
		CU_ASSERT_EQUAL(a->max_weekends, b->max_weekends);
		for (int s = 0; s < t->nshifts; s++)
			CU_ASSERT_EQUAL(a->max_shifts[s], b->max_shifts[s]);
	}
	for (int i = 0; i < t->ncovers; i++) {
		CU_ASSERT_EQUAL(t->covers[i].date, u->covers[i].date);
		CU_ASSERT_EQUAL(t->covers[i].min, u->covers[i].min);
		CU_ASSERT_EQUAL(t->covers[i].under_weight, u->covers[i].under_weight);
	}
	for (int i = 0; i < t->nwishes; i++) {
		CU_ASSERT_EQUAL(t->wishes[i].shift, u->wishes[i].shift);
		CU_ASSERT_EQUAL(t->wishes[i].on, u->wishes[i].on);
		CU_ASSERT_EQUAL(t->wishes[i].weight, u->wishes[i].weight);
	}
	unlink(out);
	rmdir(dir);
	free(out);
	strlist_release(&problems);
	team_free(u);
	team_free(t);
	free(path);
}

/* Write s to a temporary instance file and import it; return the error. */
static char *
import_error(const char *s, int start)
{
	const char *dir = test_tmpdir();
	char *path = xasprintf("%s/x.txt", dir), *err = NULL, *msg;
	FILE *fp = fopen(path, "w");
	struct team *t;

	fputs(s, fp);
	fclose(fp);
	t = curtois_read(path, start, &err);
	CU_ASSERT_PTR_NULL(t);
	team_free(t);
	/* Messages start with the path; keep what follows it. */
	msg = xstrdup(err && strncmp(err, path, strlen(path)) == 0 ?
	    err + strlen(path) : err ? err : "(none)");
	unlink(path);
	rmdir(dir);
	free(path);
	free(err);
	return msg;
}

static void
expect_error(const char *text, const char *want)
{
	char *got = import_error(text, MONDAY);

	CU_ASSERT_STRING_EQUAL(got, want);
	free(got);
}

static void
test_errors(void)
{
	const char *head = "SECTION_HORIZON\r\n14\r\nSECTION_SHIFTS\r\nD,480,\r\n";
	char *s, *got;

	expect_error("SECTION_SHIFTS\r\nD,480,\r\n",
	    ":1: SECTION_SHIFTS before SECTION_HORIZON");
	expect_error("SECTION_HORIZON\r\nabc\r\n",
	    ":2: horizon 'abc' is not a non-negative integer");
	expect_error("SECTION_HORIZON\r\n14\r\nSECTION_SHIFTS\r\nD,480,X\r\n"
	    "SECTION_STAFF\r\n", ":4: unknown shift 'X' (list it in SECTION_SHIFTS)");
	s = xasprintf("%sSECTION_STAFF\r\nA,D=14,1,1,1,1,1\r\n", head);
	expect_error(s, ":6: 7 fields where 8 are expected");
	free(s);
	s = xasprintf("%sSECTION_STAFF\r\nA,D=14,1,1,1,1,1,1\r\n"
	    "SECTION_DAYS_OFF\r\nB,3\r\n", head);
	expect_error(s, ":8: unknown employee 'B' (list it in SECTION_STAFF)");
	free(s);
	s = xasprintf("%sSECTION_STAFF\r\nA,D=14,1,1,1,1,1,1\r\n"
	    "SECTION_DAYS_OFF\r\nA,14\r\n", head);
	expect_error(s, ":8: day 14 is beyond the horizon of 14 days");
	free(s);
	s = xasprintf("%sSECTION_BOGUS\r\n", head);
	expect_error(s, ":5: unknown section 'SECTION_BOGUS'");
	free(s);
	expect_error(head, ": no SECTION_STAFF (every instance has all seven "
	    "sections)");
	got = import_error(head, MONDAY + 1);
	CU_ASSERT_STRING_EQUAL(got, "start date 2024-01-02 is not a Monday "
	    "(the benchmark's weekends are days 5 and 6 of each week)");
	free(got);
}

static const struct test_case cases[] = {
	{ "tiny", test_tiny },
	{ "round_trip", test_round_trip },
	{ "errors", test_errors },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("curtois", cases, argc, argv);
}
