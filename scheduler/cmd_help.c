/* cmd_help.c - `rota help [COMMAND]`: list the commands, or one's usage. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int
help_run(int argc, char **argv)
{
	int w = 0;

	if (argc > 2)
		return rota_usage(&cmd_help, "too many arguments");
	if (argc == 2) {
		for (int i = 0; rota_commands[i] != NULL; i++)
			if (strcmp(rota_commands[i]->name, argv[1]) == 0) {
				printf("usage: %s", rota_commands[i]->usage);
				return EXIT_OK;
			}
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
			printf("usage: %s", cmd_help.usage);
			return EXIT_OK;
		}
		fprintf(stderr, "rota: unknown command '%s' (try 'rota help')\n",
		    argv[1]);
		return EXIT_USAGE;
	}
	printf("rota - shift scheduling and on-call rotations\n\n"
	    "usage: rota COMMAND [ARGS]\n\ncommands:\n");
	for (int i = 0; rota_commands[i] != NULL; i++)
		if ((int)strlen(rota_commands[i]->name) > w)
			w = (int)strlen(rota_commands[i]->name);
	for (int i = 0; rota_commands[i] != NULL; i++)
		printf("  %-*s  %s\n", w, rota_commands[i]->name,
		    rota_commands[i]->summary);
	printf("\n'rota help COMMAND' or 'rota COMMAND -h' shows a command's usage.\n"
	    "\nexit codes:\n"
	    "  0  ok\n"
	    "  1  failure (I/O, solver error)\n"
	    "  2  bad command-line arguments\n"
	    "  3  the team config has problems\n"
	    "  4  coverage gap (a roster or a query left a slot unfilled)\n"
	    "  5  infeasible (no roster satisfies the hard rules)\n"
	    "  6  no roster found within the time limit (none proven "
	    "impossible)\n");
	return EXIT_OK;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "list the commands, or show one command's usage",
	.usage = "rota help [COMMAND]\n",
	.run = help_run,
};
