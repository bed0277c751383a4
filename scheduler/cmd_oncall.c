/* cmd_oncall.c - `rota oncall`: who covers a period, rank by rank, and
 * the stretches nobody covers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "cmd.h"
#include "team.h"
#include "tz.h"
#include "util.h"

static const char oncall_usage[] =
    "rota oncall --from 'YYYY-MM-DD HH:MM' --to 'YYYY-MM-DD HH:MM'\n"
    "            [--rank RANK] [DIR]\n"
    "\n"
    "List every duty that overlaps the period, rank by rank in escalation\n"
    "order, and each stretch of it that a rank has nobody for.  DIR is what\n"
    "'rota solve -o DIR' wrote (default $ROTA_DIR).  Exits 4 when a rank has\n"
    "a gap in the period.\n";

static int
oncall_run(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *rank = NULL, *arg = NULL, *dir;
	struct cal_feed *f;
	struct team *t;
	char b1[17], b2[17];
	int d1, m1, d2, m2, rc, gap = 0;
	time_t t1, t2;

	if (rota_wants_help(&cmd_oncall, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0 ||
		    strcmp(a, "--rank") == 0) {
			if (i + 1 >= argc)
				return rota_usage(&cmd_oncall, "%s needs a value", a);
			if (a[2] == 'f')
				from = argv[++i];
			else if (a[2] == 't')
				to = argv[++i];
			else
				rank = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_oncall, "unknown option '%s'", a);
		} else if (arg != NULL) {
			return rota_usage(&cmd_oncall, "one roster only ('%s' and "
			    "'%s')", arg, a);
		} else
			arg = a;
	}
	if (from == NULL || to == NULL)
		return rota_usage(&cmd_oncall, "give both --from and --to");
	if (local_parse(from, &d1, &m1) != 0 || local_parse(to, &d2, &m2) != 0)
		return rota_usage(&cmd_oncall, "bad time '%s' (expected "
		    "'YYYY-MM-DD HH:MM', local time in the team's zone)",
		    local_parse(from, &d1, &m1) != 0 ? from : to);
	if ((rc = rota_open_dir(&cmd_oncall, arg, &dir, &f, &t)) != EXIT_OK)
		return rc;
	t1 = tz_local_to_utc(d1, m1, NULL);
	t2 = tz_local_to_utc(d2, m2, NULL);
	rc = EXIT_OK;
	if (t2 <= t1) {
		rota_warn("the period ends before it starts (%s to %s)", from, to);
		rc = EXIT_USAGE;
		goto done;
	}
	if (rank != NULL && team_rank(t, rank) < 0) {
		char *known = team_rank_list(t);

		rota_warn("unknown rank '%s' (known: %s)", rank, known);
		free(known);
		rc = EXIT_USAGE;
		goto done;
	}
	printf("on call from %s to %s %s\n", local_format(t1, b1),
	    local_format(t2, b2), f->tz);
	for (int r = 0; r < f->nranks; r++) {
		time_t covered = t1;

		if (rank != NULL && strcmp(rank, f->ranks[r]) != 0)
			continue;
		/* Duties are sorted by start: a sweep finds the gaps. */
		for (int i = 0; i < f->nduties; i++) {
			const struct cal_duty *d = &f->duties[i];

			if (d->rank == NULL || strcmp(d->rank, f->ranks[r]) != 0 ||
			    d->end <= t1 || d->start >= t2)
				continue;
			if (d->start > covered) {
				printf("%-4s %s  %s  nobody on duty\n", f->ranks[r],
				    local_format(covered, b1),
				    local_format(d->start, b2));
				gap = 1;
			}
			printf("%-4s %s  %s  %s (%s)%s%s\n", f->ranks[r],
			    local_format(d->start, b1), local_format(d->end, b2),
			    d->agent ? d->agent : "?", d->agent_name ?
			    d->agent_name : "?", d->contact ? "  " : "",
			    d->contact ? d->contact : "");
			if (d->end > covered)
				covered = d->end;
		}
		if (covered < t2) {
			printf("%-4s %s  %s  nobody on duty\n", f->ranks[r],
			    local_format(covered, b1), local_format(t2, b2));
			gap = 1;
		}
	}
	rc = gap ? EXIT_GAP : EXIT_OK;
done:
	cal_feed_free(f);
	team_free(t);
	return rc;
}

const struct command cmd_oncall = {
	.name = "oncall",
	.summary = "who covers a period, rank by rank, and its gaps",
	.usage = oncall_usage,
	.run = oncall_run,
};
