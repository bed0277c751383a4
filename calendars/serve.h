/* serve.h - feed tokens and `rota serve`: the feeds of a roster directory
 * over HTTP, each at a URL that carries a secret token.
 *
 * Feeds are named "team", "rank:<id>" and "agent:<id>"; each name maps to
 * one known file of the directory (team.ics, ranks/<id>.ics,
 * agents/<id>.ics) and to one URL path:
 *	/feeds/<token>/team.ics
 *	/feeds/<token>/rank-<id>.ics
 *	/feeds/<token>/agent-<id>.ics
 * The server never builds a file name from a URL: it looks the token up,
 * checks that the rest of the path is that feed's own name, and opens the
 * file that belongs to the feed name.
 *
 * Tokens live in DIR/tokens (mode 0600), one line per feed,
 * "NAME<TAB>TOKEN", TOKEN being 32 lowercase hex digits (128 bits from
 * /dev/urandom).  The file is always replaced whole (temp file + rename),
 * under an flock on DIR/tokens.lock, so the server can re-read it while
 * `rota tokens --rotate` writes.
 */
#ifndef ROTA_SERVE_H
#define ROTA_SERVE_H

#include <sys/socket.h>

#define TOKEN_HEX	32	/* characters in a token */

/* The feeds of a directory and their tokens, in file order. */
struct tokens {
	char	**names;	/* "team", "rank:L1", "agent:ivanov" */
	char	**tokens;	/* [n], TOKEN_HEX hex digits each */
	int	  n;
	int	  cap;
};

/* Is name a well-formed feed name ("team", "rank:ID" or "agent:ID", ID
 * a config id: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 64 characters)? */
int tokens_name_ok(const char *name);
/* Read DIR/tokens into tk (emptied first).  A missing file gives no
 * tokens.  -1 with *errp ("DIR/tokens:LINE: ...") on a malformed line or
 * an unreadable file; tk is then empty. */
int tokens_load(struct tokens *tk, const char *dir, char **errp);
/* Make DIR/tokens list exactly the feeds in names[0..n-1], in that order:
 * keep the token of every feed it already has, give new feeds fresh
 * tokens and drop feeds no longer named (their URLs then answer 404).
 * Rewrites the file only when something changed.  tk receives the result.
 * 0, or -1 with *errp. */
int tokens_sync(struct tokens *tk, const char *dir, char *const *names,
    int n, char **errp);
/* Give feed name a fresh token in DIR/tokens (the old URL answers 404
 * from then on).  -1 with *errp when name has no token there or on I/O
 * errors.  tk receives the file's new content. */
int tokens_rotate(struct tokens *tk, const char *dir, const char *name,
    char **errp);
/* The token of feed name, or NULL. */
const char *tokens_get(const struct tokens *tk, const char *name);
/* The feed name whose token is token (compared in constant time), or
 * NULL. */
const char *tokens_find(const struct tokens *tk, const char *token);
void tokens_release(struct tokens *tk);

/* The URL path of a feed: "/feeds/<token>/team.ics" etc.  Caller frees. */
char *serve_url_path(const char *name, const char *token);
/* The file of a feed relative to its directory ("team.ics",
 * "ranks/L1.ics", "agents/ivanov.ics"), or NULL for a malformed name.
 * Caller frees. */
char *serve_feed_file(const char *name);
/* Which feed does a request path (as sent, not percent-decoded) ask
 * for?  Returns its name (owned by tk) or NULL: not under /feeds/, an
 * unknown token, or a file name that is not the token's own feed. */
const char *serve_route(const struct tokens *tk, const char *path);

/* Parse "ADDR:PORT" (IPv4 "127.0.0.1:8080" or IPv6 "[::1]:8080"; port
 * 0 picks a free one) into *sa (*lenp bytes).  -1 with *errp. */
int serve_parse_listen(const char *s, struct sockaddr_storage *sa,
    socklen_t *lenp, char **errp);

struct serve_opts {
	const char *dir;		/* the roster directory */
	struct sockaddr_storage addr;	/* where to listen */
	socklen_t addrlen;
	unsigned max_conns;		/* at once, all clients (0: 256) */
	unsigned per_ip;		/* at once, one address (0: 64) */
	unsigned timeout;		/* idle seconds before closing (0: 30) */
	/* Called with each access log line and each server message,
	 * without a trailing newline.  Lines name the feed, never its
	 * token.  Called from the server's thread. */
	void	(*log)(void *arg, const char *line);
	void	 *log_arg;
};

struct serve;
/* Start serving in a thread of its own.  NULL with *errp when the
 * address cannot be bound.  Stop (and free) with serve_stop(). */
struct serve *serve_start(const struct serve_opts *o, char **errp);
/* The port actually bound (useful with port 0). */
int serve_port(const struct serve *s);
/* Close the listening socket and every connection, then free s.
 * NULL is harmless. */
void serve_stop(struct serve *s);

#endif
