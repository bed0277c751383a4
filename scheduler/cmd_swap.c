/* cmd_swap.c - `rota swap`: two agents exchange two duties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "cmd.h"
#include "tz.h"
#include "util.h"

static const char usage[] =
    "rota swap DIR ID1@YYYY-MM-DD/SHIFT ID2@YYYY-MM-DD/SHIFT [--force]\n"
    "\n"
    "ID1 gives the SHIFT duty that starts on the first date to ID2, and\n"
    "takes ID2's duty in return, in the roster published in DIR.  Checked\n"
    "against the hard rules like 'rota override' (refused with the rule\n"
    "and the numbers unless --force), recorded in DIR/overrides.log, and\n"
    "the feeds republished as a new revision.\n"
    "\n"
    "Exit status: 0 ok, 2 usage, 5 refused by a hard rule, 1 other failure.\n";

/* "ID@YYYY-MM-DD/SHIFT" into its parts (pointing into buf). */
static int
parse_duty(char *buf, char **id, int *date, char **shift)
{
	char *at = strchr(buf, '@'), *slash;

	if (at == NULL || (slash = strchr(at, '/')) == NULL || at == buf ||
	    slash[1] == '\0')
		return -1;
	*at = '\0';
	*slash = '\0';
	*id = buf;
	*shift = slash + 1;
	return date_parse(at + 1, date);
}

static int
swap_run(int argc, char **argv)
{
	const char *args[3] = { NULL, NULL, NULL };
	char *b1 = NULL, *b2 = NULL, *a1, *a2, *s1, *s2, *err = NULL, *what;
	int n = 0, force = 0, d1, d2, rc;
	struct rota_edit e;
	char x1[11], x2[11];

	if (rota_wants_help(&cmd_swap, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = 1;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return rota_usage(&cmd_swap, "swap: unknown option '%s'",
			    argv[i]);
		else if (n == 3)
			return rota_usage(&cmd_swap, "swap: unexpected argument "
			    "'%s'", argv[i]);
		else
			args[n++] = argv[i];
	}
	if (n < 3)
		return rota_usage(&cmd_swap, "swap: give DIR and two duties "
		    "as ID@YYYY-MM-DD/SHIFT");
	b1 = xstrdup(args[1]);
	b2 = xstrdup(args[2]);
	if (parse_duty(b1, &a1, &d1, &s1) != 0 ||
	    parse_duty(b2, &a2, &d2, &s2) != 0) {
		rc = rota_usage(&cmd_swap, "swap: '%s' is not a duty (use "
		    "ID@YYYY-MM-DD/SHIFT, e.g. ivanov@2026-12-05/N)",
		    strchr(b1, '@') && strchr(b1, '/') ? args[2] : args[1]);
		free(b1);
		free(b2);
		return rc;
	}
	if ((rc = rota_edit_begin(&cmd_swap, args[0], &e)) != EXIT_OK)
		goto done;
	if (cal_swap(e.feed, a1, d1, s1, a2, d2, s2, &err) != 0) {
		rota_warn("swap: %s", err);
		free(err);
		rc = EXIT_FAIL;
	} else {
		what = xasprintf("swap %s@%s/%s %s@%s/%s", a1,
		    date_format(d1, x1), s1, a2, date_format(d2, x2), s2);
		rc = rota_edit_commit(&e, what, force);
		free(what);
	}
	rota_edit_end(&e);
done:
	free(b1);
	free(b2);
	return rc;
}

const struct command cmd_swap = {
	.name = "swap",
	.summary = "swap two duties between two agents",
	.usage = usage,
	.run = swap_run,
};
