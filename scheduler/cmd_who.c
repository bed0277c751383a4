/* cmd_who.c - `rota who`: who is on duty at a moment, per escalation level
 * from a roster directory, or per rank from a feed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cal.h"
#include "cmd.h"
#include "page.h"
#include "team.h"
#include "tz.h"
#include "util.h"

static const char who_usage[] =
    "rota who [--at 'YYYY-MM-DD HH:MM'] [--rank RANK] [--json] [DIR]\n"
    "       rota who [--at 'YYYY-MM-DD HH:MM'] [--rank RANK] FEED.ics\n"
    "\n"
    "Print who is on duty.  Given a roster directory (what 'rota solve -o\n"
    "DIR' wrote; default $ROTA_DIR), level by level along the team's\n"
    "escalation policy, with contacts from DIR/team.xml; given a feed,\n"
    "rank by rank in escalation order.\n"
    "\n"
    "  --at TIME    local wall-clock time in the feed's zone (default: now);\n"
    "               at a hand-over the incoming agent is on duty\n"
    "  --rank RANK  only this rank\n"
    "  --json       one JSON object (fields in README.md; DIR only)\n"
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

/* The JSON fields of one person on duty (README.md, "rota who --json"). */
static void
json_person(const struct page_target *p)
{
	char b[17];

	printf("{\"agent\": ");
	rota_json_str(p->agent);
	printf(", \"name\": ");
	rota_json_str(p->name);
	printf(", \"since\": ");
	rota_json_str(p->since ? local_format(p->since, b) : NULL);
	printf(", \"until\": ");
	rota_json_str(p->until ? local_format(p->until, b) : NULL);
	printf(", \"since_unix\": %lld, \"until_unix\": %lld, \"scheduled\": %s",
	    (long long)p->since, (long long)p->until, p->since ? "true" : "false");
	printf(", \"contact\": ");
	rota_json_str(p->contact[0] ? p->contact : NULL);
	printf(", \"email\": ");
	rota_json_str(p->email);
	printf(", \"webhook\": ");
	rota_json_str(p->webhook);
	printf("}");
}

/* `rota who [DIR]`: level by level along the escalation policy. */
static int
who_dir(const char *arg, const char *at, const char *rank, int json)
{
	struct cal_feed *f;
	struct team *t;
	struct esc_level *levels;
	const char *dir;
	char buf[17];
	int rc, nlevels, date, min, want = -1, gap = 0, shown = 0;
	size_t w[5] = { 0 };
	time_t when;

	if ((rc = rota_open_dir(&cmd_who, arg, &dir, &f, &t)) != EXIT_OK)
		return rc;
	if (rank != NULL && (want = team_rank(t, rank)) < 0) {
		char *known = team_rank_list(t);

		rota_warn("unknown rank '%s' (known: %s)", rank, known);
		free(known);
		cal_feed_free(f);
		team_free(t);
		return EXIT_USAGE;
	}
	if (at != NULL) {
		local_parse(at, &date, &min);
		when = tz_local_to_utc(date, min, NULL);
	} else
		when = time(NULL);
	levels = page_levels(t, &nlevels);
	if (want >= 0) {
		/* Only the levels of that rank; a rank outside the policy is
		 * shown on its own, unnumbered. */
		int k = 0;

		for (int i = 0; i < nlevels; i++) {
			int r = levels[i].rank >= 0 ? levels[i].rank :
			    t->agents[levels[i].agent].rank;

			if (r == want)
				k++;
		}
		if (k == 0) {
			levels[0].rank = want;
			levels[0].agent = -1;
			levels[0].wait = -1;
			nlevels = 1;
		}
	}
	if (json)
		printf("{\"at\": \"%s\", \"at_unix\": %lld, \"tz\": ",
		    local_format(when, buf), (long long)when);
	else
		printf("on duty at %s %s\n", local_format(when, buf), f->tz);
	if (json) {
		rota_json_str(f->tz);
		printf(", \"team\": ");
		rota_json_str(t->id);
		printf(", \"levels\": [");
	}
	/* Two passes for text: widths, then rows. */
	for (int pass = json ? 1 : 0; pass < 2; pass++) {
		for (int i = 0; i < nlevels; i++) {
			const struct esc_level *l = &levels[i];
			const struct rank *rk = &t->ranks[l->rank >= 0 ? l->rank :
			    t->agents[l->agent].rank];
			struct page_target *p;
			int n = page_targets(t, f, l, when, &p);
			char num[16];

			if (want >= 0 && rk - t->ranks != want) {
				free(p);
				continue;
			}
			snprintf(num, sizeof(num), "%d", i + 1);
			if (pass == 0) {
				widen(&w[0], num);
				widen(&w[1], l->agent >= 0 ? "agent" : rk->id);
				widen(&w[2], l->agent >= 0 ? "named" : rk->name);
				for (int k = 0; k < n; k++) {
					widen(&w[3], p[k].agent);
					widen(&w[4], p[k].name);
				}
				free(p);
				continue;
			}
			gap |= n == 0;
			if (json) {
				printf("%s{\"level\": %d, \"rank\": ", shown++ ?
				    ", " : "", i + 1);
				rota_json_str(l->rank >= 0 ? rk->id : NULL);
				printf(", \"rank_name\": ");
				rota_json_str(l->rank >= 0 ? rk->name : NULL);
				printf(", \"agent\": ");
				rota_json_str(l->agent >= 0 ?
				    t->agents[l->agent].id : NULL);
				printf(", \"wait\": %d, \"gap\": %s, \"on_duty\": [",
				    l->wait >= 0 ? l->wait : t->esc.wait,
				    n == 0 ? "true" : "false");
				for (int k = 0; k < n; k++) {
					printf("%s", k ? ", " : "");
					json_person(&p[k]);
				}
				printf("]}");
				free(p);
				continue;
			}
			for (int k = 0; k < n || k == 0; k++) {
				cell(num, w[0]);
				cell(l->agent >= 0 ? "agent" : rk->id, w[1]);
				cell(l->agent >= 0 ? "named" : rk->name, w[2]);
				if (n == 0) {
					printf("nobody on duty\n");
					break;
				}
				cell(p[k].agent, w[3]);
				cell(p[k].name, w[4]);
				if (p[k].since) {
					printf("since %s  ", local_format(p[k].since, buf));
					printf("until %s", local_format(p[k].until, buf));
				} else
					printf("not on duty now");
				printf("%s%s\n", p[k].contact[0] ? "  " : "",
				    p[k].contact);
			}
			free(p);
		}
	}
	if (json)
		printf("], \"gap\": %s}\n", gap ? "true" : "false");
	free(levels);
	cal_feed_free(f);
	team_free(t);
	return gap ? EXIT_GAP : EXIT_OK;
}

static int
who_run(int argc, char **argv)
{
	const char *at = NULL, *rank = NULL, *path = NULL;
	struct stat st;
	int json = 0;
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
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strncmp(a, "--at=", 5) == 0) {
			at = a + 5;
		} else if (strncmp(a, "--rank=", 7) == 0) {
			rank = a + 7;
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_who, "unknown option '%s'", a);
		} else if (path != NULL) {
			return rota_usage(&cmd_who, "one roster only ('%s' and "
			    "'%s')", path, a);
		} else {
			path = a;
		}
	}
	if (path == NULL && (getenv("ROTA_DIR") == NULL ||
	    getenv("ROTA_DIR")[0] == '\0'))
		return rota_usage(&cmd_who, "no roster given (name DIR or "
		    "DIR/team.ics, or set ROTA_DIR)");
	if (at != NULL && local_parse(at, &date, &min) != 0)
		return rota_usage(&cmd_who, "bad time '%s' (expected "
		    "'YYYY-MM-DD HH:MM', local time in the feed's zone)", at);
	if (path == NULL || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return who_dir(path, at, rank, json);
	if (json)
		return rota_usage(&cmd_who, "--json needs the roster directory, "
		    "not a feed");

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
	.summary = "who is on duty at a moment, level by level, with contacts",
	.usage = who_usage,
	.run = who_run,
};
