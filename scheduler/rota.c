/* rota.c - main(): find the subcommand in the table and run it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "config.h"

/* Every subcommand, in the order `rota help` lists them. */
const struct command *const rota_commands[] = {
	&cmd_check,
	&cmd_solve,
	&cmd_who,
	&cmd_show,
	&cmd_import,
	&cmd_help,
	NULL
};

void
rota_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("rota: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
rota_usage(const struct command *c, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("rota: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s", c->usage);
	return EXIT_USAGE;
}

struct team *
rota_read_team(const char *path, const char *suffix)
{
	struct strlist problems = { 0 };
	struct team *t = config_read(path, &problems);

	if (t == NULL) {
		for (int i = 0; i < problems.n; i++)
			rota_warn("%s", problems.v[i]);
		rota_warn("%s: %d problem%s%s", path, problems.n,
		    problems.n == 1 ? "" : "s", suffix);
	}
	strlist_release(&problems);
	return t;
}

int
rota_wants_help(const struct command *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			printf("usage: %s", c->usage);
			return 1;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *name;

	if (argc < 2)
		return rota_usage(&cmd_help, "no command given (try 'rota help')");
	name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
		name = "help";
	for (int i = 0; rota_commands[i] != NULL; i++)
		if (strcmp(rota_commands[i]->name, name) == 0)
			return rota_commands[i]->run(argc - 1, argv + 1);
	rota_warn("unknown command '%s' (try 'rota help')", name);
	return EXIT_USAGE;
}
