/* cmd_solve.c - `rota solve`: config -> grid -> GLPK -> roster -> feeds. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cal.h"
#include "check.h"
#include "cmd.h"
#include "config.h"
#include "grid.h"
#include "roster.h"
#include "solver.h"
#include "util.h"

static const char usage[] =
    "rota solve FILE [--month YYYY-MM] -o DIR [--time-limit SECONDS]\n"
    "                [--seed N] [--threads N] [--no-wait] [--write-lp FILE]\n"
    "                [--quiet] [--verbose]\n"
    "\n"
    "Solve a roster for the team in FILE and publish it into DIR as a new\n"
    "revision: team.ics, agents/<id>.ics, ranks/<id>.ics, DIR/revision and\n"
    "a copy of the config (team.xml).  Duties of an earlier publish from\n"
    "the month before the horizon (and after it) are kept, and the\n"
    "overrides and swaps in DIR/overrides.log that touch the horizon are\n"
    "applied again.  Prints the roster as a grid and a summary: objective,\n"
    "optimality and gap, solve time, every uncovered slot, per-agent load,\n"
    "and every duty or configured time a DST switch changes.\n"
    "\n"
    "  --month YYYY-MM       horizon (default: the <horizon> in FILE)\n"
    "  -o, --output DIR      where to publish the feeds (required)\n"
    "  --time-limit SECONDS  stop searching after this long (default 60);\n"
    "                        the best roster found so far is kept; so\n"
    "                        does Ctrl-C (a second one aborts)\n"
    "  --seed N              seed of the neighbourhood search (default 1):\n"
    "                        another seed tries other neighbourhoods\n"
    "  --threads N           threads of the search, 1 to 4 (default: one\n"
    "                        per processor, at most 4)\n"
    "  --no-wait             threads do not wait for each other between\n"
    "                        rounds: more rounds in the time, but two\n"
    "                        runs may give different rosters\n"
    "  --write-lp FILE       also write the model in CPLEX LP format\n"
    "  --quiet               print only the summary, not the grid\n"
    "  --verbose             show GLPK's progress on stderr\n"
    "\n"
    "Exit status: 0 ok, 2 usage, 3 invalid config, 4 roster has uncovered\n"
    "slots, 5 no roster satisfies the hard rules, 6 no roster found within\n"
    "the time limit (or before Ctrl-C), 1 other failure.\n";

/* Grids wider than this are left to `rota show`. */
#define GRID_MAX_DAYS	62

static void
print_grid(const struct roster *r)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	int idw = 4, w = 2;

	for (int a = 0; a < t->nagents; a++)
		if ((int)strlen(t->agents[a].id) > idw)
			idw = (int)strlen(t->agents[a].id);
	for (int s = 0; s < t->nshifts; s++)
		if ((int)strlen(t->shifts[s].id) > w)
			w = (int)strlen(t->shifts[s].id);

	printf("%-4s %-*s", "", idw, "");
	for (int d = 0; d < g->ndays; d++) {
		int y, m, dd;

		date_to_ymd(g->days[d].date, &y, &m, &dd);
		printf(" %*d", w, dd);
	}
	printf("\n%-4s %-*s", "rank", idw, "agent");
	for (int d = 0; d < g->ndays; d++)
		printf(" %*.2s", w, weekday_name(g->days[d].wday));
	printf("\n");

	for (int a = 0; a < t->nagents; a++) {
		printf("%-4s %-*s", t->ranks[t->agents[a].rank].id, idw,
		    t->agents[a].id);
		for (int d = 0; d < g->ndays; d++) {
			const char *txt = ".";
			int leave = 0;

			for (int i = 0; i < r->nduties; i++) {
				const struct slot *s = &g->slots[r->duties[i].slot];

				if (r->duties[i].agent == a && s->day == d)
					txt = t->shifts[s->shift].id;
			}
			for (int l = 0; l < t->nleaves; l++)
				if (t->leaves[l].agent == a &&
				    t->leaves[l].first <= g->days[d].date &&
				    g->days[d].date <= t->leaves[l].last)
					leave = 1;
			if (leave && strcmp(txt, ".") == 0)
				txt = "/";
			printf(" %*s", w, txt);
		}
		printf("\n");
	}
	printf("(. off, / leave; first column%s before the horizon)\n\n",
	    g->days[0].in_horizon ? "s are not" : " is the lead-in day");
}

static void
print_summary(const struct roster *r, const struct roster_report *rep)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	char b1[17], b2[17];

	switch (r->status) {
	case ROSTER_OPTIMAL:
		printf("objective  %.0f (optimal)\n", r->objective);
		break;
	case ROSTER_FEASIBLE: {
		double gap = r->objective > 0 ?
		    100.0 * (r->objective - r->bound) / r->objective : 0.0;

		printf("objective  %.0f (not proven optimal: bound %.1f, gap %.2f%%)\n",
		    r->objective, r->bound, gap);
		break;
	}
	default:
		printf("objective  none\n");
	}
	printf("solve time %.2f s\n", r->seconds);
	printf("penalty    %ld = under-cover %ld + over-cover %ld + wishes %ld"
	    " + fairness %ld\n", rep->penalty, rep->under, rep->over,
	    rep->wishes, rep->fairness);
	if (rep->ngaps == 0) {
		printf("uncovered  none: every slot has its minimum\n");
	} else {
		int total = 0;

		for (int i = 0; i < rep->ngaps; i++)
			total += rep->gaps[i].missing;
		printf("uncovered  %d agent-slots in %d slots:\n", total, rep->ngaps);
		for (int i = 0; i < rep->ngaps; i++) {
			const struct slot *s = &g->slots[rep->gaps[i].slot];

			printf("  %s to %s  %-4s %-4s %d missing\n",
			    local_format(s->start, b1), local_format(s->end, b2),
			    t->shifts[s->shift].id, t->ranks[rep->gaps[i].rank].id,
			    rep->gaps[i].missing);
		}
	}
	printf("\n%-4s %-14s %6s %8s %8s %7s %8s\n", "rank", "agent", "duties",
	    "hours", "counted", "nights", "weekends");
	for (int a = 0; a < t->nagents; a++) {
		const struct agent_load *l = &rep->load[a];

		printf("%-4s %-14s %6d %8.1f %8.1f %7d %8d\n",
		    t->ranks[t->agents[a].rank].id, t->agents[a].id, l->duties,
		    l->true_minutes / 60.0, l->minutes / 60.0, l->nights,
		    l->weekends);
	}
}

/* Copy the config into DIR so that later commands (who, page) find the
 * team's contacts and rules beside the feeds. */
static int
publish_config(const char *src, const char *dir, char **errp)
{
	struct atomic_file af;
	char *path, *text;
	size_t len;
	int rc;

	if ((text = file_read(src, &len, errp)) == NULL)
		return -1;
	path = xasprintf("%s/team.xml", dir);
	rc = af_open(&af, path, errp);
	if (rc == 0) {
		fwrite(text, 1, len, af.fp);
		rc = af_commit(&af, errp);
	}
	free(path);
	free(text);
	return rc;
}

/* What publishing did, for the summary. */
struct published {
	struct cal_revision rev;
	int	 old;		/* the revision before */
	int	 kept;		/* duties kept from the previous publish */
	struct strlist notes;	/* overrides re-applied or not */
};

/* The roster as the next revision of dir: the previous team.ics (if any)
 * gives SEQUENCEs and the duties outside the horizon, overrides.log the
 * changes people made by hand. */
static int
publish(const struct roster *r, const char *dir, const struct feed_opts *fo,
    struct published *pub, char **errp)
{
	const struct team *t = r->grid->team;
	struct cal_feed *f = cal_feed_from_roster(r), *prev = NULL;
	struct cal_revision old;
	char *path = xasprintf("%s/team.ics", dir);
	int rc = -1;

	if (cal_revision_read(dir, &old, errp) != 0)
		goto out;
	pub->old = old.number;
	if (access(path, F_OK) == 0 && (prev = cal_read(path, errp)) == NULL)
		goto out;
	pub->kept = cal_feed_carry(f, prev);
	cal_log_replay(f, t, dir, &pub->notes);
	rc = cal_publish(f, t, dir, fo, &pub->rev, errp);
out:
	free(path);
	cal_feed_free(prev);
	cal_feed_free(f);
	return rc;
}

/* The DST lint for the horizon: configured times the clocks skip or
 * repeat, and each duty a switch makes longer or shorter, with who works
 * it. */
static void
print_dst(const struct roster *r, int first, int ndays)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	struct strlist notes = { 0 };
	char b1[17], b2[17];

	team_dst_notes_range(t, first, ndays, &notes);
	if (notes.n > 0)
		printf("\nDST switches in %s:\n", t->tz);
	for (int i = 0; i < notes.n; i++)
		printf("  %s\n", notes.v[i]);
	strlist_release(&notes);
	for (int s = 0; s < g->nslots; s++) {
		const struct slot *sl = &g->slots[s];
		const struct shift_type *st = &t->shifts[sl->shift];
		int n = 0;

		if (sl->minutes == st->length || !g->days[sl->day].in_horizon)
			continue;
		printf("  duty %s %s to %s lasts %d:%02d, not %d:%02d:",
		    st->id, local_format(sl->start, b1),
		    local_format(sl->end, b2), sl->minutes / 60,
		    sl->minutes % 60, st->length / 60, st->length % 60);
		for (int i = 0; i < r->nduties; i++)
			if (r->duties[i].slot == s) {
				printf(" %s (%s)", t->agents[r->duties[i].agent].id,
				    t->ranks[r->duties[i].rank].id);
				n++;
			}
		printf("%s\n", n ? "" : " nobody");
	}
}

/* Set by the first SIGINT: the solver stops and the best roster so far is
 * published.  The handler is reset by it, so a second Ctrl-C kills. */
static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int
solve_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "month",	required_argument, NULL, 'm' },
		{ "output",	required_argument, NULL, 'o' },
		{ "time-limit",	required_argument, NULL, 't' },
		{ "write-lp",	required_argument, NULL, 'l' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "seed",	required_argument, NULL, 's' },
		{ "threads",	required_argument, NULL, 'j' },
		{ "no-wait",	no_argument,	   NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct solver_opts so = { .time_limit = 60, .seed = 1 };
	struct sigaction sa;
	struct feed_opts fo = { .refresh_minutes = 60 };
	struct published pub = { 0 };
	const char *month = NULL, *outdir = NULL, *file;
	struct team *t = NULL;
	struct grid *g = NULL;
	struct roster *r = NULL;
	struct roster_report rep = { 0 };
	int first, ndays, quiet = 0, ch, rc = EXIT_FAIL;
	char *err = NULL, *end;

	if (rota_wants_help(&cmd_solve, argc, argv))
		return EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			month = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 't':
			errno = 0;
			so.time_limit = strtod(optarg, &end);
			if (errno || *end != '\0' || !(so.time_limit > 0) ||
			    !isfinite(so.time_limit))
				return rota_usage(&cmd_solve, "--time-limit '%s' is "
				    "not a positive number of seconds", optarg);
			break;
		case 's': {
			unsigned long v;

			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end != '\0' || optarg[0] == '-' ||
			    optarg[0] == '\0' || v == 0 || v > 4294967295UL)
				return rota_usage(&cmd_solve, "--seed '%s' is not a "
				    "whole number from 1 to 4294967295", optarg);
			so.seed = (unsigned)v;
			break;
		}
		case 'j':
			if (strlen(optarg) != 1 || optarg[0] < '1' ||
			    optarg[0] > '4')
				return rota_usage(&cmd_solve, "--threads '%s' is "
				    "not a number from 1 to 4", optarg);
			so.threads = optarg[0] - '0';
			break;
		case 'w':
			so.no_wait = 1;
			break;
		case 'l':
			so.write_lp = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			so.verbose = 1;
			break;
		case ':':
			return rota_usage(&cmd_solve, "%s needs a value",
			    argv[optind - 1]);
		default:
			return rota_usage(&cmd_solve, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return rota_usage(&cmd_solve, "no team config given");
	if (optind + 1 < argc)
		return rota_usage(&cmd_solve, "unexpected argument '%s'",
		    argv[optind + 1]);
	file = argv[optind];
	if (outdir == NULL)
		return rota_usage(&cmd_solve, "no output directory (give -o DIR)");
	if (month != NULL && month_parse(month, &first, &ndays) != 0)
		return rota_usage(&cmd_solve, "--month '%s' is not a month "
		    "(use YYYY-MM, e.g. 2026-12)", month);

	if ((t = rota_read_team(file, "; nothing solved")) == NULL)
		return EXIT_INVALID;
	if (month == NULL) {
		if (t->horizon_first < 0) {
			rota_warn("%s: no horizon: give --month YYYY-MM or add "
			    "<horizon start=\"YYYY-MM-DD\" days=\"N\"/>", file);
			rc = EXIT_USAGE;
			goto out;
		}
		first = t->horizon_first;
		ndays = t->horizon_days;
	}
	if ((g = grid_build(t, first, ndays, &err)) == NULL)
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	so.stop = &interrupted;
	r = solver_solve(g, &so, &err);
	if (interrupted)
		rota_warn("interrupted: publishing the best roster found in "
		    "%.1f s", r != NULL ? r->seconds : 0.0);
	if (r == NULL)
		goto fail;
	if (r->status == ROSTER_NONE) {
		rota_warn("%s: no roster satisfies the hard rules (relax "
		    "contracts or leave, or add agents)", file);
		rc = EXIT_INFEASIBLE;
		goto out;
	}
	if (r->status == ROSTER_UNFOUND) {
		if (interrupted)
			rota_warn("%s: interrupted before any roster was found",
			    file);
		else
			rota_warn("%s: no roster found within the time limit of "
			    "%g s (give more time with --time-limit)", file,
			    so.time_limit);
		rc = EXIT_TIMEOUT;
		goto out;
	}
	if (roster_evaluate(r, &rep) > 0) {
		/* The model and the evaluator disagree: a bug, never publish. */
		for (int i = 0; i < rep.violations.n; i++)
			rota_warn("internal error: %s", rep.violations.v[i]);
		goto out;
	}
	if (mkdir_p(outdir, &err) != 0)
		goto fail;
	{
		const char *sde = getenv("SOURCE_DATE_EPOCH");

		fo.stamp = sde != NULL ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	}
	if (publish(r, outdir, &fo, &pub, &err) != 0 ||
	    publish_config(file, outdir, &err) != 0)
		goto fail;

	{
		char b1[11], b2[11];

		printf("%s, %s, %s to %s (%d days), %d agents\n\n",
		    t->name, t->tz, date_format(first, b1),
		    date_format(first + ndays - 1, b2), ndays, t->nagents);
	}
	if (!quiet && g->ndays <= GRID_MAX_DAYS)
		print_grid(r);
	print_summary(r, &rep);
	print_dst(r, first, ndays);
	printf("\n");
	for (int i = 0; i < pub.notes.n; i++)
		printf("%s\n", pub.notes.v[i]);
	if (pub.kept > 0)
		printf("kept %d duties of the previous publish outside the "
		    "horizon\n", pub.kept);
	if (pub.rev.number == pub.old)
		printf("feeds in %s/ unchanged: still revision %d\n", outdir,
		    pub.rev.number);
	else
		printf("feeds written to %s/ (team.ics, agents/, ranks/): "
		    "revision %d\n", outdir, pub.rev.number);
	rc = rep.ngaps > 0 ? EXIT_GAP : EXIT_OK;
	goto out;
fail:
	rota_warn("%s", err ? err : "failed");
	rc = EXIT_FAIL;
out:
	free(err);
	strlist_release(&pub.notes);
	roster_report_release(&rep);
	roster_free(r);
	grid_free(g);
	team_free(t);
	return rc;
}

const struct command cmd_solve = {
	.name = "solve",
	.summary = "solve a roster for a team and publish its feeds",
	.usage = usage,
	.run = solve_run,
};
