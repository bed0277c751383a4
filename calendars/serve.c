/* serve.c - the feeds of a roster directory over HTTP (libmicrohttpd). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"
#include "util.h"

/* Feeds bigger than this are refused rather than read into memory. */
#define FEED_MAX	(64L << 20)

/* One body for every 404, whatever the reason, so that an answer says
 * nothing about which tokens or feeds exist. */
static const char not_found[] = "not found\n";
static const char not_allowed[] = "only GET and HEAD\n";

struct serve {
	struct MHD_Daemon *d;
	char	*dir;
	void	(*log)(void *arg, const char *line);
	void	*log_arg;
	char	*starterr;	/* MHD's message while starting, if any */
	pthread_mutex_t mu;	/* guards tk and tkst */
	struct tokens tk;	/* DIR/tokens as last read */
	struct stat tkst;	/* ...and the file it came from */
	int	 tkseen;	/* tkst is valid (the file existed) */
};

static void
slog(struct serve *s, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (line != NULL)
		s->log(s->log_arg, line);
	free(line);
}

char *
serve_feed_file(const char *name)
{
	if (!tokens_name_ok(name))
		return NULL;
	if (strcmp(name, "team") == 0)
		return xstrdup("team.ics");
	if (strncmp(name, "rank:", 5) == 0)
		return xasprintf("ranks/%s.ics", name + 5);
	return xasprintf("agents/%s.ics", name + 6);
}

/* The last part of a feed's URL: "team.ics", "rank-L1.ics"... */
static char *
url_file(const char *name)
{
	if (strcmp(name, "team") == 0)
		return xstrdup("team.ics");
	if (strncmp(name, "rank:", 5) == 0)
		return xasprintf("rank-%s.ics", name + 5);
	return xasprintf("agent-%s.ics", name + 6);
}

char *
serve_url_path(const char *name, const char *token)
{
	char *f = url_file(name), *p = xasprintf("/feeds/%s/%s", token, f);

	free(f);
	return p;
}

const char *
serve_route(const struct tokens *tk, const char *path)
{
	char token[TOKEN_HEX + 1];
	const char *name, *rest;
	char *want;
	int ok;

	if (strncmp(path, "/feeds/", 7) != 0)
		return NULL;
	path += 7;
	if (strlen(path) < TOKEN_HEX + 1 || path[TOKEN_HEX] != '/')
		return NULL;
	memcpy(token, path, TOKEN_HEX);
	token[TOKEN_HEX] = '\0';
	rest = path + TOKEN_HEX + 1;
	if ((name = tokens_find(tk, token)) == NULL)
		return NULL;
	want = url_file(name);
	ok = strcmp(rest, want) == 0;
	free(want);
	return ok ? name : NULL;
}

int
serve_parse_listen(const char *s, struct sockaddr_storage *sa,
    socklen_t *lenp, char **errp)
{
	const char *colon, *p;
	char host[INET6_ADDRSTRLEN + 1];
	size_t hl;
	long port = 0;

	memset(sa, 0, sizeof(*sa));
	if (s[0] == '[') {
		if ((colon = strchr(s, ']')) == NULL || colon[1] != ':')
			goto bad;
		hl = (size_t)(colon - s - 1);
		p = s + 1;
		colon++;
	} else {
		if ((colon = strrchr(s, ':')) == NULL)
			goto bad;
		hl = (size_t)(colon - s);
		p = s;
	}
	if (hl == 0 || hl >= sizeof(host))
		goto bad;
	memcpy(host, p, hl);
	host[hl] = '\0';
	if (colon[1] == '\0' || strlen(colon + 1) > 5)
		goto bad;
	for (p = colon + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		port = port * 10 + (*p - '0');
	}
	if (port > 65535)
		goto bad;
	if (s[0] == '[') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;

		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*lenp = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)sa;

		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		*lenp = sizeof(*a);
	}
	return 0;
bad:
	return err_set(errp, "bad listen address '%s' (use ADDR:PORT with a "
	    "numeric address, e.g. 127.0.0.1:8080 or [::1]:8080)", s);
}

/* Re-read DIR/tokens when it was replaced or changed, so a rotation or
 * a new feed takes effect without a restart.  A file that cannot be read
 * leaves no token valid: the server fails closed. */
static void
tokens_refresh(struct serve *s)
{
	char *path = xasprintf("%s/tokens", s->dir), *err = NULL;
	struct stat st;
	int have = stat(path, &st) == 0;

	free(path);
	if (have == s->tkseen && (!have || (st.st_ino == s->tkst.st_ino &&
	    st.st_dev == s->tkst.st_dev && st.st_size == s->tkst.st_size &&
	    st.st_mtim.tv_sec == s->tkst.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == s->tkst.st_mtim.tv_nsec &&
	    st.st_ctim.tv_sec == s->tkst.st_ctim.tv_sec &&
	    st.st_ctim.tv_nsec == s->tkst.st_ctim.tv_nsec)))
		return;
	s->tkseen = have;
	if (have)
		s->tkst = st;
	if (tokens_load(&s->tk, s->dir, &err) != 0) {
		slog(s, "rota: serve: %s; no feed is served until it is fixed",
		    err);
		free(err);
		return;
	}
	slog(s, "rota: serve: %d feed token%s loaded", s->tk.n,
	    s->tk.n == 1 ? "" : "s");
}

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), as HTTP requires. */
static void
http_date(time_t t, char out[64])
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 64, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
	    days + 3 * tm.tm_wday, tm.tm_mday,
	    months + 3 * tm.tm_mon, tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

/* Parse an IMF-fixdate; -1 when it is not one. */
static time_t
http_date_parse(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wd[4], mon[4];
	const char *m;
	struct tm tm = { 0 };
	int n = 0;

	if (sscanf(s, "%3s, %d %3s %d %d:%d:%d GMT%n", wd, &tm.tm_mday, mon,
	    &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 7 || n == 0)
		return -1;
	if ((m = strstr(months, mon)) == NULL || (m - months) % 3 != 0 ||
	    strlen(mon) != 3)
		return -1;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	return timegm(&tm);
}

/* Read an open feed whole.  NULL when it is not a readable regular file. */
static char *
read_fd(int fd, const struct stat *st, size_t *lenp)
{
	size_t len = 0, cap;
	char *b;

	if (!S_ISREG(st->st_mode) || st->st_size > FEED_MAX)
		return NULL;
	cap = (size_t)st->st_size + 1;
	b = xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (len == cap) {
			if (cap > (size_t)FEED_MAX) {
				free(b);
				return NULL;
			}
			b = xrealloc(b, cap *= 2);
		}
		r = read(fd, b + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*lenp = len;
	return b;
}

/* Does an If-None-Match list name etag (or "*")?  Weak comparison, as
 * RFC 9110 asks for If-None-Match: W/"x" matches "x". */
static int
etag_match(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
		    p[n] == ' ' || p[n] == '\t'))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

static void
client_ip(struct MHD_Connection *c, char out[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	strcpy(out, "-");
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    out, INET6_ADDRSTRLEN);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		    out, INET6_ADDRSTRLEN);
}

/* One access log line: time, client, method, feed (never the URL: it
 * holds the token), status, body bytes. */
static void
access_log(struct serve *s, struct MHD_Connection *c, const char *method,
    const char *feed, unsigned status, size_t bytes)
{
	char ip[INET6_ADDRSTRLEN], when[32], m[17];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	client_ip(c, ip);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The method is the client's word: keep it short and printable. */
	for (i = 0; method[i] != '\0' && i < sizeof(m) - 1; i++)
		m[i] = method[i] > ' ' && method[i] < 127 ? method[i] : '?';
	m[i] = '\0';
	slog(s, "%s %s %s %s %u %zu", when, ip, m, feed ? feed : "-", status,
	    bytes);
}

static enum MHD_Result
reply_static(struct MHD_Connection *c, unsigned status, const char *body,
    int allow)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct serve *s = cls;
	const char *name, *inm, *ims;
	char *rel, *path, *body, etag[24], lastmod[64];
	struct MHD_Response *r;
	struct stat st;
	uint64_t h = 14695981039346656037ULL;
	size_t len = 0;
	unsigned status;
	enum MHD_Result ret;
	int fd;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		access_log(s, c, method, NULL, MHD_HTTP_METHOD_NOT_ALLOWED,
		    sizeof(not_allowed) - 1);
		return reply_static(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    not_allowed, 1);
	}

	/* Answer on the second call, once MHD has the whole request:
	 * queueing on the first lets MHD keep no connection alive. */
	if (*con_cls == NULL) {
		*con_cls = s;
		return MHD_YES;
	}

	pthread_mutex_lock(&s->mu);
	tokens_refresh(s);
	name = serve_route(&s->tk, url);
	rel = name ? serve_feed_file(name) : NULL;
	name = name ? xstrdup(name) : NULL;
	pthread_mutex_unlock(&s->mu);
	if (rel == NULL) {
		access_log(s, c, method, NULL, MHD_HTTP_NOT_FOUND,
		    sizeof(not_found) - 1);
		free((char *)name);
		return reply_static(c, MHD_HTTP_NOT_FOUND, not_found, 0);
	}

	/* Open per request and fstat what was opened: a publish renames a
	 * new file into place, and this request sees one whole file. */
	path = xasprintf("%s/%s", s->dir, rel);
	free(rel);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	body = NULL;
	if (fd >= 0 && fstat(fd, &st) == 0)
		body = read_fd(fd, &st, &len);
	if (fd >= 0)
		close(fd);
	if (body == NULL) {
		/* A feed with a token but no file (not published yet). */
		access_log(s, c, method, name, MHD_HTTP_NOT_FOUND,
		    sizeof(not_found) - 1);
		free((char *)name);
		return reply_static(c, MHD_HTTP_NOT_FOUND, not_found, 0);
	}

	/* The ETag hashes the content (FNV-1a), so publishing identical
	 * feeds again keeps clients' caches valid. */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)body[i];
		h *= 1099511628211ULL;
	}
	snprintf(etag, sizeof(etag), "\"%016llx\"", (unsigned long long)h);
	http_date(st.st_mtime, lastmod);

	status = MHD_HTTP_OK;
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (inm != NULL) {
		/* RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since. */
		if (etag_match(inm, etag))
			status = MHD_HTTP_NOT_MODIFIED;
	} else if (ims != NULL) {
		time_t since = http_date_parse(ims);

		if (since != (time_t)-1 && st.st_mtime <= since)
			status = MHD_HTTP_NOT_MODIFIED;
	}
	if (status == MHD_HTTP_NOT_MODIFIED) {
		free(body);
		body = NULL;
		len = 0;
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_buffer(len, body,
		    MHD_RESPMEM_MUST_FREE);
	}
	if (r == NULL) {
		free(body);
		free((char *)name);
		return MHD_NO;
	}
	if (status == MHD_HTTP_OK)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		    "text/calendar; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, lastmod);
	/* Secret URLs: no shared caches; clients revalidate each poll. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "private, no-cache");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	access_log(s, c, method, name, status,
	    strcmp(method, "HEAD") == 0 ? 0 : len);
	free((char *)name);
	return ret;
}

/* Leave URLs as the client sent them.  Every feed path is plain ASCII
 * (hex tokens, config ids), so a '%' only ever hides something else:
 * "%2e%2e" or "%2f" then fails to match any feed and gets the 404. */
static size_t
no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	return strlen(s);
}

/* MHD's own messages (bind failures, resource limits) go to the log;
 * while starting they are kept for the error message. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct serve *s = cls;
	char *line;
	size_t n;

	if (vasprintf(&line, fmt, ap) < 0)
		return;
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (s->d == NULL) {
		free(s->starterr);
		s->starterr = line;
		return;
	}
	slog(s, "rota: serve: %s", line);
	free(line);
}

struct serve *
serve_start(const struct serve_opts *o, char **errp)
{
	struct serve *s = xcalloc(1, sizeof(*s));
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	s->dir = xstrdup(o->dir);
	s->log = o->log;
	s->log_arg = o->log_arg;
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_lock(&s->mu);
	tokens_refresh(s);
	pthread_mutex_unlock(&s->mu);
	if (o->addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&o->addr,
	    MHD_OPTION_CONNECTION_LIMIT, o->max_conns ? o->max_conns : 256u,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->per_ip ? o->per_ip : 64u,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout ? o->timeout : 30u,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
	    MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		err_set(errp, "cannot listen: %s", s->starterr ? s->starterr :
		    "the server did not start");
		serve_stop(s);
		return NULL;
	}
	return s;
}

int
serve_port(const struct serve *s)
{
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);

	return di ? di->port : -1;
}

void
serve_stop(struct serve *s)
{
	if (s == NULL)
		return;
	if (s->d != NULL)
		MHD_stop_daemon(s->d);
	tokens_release(&s->tk);
	pthread_mutex_destroy(&s->mu);
	free(s->starterr);
	free(s->dir);
	free(s);
}
