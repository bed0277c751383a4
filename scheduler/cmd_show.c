/* cmd_show.c - `rota show`: a published roster as a grid of shift ids. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cmd.h"
#include "config.h"
#include "tz.h"
#include "util.h"

static const char usage[] =
    "rota show [DIR] [--format text|tsv]\n"
    "\n"
    "Print the roster published in DIR (by `rota solve -o DIR`) as a grid:\n"
    "one line per agent in config order, one column per day of the horizon,\n"
    "holding the id of the shift that starts that day or '-'.  Read from\n"
    "DIR/team.ics (what the agents' calendars show) and DIR/team.xml;\n"
    "without DIR, from $ROTA_DIR.\n"
    "\n"
    "  --format text   aligned columns for reading (default)\n"
    "  --format tsv    a header 'agent' then ISO dates, tab-separated,\n"
    "                  nothing else on stdout\n";

static int
show_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct team *t = NULL;
	struct cal_feed *f = NULL;
	const char *format = "text", *dir = NULL;
	const char **cell = NULL;
	char *err = NULL;
	int ch, tsv, rc = EXIT_FAIL, w = 1;

	if (rota_wants_help(&cmd_show, argc, argv))
		return EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			format = optarg;
			break;
		case ':':
			return rota_usage(&cmd_show, "%s needs a value",
			    argv[optind - 1]);
		default:
			return rota_usage(&cmd_show, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (strcmp(format, "tsv") != 0 && strcmp(format, "text") != 0)
		return rota_usage(&cmd_show, "unknown format '%s' (use text or "
		    "tsv)", format);
	tsv = strcmp(format, "tsv") == 0;
	if (optind + 1 < argc)
		return rota_usage(&cmd_show, "unexpected argument '%s'",
		    argv[optind + 1]);
	if ((rc = rota_open_dir(&cmd_show, optind < argc ? argv[optind] : NULL,
	    &dir, &f, &t)) != EXIT_OK)
		return rc;
	rc = EXIT_FAIL;
	if (f->horizon_first < 0) {
		err_set(&err, "%s/team.ics: no X-ROTA-HORIZON (not written by "
		    "rota solve)", dir);
		goto fail;
	}

	/* cell[a * days + d]: the shift starting on day d for agent a. */
	cell = xcalloc((size_t)t->nagents * (size_t)f->horizon_days + 1,
	    sizeof(*cell));
	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *du = &f->duties[i];
		int a = du->agent ? team_agent(t, du->agent) : -1, date, min, d;

		tz_utc_to_local(du->start, &date, &min);
		d = date - f->horizon_first;
		if (a < 0 || d < 0 || d >= f->horizon_days)
			continue;
		cell[(size_t)a * f->horizon_days + d] = du->shift ? du->shift : "?";
		if ((int)strlen(cell[(size_t)a * f->horizon_days + d]) > w)
			w = (int)strlen(cell[(size_t)a * f->horizon_days + d]);
	}

	if (tsv) {
		printf("agent");
		for (int d = 0; d < f->horizon_days; d++) {
			char b[11];

			printf("\t%s", date_format(f->horizon_first + d, b));
		}
		printf("\n");
	} else {
		printf("%-12s", "agent");
		for (int d = 0; d < f->horizon_days; d++) {
			int y, m, dd;

			date_to_ymd(f->horizon_first + d, &y, &m, &dd);
			printf(" %*d", w > 2 ? w : 2, dd);
		}
		printf("\n");
	}
	for (int a = 0; a < t->nagents; a++) {
		printf(tsv ? "%s" : "%-12s", t->agents[a].id);
		for (int d = 0; d < f->horizon_days; d++) {
			const char *c = cell[(size_t)a * f->horizon_days + d];

			if (tsv)
				printf("\t%s", c ? c : "-");
			else
				printf(" %*s", w > 2 ? w : 2, c ? c : "-");
		}
		printf("\n");
	}
	rc = EXIT_OK;
	goto out;
fail:
	rota_warn("%s", err);
out:
	free(cell);
	free(err);
	cal_feed_free(f);
	team_free(t);
	return rc;
}

const struct command cmd_show = {
	.name = "show",
	.summary = "print a published roster as a grid (text or tsv)",
	.usage = usage,
	.run = show_run,
};
