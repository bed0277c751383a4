/* rota.c - main(): find the subcommand in the table and run it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cal.h"
#include "cmd.h"
#include "config.h"
#include "page.h"
#include "tz.h"

/* Every subcommand, in the order `rota help` lists them. */
const struct command *const rota_commands[] = {
	&cmd_check,
	&cmd_solve,
	&cmd_who,
	&cmd_next,
	&cmd_oncall,
	&cmd_page,
	&cmd_ack,
	&cmd_override,
	&cmd_swap,
	&cmd_serve,
	&cmd_tokens,
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
rota_is_dir(const char *path)
{
	struct stat st;
	char *p;
	int ok;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	p = xasprintf("%s/team.ics", path);
	ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

int
rota_open_dir(const struct command *c, const char *dir, const char **dirp,
    struct cal_feed **fp, struct team **tp)
{
	struct cal_feed *f;
	struct team *t;
	char *path, *err = NULL;
	struct stat st;

	if (dir == NULL && (dir = getenv("ROTA_DIR")) != NULL && dir[0] == '\0')
		dir = NULL;
	if (dir == NULL)
		return rota_usage(c, "no roster directory given (name the "
		    "directory 'rota solve -o DIR' wrote, or set ROTA_DIR)");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		rota_warn("%s: not a roster directory (give the directory "
		    "'rota solve -o DIR' wrote)", dir);
		return EXIT_FAIL;
	}
	path = xasprintf("%s/team.ics", dir);
	if (access(path, R_OK) != 0) {
		rota_warn("%s: no roster here (publish one with 'rota solve "
		    "TEAM.xml -o %s')", dir, dir);
		free(path);
		return EXIT_FAIL;
	}
	free(path);
	path = xasprintf("%s/team.xml", dir);
	if (access(path, R_OK) != 0) {
		rota_warn("%s: cannot read the team config (re-publish DIR with "
		    "'rota solve ... -o %s')", path, dir);
		free(path);
		return EXIT_FAIL;
	}
	t = rota_read_team(path, "");
	free(path);
	if (t == NULL)
		return EXIT_INVALID;
	path = xasprintf("%s/team.ics", dir);
	f = cal_read(path, &err);
	free(path);
	if (f == NULL) {
		rota_warn("%s", err);
		free(err);
		team_free(t);
		return EXIT_FAIL;
	}
	if (tz_use(f->tz) != 0) {
		rota_warn("%s/team.ics: unknown time zone '%s'", dir, f->tz);
		cal_feed_free(f);
		team_free(t);
		return EXIT_FAIL;
	}
	*dirp = dir;
	*fp = f;
	*tp = t;
	return EXIT_OK;
}

void
rota_json_str(const char *s)
{
	char *b = xstrdup("");

	page_json_str(&b, s ? s : "");
	if (s == NULL)
		fputs("null", stdout);
	else
		fputs(b, stdout);
	free(b);
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
