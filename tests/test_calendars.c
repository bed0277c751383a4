/* test_calendars.c - iCalendar feeds: written with libical, read back, over
 * the DST switch nights of Berlin and New York; cal_read errors.
 *
 * With ROTA_KEEP_FEEDS set, the feeds are also left in
 * /tmp/rota-feeds-sample/<case>/ for tests/feeds/run.sh to check with
 * ical.js and python3-icalendar.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "testlib.h"
#include "util.h"

#define STAMP	((time_t)1772323200)	/* 2026-03-01 00:00:00 UTC */

enum { A1, A2, A3, B1, B2, IDLE };	/* agents */

static struct team *
make_team(const char *zone)
{
	struct team *t = team_new();
	struct shift_type *n;
	struct cover_rule *c;
	struct agent *a;

	t->id = xstrdup("desk");
	t->name = xstrdup("Support desk");
	t->tz = xstrdup(zone);
	team_add_rank(t, "L1", "First line");
	team_add_rank(t, "L2", "Second line");
	team_add_shift(t, "D", "day", 8 * 60, 12 * 60);
	n = team_add_shift(t, "N", "night", 20 * 60, 12 * 60);
	n->night = 1;
	team_add_contract(t, "full");
	a = team_add_agent(t, "albers", "Anna Albers", 0, 0);
	a->email = xstrdup("anna@desk.example");
	a = team_add_agent(t, "brown", "Bob Brown", 0, 0);
	a->phone = xstrdup("+49 30 1234567");
	team_add_agent(t, "ames", "Ana Ames", 0, 0);
	a = team_add_agent(t, "clay", "Carl Clay", 1, 0);
	a->email = xstrdup("carl@desk.example");
	team_add_agent(t, "diaz", "Dora Diaz", 1, 0);
	team_add_agent(t, "idle", "Ida Idle", 0, 0);
	for (int sh = 0; sh < 2; sh++) {
		c = team_add_cover(t, 0, sh, 1);
		c->substitutes = 1u << 1;	/* L2 may fill L1 */
		team_add_cover(t, 1, sh, 1);
	}
	return t;
}

/* Every slot covered: L1 days albers, nights brown; L2 days clay, nights
 * diaz.  The first day has a second L1 (ames, duty index 1); on the last
 * day diaz fills L1 for albers (a substitute). */
static struct roster *
make_roster(const struct grid *g, int reverse)
{
	struct roster *r = roster_new(g);
	int first_day = -1, last_day = -1;

	for (int s = 0; s < g->nslots; s++)
		if (g->slots[s].shift == 0) {
			if (first_day < 0)
				first_day = s;
			last_day = s;
		}
	for (int k = 0; k < g->nslots; k++) {
		/* Insertion order must not matter to the UIDs. */
		int s = reverse ? g->nslots - 1 - k : k;
		int night = g->slots[s].shift == 1;

		if (s == last_day)
			roster_add(r, B2, s, 0);
		else
			roster_add(r, night ? A2 : A1, s, 0);
		if (s == first_day)
			roster_add(r, A3, s, 0);
		roster_add(r, night ? B2 : B1, s, 1);
	}
	return r;
}

struct fixture {
	struct team *t;
	struct grid *g;
	struct roster *r;
	char dir[64];
};

static void
fixture_open(struct fixture *fx, const char *zone, int y, int m, int d,
    int ndays, const char *keep_as)
{
	struct feed_opts o = { STAMP, 60 };
	char *err = NULL;

	fx->t = make_team(zone);
	fx->g = grid_build(fx->t, date_from_ymd(y, m, d), ndays, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx->g);
	fx->r = make_roster(fx->g, 0);
	snprintf(fx->dir, sizeof(fx->dir), "%s/feeds", test_tmpdir());
	CU_ASSERT_EQUAL_FATAL(cal_write_feeds(fx->r, fx->dir, &o, &err), 0);
	CU_ASSERT_PTR_NULL(err);
	if (getenv("ROTA_KEEP_FEEDS") != NULL && keep_as != NULL) {
		char *keep = xasprintf("/tmp/rota-feeds-sample/%s", keep_as);

		CU_ASSERT_EQUAL(cal_write_feeds(fx->r, keep, &o, &err), 0);
		free(keep);
	}
	free(err);
}

static void
rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p;

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", path, e->d_name);
			rm_rf(p);
			free(p);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void
fixture_close(struct fixture *fx)
{
	char *top = xstrndup(fx->dir, strlen(fx->dir) - strlen("/feeds"));

	rm_rf(top);
	free(top);
	roster_free(fx->r);
	grid_free(fx->g);
	team_free(fx->t);
}

/* Files under dir (recursively) whose name contains ".tmp.". */
static int
count_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		if (strstr(e->d_name, ".tmp.") != NULL)
			n++;
		p = xasprintf("%s/%s", dir, e->d_name);
		n += count_temp_files(p);
		free(p);
	}
	closedir(d);
	return n;
}

static struct cal_feed *
read_ok(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *err = NULL;
	struct cal_feed *f = cal_read(path, &err);

	if (f == NULL)
		fprintf(stderr, "cal_read: %s\n", err);
	CU_ASSERT_PTR_NULL(err);
	free(err);
	free(path);
	return f;
}

/* The whole file with folded lines joined (RFC 5545 3.1). */
static char *
unfolded(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *s = file_read(path, NULL, NULL), *w = s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (char *p = s; *p; ) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
			p += 3;
		else
			*w++ = *p++;
	}
	*w = '\0';
	free(path);
	return s;
}

static const struct cal_duty *
by_uid(const struct cal_feed *f, const char *uid)
{
	for (int i = 0; i < f->nduties; i++)
		if (strcmp(f->duties[i].uid, uid) == 0)
			return &f->duties[i];
	return NULL;
}

/* The expected UID of roster duty i (duties in canonical order). */
static char *
uid_of(const struct roster *r, int i)
{
	const struct grid *g = r->grid;
	const struct slot *s = &g->slots[r->duties[i].slot];
	int y, m, d;

	date_to_ymd(g->days[s->day].date, &y, &m, &d);
	return xasprintf("desk-%04d%02d%02d-%s-%s-%d@rota", y, m, d,
	    g->team->shifts[s->shift].id, g->team->ranks[r->duties[i].rank].id,
	    roster_duty_index(r, i));
}

/* Every duty of the roster is in the team feed with the same agent, rank,
 * shift and instants, and nothing else is. */
static void
check_team_feed(struct fixture *fx)
{
	const struct team *t = fx->t;
	struct cal_feed *f = read_ok(fx->dir, "team.ics");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	roster_sort(fx->r);
	CU_ASSERT_EQUAL(f->nduties, fx->r->nduties);
	CU_ASSERT_STRING_EQUAL(f->tz, t->tz);
	CU_ASSERT_STRING_EQUAL(f->name, "Support desk: all duties");
	CU_ASSERT_EQUAL_FATAL(f->nranks, 2);
	CU_ASSERT_STRING_EQUAL(f->ranks[0], "L1");
	CU_ASSERT_STRING_EQUAL(f->ranks[1], "L2");
	CU_ASSERT_STRING_EQUAL(f->rank_names[0], "First line");
	CU_ASSERT_STRING_EQUAL(f->rank_names[1], "Second line");
	CU_ASSERT_EQUAL(f->horizon_first, fx->g->horizon_first);
	CU_ASSERT_EQUAL(f->horizon_days, fx->g->horizon_days);
	for (int i = 0; i < fx->r->nduties; i++) {
		const struct duty *du = &fx->r->duties[i];
		const struct slot *s = &fx->g->slots[du->slot];
		char *uid = uid_of(fx->r, i);
		const struct cal_duty *cd = by_uid(f, uid);

		CU_ASSERT_PTR_NOT_NULL(cd);
		if (cd == NULL) {
			fprintf(stderr, "missing %s\n", uid);
			free(uid);
			continue;
		}
		CU_ASSERT_STRING_EQUAL(cd->agent, t->agents[du->agent].id);
		CU_ASSERT_STRING_EQUAL(cd->agent_name, t->agents[du->agent].name);
		CU_ASSERT_STRING_EQUAL(cd->rank, t->ranks[du->rank].id);
		CU_ASSERT_STRING_EQUAL(cd->shift, t->shifts[s->shift].id);
		CU_ASSERT_EQUAL(cd->start, s->start);
		CU_ASSERT_EQUAL(cd->end, s->end);
		free(uid);
	}
	for (int i = 1; i < f->nduties; i++)
		CU_ASSERT(f->duties[i - 1].start <= f->duties[i].start);
	cal_feed_free(f);
}

/* The night from 'date' lasts want hours, reads 20:00 and 08:00 locally,
 * and its description says so. */
static void
check_night(struct fixture *fx, int y, int m, int d, int want_hours)
{
	struct cal_feed *f = read_ok(fx->dir, "team.ics");
	char *uid = xasprintf("desk-%04d%02d%02d-N-L1-0@rota", y, m, d);
	char *ics = unfolded(fx->dir, "team.ics");
	char *line;
	const struct cal_duty *cd;
	int ld, lm;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	cd = by_uid(f, uid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cd);
	CU_ASSERT_EQUAL(cd->end - cd->start, want_hours * 3600);
	tz_use(fx->t->tz);
	tz_utc_to_local(cd->start, &ld, &lm);
	CU_ASSERT_EQUAL(ld, date_from_ymd(y, m, d));
	CU_ASSERT_EQUAL(lm, 20 * 60);
	tz_utc_to_local(cd->end, &ld, &lm);
	CU_ASSERT_EQUAL(ld, date_from_ymd(y, m, d) + 1);
	CU_ASSERT_EQUAL(lm, 8 * 60);

	line = xasprintf("DTSTART;TZID=%s:%04d%02d%02dT200000", fx->t->tz, y, m, d);
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, line));
	free(line);
	line = xasprintf("Length: %d h (usually 12 h: the clocks change "
	    "during this duty).", want_hours);
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, line));
	free(line);
	line = xasprintf("TZID:%s\r\n", fx->t->tz);
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, line));
	free(line);
	CU_ASSERT_PTR_NULL(strstr(ics, "freeassociation"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "X-ROTA-RANK:L1;First line\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "X-PUBLISHED-TTL:PT1H\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "DTSTAMP:20260301T000000Z\r\n"));
	free(ics);
	free(uid);
	cal_feed_free(f);
}

/* Agent feeds hold exactly that agent's duties (idle's is empty), rank
 * feeds exactly the duties filling that rank, whoever fills them. */
static void
check_subsets(struct fixture *fx)
{
	const struct team *t = fx->t;

	for (int a = 0; a < t->nagents; a++) {
		char *name = xasprintf("agents/%s.ics", t->agents[a].id);
		struct cal_feed *f = read_ok(fx->dir, name);
		int want = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		for (int i = 0; i < fx->r->nduties; i++)
			want += fx->r->duties[i].agent == a;
		CU_ASSERT_EQUAL(f->nduties, want);
		for (int i = 0; i < f->nduties; i++) {
			CU_ASSERT_STRING_EQUAL(f->duties[i].agent, t->agents[a].id);
			/* Agents know their own name: not repeated. */
			CU_ASSERT_PTR_NULL(strchr(f->duties[i].summary, '('));
		}
		if (a == IDLE)
			CU_ASSERT_EQUAL(f->nduties, 0);
		cal_feed_free(f);
		free(name);
	}
	for (int rk = 0; rk < t->nranks; rk++) {
		char *name = xasprintf("ranks/%s.ics", t->ranks[rk].id);
		struct cal_feed *f = read_ok(fx->dir, name);
		int want = 0, subst = 0;

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		for (int i = 0; i < fx->r->nduties; i++)
			want += fx->r->duties[i].rank == rk;
		CU_ASSERT_EQUAL(f->nduties, want);
		for (int i = 0; i < f->nduties; i++) {
			CU_ASSERT_STRING_EQUAL(f->duties[i].rank, t->ranks[rk].id);
			subst += strcmp(f->duties[i].agent, "diaz") == 0;
		}
		/* diaz fills L2 nights and one L1 day. */
		if (rk == 0)
			CU_ASSERT_EQUAL(subst, 1);
		if (rk == 0)
			CU_ASSERT_STRING_EQUAL(f->name, "Support desk: L1 (First line)");
		cal_feed_free(f);
		free(name);
	}
	CU_ASSERT_EQUAL(count_temp_files(fx->dir), 0);
}

static void
check_escalation(struct fixture *fx)
{
	char *ics = unfolded(fx->dir, "team.ics");

	/* Days: L1 escalates to clay, with his e-mail; L2 is the top. */
	CU_ASSERT_PTR_NOT_NULL(strstr(ics,
	    "Escalate to L2 (Second line): Carl Clay <carl@desk.example>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "Escalate to L2 (Second line): Dora Diaz\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics,
	    "Escalate to: nobody\\, this is the top of the ladder."));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "SUMMARY:On duty: L2 night (Dora Diaz)\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "CONTACT:+49 30 1234567\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "CATEGORIES:L1\r\n"));
	free(ics);
}

/* Written twice (other stamp, duties added in another order): the same
 * UIDs, so calendar clients update instead of duplicating. */
static void
check_stable_uids(struct fixture *fx)
{
	struct roster *r2 = make_roster(fx->g, 1);
	struct feed_opts o = { STAMP + 86400, 60 };
	char *dir2 = xasprintf("%s2", fx->dir), *err = NULL;
	struct cal_feed *f1, *f2;

	CU_ASSERT_EQUAL_FATAL(cal_write_feeds(r2, dir2, &o, &err), 0);
	f1 = read_ok(fx->dir, "team.ics");
	f2 = read_ok(dir2, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
	CU_ASSERT_EQUAL_FATAL(f1->nduties, f2->nduties);
	for (int i = 0; i < f1->nduties; i++) {
		CU_ASSERT_STRING_EQUAL(f1->duties[i].uid, f2->duties[i].uid);
		CU_ASSERT_STRING_EQUAL(f1->duties[i].agent, f2->duties[i].agent);
	}
	/* A UID names the duty slot, not the person: the second L1 on the
	 * first day is ames, numbered 1. */
	{
		int y, m, d;
		char *uid;
		const struct cal_duty *cd;

		date_to_ymd(fx->g->horizon_first, &y, &m, &d);
		uid = xasprintf("desk-%04d%02d%02d-D-L1-1@rota", y, m, d);
		cd = by_uid(f1, uid);
		CU_ASSERT_PTR_NOT_NULL(cd);
		if (cd != NULL)
			CU_ASSERT_STRING_EQUAL(cd->agent, "ames");
		free(uid);
	}
	cal_feed_free(f1);
	cal_feed_free(f2);
	rm_rf(dir2);
	free(dir2);
	roster_free(r2);
}

static void
run_case(const char *zone, int y, int m, int d, const char *keep,
    int ny, int nm, int nd, int hours)
{
	struct fixture fx;

	fixture_open(&fx, zone, y, m, d, 4, keep);
	check_team_feed(&fx);
	check_night(&fx, ny, nm, nd, hours);
	check_subsets(&fx);
	check_escalation(&fx);
	check_stable_uids(&fx);
	fixture_close(&fx);
}

static void
test_berlin_spring(void)
{
	run_case("Europe/Berlin", 2026, 3, 27, "berlin-spring", 2026, 3, 28, 11);
}

static void
test_berlin_autumn(void)
{
	run_case("Europe/Berlin", 2026, 10, 23, "berlin-autumn", 2026, 10, 24, 13);
}

static void
test_new_york_spring(void)
{
	run_case("America/New_York", 2026, 3, 6, "new-york-spring", 2026, 3, 7, 11);
}

static void
test_new_york_autumn(void)
{
	run_case("America/New_York", 2026, 10, 30, "new-york-autumn", 2026, 10, 31, 13);
}

/* A zone without DST (one observance) and a month-long horizon. */
static void
test_moscow_month(void)
{
	struct fixture fx;
	struct cal_feed *f;
	char *ics;

	fixture_open(&fx, "Europe/Moscow", 2026, 12, 1, 31, "moscow-december");
	check_team_feed(&fx);
	check_subsets(&fx);
	f = read_ok(fx.dir, "ranks/L2.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	/* 30 November's night, then a day and a night for each of 31 days. */
	CU_ASSERT_EQUAL(f->nduties, 63);
	CU_ASSERT_EQUAL(f->duties[0].start, 1796058000);	/* 11-30 17:00Z */
	cal_feed_free(f);
	ics = unfolded(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "BEGIN:STANDARD\r\nTZNAME:MSK\r\n"
	    "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n"));
	CU_ASSERT_PTR_NULL(strstr(ics, "BEGIN:DAYLIGHT"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "X-ROTA-HORIZON:2026-12-01/2026-12-31\r\n"));
	free(ics);
	fixture_close(&fx);
}

static void
test_unwritable_dir(void)
{
	struct team *t = make_team("Europe/Berlin");
	struct grid *g = grid_build(t, date_from_ymd(2026, 12, 1), 1, NULL);
	struct roster *r = roster_new(g);
	const char *dir = test_tmpdir();
	char *file = xasprintf("%s/plain", dir), *out, *err = NULL, *want;
	FILE *fp = fopen(file, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fclose(fp);
	out = xasprintf("%s/feeds", file);	/* under a plain file */
	CU_ASSERT_EQUAL(cal_write_feeds(r, out, NULL, &err), -1);
	want = xasprintf("%s: cannot create directory: Not a directory", out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_STRING_EQUAL(err, want);
	free(want);
	free(err);
	free(out);

	/* The same empty roster writes empty but complete feeds. */
	err = NULL;
	out = xasprintf("%s/ok", dir);
	CU_ASSERT_EQUAL(cal_write_feeds(r, out, NULL, &err), 0);
	CU_ASSERT_PTR_NULL(err);
	{
		struct cal_feed *f = read_ok(out, "team.ics");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		CU_ASSERT_EQUAL(f->nduties, 0);
		CU_ASSERT_EQUAL(f->nranks, 2);
		cal_feed_free(f);
	}
	rm_rf(out);
	free(out);
	unlink(file);
	free(file);
	rmdir(dir);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

/* An ordinary night next to a switch keeps 12 hours and no note. */
static void
test_plain_night(void)
{
	struct fixture fx;
	struct cal_feed *f;
	const struct cal_duty *cd;
	char *ics;

	fixture_open(&fx, "Europe/Berlin", 2026, 3, 27, 4, NULL);
	f = read_ok(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	cd = by_uid(f, "desk-20260327-N-L2-0@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cd);
	CU_ASSERT_EQUAL(cd->end - cd->start, 12 * 3600);
	ics = unfolded(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL(strstr(ics, "Length: 12 h.\\n"));
	free(ics);
	cal_feed_free(f);
	fixture_close(&fx);
}

static void
test_unsafe_ids(void)
{
	struct team *t = make_team("Europe/Berlin");
	struct grid *g = grid_build(t, date_from_ymd(2026, 12, 1), 1, NULL);
	struct roster *r = roster_new(g);
	char *dir = xasprintf("%s/out", test_tmpdir()), *err = NULL, *p;
	struct stat st;

	free(t->agents[IDLE].id);
	t->agents[IDLE].id = xstrdup("../evil");
	CU_ASSERT_EQUAL(cal_write_feeds(r, dir, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_STRING_EQUAL(err, "agent id '../evil' cannot be a file name "
	    "(no '/', must not start with '.')");
	/* Refused before anything was written. */
	CU_ASSERT_NOT_EQUAL(stat(dir, &st), 0);
	free(err);
	err = NULL;
	free(t->agents[IDLE].id);
	t->agents[IDLE].id = xstrdup("idle");
	free(t->ranks[1].id);
	t->ranks[1].id = xstrdup(".L2");
	CU_ASSERT_EQUAL(cal_write_feeds(r, dir, NULL, &err), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_STRING_EQUAL(err, "rank id '.L2' cannot be a file name "
	    "(no '/', must not start with '.')");
	free(err);
	p = xstrndup(dir, strlen(dir) - 4);
	rmdir(p);
	free(p);
	free(dir);
	roster_free(r);
	grid_free(g);
	team_free(t);
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_read_errors(void)
{
	const char *dir = test_tmpdir();
	char *err = NULL, *path, *want;

	CU_ASSERT_PTR_NULL(cal_read("/nonexistent/team.ics", &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_STRING_EQUAL(err, "/nonexistent/team.ics: cannot open: "
	    "No such file or directory");
	free(err);
	err = NULL;

	path = write_tmp(dir, "garbage.ics", "this is not a calendar\n\x01\x02\n");
	CU_ASSERT_PTR_NULL(cal_read(path, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	want = xasprintf("%s: not an iCalendar file "
	    "(expected BEGIN:VCALENDAR ... END:VCALENDAR)", path);
	CU_ASSERT_STRING_EQUAL(err, want);
	free(want);
	free(err);
	err = NULL;
	unlink(path);
	free(path);

	path = write_tmp(dir, "nostart.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:x\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20260101T000000Z\r\n"
	    "SUMMARY:s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	CU_ASSERT_PTR_NULL(cal_read(path, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	want = xasprintf("%s: event 'u1' has no DTSTART", path);
	CU_ASSERT_STRING_EQUAL(err, want);
	free(want);
	free(err);
	err = NULL;
	unlink(path);
	free(path);

	path = write_tmp(dir, "badzone.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:x\r\nBEGIN:VEVENT\r\nUID:u2\r\nDTSTAMP:20260101T000000Z\r\n"
	    "DTSTART;TZID=Mars/Olympus:20261205T030000\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n");
	CU_ASSERT_PTR_NULL(cal_read(path, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	want = xasprintf("%s: unknown time zone 'Mars/Olympus' "
	    "(no VTIMEZONE for it in the file)", path);
	CU_ASSERT_STRING_EQUAL(err, want);
	free(want);
	free(err);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* A feed rota did not write: UTC, floating (read in X-WR-TIMEZONE), a
 * TZID known only to tzdata, a date, a DURATION. */
static void
test_read_foreign(void)
{
	const char *dir = test_tmpdir();
	char *err = NULL, *path;
	struct cal_feed *f;

	path = write_tmp(dir, "foreign.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:x\r\nX-WR-TIMEZONE:Europe/Moscow\r\n"
	    "BEGIN:VEVENT\r\nUID:utc\r\nDTSTAMP:20260101T000000Z\r\n"
	    "DTSTART:20261205T000000Z\r\nDTEND:20261205T060000Z\r\n"
	    "X-ROTA-RANK:L9\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:floating\r\nDTSTAMP:20260101T000000Z\r\n"
	    "DTSTART:20261205T030000\r\nDURATION:PT2H\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:ny\r\nDTSTAMP:20260101T000000Z\r\n"
	    "DTSTART;TZID=America/New_York:20261204T190000\r\n"
	    "DTEND;TZID=America/New_York:20261204T200000\r\nEND:VEVENT\r\n"
	    "BEGIN:VEVENT\r\nUID:date\r\nDTSTAMP:20260101T000000Z\r\n"
	    "DTSTART;VALUE=DATE:20261206\r\nEND:VEVENT\r\n"
	    "END:VCALENDAR\r\n");
	f = cal_read(path, &err);
	CU_ASSERT_PTR_NULL(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->tz, "Europe/Moscow");
	CU_ASSERT_EQUAL(f->horizon_first, -1);
	CU_ASSERT_EQUAL_FATAL(f->nduties, 4);
	/* 2026-12-05 00:00 UTC is 1796428800: three events start then,
	 * ordered by UID. */
	CU_ASSERT_STRING_EQUAL(f->duties[0].uid, "floating");	/* 03:00 MSK */
	CU_ASSERT_EQUAL(f->duties[0].start, 1796428800);
	CU_ASSERT_EQUAL(f->duties[0].end, 1796428800 + 2 * 3600);
	CU_ASSERT_STRING_EQUAL(f->duties[1].uid, "ny");	/* 19:00 EST */
	CU_ASSERT_EQUAL(f->duties[1].start, 1796428800);
	CU_ASSERT_EQUAL(f->duties[1].end, 1796428800 + 3600);
	CU_ASSERT_STRING_EQUAL(f->duties[2].uid, "utc");
	CU_ASSERT_EQUAL(f->duties[2].start, 1796428800);
	CU_ASSERT_EQUAL(f->duties[2].end, 1796428800 + 6 * 3600);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->duties[2].rank);
	CU_ASSERT_STRING_EQUAL(f->duties[2].rank, "L9");
	CU_ASSERT_PTR_NULL(f->duties[2].agent);
	CU_ASSERT_STRING_EQUAL(f->duties[3].uid, "date");
	CU_ASSERT_EQUAL(f->duties[3].start, 1796428800 + 86400 - 3 * 3600);
	CU_ASSERT_EQUAL(f->duties[3].end, f->duties[3].start + 86400);
	/* A rank seen only in events still joins the ladder. */
	CU_ASSERT_EQUAL_FATAL(f->nranks, 1);
	CU_ASSERT_STRING_EQUAL(f->ranks[0], "L9");
	cal_feed_free(f);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* Index in fx->r of the duty of rank rk in the slot of shift sh starting
 * on date (y, m, d), agent any; -1 if none. */
static int
duty_at(const struct fixture *fx, int y, int m, int d, int sh, int rk)
{
	for (int i = 0; i < fx->r->nduties; i++) {
		const struct slot *s = &fx->g->slots[fx->r->duties[i].slot];

		if (fx->g->days[s->day].date == date_from_ymd(y, m, d) &&
		    s->shift == sh && fx->r->duties[i].rank == rk)
			return i;
	}
	return -1;
}

/* Publishing twice writes nothing; a changed duty gets SEQUENCE + 1 and
 * the new revision's time as LAST-MODIFIED, the others keep theirs. */
static void
test_revisions(void)
{
	struct fixture fx;
	struct cal_revision rev;
	struct feed_opts o = { STAMP + 100, 60 };
	struct cal_feed *f;
	char *t1, *t2, *err = NULL;
	int k;

	fixture_open(&fx, "Europe/Berlin", 2026, 10, 23, 4, NULL);
	CU_ASSERT_EQUAL(cal_revision_read(fx.dir, &rev, &err), 0);
	CU_ASSERT_EQUAL(rev.number, 1);
	CU_ASSERT_EQUAL(rev.time, STAMP);
	t1 = unfolded(fx.dir, "team.ics");
	CU_ASSERT_EQUAL(cal_write_feeds(fx.r, fx.dir, &o, &err), 0);
	t2 = unfolded(fx.dir, "team.ics");
	CU_ASSERT_STRING_EQUAL(t1, t2);	/* byte-identical */
	CU_ASSERT_EQUAL(cal_revision_read(fx.dir, &rev, &err), 0);
	CU_ASSERT_EQUAL(rev.number, 1);
	CU_ASSERT_EQUAL(rev.time, STAMP);
	free(t2);

	/* brown's 13-hour night goes to idle. */
	k = duty_at(&fx, 2026, 10, 24, 1, 0);
	CU_ASSERT_EQUAL_FATAL(k >= 0, 1);
	CU_ASSERT_EQUAL(fx.r->duties[k].agent, A2);
	fx.r->duties[k].agent = IDLE;
	o.stamp = STAMP + 200;
	CU_ASSERT_EQUAL(cal_write_feeds(fx.r, fx.dir, &o, &err), 0);
	CU_ASSERT_EQUAL(cal_revision_read(fx.dir, &rev, &err), 0);
	CU_ASSERT_EQUAL(rev.number, 2);
	CU_ASSERT_EQUAL(rev.time, STAMP + 200);
	f = read_ok(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(by_uid(f, "desk-20261024-N-L1-0@rota"));
	CU_ASSERT_STRING_EQUAL(by_uid(f, "desk-20261024-N-L1-0@rota")->agent, "idle");
	CU_ASSERT_EQUAL(by_uid(f, "desk-20261024-N-L1-0@rota")->sequence, 1);
	CU_ASSERT_EQUAL(by_uid(f, "desk-20261024-N-L1-0@rota")->modified, STAMP + 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(by_uid(f, "desk-20261023-D-L1-0@rota"));
	CU_ASSERT_EQUAL(by_uid(f, "desk-20261023-D-L1-0@rota")->sequence, 0);
	CU_ASSERT_EQUAL(by_uid(f, "desk-20261023-D-L1-0@rota")->modified, STAMP);
	cal_feed_free(f);
	t2 = unfolded(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL(strstr(t2, "DTSTAMP:20260301T000320Z"));
	CU_ASSERT_PTR_NULL(strstr(t2, "DTSTAMP:20260301T000000Z"));
	free(t2);

	/* Back to brown with a clock set back: the revision still moves
	 * forward, and SEQUENCE goes on counting. */
	fx.r->duties[k].agent = A2;
	o.stamp = STAMP;
	CU_ASSERT_EQUAL(cal_write_feeds(fx.r, fx.dir, &o, &err), 0);
	CU_ASSERT_EQUAL(cal_revision_read(fx.dir, &rev, &err), 0);
	CU_ASSERT_EQUAL(rev.number, 3);
	CU_ASSERT_EQUAL(rev.time, STAMP + 201);
	f = read_ok(fx.dir, "agents/brown.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(by_uid(f, "desk-20261024-N-L1-0@rota"));
	CU_ASSERT_EQUAL(by_uid(f, "desk-20261024-N-L1-0@rota")->sequence, 2);
	cal_feed_free(f);
	CU_ASSERT_PTR_NULL(err);
	free(t1);
	fixture_close(&fx);
}

/* A new horizon keeps the previous feed's duties before it. */
static void
test_carry(void)
{
	struct fixture fx;
	struct grid *g2;
	struct roster *r2;
	struct cal_feed *prev, *f;
	char *err = NULL;
	int n;

	fixture_open(&fx, "Europe/Berlin", 2026, 10, 23, 4, NULL);
	prev = read_ok(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(prev);
	g2 = grid_build(fx.t, date_from_ymd(2026, 10, 27), 2, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g2);
	r2 = make_roster(g2, 0);
	/* The old feed's last night (26th) is the new lead-in; the new
	 * roster gives it to idle, but brown's published duty stays. */
	CU_ASSERT_EQUAL_FATAL(r2->duties[0].rank, 0);
	CU_ASSERT_EQUAL(r2->duties[0].agent, A2);
	r2->duties[0].agent = IDLE;
	f = cal_feed_from_roster(r2);
	n = f->nduties;
	CU_ASSERT_STRING_EQUAL(cal_feed_find(f, "desk-20261026-N-L1-0@rota")->agent,
	    "idle");
	CU_ASSERT_EQUAL(cal_feed_carry(f, prev), prev->nduties);
	CU_ASSERT_EQUAL(f->nduties, n + prev->nduties - 2);
	CU_ASSERT_PTR_NOT_NULL(cal_feed_find(f, "desk-20261023-D-L1-1@rota"));
	CU_ASSERT_STRING_EQUAL(cal_feed_find(f, "desk-20261026-N-L1-0@rota")->agent,
	    "brown");
	for (int i = 1; i < f->nduties; i++)
		CU_ASSERT(f->duties[i - 1].start <= f->duties[i].start);
	cal_feed_free(f);
	cal_feed_free(prev);
	roster_free(r2);
	grid_free(g2);
	fixture_close(&fx);
}

static void
test_override(void)
{
	struct fixture fx;
	struct cal_feed *f;
	const struct cal_duty *d;
	struct roster *r;
	char *err = NULL, *who = NULL;
	time_t s, e;

	fixture_open(&fx, "Europe/Berlin", 2026, 10, 23, 4, NULL);
	f = read_ok(fx.dir, "team.ics");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	d = by_uid(f, "desk-20261024-N-L1-0@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	s = d->start;
	e = d->end;
	CU_ASSERT_EQUAL(e - s, 13 * 3600);

	/* Two hours in, for three hours: three pieces. */
	CU_ASSERT_EQUAL(cal_override(f, fx.t, "idle", s + 7200, s + 5 * 3600,
	    NULL, &who, &err), 0);
	CU_ASSERT_PTR_NULL(err);
	CU_ASSERT_STRING_EQUAL(who, "brown");
	free(who);
	d = by_uid(f, "desk-20261024-N-L1-0@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->agent, "brown");
	CU_ASSERT_EQUAL(d->end, s + 7200);
	d = by_uid(f, "desk-20261024-N-L1-0+120@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->agent, "idle");
	CU_ASSERT_STRING_EQUAL(d->agent_name, "Ida Idle");
	CU_ASSERT_EQUAL(d->start, s + 7200);
	CU_ASSERT_EQUAL(d->end, s + 5 * 3600);
	CU_ASSERT_EQUAL(d->duty_start, s);
	d = by_uid(f, "desk-20261024-N-L1-0+300@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->agent, "brown");
	CU_ASSERT_EQUAL(d->end, e);
	/* Checked as duties of the grid: idle counts the whole night. */
	r = cal_feed_roster(f, fx.g);
	CU_ASSERT_EQUAL(r->nduties, fx.r->nduties + 1);
	roster_free(r);

	CU_ASSERT_EQUAL(cal_override(f, fx.t, "nobody", s, e, NULL, NULL,
	    &err), -1);
	CU_ASSERT_STRING_EQUAL(err, "unknown agent 'nobody' (see the agents "
	    "in team.xml)");
	free(err);
	err = NULL;
	d = by_uid(f, "desk-20261023-D-L1-0@rota");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL(cal_override(f, fx.t, "idle", d->start,
	    d->start + 3600, NULL, NULL, &err), -1);
	CU_ASSERT_STRING_EQUAL(err, "both 'albers' and 'ames' are on duty for "
	    "L1 between 2026-10-23 08:00 and 2026-10-23 09:00 (name one with "
	    "--instead-of)");
	free(err);
	err = NULL;
	CU_ASSERT_EQUAL(cal_override(f, fx.t, "idle", d->start,
	    d->start + 3600, "clay", NULL, &err), 0);
	CU_ASSERT_STRING_EQUAL(by_uid(f, "desk-20261023-D-L2-0@rota")->agent,
	    "idle");

	/* Swaps. */
	CU_ASSERT_EQUAL(cal_swap(f, "albers", date_from_ymd(2026, 10, 24), "D",
	    "diaz", date_from_ymd(2026, 10, 25), "N", &err), 0);
	CU_ASSERT_STRING_EQUAL(by_uid(f, "desk-20261024-D-L1-0@rota")->agent,
	    "diaz");
	CU_ASSERT_STRING_EQUAL(by_uid(f, "desk-20261025-N-L2-0@rota")->agent,
	    "albers");
	CU_ASSERT_EQUAL(cal_swap(f, "albers", date_from_ymd(2026, 10, 30), "D",
	    "diaz", date_from_ymd(2026, 10, 25), "N", &err), -1);
	CU_ASSERT_STRING_EQUAL(err, "'albers' has no D duty on 2026-10-30 (see "
	    "'rota who --at' or the agent's feed)");
	free(err);
	cal_feed_free(f);
	fixture_close(&fx);
}

/* libical's own verdict: rota's feeds pass, a PUBLISH event without
 * ORGANIZER or DTSTAMP does not. */
static void
test_lint(void)
{
	struct fixture fx;
	struct strlist p = { 0 };
	char *path;

	fixture_open(&fx, "America/New_York", 2026, 3, 6, 4, NULL);
	path = xasprintf("%s/team.ics", fx.dir);
	CU_ASSERT_EQUAL(cal_lint(path, &p), 0);
	free(path);
	path = write_tmp(test_tmpdir(), "bare.ics", "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\nPRODID:-//x//x//EN\r\nMETHOD:PUBLISH\r\n"
	    "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260301T100000Z\r\n"
	    "END:VEVENT\r\nEND:VCALENDAR\r\n");
	CU_ASSERT(cal_lint(path, &p) >= 2);
	for (int i = 0; i < p.n; i++)
		CU_ASSERT_EQUAL(strncmp(p.v[i], path, strlen(path)), 0);
	CU_ASSERT_PTR_NOT_NULL(p.n > 0 ? strstr(p.v[0], ": libical: ") : NULL);
	unlink(path);
	free(path);
	strlist_release(&p);
	fixture_close(&fx);
}

static const struct test_case cases[] = {
	{ "revisions", test_revisions },
	{ "carry", test_carry },
	{ "override", test_override },
	{ "lint", test_lint },
	{ "berlin_spring", test_berlin_spring },
	{ "berlin_autumn", test_berlin_autumn },
	{ "new_york_spring", test_new_york_spring },
	{ "new_york_autumn", test_new_york_autumn },
	{ "moscow_month", test_moscow_month },
	{ "unwritable_dir", test_unwritable_dir },
	{ "plain_night", test_plain_night },
	{ "unsafe_ids", test_unsafe_ids },
	{ "read_errors", test_read_errors },
	{ "read_foreign", test_read_foreign },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("calendars", cases, argc, argv);
}
