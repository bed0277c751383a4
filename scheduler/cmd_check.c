/* cmd_check.c - `rota check FILE`: validate a team config and summarise it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "config.h"
#include "tz.h"

/* Which days of the week a shift starts on, "" when every day. */
static void
print_days(unsigned days)
{
	if ((days & DAYS_ALL_WEEK) == DAYS_ALL_WEEK)
		return;
	for (int w = 0; w < 7; w++)
		if (days & (1u << w))
			printf(" %s", weekday_name(w));
}

static void
summarise(const struct team *t)
{
	char d1[11], d2[11];

	printf("%s (%s), zone %s", t->name, t->id, t->tz);
	if (t->horizon_first >= 0)
		printf(", horizon %s..%s (%d days)",
		    date_format(t->horizon_first, d1),
		    date_format(t->horizon_first + t->horizon_days - 1, d2),
		    t->horizon_days);
	printf(".\n%d agent%s:", t->nagents, t->nagents == 1 ? "" : "s");
	for (int k = 0; k < t->nranks; k++) {
		int n = 0;

		for (int i = 0; i < t->nagents; i++)
			n += t->agents[i].rank == k;
		printf("%s %d %s", k ? "," : "", n, t->ranks[k].id);
	}
	printf(".\n%d shift%s:", t->nshifts, t->nshifts == 1 ? "" : "s");
	for (int i = 0; i < t->nshifts; i++) {
		const struct shift_type *s = &t->shifts[i];

		printf("%s %s (%s)", i ? "," : "", s->id, s->name);
		print_days(s->days);
		printf(" %02d:%02d for %d:%02d", s->start / 60, s->start % 60,
		    s->length / 60, s->length % 60);
		if (s->night)
			printf(" night");
		if (s->counts != UNLIMITED)
			printf(" counting %d:%02d", s->counts / 60, s->counts % 60);
	}
	printf(".\n%d cover rule%s, %d holiday%s, %d absence%s, %d wish%s.\n",
	    t->ncovers, t->ncovers == 1 ? "" : "s",
	    t->nholidays, t->nholidays == 1 ? "" : "s",
	    t->nleaves, t->nleaves == 1 ? "" : "s",
	    t->nwishes, t->nwishes == 1 ? "" : "es");
}

static int
check_run(int argc, char **argv)
{
	struct strlist notes = { 0 };
	const char *path = NULL, *month = NULL;
	struct team *t;
	int first = -1, ndays = 0;

	if (rota_wants_help(&cmd_check, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 && i + 1 < argc && path == NULL) {
			path = argv[++i];
			if (i + 1 < argc)
				return rota_usage(&cmd_check, "check: too many "
				    "arguments");
			break;
		}
		if (strcmp(argv[i], "--month") == 0 ||
		    strncmp(argv[i], "--month=", 8) == 0) {
			if (argv[i][7] == '=')
				month = argv[i] + 8;
			else if (i + 1 < argc)
				month = argv[++i];
			else
				return rota_usage(&cmd_check, "check: --month "
				    "needs a value");
			if (month_parse(month, &first, &ndays) != 0)
				return rota_usage(&cmd_check, "check: --month '%s' "
				    "is not a month (use YYYY-MM, e.g. 2026-12)",
				    month);
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return rota_usage(&cmd_check, "check: unknown option '%s'",
			    argv[i]);
		if (path != NULL)
			return rota_usage(&cmd_check, "check: too many arguments");
		path = argv[i];
	}
	if (path == NULL)
		return rota_usage(&cmd_check, "check: no config file given");

	if ((t = rota_read_team(path, "")) == NULL)
		return EXIT_INVALID;
	printf("ok\n");
	summarise(t);
	/* The DST lint over the month asked for, else the horizon. */
	if (first >= 0)
		team_dst_notes_range(t, first, ndays, &notes);
	else
		team_dst_notes(t, &notes);
	for (int i = 0; i < notes.n; i++)
		printf("note: %s\n", notes.v[i]);
	strlist_release(&notes);
	team_free(t);
	return EXIT_OK;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "check a team config and summarise it",
	.usage = "rota check FILE [--month YYYY-MM]\n"
	    "  Validate the team config FILE (XML) and print 'ok' and a summary,\n"
	    "  or every problem as FILE:LINE: ... and exit 3.  Then list, as\n"
	    "  notes, every configured local time the clocks skip or repeat and\n"
	    "  every shift a DST switch makes longer or shorter, in the month\n"
	    "  given or else the config's horizon, with the rule rota applies.\n",
	.run = check_run,
};
