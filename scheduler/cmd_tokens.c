/* cmd_tokens.c - `rota tokens`: the secret URL of each feed `rota serve` answers. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cmd.h"
#include "serve.h"
#include "team.h"
#include "util.h"

static const char usage[] =
    "rota tokens [DIR] [--rotate NAME]\n"
    "\n"
    "Print the feeds 'rota serve DIR' answers, one line each, NAME<TAB>PATH:\n"
    "NAME is team, rank:<id> or agent:<id>, PATH the URL path to request\n"
    "(it carries the feed's secret token: hand each agent only their own).\n"
    "Feeds without a token get one in DIR/tokens (mode 0600); feeds no\n"
    "longer in DIR/team.xml lose theirs.  DIR is what 'rota solve -o DIR'\n"
    "wrote (default $ROTA_DIR).\n"
    "\n"
    "  --rotate NAME   give feed NAME a new token and print its new line;\n"
    "                  the old URL answers 404 at once, even while\n"
    "                  'rota serve' runs\n";

/* The feed names of a team: the team, its ranks in escalation order, its
 * agents in config order.  Caller frees each name and the array. */
static char **
feed_names(const struct team *t, int *np)
{
	int n = 1 + t->nranks + t->nagents, k = 0;
	char **v = xcalloc((size_t)n, sizeof(*v));

	v[k++] = xstrdup("team");
	for (int i = 0; i < t->nranks; i++)
		v[k++] = xasprintf("rank:%s", t->ranks[i].id);
	for (int i = 0; i < t->nagents; i++)
		v[k++] = xasprintf("agent:%s", t->agents[i].id);
	*np = n;
	return v;
}

int
rota_feed_tokens(const struct command *c, const char *dir, const char *rotate,
    const char **dirp, struct tokens *tk)
{
	struct cal_feed *f = NULL;
	struct team *t = NULL;
	char **names, *err = NULL;
	int rc, n, known = 0;

	if ((rc = rota_open_dir(c, dir, dirp, &f, &t)) != EXIT_OK)
		return rc;
	cal_feed_free(f);
	names = feed_names(t, &n);
	team_free(t);
	for (int i = 0; rotate != NULL && i < n; i++)
		known |= strcmp(names[i], rotate) == 0;
	rc = EXIT_OK;
	if (rotate != NULL && !known) {
		rota_warn("unknown feed '%s' (use team, rank:ID or agent:ID; "
		    "'rota tokens %s' lists them)", rotate, *dirp);
		rc = EXIT_USAGE;
	} else if (tokens_sync(tk, *dirp, names, n, &err) != 0 ||
	    (rotate != NULL && tokens_rotate(tk, *dirp, rotate, &err) != 0)) {
		rota_warn("%s", err);
		free(err);
		rc = EXIT_FAIL;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
tokens_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rotate", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct tokens tk = { 0 };
	const char *rotate = NULL, *dir = NULL;
	int ch, rc;

	if (rota_wants_help(&cmd_tokens, argc, argv))
		return EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			rotate = optarg;
			break;
		case ':':
			return rota_usage(&cmd_tokens, "%s needs a value",
			    argv[optind - 1]);
		default:
			return rota_usage(&cmd_tokens, "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return rota_usage(&cmd_tokens, "unexpected argument '%s'",
		    argv[optind + 1]);
	if ((rc = rota_feed_tokens(&cmd_tokens, optind < argc ? argv[optind] :
	    NULL, rotate, &dir, &tk)) != EXIT_OK)
		return rc;
	for (int i = 0; i < tk.n; i++) {
		char *p;

		if (rotate != NULL && strcmp(tk.names[i], rotate) != 0)
			continue;
		p = serve_url_path(tk.names[i], tk.tokens[i]);
		printf("%s\t%s\n", tk.names[i], p);
		free(p);
	}
	tokens_release(&tk);
	return EXIT_OK;
}

const struct command cmd_tokens = {
	"tokens",
	"print (or rotate) the secret URL path of each served feed",
	usage,
	tokens_run
};
