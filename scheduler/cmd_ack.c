/* cmd_ack.c - `rota ack`: acknowledge a page, which stops its escalation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "page.h"
#include "util.h"

static const char ack_usage[] =
    "rota ack ID [--by NAME] [DIR]\n"
    "\n"
    "Acknowledge page ID (printed by 'rota page'): appends an ack to\n"
    "DIR/pages.log, and a 'rota page --escalate' waiting on it stops.\n"
    "DIR is what 'rota solve -o DIR' wrote (default $ROTA_DIR).\n"
    "\n"
    "  --by NAME    who acknowledges (default: $USER)\n";

static int
ack_run(int argc, char **argv)
{
	const char *id = NULL, *dir = NULL, *by = getenv("USER");
	char *err = NULL;
	struct stat st;
	int has;

	if (rota_wants_help(&cmd_ack, argc, argv))
		return EXIT_OK;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--by") == 0) {
			if (i + 1 >= argc)
				return rota_usage(&cmd_ack, "%s needs a value", a);
			by = argv[++i];
		} else if (a[0] == '-' && a[1] != '\0') {
			return rota_usage(&cmd_ack, "unknown option '%s'", a);
		} else if (id == NULL) {
			id = a;
		} else if (dir == NULL) {
			dir = a;
		} else
			return rota_usage(&cmd_ack, "too many arguments ('%s')", a);
	}
	if (id == NULL)
		return rota_usage(&cmd_ack, "no page id given");
	if (dir == NULL && (dir = getenv("ROTA_DIR")) != NULL && dir[0] == '\0')
		dir = NULL;
	if (dir == NULL)
		return rota_usage(&cmd_ack, "no roster directory given (name the "
		    "directory 'rota solve -o DIR' wrote, or set ROTA_DIR)");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rota_warn("%s: not a roster directory (give the directory "
		    "'rota solve -o DIR' wrote)", dir);
		return EXIT_FAIL;
	}
	if ((has = page_log_has(dir, id, "page", &err)) <= 0) {
		if (has < 0) {
			rota_warn("%s", err);
			free(err);
			return EXIT_FAIL;
		}
		rota_warn("no page '%s' in %s/pages.log (check the id 'rota "
		    "page' printed)", id, dir);
		return EXIT_FAIL;
	}
	if ((has = page_log_has(dir, id, "ack", &err)) != 0) {
		if (has < 0) {
			rota_warn("%s", err);
			free(err);
			return EXIT_FAIL;
		}
		printf("page %s was already acknowledged\n", id);
		return EXIT_OK;
	}
	if (page_log(dir, id, "ack", &err, "by", by, NULL) != 0) {
		rota_warn("%s", err);
		free(err);
		return EXIT_FAIL;
	}
	printf("page %s acknowledged\n", id);
	return EXIT_OK;
}

const struct command cmd_ack = {
	.name = "ack",
	.summary = "acknowledge a page, stopping its escalation",
	.usage = ack_usage,
	.run = ack_run,
};
