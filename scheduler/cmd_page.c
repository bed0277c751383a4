/* cmd_page.c - `rota page`: page whoever is on duty, and with --escalate
 * go up the chain until somebody acknowledges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "cmd.h"
#include "page.h"
#include "team.h"
#include "tz.h"
#include "util.h"

static const char page_usage[] =
    "rota page MESSAGE [--rank RANK] [--escalate] [--dry-run]\n"
    "          [--at 'YYYY-MM-DD HH:MM'] [DIR]\n"
    "\n"
    "Page whoever is on duty at the first level of the team's escalation\n"
    "policy (or at RANK's level) through their webhook or e-mail.  The page\n"
    "gets an id, printed first, and every step goes to DIR/pages.log.  DIR\n"
    "is what 'rota solve -o DIR' wrote (default $ROTA_DIR).\n"
    "\n"
    "  --rank RANK  start at this rank's level\n"
    "  --escalate   stay in the foreground: when a level's wait runs out\n"
    "               without 'rota ack ID', page the next level; repeat the\n"
    "               chain as the policy says\n"
    "  --dry-run    say who would be paged; send and log nothing\n"
    "  --at TIME    read the roster at this local time instead of now\n"
    "\n"
    "Secrets come from the environment (ROTA_SMTP_USER, ROTA_SMTP_PASSWORD,\n"
    "ROTA_WEBHOOK_TOKEN) or a file named by ROTA_SECRETS (mode 600), never\n"
    "the command line.  ROTA_SMTP_URL overrides the policy's smtp server.\n"
    "\n"
    "Exits 0 when delivered (or, with --escalate, acknowledged), 1 when\n"
    "nobody could be reached or nobody acknowledged.\n";

static void
print_note(void *arg, const char *line)
{
	printf("%s\n", line);
	fflush(stdout);
}

static int
page_cmd_run(int argc, char **argv)
{
	const char *rank = NULL, *at = NULL, *msg = NULL, *arg = NULL, *dir;
	struct page_secrets sec;
	struct page_job j = { 0 };
	struct cal_feed *f;
	struct team *t;
	char *err = NULL;
	int date, min, rc;
	enum page_result res;

	if (rota_wants_help(&cmd_page, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--rank") == 0 || strcmp(a, "--at") == 0) {
			if (i + 1 >= argc)
				return rota_usage(&cmd_page, "%s needs a value", a);
			if (a[2] == 'r')
				rank = argv[++i];
			else
				at = argv[++i];
		} else if (strcmp(a, "--escalate") == 0) {
			j.escalate = 1;
		} else if (strcmp(a, "--dry-run") == 0) {
			j.dry_run = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_page, "unknown option '%s'", a);
		} else if (msg == NULL) {
			msg = a;
		} else if (arg == NULL) {
			arg = a;
		} else
			return rota_usage(&cmd_page, "too many arguments ('%s'); "
			    "quote the message", a);
	}
	if (msg == NULL || msg[0] == '\0')
		return rota_usage(&cmd_page, "no message given");
	if (at != NULL && local_parse(at, &date, &min) != 0)
		return rota_usage(&cmd_page, "bad time '%s' (expected "
		    "'YYYY-MM-DD HH:MM', local time in the team's zone)", at);
	if ((rc = rota_open_dir(&cmd_page, arg, &dir, &f, &t)) != EXIT_OK)
		return rc;
	if (rank != NULL && team_rank(t, rank) < 0) {
		char *known = team_rank_list(t);

		rota_warn("unknown rank '%s' (known: %s)", rank, known);
		free(known);
		cal_feed_free(f);
		team_free(t);
		return EXIT_USAGE;
	}
	if (page_secrets_load(&sec, &err) != 0) {
		rota_warn("%s", err);
		free(err);
		cal_feed_free(f);
		team_free(t);
		return EXIT_FAIL;
	}
	j.dir = dir;
	j.team = t;
	j.feed = f;
	j.message = msg;
	j.start_rank = rank;
	j.at = at != NULL ? tz_local_to_utc(date, min, NULL) : 0;
	j.secrets = &sec;
	j.note = print_note;
	res = page_run(&j, &err);
	switch (res) {
	case PAGE_SENT:
	case PAGE_ACKED:
		rc = EXIT_OK;
		break;
	case PAGE_EXHAUSTED:
		rota_warn("page %s: nobody acknowledged (every level tried)",
		    j.id);
		rc = EXIT_FAIL;
		break;
	case PAGE_UNDELIVERED:
		rota_warn("page %s: nobody could be reached (see %s/pages.log)",
		    j.id, dir);
		rc = EXIT_FAIL;
		break;
	default:
		rota_warn("%s", err);
		free(err);
		rc = EXIT_FAIL;
	}
	free(j.id);
	page_secrets_release(&sec);
	cal_feed_free(f);
	team_free(t);
	return rc;
}

const struct command cmd_page = {
	.name = "page",
	.summary = "page whoever is on duty, escalating until acknowledged",
	.usage = page_usage,
	.run = page_cmd_run,
};
