/* cmd_who.c - `rota who`: who is on duty at a moment, per rank, from a feed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "cmd.h"
#include "tz.h"
#include "util.h"

static const char who_usage[] =
    "rota who [--at 'YYYY-MM-DD HH:MM'] [--rank RANK] FEED.ics\n"
    "\n"
    "Print who is on duty, rank by rank in escalation order, from a feed\n"
    "written by 'rota solve' (usually OUT/team.ics).\n"
    "\n"
    "  --at TIME    local wall-clock time in the feed's zone (default: now);\n"
    "               at a hand-over the incoming agent is on duty\n"
    "  --rank RANK  only this rank\n"
    "\n"
    "Exits 4 when a rank has nobody on duty.\n";

/* Printed rows, kept to align the columns. */
struct row {
	const char *rank, *rank_name, *agent, *name, *contact;
	char	 since[17], until[17];
	int	 nobody;
};

/* Width on a terminal: UTF-8 characters, not bytes, so that Cyrillic
 * names line up too. */
static size_t
columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
widen(size_t *w, const char *s)
{
	if (columns(s) > *w)
		*w = columns(s);
}

/* s, then spaces up to width w, then the gap before the next column. */
static void
cell(const char *s, size_t w)
{
	printf("%s%*s  ", s, (int)(w - columns(s)), "");
}

static int
who_run(int argc, char **argv)
{
	const char *at = NULL, *rank = NULL, *path = NULL;
	struct cal_feed *f;
	struct row *rows;
	char *err = NULL, buf[17];
	int nrows = 0, cap = 0, gap = 0, date, min, want = -1;
	size_t w[4] = { 0, 0, 0, 0 };
	time_t t;

	if (rota_wants_help(&cmd_who, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--at") == 0 || strcmp(a, "--rank") == 0) {
			if (i + 1 >= argc)
				return rota_usage(&cmd_who, "%s needs a value", a);
			if (a[2] == 'a')
				at = argv[++i];
			else
				rank = argv[++i];
		} else if (strncmp(a, "--at=", 5) == 0) {
			at = a + 5;
		} else if (strncmp(a, "--rank=", 7) == 0) {
			rank = a + 7;
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_who, "unknown option '%s'", a);
		} else if (path != NULL) {
			return rota_usage(&cmd_who, "one feed only ('%s' and '%s')",
			    path, a);
		} else {
			path = a;
		}
	}
	if (path == NULL)
		return rota_usage(&cmd_who, "no feed given (e.g. out/team.ics)");
	if (at != NULL && local_parse(at, &date, &min) != 0)
		return rota_usage(&cmd_who, "bad time '%s' (expected "
		    "'YYYY-MM-DD HH:MM', local time in the feed's zone)", at);

	if ((f = cal_read(path, &err)) == NULL) {
		rota_warn("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	if (tz_use(f->tz) != 0) {
		rota_warn("%s: unknown time zone '%s' in X-WR-TIMEZONE", path,
		    f->tz);
		cal_feed_free(f);
		return EXIT_FAIL;
	}
	if (rank != NULL) {
		for (int r = 0; r < f->nranks; r++)
			if (strcmp(f->ranks[r], rank) == 0)
				want = r;
		if (want < 0) {
			char *known = xstrdup("");

			for (int r = 0; r < f->nranks; r++) {
				char *k = xasprintf("%s%s%s", known, r ? ", " : "",
				    f->ranks[r]);

				free(known);
				known = k;
			}
			rota_warn("unknown rank '%s' (known: %s)", rank, known);
			free(known);
			cal_feed_free(f);
			return EXIT_USAGE;
		}
	}
	t = at != NULL ? tz_local_to_utc(date, min, NULL) : time(NULL);

	rows = NULL;
	for (int r = 0; r < f->nranks; r++) {
		int found = 0;

		if (want >= 0 && r != want)
			continue;
		for (int i = 0; i < f->nduties; i++) {
			const struct cal_duty *d = &f->duties[i];
			struct row *row;

			/* [start, end): the incoming agent owns the hand-over. */
			if (d->rank == NULL || strcmp(d->rank, f->ranks[r]) != 0 ||
			    d->start > t || d->end <= t)
				continue;
			rows = vec_push(rows, &nrows, &cap, sizeof(*rows));
			row = &rows[nrows - 1];
			row->rank = f->ranks[r];
			row->rank_name = f->rank_names[r];
			row->agent = d->agent ? d->agent : "?";
			row->name = d->agent_name ? d->agent_name : row->agent;
			row->contact = d->contact ? d->contact : "";
			local_format(d->start, row->since);
			local_format(d->end, row->until);
			found = 1;
		}
		if (!found) {
			rows = vec_push(rows, &nrows, &cap, sizeof(*rows));
			rows[nrows - 1].rank = f->ranks[r];
			rows[nrows - 1].rank_name = f->rank_names[r];
			rows[nrows - 1].nobody = 1;
			gap = 1;
		}
	}

	printf("on duty at %s %s\n", local_format(t, buf), f->tz);
	for (int i = 0; i < nrows; i++) {
		widen(&w[0], rows[i].rank);
		widen(&w[1], rows[i].rank_name);
		if (!rows[i].nobody) {
			widen(&w[2], rows[i].agent);
			widen(&w[3], rows[i].name);
		}
	}
	for (int i = 0; i < nrows; i++) {
		const struct row *row = &rows[i];

		cell(row->rank, w[0]);
		cell(row->rank_name, w[1]);
		if (row->nobody) {
			printf("nobody on duty\n");
			continue;
		}
		cell(row->agent, w[2]);
		cell(row->name, w[3]);
		printf("since %s  until %s%s%s\n", row->since, row->until,
		    row->contact[0] ? "  " : "", row->contact);
	}
	free(rows);
	cal_feed_free(f);
	return gap ? EXIT_GAP : EXIT_OK;
}

const struct command cmd_who = {
	.name = "who",
	.summary = "who is on duty at a moment, rank by rank, from a feed",
	.usage = who_usage,
	.run = who_run,
};
