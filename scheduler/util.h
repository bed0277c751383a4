/* util.h - small helpers every module uses: allocation, messages, files.
 *
 * Error convention (used across rota): a library function that can fail
 * returns -1 (or NULL) and, when errp is not NULL, stores a malloc'd
 * message in *errp that the caller prints and frees.  Library code never
 * prints and never exits; only the command files in scheduler/cmd_*.c do.
 */
#ifndef ROTA_UTIL_H
#define ROTA_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Allocation that cannot fail: on out-of-memory rota aborts, as git's
 * xmalloc does, because no caller could do anything better. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string.  Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Store a formatted message in *errp (if errp is not NULL) and return -1,
 * so that "return err_set(errp, ...)" reads naturally. */
int err_set(char **errp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grow arr (of *n elements of size sz, *cap allocated) by one zeroed
 * element, increment *n and return the array, which may have moved:
 * "a = vec_push(a, &n, &cap, sizeof(*a)); a[n - 1] = ...". */
void *vec_push(void *arr, int *n, int *cap, size_t sz);

/* A list of owned strings, used for lists of problems. */
struct strlist {
	char	**v;	/* v[0..n-1], each malloc'd */
	int	  n;
	int	  cap;
};
void strlist_add(struct strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strlist_release(struct strlist *l);

/* Read a whole file into a NUL-terminated buffer.  Caller frees. */
char *file_read(const char *path, size_t *lenp, char **errp);

/* Atomic file output: write to "<path>.tmp.<pid>", then rename over
 * path on commit, so readers (calendar clients, rota serve) never see a
 * half-written file.  af_abort (or a failed commit) removes the temp file. */
struct atomic_file {
	FILE	*fp;
	char	*path;
	char	*tmp;
};
int af_open(struct atomic_file *af, const char *path, char **errp);
int af_commit(struct atomic_file *af, char **errp);
void af_abort(struct atomic_file *af);

/* Append text (one or more whole lines) to path durably: one write(2)
 * under an exclusive flock, then fsync, so that lines appended from
 * several shells never interleave and survive a crash.  0, or -1 with
 * *errp set. */
int file_append(const char *path, const char *text, char **errp);

/* mkdir -p.  Returns 0 or -1 with *errp set. */
int mkdir_p(const char *dir, char **errp);

/* Monotonic wall time in seconds, for measuring solve times. */
double now_seconds(void);

#endif
