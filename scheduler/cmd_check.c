/* cmd_check.c - scaffold: replaced by the real command in this same change. */
#include "cmd.h"

static int
check_run(int argc, char **argv)
{
	rota_warn("check: not built yet");
	return EXIT_FAIL;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "(being built)",
	.usage = "rota check\n",
	.run = check_run,
};
