/* cmd_who.c - scaffold: replaced by the real command in this same change. */
#include "cmd.h"

static int
who_run(int argc, char **argv)
{
	rota_warn("who: not built yet");
	return EXIT_FAIL;
}

const struct command cmd_who = {
	.name = "who",
	.summary = "(being built)",
	.usage = "rota who\n",
	.run = who_run,
};
