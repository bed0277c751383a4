/* cmd_next.c - `rota next`: an agent's next duties, or each rank's next
 * hand-overs, from a roster directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "cmd.h"
#include "team.h"
#include "tz.h"
#include "util.h"

static const char next_usage[] =
    "rota next [ID] [--at 'YYYY-MM-DD HH:MM'] [--count N] [DIR]\n"
    "\n"
    "With an agent ID, list that agent's next duties (the one in progress\n"
    "first); without, each rank's next hand-overs: when they happen and who\n"
    "takes over.  DIR is what 'rota solve -o DIR' wrote (default $ROTA_DIR).\n"
    "\n"
    "  --at TIME    from this local time instead of now\n"
    "  --count N    how many duties or hand-overs to list (default 5)\n";

static int
next_run(int argc, char **argv)
{
	const char *at = NULL, *pos[2] = { NULL, NULL }, *id = NULL, *arg = NULL;
	const char *dir;
	struct cal_feed *f;
	struct team *t;
	char b1[17], b2[17], *end;
	int npos = 0, count = 5, date, min, rc;
	time_t when;

	if (rota_wants_help(&cmd_next, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--at") == 0 || strcmp(a, "--count") == 0) {
			if (i + 1 >= argc)
				return rota_usage(&cmd_next, "%s needs a value", a);
			if (a[2] == 'a')
				at = argv[++i];
			else {
				count = (int)strtol(argv[++i], &end, 10);
				if (*end != '\0' || count < 1 || count > 1000)
					return rota_usage(&cmd_next, "bad count '%s' "
					    "(use 1 to 1000)", argv[i]);
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_next, "unknown option '%s'", a);
		} else if (npos == 2) {
			return rota_usage(&cmd_next, "too many arguments ('%s')", a);
		} else
			pos[npos++] = a;
	}
	/* One word is the directory when it is one, else the agent. */
	if (npos == 2) {
		id = pos[0];
		arg = pos[1];
	} else if (npos == 1 && rota_is_dir(pos[0]))
		arg = pos[0];
	else
		id = pos[0];
	if (at != NULL && local_parse(at, &date, &min) != 0)
		return rota_usage(&cmd_next, "bad time '%s' (expected "
		    "'YYYY-MM-DD HH:MM', local time in the team's zone)", at);
	if ((rc = rota_open_dir(&cmd_next, arg, &dir, &f, &t)) != EXIT_OK)
		return rc;
	when = at != NULL ? tz_local_to_utc(date, min, NULL) : time(NULL);
	rc = EXIT_OK;
	if (id != NULL) {
		int a = team_agent(t, id), shown = 0;

		if (a < 0) {
			char *known = team_id_list(t->agents, t->nagents,
			    sizeof(*t->agents));

			rota_warn("unknown agent '%s' (known: %s)", id, known);
			free(known);
			rc = EXIT_USAGE;
			goto done;
		}
		printf("next duties of %s (%s) after %s %s\n", id,
		    t->agents[a].name, local_format(when, b1), f->tz);
		for (int i = 0; i < f->nduties && shown < count; i++) {
			const struct cal_duty *d = &f->duties[i];

			if (d->agent == NULL || strcmp(d->agent, id) != 0 ||
			    d->end <= when)
				continue;
			printf("%s  %s  %-4s %-4s %s%s\n", local_format(d->start, b1),
			    local_format(d->end, b2), d->rank ? d->rank : "",
			    d->shift ? d->shift : "", d->summary ? d->summary : "",
			    d->start <= when ? "  (now)" : "");
			shown++;
		}
		if (shown == 0)
			printf("no duties in the published roster\n");
		goto done;
	}
	printf("next hand-overs after %s %s\n", local_format(when, b1), f->tz);
	for (int r = 0; r < f->nranks; r++) {
		time_t last = when;

		for (int k = 0; k < count; k++) {
			time_t next = 0;
			int first = 1;

			/* The earliest start after the last one listed. */
			for (int i = 0; i < f->nduties; i++) {
				const struct cal_duty *d = &f->duties[i];

				if (d->rank != NULL && strcmp(d->rank, f->ranks[r]) == 0 &&
				    d->start > last && (next == 0 || d->start < next))
					next = d->start;
			}
			if (next == 0) {
				if (k == 0)
					printf("%-4s none in the published roster\n",
					    f->ranks[r]);
				break;
			}
			printf("%-4s %s ", f->ranks[r], local_format(next, b1));
			for (int i = 0; i < f->nduties; i++) {
				const struct cal_duty *d = &f->duties[i];

				if (d->start != next || d->rank == NULL ||
				    strcmp(d->rank, f->ranks[r]) != 0)
					continue;
				printf("%s%s", first ? " " : ", ",
				    d->agent ? d->agent : "?");
				first = 0;
			}
			printf("\n");
			last = next;
		}
	}
done:
	cal_feed_free(f);
	team_free(t);
	return rc;
}

const struct command cmd_next = {
	.name = "next",
	.summary = "an agent's next duties, or each rank's next hand-overs",
	.usage = next_usage,
	.run = next_run,
};
