/* util.c - allocation, messages and atomic file output (see util.h). */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
oom(void)
{
	fputs("rota: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int
err_set(char **errp, const char *fmt, ...)
{
	va_list ap;

	if (errp == NULL)
		return -1;
	free(*errp);
	va_start(ap, fmt);
	*errp = xvasprintf(fmt, ap);
	va_end(ap);
	return -1;
}

void *
vec_push(void *arr, int *n, int *cap, size_t sz)
{
	char *a = arr;

	if (*n >= *cap) {
		*cap = *cap ? *cap * 2 : 8;
		a = xrealloc(a, (size_t)*cap * sz);
	}
	memset(a + (size_t)*n * sz, 0, sz);
	(*n)++;
	return a;
}

void
strlist_add(struct strlist *l, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	va_start(ap, fmt);
	l->v[l->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
strlist_release(struct strlist *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

char *
file_read(const char *path, size_t *lenp, char **errp)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		err_set(errp, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
	} while (got > 0);
	if (ferror(fp)) {
		err_set(errp, "%s: cannot read: %s", path, strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[len] = '\0';
	if (lenp != NULL)
		*lenp = len;
	return buf;
}

int
af_open(struct atomic_file *af, const char *path, char **errp)
{
	af->path = xstrdup(path);
	af->tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((af->fp = fopen(af->tmp, "w")) == NULL) {
		err_set(errp, "%s: cannot write: %s", af->tmp, strerror(errno));
		free(af->path);
		free(af->tmp);
		af->path = af->tmp = NULL;
		return -1;
	}
	return 0;
}

int
af_commit(struct atomic_file *af, char **errp)
{
	int bad = ferror(af->fp);

	/* fclose flushes; a full disk shows up here, not in fprintf. */
	if (fclose(af->fp) != 0)
		bad = 1;
	af->fp = NULL;
	if (bad) {
		err_set(errp, "%s: write failed: %s", af->tmp, strerror(errno));
		unlink(af->tmp);
	} else if (rename(af->tmp, af->path) != 0) {
		bad = 1;
		err_set(errp, "%s: cannot rename into place: %s", af->path,
		    strerror(errno));
		unlink(af->tmp);
	}
	free(af->path);
	free(af->tmp);
	af->path = af->tmp = NULL;
	return bad ? -1 : 0;
}

void
af_abort(struct atomic_file *af)
{
	if (af->fp != NULL)
		fclose(af->fp);
	if (af->tmp != NULL)
		unlink(af->tmp);
	free(af->path);
	free(af->tmp);
	af->fp = NULL;
	af->path = af->tmp = NULL;
}

int
file_append(const char *path, const char *text, char **errp)
{
	size_t len = strlen(text);
	ssize_t w;
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) < 0)
		return err_set(errp, "%s: %s", path, strerror(errno));
	flock(fd, LOCK_EX);
	w = write(fd, text, len);
	if (w != (ssize_t)len)
		rc = err_set(errp, "%s: %s", path, w < 0 ? strerror(errno) :
		    "short write");
	else if (fsync(fd) != 0)
		rc = err_set(errp, "%s: fsync: %s", path, strerror(errno));
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

int
mkdir_p(const char *dir, char **errp)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				rc = err_set(errp, "%s: cannot create directory: %s",
				    p, strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
