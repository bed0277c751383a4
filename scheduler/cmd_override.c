/* cmd_override.c - `rota override`: someone stands in for a time range;
 * also the check-log-publish step that `rota swap` shares. */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "cmd.h"
#include "config.h"
#include "grid.h"
#include "roster.h"
#include "tz.h"
#include "util.h"

static const char usage[] =
    "rota override DIR --agent ID --from TIME --to TIME [--instead-of ID]\n"
    "                  [--force]\n"
    "\n"
    "Agent ID takes over the duties of another agent from TIME to TIME\n"
    "(local wall-clock 'YYYY-MM-DD HH:MM' in the team's zone) in the roster\n"
    "published in DIR.  Without --instead-of, the one agent of ID's rank on\n"
    "duty then is replaced.  A duty reaching outside the range is split:\n"
    "the stand-in gets the overlap.  The change is checked against the hard\n"
    "rules (rank, leave, rest, consecutive days, hours, duties per shift):\n"
    "a change that breaks one is refused with the rule and the numbers,\n"
    "unless --force is given.  It is recorded in DIR/overrides.log and the\n"
    "feeds are republished as a new revision.\n"
    "\n"
    "Exit status: 0 ok, 2 usage, 5 refused by a hard rule, 1 other failure.\n";

/* Now, or SOURCE_DATE_EPOCH for reproducible output. */
static time_t
stamp_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	return sde != NULL ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
}

static char *
utc_iso(time_t t, char *buf)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

int
rota_edit_begin(const struct command *c, const char *dir,
    struct rota_edit *e)
{
	char *err = NULL, *lock;
	int rc;

	memset(e, 0, sizeof(*e));
	e->lock = -1;
	if (dir == NULL && (dir = getenv("ROTA_DIR")) != NULL && dir[0] == '\0')
		dir = NULL;
	/* One change at a time: each reads team.ics, edits it and writes it
	 * back, so two at once would lose one.  The lock dies with us. */
	if (dir != NULL && rota_is_dir(dir)) {
		lock = xasprintf("%s/.lock", dir);
		e->lock = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (e->lock >= 0)
			flock(e->lock, LOCK_EX);
		free(lock);
	}
	if ((rc = rota_open_dir(c, dir, &e->dir, &e->feed, &e->team)) != EXIT_OK) {
		rota_edit_end(e);
		return rc;
	}
	if (e->feed->horizon_first < 0) {
		rota_warn("%s/team.ics: no X-ROTA-HORIZON (re-publish it with "
		    "'rota solve ... -o %s')", e->dir, e->dir);
		rota_edit_end(e);
		return EXIT_FAIL;
	}
	e->grid = grid_build(e->team, e->feed->horizon_first,
	    e->feed->horizon_days, &err);
	if (e->grid == NULL) {
		rota_warn("%s/team.xml: %s", e->dir, err);
		free(err);
		rota_edit_end(e);
		return EXIT_FAIL;
	}
	e->before = cal_feed_roster(e->feed, e->grid);
	roster_evaluate(e->before, &e->rep_before);
	tz_use(e->team->tz);
	return EXIT_OK;
}

void
rota_edit_end(struct rota_edit *e)
{
	roster_report_release(&e->rep_before);
	roster_free(e->before);
	grid_free(e->grid);
	cal_feed_free(e->feed);
	team_free(e->team);
	if (e->lock >= 0)
		close(e->lock);
	e->lock = -1;
}

int
rota_edit_commit(struct rota_edit *e, const char *what, int force)
{
	struct roster *after = cal_feed_roster(e->feed, e->grid);
	struct roster_report rep = { 0 };
	struct feed_opts fo = { .refresh_minutes = 60 };
	struct cal_revision rev;
	char *err = NULL, *line, b[21];
	int fresh = 0, rc = EXIT_OK;

	roster_evaluate(after, &rep);
	/* Only what this change breaks: a roster already forced past a rule
	 * does not block every later change. */
	for (int i = 0; i < rep.violations.n; i++) {
		int old = 0;

		for (int k = 0; k < e->rep_before.violations.n && !old; k++)
			old = strcmp(rep.violations.v[i],
			    e->rep_before.violations.v[k]) == 0;
		if (old)
			continue;
		fresh++;
		if (force)
			rota_warn("warning: %s (forced)", rep.violations.v[i]);
		else
			rota_warn("refused: %s", rep.violations.v[i]);
	}
	roster_report_release(&rep);
	roster_free(after);
	if (fresh > 0 && !force) {
		rota_warn("%s: nothing changed (%d hard rule%s broken; give "
		    "--force to record it anyway)", e->dir, fresh,
		    fresh == 1 ? "" : "s");
		return EXIT_INFEASIBLE;
	}
	fo.stamp = stamp_now();
	line = xasprintf("%s %s%s", utc_iso(fo.stamp, b), what,
	    fresh > 0 ? " forced" : "");
	/* The log first: it is the record, the feeds follow from it. */
	if (cal_log_append(e->dir, line, &err) != 0 ||
	    cal_publish(e->feed, e->team, e->dir, &fo, &rev, &err) != 0) {
		rota_warn("%s", err);
		rc = EXIT_FAIL;
	} else {
		printf("%s\nrevision %d published to %s/\n", what, rev.number,
		    e->dir);
	}
	free(line);
	free(err);
	return rc;
}

/* TIME in the team's zone as an instant. */
static int
parse_time(const char *opt, const char *s, time_t *out)
{
	int date, min;

	if (s == NULL)
		return rota_usage(&cmd_override, "override: %s is required", opt);
	if (local_parse(s, &date, &min) != 0)
		return rota_usage(&cmd_override, "override: %s '%s' is not a "
		    "time (use 'YYYY-MM-DD HH:MM')", opt, s);
	*out = tz_local_to_utc(date, min, NULL);
	return 0;
}

static int
override_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "agent",	required_argument, NULL, 'a' },
		{ "from",	required_argument, NULL, 'f' },
		{ "to",		required_argument, NULL, 't' },
		{ "instead-of",	required_argument, NULL, 'i' },
		{ "force",	no_argument,	   NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	const char *agent = NULL, *from_s = NULL, *to_s = NULL, *instead = NULL;
	const char *dir = NULL;
	struct rota_edit e;
	time_t from, to;
	char *err = NULL, *replaced = NULL, *what, b1[21], b2[21];
	int force = 0, ch, rc;

	if (rota_wants_help(&cmd_override, argc, argv))
		return EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': agent = optarg; break;
		case 'f': from_s = optarg; break;
		case 't': to_s = optarg; break;
		case 'i': instead = optarg; break;
		case 'F': force = 1; break;
		case ':':
			return rota_usage(&cmd_override, "override: %s needs a "
			    "value", argv[optind - 1]);
		default:
			return rota_usage(&cmd_override, "override: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		dir = argv[optind++];
	if (optind < argc)
		return rota_usage(&cmd_override, "override: unexpected "
		    "argument '%s'", argv[optind]);
	if (agent == NULL)
		return rota_usage(&cmd_override, "override: --agent is "
		    "required");
	if (from_s == NULL || to_s == NULL)
		return rota_usage(&cmd_override, "override: --from and --to "
		    "are required");
	if ((rc = rota_edit_begin(&cmd_override, dir, &e)) != EXIT_OK)
		return rc;
	if ((rc = parse_time("--from", from_s, &from)) != 0 ||
	    (rc = parse_time("--to", to_s, &to)) != 0)
		goto out;
	if (cal_override(e.feed, e.team, agent, from, to, instead, &replaced,
	    &err) != 0) {
		rota_warn("override: %s", err);
		free(err);
		rc = EXIT_FAIL;
		goto out;
	}
	what = xasprintf("override agent=%s instead-of=%s from=%s to=%s",
	    agent, replaced, utc_iso(from, b1), utc_iso(to, b2));
	rc = rota_edit_commit(&e, what, force);
	free(what);
out:
	free(replaced);
	rota_edit_end(&e);
	return rc;
}

const struct command cmd_override = {
	.name = "override",
	.summary = "let an agent stand in for another for a time range",
	.usage = usage,
	.run = override_run,
};
