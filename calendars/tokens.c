/* tokens.c - the secret token of each feed, kept in DIR/tokens (see serve.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve.h"
#include "util.h"

static int
id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return 0;
	}
	return 1;
}

int
tokens_name_ok(const char *name)
{
	if (strcmp(name, "team") == 0)
		return 1;
	if (strncmp(name, "rank:", 5) == 0)
		return id_ok(name + 5);
	if (strncmp(name, "agent:", 6) == 0)
		return id_ok(name + 6);
	return 0;
}

static int
token_ok(const char *t)
{
	size_t n = strlen(t);

	if (n != TOKEN_HEX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f')))
			return 0;
	return 1;
}

void
tokens_release(struct tokens *tk)
{
	for (int i = 0; i < tk->n; i++) {
		free(tk->names[i]);
		free(tk->tokens[i]);
	}
	free(tk->names);
	free(tk->tokens);
	memset(tk, 0, sizeof(*tk));
}

/* Append a pair; both strings are copied. */
static void
tokens_add(struct tokens *tk, const char *name, const char *token)
{
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? 2 * tk->cap : 16;
		tk->names = xrealloc(tk->names, tk->cap * sizeof(*tk->names));
		tk->tokens = xrealloc(tk->tokens, tk->cap * sizeof(*tk->tokens));
	}
	tk->names[tk->n] = xstrdup(name);
	tk->tokens[tk->n] = xstrdup(token);
	tk->n++;
}

const char *
tokens_get(const struct tokens *tk, const char *name)
{
	for (int i = 0; i < tk->n; i++)
		if (strcmp(tk->names[i], name) == 0)
			return tk->tokens[i];
	return NULL;
}

const char *
tokens_find(const struct tokens *tk, const char *token)
{
	const char *found = NULL;

	if (strlen(token) != TOKEN_HEX)
		return NULL;
	/* Every token is compared in full, so the time taken says nothing
	 * about how much of a guess was right. */
	for (int i = 0; i < tk->n; i++) {
		unsigned char d = 0;

		for (int k = 0; k < TOKEN_HEX; k++)
			d |= (unsigned char)(tk->tokens[i][k] ^ token[k]);
		if (d == 0)
			found = tk->names[i];
	}
	return found;
}

int
tokens_load(struct tokens *tk, const char *dir, char **errp)
{
	char *path = xasprintf("%s/tokens", dir), *buf, *line, *next;
	int lineno = 0;

	tokens_release(tk);
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		free(path);
		return 0;
	}
	if ((buf = file_read(path, NULL, errp)) == NULL) {
		free(path);
		return -1;
	}
	for (line = buf; *line != '\0'; line = next) {
		char *tab;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (line[0] == '\0')
			continue;
		if ((tab = strchr(line, '\t')) == NULL) {
			err_set(errp, "%s:%d: expected NAME<TAB>TOKEN (delete the "
			    "line; 'rota tokens %s' gives the feed a new token)",
			    path, lineno, dir);
			goto fail;
		}
		*tab++ = '\0';
		if (!tokens_name_ok(line)) {
			err_set(errp, "%s:%d: bad feed name '%s' (use team, "
			    "rank:ID or agent:ID)", path, lineno, line);
			goto fail;
		}
		if (!token_ok(tab)) {
			err_set(errp, "%s:%d: the token of '%s' is not %d "
			    "lowercase hex digits (delete the line; 'rota tokens "
			    "%s' gives the feed a new token)", path, lineno, line,
			    TOKEN_HEX, dir);
			goto fail;
		}
		if (tokens_get(tk, line) != NULL) {
			err_set(errp, "%s:%d: feed '%s' listed twice (delete "
			    "one line)", path, lineno, line);
			goto fail;
		}
		tokens_add(tk, line, tab);
	}
	free(buf);
	free(path);
	return 0;
fail:
	free(buf);
	free(path);
	tokens_release(tk);
	return -1;
}

/* A fresh token: 128 bits from the kernel's generator, in hex. */
static int
token_new(char out[TOKEN_HEX + 1], char **errp)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[TOKEN_HEX / 2];
	size_t got = 0;
	int fd;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(errp, "/dev/urandom: %s", strerror(errno));
	while (got < sizeof(b)) {
		ssize_t r = read(fd, b + got, sizeof(b) - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return err_set(errp, "/dev/urandom: short read");
		}
		got += (size_t)r;
	}
	close(fd);
	for (size_t i = 0; i < sizeof(b); i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[TOKEN_HEX] = '\0';
	return 0;
}

/* Replace DIR/tokens by tk, readable by its owner only. */
static int
tokens_write(const struct tokens *tk, const char *dir, char **errp)
{
	struct atomic_file af;
	char *path = xasprintf("%s/tokens", dir);
	int rc;

	if (af_open(&af, path, errp) != 0) {
		free(path);
		return -1;
	}
	free(path);
	/* Before anything secret is written into it. */
	if (fchmod(fileno(af.fp), 0600) != 0) {
		err_set(errp, "%s: %s", af.tmp, strerror(errno));
		af_abort(&af);
		return -1;
	}
	for (int i = 0; i < tk->n; i++)
		fprintf(af.fp, "%s\t%s\n", tk->names[i], tk->tokens[i]);
	rc = af_commit(&af, errp);
	return rc;
}

/* Serialise writers: load, change and write happen under one lock, so
 * two `rota tokens` runs cannot lose each other's token. */
static int
tokens_lock(const char *dir, char **errp)
{
	char *path = xasprintf("%s/tokens.lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		err_set(errp, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	while (flock(fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			close(fd);
			return err_set(errp, "%s/tokens.lock: %s", dir,
			    strerror(errno));
		}
	return fd;
}

int
tokens_sync(struct tokens *tk, const char *dir, char *const *names, int n,
    char **errp)
{
	struct tokens old = { 0 };
	int fd, changed = 0, rc = -1;

	tokens_release(tk);
	for (int i = 0; i < n; i++)
		if (!tokens_name_ok(names[i]))
			return err_set(errp, "bad feed name '%s'", names[i]);
	if ((fd = tokens_lock(dir, errp)) < 0)
		return -1;
	if (tokens_load(&old, dir, errp) != 0)
		goto done;
	for (int i = 0; i < n; i++) {
		const char *t = tokens_get(&old, names[i]);
		char fresh[TOKEN_HEX + 1];

		if (tokens_get(tk, names[i]) != NULL)
			continue;	/* named twice */
		if (t == NULL) {
			if (token_new(fresh, errp) != 0)
				goto done;
			t = fresh;
			changed = 1;
		}
		tokens_add(tk, names[i], t);
	}
	/* Same feeds in the same order, or something to write. */
	if (tk->n != old.n)
		changed = 1;
	for (int i = 0; !changed && i < tk->n; i++)
		changed = strcmp(tk->names[i], old.names[i]) != 0;
	rc = changed ? tokens_write(tk, dir, errp) : 0;
done:
	if (rc != 0)
		tokens_release(tk);
	tokens_release(&old);
	close(fd);
	return rc;
}

int
tokens_rotate(struct tokens *tk, const char *dir, const char *name,
    char **errp)
{
	int fd, rc = -1;

	tokens_release(tk);
	if ((fd = tokens_lock(dir, errp)) < 0)
		return -1;
	if (tokens_load(tk, dir, errp) != 0)
		goto done;
	for (int i = 0; i < tk->n; i++) {
		char fresh[TOKEN_HEX + 1];

		if (strcmp(tk->names[i], name) != 0)
			continue;
		if (token_new(fresh, errp) != 0)
			goto done;
		free(tk->tokens[i]);
		tk->tokens[i] = xstrdup(fresh);
		rc = tokens_write(tk, dir, errp);
		goto done;
	}
	err_set(errp, "%s/tokens: no feed named '%s'", dir, name);
done:
	if (rc != 0)
		tokens_release(tk);
	close(fd);
	return rc;
}
