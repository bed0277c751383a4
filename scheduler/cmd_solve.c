/* cmd_solve.c - scaffold: replaced by the real command in this same change. */
#include "cmd.h"

static int
solve_run(int argc, char **argv)
{
	rota_warn("solve: not built yet");
	return EXIT_FAIL;
}

const struct command cmd_solve = {
	.name = "solve",
	.summary = "(being built)",
	.usage = "rota solve\n",
	.run = solve_run,
};
