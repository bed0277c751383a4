/* cmd_import.c - `rota import-curtois`: a benchmark instance as a team. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "cmd.h"
#include "config.h"
#include "curtois.h"
#include "tz.h"

static const char usage[] =
    "rota import-curtois INSTANCE.txt -o TEAM.xml [--start YYYY-MM-DD]\n"
    "\n"
    "Convert an instance of the Curtois & Qu staff scheduling benchmark\n"
    "(schedulingbenchmarks.org/nrp, .txt format) into an ordinary team\n"
    "config, which `rota check` accepts and `rota solve` solves; the\n"
    "penalty rota reports for it is the benchmark's.\n"
    "\n"
    "  -o, --output FILE   the team config to write (required)\n"
    "  --start DATE        the date of day 0, a Monday (default 2024-01-01)\n";

static int
import_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output",	required_argument, NULL, 'o' },
		{ "start",	required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = NULL;
	struct strlist problems = { 0 };
	struct team *t;
	int start = date_from_ymd(2024, 1, 1), ch, rc = EXIT_OK;
	char *err = NULL;

	if (rota_wants_help(&cmd_import, argc, argv))
		return EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 's':
			if (date_parse(optarg, &start) != 0)
				return rota_usage(&cmd_import, "--start '%s' is not "
				    "a date (use YYYY-MM-DD)", optarg);
			break;
		case ':':
			return rota_usage(&cmd_import, "%s needs a value",
			    argv[optind - 1]);
		default:
			return rota_usage(&cmd_import, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return rota_usage(&cmd_import, "no instance file given");
	if (optind + 1 < argc)
		return rota_usage(&cmd_import, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (out == NULL)
		return rota_usage(&cmd_import, "no output file (give -o TEAM.xml)");

	if ((t = curtois_read(argv[optind], start, &err)) == NULL) {
		rota_warn("%s", err);
		free(err);
		return date_weekday(start) != 0 ? EXIT_USAGE : EXIT_INVALID;
	}
	/* An instance that reads but makes no sense as a team is reported
	 * now, against the instance file, rather than later against XML. */
	if (team_check(t, &problems) > 0) {
		for (int i = 0; i < problems.n; i++)
			rota_warn("%s", problems.v[i]);
		rc = EXIT_INVALID;
	} else if (config_write(t, out, &err) != 0) {
		rota_warn("%s", err);
		rc = EXIT_FAIL;
	} else {
		char b[11];

		printf("%s: %d days from %s, %d staff, %d shift types, "
		    "%d cover rules -> %s\n", argv[optind], t->horizon_days,
		    date_format(start, b), t->nagents, t->nshifts, t->ncovers,
		    out);
	}
	strlist_release(&problems);
	free(err);
	team_free(t);
	return rc;
}

const struct command cmd_import = {
	.name = "import-curtois",
	.summary = "convert a Curtois & Qu benchmark instance into a team config",
	.usage = usage,
	.run = import_run,
};
