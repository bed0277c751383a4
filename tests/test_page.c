/* test_page.c - escalation policies in the config, who is paged at each
 * level (hand-overs, substitutes, named agents), the page log, the JSON
 * body and the secrets file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cal.h"
#include "config.h"
#include "page.h"
#include "testlib.h"
#include "tz.h"
#include "util.h"

static const char *
roster(const char *file)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s/tests/data/roster-berlin/%s", TOP_SRCDIR,
	    file);
	return buf;
}

static time_t
at(const char *local)
{
	int d, m;

	CU_ASSERT_EQUAL_FATAL(local_parse(local, &d, &m), 0);
	return tz_local_to_utc(d, m, NULL);
}

static void
test_waits(void)
{
	int s = -1;
	char b[24];

	CU_ASSERT_EQUAL(team_wait_parse("5m", &s), 0);
	CU_ASSERT_EQUAL(s, 300);
	CU_ASSERT_EQUAL(team_wait_parse("2s", &s), 0);
	CU_ASSERT_EQUAL(s, 2);
	CU_ASSERT_EQUAL(team_wait_parse("1h30m", &s), 0);
	CU_ASSERT_EQUAL(s, 5400);
	CU_ASSERT_EQUAL(team_wait_parse("45", &s), 0);
	CU_ASSERT_EQUAL(s, 45);
	CU_ASSERT_EQUAL(team_wait_parse("", &s), -1);
	CU_ASSERT_EQUAL(team_wait_parse("5x", &s), -1);
	CU_ASSERT_EQUAL(team_wait_parse("1h30", &s), -1);
	CU_ASSERT_EQUAL(team_wait_parse("25h", &s), -1);
	CU_ASSERT_STRING_EQUAL(team_wait_format(5400, b), "1h30m");
	CU_ASSERT_STRING_EQUAL(team_wait_format(2, b), "2s");
	CU_ASSERT_STRING_EQUAL(team_wait_format(0, b), "0s");
	CU_ASSERT_STRING_EQUAL(team_wait_format(3601, b), "1h1s");
}

/* The sample team's policy follows its ranks; it survives a write and a
 * read back. */
static void
test_sample_policy_round_trip(void)
{
	struct strlist problems = { 0 };
	char *path = xasprintf("%s/configs/examples/support-desk.xml", TOP_SRCDIR);
	char *out = xasprintf("%s/team.xml", test_tmpdir()), *err = NULL;
	struct team *t = config_read(path, &problems), *u;
	static const char *want[] = { "L1", "L2", "L3", "DM" };

	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL_FATAL(t->nesc_levels, 4);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_STRING_EQUAL(t->ranks[t->esc_levels[i].rank].id, want[i]);
		CU_ASSERT_EQUAL(t->esc_levels[i].agent, -1);
	}
	CU_ASSERT_EQUAL(t->esc.wait, 300);
	CU_ASSERT_EQUAL(t->esc.repeat, 1);
	CU_ASSERT_EQUAL(t->esc_levels[2].wait, 600);
	CU_ASSERT_EQUAL(t->esc_levels[0].wait, -1);
	CU_ASSERT_STRING_EQUAL(t->esc.from, "rota@desk.example");
	CU_ASSERT_EQUAL(config_write(t, out, &err), 0);
	u = config_read(out, &problems);
	CU_ASSERT_EQUAL(problems.n, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_EQUAL(u->nesc_levels, 4);
	CU_ASSERT_EQUAL(u->esc.retry_wait, 10);
	CU_ASSERT_EQUAL(u->esc_levels[3].wait, 900);
	CU_ASSERT_STRING_EQUAL(u->esc.smtp, "smtp://localhost:25");
	team_free(u);
	team_free(t);
	strlist_release(&problems);
	free(out);
	free(path);
}

/* Bad levels: each with its exact message. */
static void
test_bad_policy(void)
{
	const char *dir = test_tmpdir();
	char *path = xasprintf("%s/bad.xml", dir);
	struct strlist problems = { 0 };
	FILE *fp = fopen(path, "w");
	struct team *t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("<team id=\"t\" name=\"T\" timezone=\"UTC\">\n"
	    "  <ranks><rank id=\"L1\"/><rank id=\"DM\"/></ranks>\n"
	    "  <shifts><shift id=\"D\" start=\"08:00\" length=\"12:00\"/></shifts>\n"
	    "  <agents><agent id=\"a\" rank=\"L1\"/></agents>\n"
	    "  <coverage><cover rank=\"L1\" shift=\"D\" min=\"0\"/></coverage>\n"
	    "  <escalation wait=\"5q\">\n"
	    "    <level rank=\"L9\"/>\n"
	    "    <level rank=\"L1\"/>\n"
	    "    <level rank=\"L1\"/>\n"
	    "    <level rank=\"DM\"/>\n"
	    "    <level agent=\"a\"/>\n"
	    "  </escalation>\n"
	    "</team>\n", fp);
	fclose(fp);
	t = config_read(path, &problems);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL_FATAL(problems.n, 5);
	CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[0], ":6: escalation: wait '5q' "
	    "is not a wait (use seconds, minutes or hours such as 30s, 5m, "
	    "1h30m; at most a day)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[1], ":7: unknown rank 'L9' "
	    "(known: L1, DM)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[2], ":9: escalation: rank 'L1' "
	    "is already level 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[3], ":10: escalation: rank 'DM' "
	    "has no cover rule, so nobody is ever on duty for it"));
	CU_ASSERT_PTR_NOT_NULL(strstr(problems.v[4], ":11: escalation: agent 'a' "
	    "has no email or webhook to page (add one to the agent on line 4)"));
	strlist_release(&problems);
	free(path);
}

struct fixture {
	struct team *t;
	struct cal_feed *f;
};

static int
load(struct fixture *x)
{
	struct strlist problems = { 0 };
	char *err = NULL;

	x->t = config_read(roster("team.xml"), &problems);
	strlist_release(&problems);
	x->f = cal_read(roster("team.ics"), &err);
	free(err);
	if (x->t == NULL || x->f == NULL) {
		team_free(x->t);
		cal_feed_free(x->f);
		return -1;
	}
	return tz_use(x->f->tz);
}

/* At a hand-over the incoming agent is paged; one minute before, the
 * outgoing one.  A substitute (an L2 agent filling L1) is paged at L1. */
static void
test_targets_at_handover(void)
{
	struct fixture x;
	struct esc_level *lv;
	struct page_target *p;
	int nl, n;

	CU_ASSERT_EQUAL_FATAL(load(&x), 0);
	lv = page_levels(x.t, &nl);
	CU_ASSERT_EQUAL_FATAL(nl, 3);
	n = page_targets(x.t, x.f, &lv[0], at("2026-03-29 08:00"), &p);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(p[0].agent, "albers");
	CU_ASSERT_STRING_EQUAL(p[0].contact, "anna@desk.example");
	CU_ASSERT_EQUAL(p[0].since, at("2026-03-29 08:00"));
	free(p);
	/* 07:59 on the DST night: still brown, whose night is 11 hours. */
	n = page_targets(x.t, x.f, &lv[0], at("2026-03-29 07:59"), &p);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(p[0].agent, "brown");
	CU_ASSERT_STRING_EQUAL(p[0].contact, "http://127.0.0.1:9/hook/brown");
	CU_ASSERT_EQUAL(p[0].until - p[0].since, 11 * 3600);
	free(p);
	n = page_targets(x.t, x.f, &lv[0], at("2026-03-30 08:00"), &p);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(p[0].agent, "diaz");
	CU_ASSERT_STRING_EQUAL(p[0].rank, "L1");
	free(p);
	/* A gap, and a named agent who is paged even off duty. */
	CU_ASSERT_EQUAL(page_targets(x.t, x.f, &lv[1], at("2026-04-05 10:00"),
	    &p), 0);
	free(p);
	n = page_targets(x.t, x.f, &lv[2], at("2026-04-05 10:00"), &p);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(p[0].agent, "boss");
	CU_ASSERT_EQUAL(p[0].since, 0);
	free(p);
	free(lv);
	team_free(x.t);
	cal_feed_free(x.f);
}

/* Without a policy the levels are the ranks in order. */
static void
test_default_levels(void)
{
	struct team *t = team_new();
	struct esc_level *lv;
	int n;

	team_add_rank(t, "L1", NULL);
	team_add_rank(t, "L2", NULL);
	lv = page_levels(t, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(lv[0].rank, 0);
	CU_ASSERT_EQUAL(lv[1].rank, 1);
	CU_ASSERT_EQUAL(lv[1].agent, -1);
	free(lv);
	team_free(t);
}

static void
test_json_body(void)
{
	struct page_target p = { .agent = "brown", .name = "Bob \"B\" Brown",
	    .rank = "L1", .contact = "http://x/hook", .since = 0, .until = 0 };
	char *s = page_json("p-1", "desk", "DB down\n\tnow", 2, &p, 86400, 3);

	CU_ASSERT_STRING_EQUAL(s, "{\"id\": \"p-1\", \"team\": \"desk\", "
	    "\"message\": \"DB down\\n\\u0009now\", \"level\": 2, \"rank\": \"L1\", "
	    "\"agent\": \"brown\", \"name\": \"Bob \\\"B\\\" Brown\", \"contact\": "
	    "\"http://x/hook\", \"since\": null, \"until\": null, \"sent_at\": "
	    "\"1970-01-02T00:00:00Z\", \"attempt\": 3, \"ack\": \"rota ack p-1\", "
	    "\"text\": \"DB down\\n\\u0009now\"}\n");
	free(s);
}

static void
test_log(void)
{
	const char *dir = test_tmpdir();
	char *path = xasprintf("%s/pages.log", dir), *err = NULL, *text;
	char *id = page_new_id(0);

	CU_ASSERT_EQUAL(strncmp(id, "p-19700101-000000-", 18), 0);
	CU_ASSERT_EQUAL(strlen(id), 22);
	CU_ASSERT_EQUAL(page_log_has(dir, id, "page", &err), 0);
	CU_ASSERT_EQUAL(page_log(dir, id, "page", &err, "message",
	    "say \"hi\"\nnow", "rank", NULL, "escalate", "no", NULL), 0);
	CU_ASSERT_EQUAL(page_log(dir, "p-2", "pager", &err, NULL), 0);
	CU_ASSERT_EQUAL(page_log_has(dir, id, "page", &err), 1);
	CU_ASSERT_EQUAL(page_log_has(dir, id, "ack", &err), 0);
	/* "pager" is not "page", and p-2 is not a prefix match of id. */
	CU_ASSERT_EQUAL(page_log_has(dir, "p-2", "page", &err), 0);
	CU_ASSERT_EQUAL(page_log_has(dir, "p-", "page", &err), 0);
	text = file_read(path, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, id));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, " page message=\"say \\\"hi\\\"\\nnow\""
	    " escalate=no\n"));
	free(text);
	free(id);
	free(path);
}

static void
test_secrets_file(void)
{
	const char *dir = test_tmpdir();
	char *path = xasprintf("%s/secrets", dir), *err = NULL;
	struct page_secrets s;
	FILE *fp = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("# comment\nsmtp-user=me\nsmtp-password=pw=1\n", fp);
	fclose(fp);
	chmod(path, 0640);
	unsetenv("ROTA_SMTP_USER");
	unsetenv("ROTA_SMTP_PASSWORD");
	unsetenv("ROTA_WEBHOOK_TOKEN");
	setenv("ROTA_SECRETS", path, 1);
	CU_ASSERT_EQUAL(page_secrets_load(&s, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "readable by others (chmod 600"));
	free(err);
	err = NULL;
	page_secrets_release(&s);
	chmod(path, 0600);
	setenv("ROTA_WEBHOOK_TOKEN", "env-tok", 1);
	CU_ASSERT_EQUAL(page_secrets_load(&s, &err), 0);
	CU_ASSERT_STRING_EQUAL(s.smtp_user, "me");
	CU_ASSERT_STRING_EQUAL(s.smtp_password, "pw=1");
	CU_ASSERT_STRING_EQUAL(s.webhook_token, "env-tok");
	page_secrets_release(&s);
	CU_ASSERT_PTR_NULL(s.smtp_user);
	unsetenv("ROTA_SECRETS");
	unsetenv("ROTA_WEBHOOK_TOKEN");
	free(path);
}

static const struct test_case cases[] = {
	{ "waits", test_waits },
	{ "sample_policy_round_trip", test_sample_policy_round_trip },
	{ "bad_policy", test_bad_policy },
	{ "targets_at_handover", test_targets_at_handover },
	{ "default_levels", test_default_levels },
	{ "json_body", test_json_body },
	{ "log", test_log },
	{ "secrets_file", test_secrets_file },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return test_run("page", cases, argc, argv);
}
