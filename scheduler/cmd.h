/* cmd.h - the subcommands of the rota command line.
 *
 * Each subcommand lives in its own file, scheduler/cmd_<name>.c, with its
 * usage text beside its code, and is listed once in rota_commands[] in
 * rota.c; `rota help` walks that table.  Only these files print and pick
 * exit codes: the modules below them return errors as messages.
 */
#ifndef ROTA_CMD_H
#define ROTA_CMD_H

#include "roster.h"

/* Exit codes, documented in `rota help` and README.md. */
enum rota_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* an operation failed (I/O, solver error) */
	EXIT_USAGE = 2,		/* bad command-line arguments */
	EXIT_INVALID = 3,	/* the team config has problems */
	EXIT_GAP = 4,		/* a roster or a query has a coverage gap */
	EXIT_INFEASIBLE = 5,	/* no roster satisfies the hard rules */
	EXIT_TIMEOUT = 6	/* no roster found within the time limit */
};

struct command {
	const char *name;
	const char *summary;	/* one line for `rota help` */
	const char *usage;	/* synopsis and options */
	int	  (*run)(int argc, char **argv);	/* argv[0] is the name */
};

extern const struct command *const rota_commands[];

extern const struct command cmd_help;
extern const struct command cmd_check;
extern const struct command cmd_solve;
extern const struct command cmd_who;
extern const struct command cmd_show;
extern const struct command cmd_import;
extern const struct command cmd_next;
extern const struct command cmd_oncall;
extern const struct command cmd_page;
extern const struct command cmd_ack;
extern const struct command cmd_override;
extern const struct command cmd_swap;
extern const struct command cmd_serve;
extern const struct command cmd_tokens;

/* "rota: message" on stderr. */
void rota_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "rota: message" and the command's usage on stderr; returns EXIT_USAGE. */
int rota_usage(const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct team;
/* Read the team config at path.  On problems, print each one, then
 * "PATH: N problems" and suffix (e.g. "; nothing solved"), and return
 * NULL: the caller exits with EXIT_INVALID.  Caller frees the team. */
struct team *rota_read_team(const char *path, const char *suffix);
struct cal_feed;
/* Open a published roster directory (what `rota solve -o DIR` wrote):
 * dir, or $ROTA_DIR when dir is NULL.  Reads DIR/team.ics and
 * DIR/team.xml and switches to the feed's zone.  On failure prints why
 * and returns the exit code; on success EXIT_OK with *dirp (not owned),
 * *fp and *tp set (caller frees with cal_feed_free and team_free). */
int rota_open_dir(const struct command *c, const char *dir,
    const char **dirp, struct cal_feed **fp, struct team **tp);
/* Is path a roster directory (a directory holding team.ics)? */
int rota_is_dir(const char *path);
struct tokens;
/* Open roster directory dir (as rota_open_dir) and make DIR/tokens hold
 * a token for each of its feeds (team, ranks, agents of DIR/team.xml);
 * with rotate, give that feed a new one.  Prints why on failure and
 * returns the exit code; on success EXIT_OK, *dirp set (not owned) and
 * tk filled (caller releases with tokens_release).  In cmd_tokens.c. */
int rota_feed_tokens(const struct command *c, const char *dir,
    const char *rotate, const char **dirp, struct tokens *tk);
/* Print s as a JSON string literal on stdout. */
void rota_json_str(const char *s);

/* A change to a published roster (override, swap), in cmd_override.c:
 * begin opens DIR, rebuilds the grid of the feed's horizon from
 * DIR/team.xml and scores the roster as it is; the command edits
 * e->feed; commit scores it again, refuses (EXIT_INFEASIBLE) on any hard
 * rule the change breaks unless force, appends "UTC-TIME what" to
 * DIR/overrides.log and republishes.  begin and commit print their own
 * errors and return an exit code; end frees everything. */
struct rota_edit {
	const char	*dir;
	struct cal_feed	*feed;
	struct team	*team;
	struct grid	*grid;
	struct roster	*before;
	struct roster_report rep_before;
	int		 lock;	/* fd of DIR/.lock, held until end */
};
int rota_edit_begin(const struct command *c, const char *dir,
    struct rota_edit *e);
int rota_edit_commit(struct rota_edit *e, const char *what, int force);
void rota_edit_end(struct rota_edit *e);

/* If argv holds -h or --help, print the usage to stdout and return 1. */
int rota_wants_help(const struct command *c, int argc, char **argv);

#endif
