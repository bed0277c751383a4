/* page.c - escalation levels, the page log and delivery (see page.h). */
#include "page.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "tz.h"
#include "util.h"

struct esc_level *
page_levels(const struct team *t, int *nlevels)
{
	struct esc_level *v;

	if (t->nesc_levels > 0) {
		v = xmalloc((size_t)t->nesc_levels * sizeof(*v));
		memcpy(v, t->esc_levels, (size_t)t->nesc_levels * sizeof(*v));
		*nlevels = t->nesc_levels;
		return v;
	}
	v = xcalloc((size_t)(t->nranks ? t->nranks : 1), sizeof(*v));
	for (int r = 0; r < t->nranks; r++) {
		v[r].rank = r;
		v[r].agent = -1;
		v[r].wait = -1;
	}
	*nlevels = t->nranks;
	return v;
}

static void
fill_contact(struct page_target *p, const struct agent *a, const char *fc)
{
	p->email = a ? a->email : NULL;
	p->webhook = a ? a->webhook : NULL;
	if (p->webhook)
		p->contact = p->webhook;
	else if (p->email)
		p->contact = p->email;
	else if (a && a->phone)
		p->contact = a->phone;
	else
		p->contact = fc ? fc : "";
}

int
page_targets(const struct team *t, const struct cal_feed *f,
    const struct esc_level *l, time_t at, struct page_target **out)
{
	struct page_target *v = NULL;
	int n = 0, cap = 0;

	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];
		const struct agent *a;
		struct page_target *p;
		int ai;

		if (d->start > at || d->end <= at || d->agent == NULL)
			continue;
		ai = team_agent(t, d->agent);
		if (l->agent >= 0) {
			if (ai != l->agent)
				continue;
		} else if (d->rank == NULL ||
		    strcmp(d->rank, t->ranks[l->rank].id) != 0)
			continue;
		a = ai >= 0 ? &t->agents[ai] : NULL;
		v = vec_push(v, &n, &cap, sizeof(*v));
		p = &v[n - 1];
		p->agent = d->agent;
		p->name = d->agent_name ? d->agent_name :
		    a ? a->name : d->agent;
		p->rank = d->rank ? d->rank : "";
		p->since = d->start;
		p->until = d->end;
		fill_contact(p, a, d->contact);
		if (l->agent >= 0)
			break;	/* one duty at a time per agent */
	}
	if (n == 0 && l->agent >= 0) {
		const struct agent *a = &t->agents[l->agent];

		v = vec_push(v, &n, &cap, sizeof(*v));
		v[0].agent = a->id;
		v[0].name = a->name;
		v[0].rank = t->ranks[a->rank].id;
		fill_contact(&v[0], a, NULL);
	}
	*out = v;
	return n;
}

/* Secrets. */

static void
set_secret(char **dst, const char *v)
{
	if (*dst == NULL && v != NULL && v[0] != '\0')
		*dst = xstrdup(v);
}

int
page_secrets_load(struct page_secrets *s, char **errp)
{
	const char *path = getenv("ROTA_SECRETS");
	struct stat st;
	char *text, *line, *save;

	memset(s, 0, sizeof(*s));
	set_secret(&s->smtp_user, getenv("ROTA_SMTP_USER"));
	set_secret(&s->smtp_password, getenv("ROTA_SMTP_PASSWORD"));
	set_secret(&s->webhook_token, getenv("ROTA_WEBHOOK_TOKEN"));
	if (path == NULL || path[0] == '\0')
		return 0;
	if (stat(path, &st) != 0)
		return err_set(errp, "%s: %s (ROTA_SECRETS names the secrets "
		    "file)", path, strerror(errno));
	if (st.st_mode & 077)
		return err_set(errp, "%s: readable by others (chmod 600 %s)",
		    path, path);
	if ((text = file_read(path, NULL, errp)) == NULL)
		return -1;
	for (line = strtok_r(text, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		char *eq = strchr(line, '=');

		if (line[0] == '#' || eq == NULL)
			continue;
		*eq++ = '\0';
		if (strcmp(line, "smtp-user") == 0)
			set_secret(&s->smtp_user, eq);
		else if (strcmp(line, "smtp-password") == 0)
			set_secret(&s->smtp_password, eq);
		else if (strcmp(line, "webhook-token") == 0)
			set_secret(&s->webhook_token, eq);
	}
	/* The text held the secrets: clear it before giving it back. */
	explicit_bzero(text, strlen(text));
	free(text);
	return 0;
}

static void
clear_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
page_secrets_release(struct page_secrets *s)
{
	clear_free(s->smtp_user);
	clear_free(s->smtp_password);
	clear_free(s->webhook_token);
	memset(s, 0, sizeof(*s));
}

/* The log. */

char *
page_new_id(time_t now)
{
	unsigned r = (unsigned)getpid() * 2654435761u;
	struct tm tm;
	char b[32];
	int fd;

	if ((fd = open("/dev/urandom", O_RDONLY)) >= 0) {
		if (read(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			r ^= (unsigned)now;
		close(fd);
	}
	gmtime_r(&now, &tm);
	strftime(b, sizeof(b), "%Y%m%d-%H%M%S", &tm);
	return xasprintf("p-%s-%04x", b, r & 0xffff);
}

static char *
utc_stamp(time_t t, char *b)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(b, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return b;
}

/* Append " key=value" to *line, quoting values that need it. */
static void
add_field(char **line, const char *key, const char *v)
{
	size_t n = strlen(*line), cap = n + strlen(key) + 4 * strlen(v) + 8;
	char *p;
	int quote = v[0] == '\0' || strpbrk(v, " \t\r\n\"\\") != NULL;

	*line = xrealloc(*line, cap);
	p = *line + n;
	p += sprintf(p, " %s=", key);
	if (quote)
		*p++ = '"';
	for (; *v; v++) {
		if (*v == '"' || *v == '\\') {
			*p++ = '\\';
			*p++ = *v;
		} else if (*v == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else if ((unsigned char)*v < 0x20) {
			*p++ = ' ';
		} else
			*p++ = *v;
	}
	if (quote)
		*p++ = '"';
	*p = '\0';
}

static char *
log_path(const char *dir)
{
	return xasprintf("%s/pages.log", dir);
}

static int
log_line(const char *dir, const char *line, char **errp)
{
	char *path = log_path(dir);
	int rc = file_append(path, line, errp);

	free(path);
	return rc;
}

int
page_log(const char *dir, const char *id, const char *event, char **errp,
    ...)
{
	va_list ap;
	const char *k, *v;
	char stamp[24], *line;
	int rc;

	line = xasprintf("%s %s %s", utc_stamp(time(NULL), stamp), id, event);
	va_start(ap, errp);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (v != NULL)
			add_field(&line, k, v);
	}
	va_end(ap);
	line = xrealloc(line, strlen(line) + 2);
	strcat(line, "\n");
	rc = log_line(dir, line, errp);
	free(line);
	return rc;
}

int
page_log_has(const char *dir, const char *id, const char *event,
    char **errp)
{
	char *path = log_path(dir), *buf = NULL;
	size_t cap = 0, idl = strlen(id), evl = strlen(event);
	FILE *fp;
	int found = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		int rc = errno == ENOENT ? 0 : err_set(errp, "%s: %s", path,
		    strerror(errno));

		free(path);
		return rc;
	}
	while (!found && getline(&buf, &cap, fp) > 0) {
		char *p = strchr(buf, ' ');

		if (p != NULL && strncmp(p + 1, id, idl) == 0 &&
		    p[1 + idl] == ' ' && strncmp(p + 2 + idl, event, evl) == 0 &&
		    (p[2 + idl + evl] == ' ' || p[2 + idl + evl] == '\n'))
			found = 1;
	}
	free(buf);
	fclose(fp);
	free(path);
	return found;
}

/* JSON. */

void
page_json_str(char **buf, const char *s)
{
	size_t n = strlen(*buf);
	char *p;

	*buf = xrealloc(*buf, n + 6 * strlen(s) + 3);
	p = *buf + n;
	*p++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else if (c < 0x20)
			p += sprintf(p, "\\u%04x", c);
		else
			*p++ = (char)c;
	}
	*p++ = '"';
	*p = '\0';
}

static void
json_kv(char **buf, const char *key, const char *v, int comma)
{
	char *k = xasprintf("%s%s", *buf, comma ? ", " : "");

	free(*buf);
	*buf = k;
	page_json_str(buf, key);
	k = xasprintf("%s: ", *buf);
	free(*buf);
	*buf = k;
	if (v == NULL) {
		k = xasprintf("%snull", *buf);
		free(*buf);
		*buf = k;
	} else
		page_json_str(buf, v);
}

char *
page_json(const char *id, const char *team, const char *message, int level,
    const struct page_target *p, time_t sent_at, int attempt)
{
	char stamp[24], since[24], until[24], *b = xstrdup("{"), *s;

	json_kv(&b, "id", id, 0);
	json_kv(&b, "team", team, 1);
	json_kv(&b, "message", message, 1);
	s = xasprintf("%s, \"level\": %d", b, level);
	free(b);
	b = s;
	json_kv(&b, "rank", p->rank, 1);
	json_kv(&b, "agent", p->agent, 1);
	json_kv(&b, "name", p->name, 1);
	json_kv(&b, "contact", p->contact, 1);
	json_kv(&b, "since", p->since ? utc_stamp(p->since, since) : NULL, 1);
	json_kv(&b, "until", p->until ? utc_stamp(p->until, until) : NULL, 1);
	json_kv(&b, "sent_at", utc_stamp(sent_at, stamp), 1);
	s = xasprintf("%s, \"attempt\": %d", b, attempt);
	free(b);
	b = s;
	s = xasprintf("rota ack %s", id);
	json_kv(&b, "ack", s, 1);
	free(s);
	json_kv(&b, "text", message, 1);
	s = xasprintf("%s}\n", b);
	free(b);
	return s;
}

/* Delivery. */

struct upload {
	const char *data;
	size_t	 len, off;
};

static size_t
read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t want = size * n, left = u->len - u->off;

	if (want > left)
		want = left;
	memcpy(buf, u->data + u->off, want);
	u->off += want;
	return want;
}

static size_t
discard_cb(char *buf, size_t size, size_t n, void *arg)
{
	return size * n;
}

static CURL *
easy(char *errbuf)
{
	static int inited;
	CURL *c;

	if (!inited) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		inited = 1;
	}
	if ((c = curl_easy_init()) == NULL)
		return NULL;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard_cb);
	return c;
}

static int
send_webhook(const struct page_job *j, const char *url, const char *body,
    char **errp)
{
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE], *auth = NULL;
	long status = 0;
	CURLcode rc;
	CURL *c;

	if ((c = easy(errbuf)) == NULL)
		return err_set(errp, "cannot start libcurl");
	h = curl_slist_append(h, "Content-Type: application/json");
	if (j->secrets && j->secrets->webhook_token) {
		auth = xasprintf("Authorization: Bearer %s",
		    j->secrets->webhook_token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	clear_free(auth);
	if (rc != CURLE_OK)
		return err_set(errp, "webhook: %s", errbuf[0] ? errbuf :
		    curl_easy_strerror(rc));
	if (status < 200 || status > 299)
		return err_set(errp, "webhook: HTTP status %ld", status);
	return 0;
}

/* Header values must stay on one line. */
static char *
one_line(const char *s)
{
	char *v = xstrdup(s);

	for (char *p = v; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	return v;
}

static int
send_email(const struct page_job *j, const char *to, const char *msg_text,
    int level, const struct page_target *p, char **errp)
{
	const char *url = getenv("ROTA_SMTP_URL"), *from = j->team->esc.from;
	struct curl_slist *rcpt = NULL;
	char errbuf[CURL_ERROR_SIZE], date[64], *subj, *mail, *fromh, *toh;
	struct upload u;
	struct tm tm;
	time_t now = time(NULL);
	CURLcode rc;
	CURL *c;

	if (url == NULL || url[0] == '\0')
		url = j->team->esc.smtp;
	if (url == NULL)
		return err_set(errp, "e-mail: no SMTP server (set smtp= on "
		    "<escalation> or ROTA_SMTP_URL)");
	if (from == NULL)
		from = "rota@localhost";
	if ((c = easy(errbuf)) == NULL)
		return err_set(errp, "cannot start libcurl");
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	subj = one_line(msg_text);
	fromh = one_line(from);
	toh = one_line(to);
	mail = xasprintf("Date: %s\r\nFrom: %s\r\nTo: %s\r\n"
	    "Subject: [rota %s] %s\r\nMessage-ID: <%s.%d.%s@rota>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	    "\r\n%s\r\n\r\nLevel %d (%s), paged: %s (%s).\r\n"
	    "Acknowledge with: rota ack %s\r\n", date, fromh, toh, p->rank,
	    subj, j->id, level, p->agent, msg_text, level, p->rank, p->name,
	    p->agent, j->id);
	u.data = mail;
	u.len = strlen(mail);
	u.off = 0;
	rcpt = curl_slist_append(rcpt, toh);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, fromh);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	if (j->secrets && j->secrets->smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, j->secrets->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, j->secrets->smtp_password ?
		    j->secrets->smtp_password : "");
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	free(subj);
	free(fromh);
	free(toh);
	free(mail);
	if (rc != CURLE_OK)
		return err_set(errp, "e-mail: %s", errbuf[0] ? errbuf :
		    curl_easy_strerror(rc));
	return 0;
}

/* The escalation loop. */

static void note(const struct page_job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(const struct page_job *j, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (j->note == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	j->note(j->arg, s);
	free(s);
}

/* Sleep up to seconds, watching the log for an ack.  1 when acked, 0
 * when the time ran out, -1 on a log error. */
static int
wait_ack(const struct page_job *j, double seconds, char **errp)
{
	double end = now_seconds() + seconds;

	for (;;) {
		int a = page_log_has(j->dir, j->id, "ack", errp);
		double left = end - now_seconds();

		if (a != 0)
			return a;
		if (left <= 0)
			return 0;
		usleep(left < 0.2 ? (useconds_t)(left * 1e6) : 200000);
	}
}

/* Deliver to one target with retries; 0 sent, 1 failed every attempt,
 * 2 acked meanwhile, -1 log error. */
static int
deliver(struct page_job *j, int level, const struct page_target *p,
    char **errp)
{
	const struct escalation *e = &j->team->esc;
	char lv[16], at[16];
	int attempts = 1 + e->retries;
	double backoff = e->retry_wait;

	snprintf(lv, sizeof(lv), "%d", level);
	for (int k = 1; k <= attempts; k++) {
		const char *chan = p->webhook ? "webhook" : p->email ? "email" : NULL;
		char *err = NULL, *body;
		int rc;

		snprintf(at, sizeof(at), "%d", k);
		if (j->dry_run) {
			note(j, "would page level %s %s %s (%s) by %s", lv, p->rank,
			    p->agent, p->name, chan ? chan : "nothing (no contact)");
			return chan ? 0 : 1;
		}
		if (page_log(j->dir, j->id, "send", errp, "level", lv, "rank",
		    p->rank, "agent", p->agent, "channel", chan ? chan : "none",
		    "attempt", at, NULL) != 0)
			return -1;
		if (chan == NULL) {
			err = xasprintf("agent '%s' has no webhook or email",
			    p->agent);
			rc = -1;
		} else if (p->webhook) {
			body = page_json(j->id, j->team->id, j->message, level, p,
			    time(NULL), k);
			rc = send_webhook(j, p->webhook, body, &err);
			free(body);
		} else
			rc = send_email(j, p->email, j->message, level, p, &err);
		if (rc == 0) {
			note(j, "paged level %s %s %s (%s) by %s", lv, p->rank,
			    p->agent, p->name, chan);
			return page_log(j->dir, j->id, "sent", errp, "level", lv,
			    "agent", p->agent, "channel", chan, NULL) ? -1 : 0;
		}
		note(j, "could not page %s (attempt %d of %d): %s", p->agent, k,
		    attempts, err);
		rc = page_log(j->dir, j->id, "fail", errp, "level", lv, "agent",
		    p->agent, "attempt", at, "error", err, NULL);
		free(err);
		if (rc != 0)
			return -1;
		if (chan == NULL)
			return 1;	/* retrying cannot help */
		if (k < attempts) {
			if ((rc = wait_ack(j, backoff, errp)) != 0)
				return rc < 0 ? -1 : 2;
			backoff *= 2;
		}
	}
	return 1;
}

enum page_result
page_run(struct page_job *j, char **errp)
{
	const struct team *t = j->team;
	struct esc_level *levels;
	time_t started = time(NULL), base = j->at ? j->at : started;
	int nlevels, first = 0, rounds, delivered_any = 0;
	enum page_result res = PAGE_EXHAUSTED;
	char rep[16];

	levels = page_levels(t, &nlevels);
	if (j->start_rank != NULL) {
		int r = team_rank(t, j->start_rank);

		first = -1;
		for (int i = 0; i < nlevels; i++)
			if (levels[i].rank == r)
				first = i;
		if (first < 0) {
			/* A rank outside the policy: page it alone. */
			levels[0].rank = r;
			levels[0].agent = -1;
			levels[0].wait = -1;
			nlevels = 1;
			first = 0;
		}
	}
	j->id = page_new_id(started);
	rounds = j->escalate ? 1 + t->esc.repeat : 1;
	snprintf(rep, sizeof(rep), "%d", rounds - 1);
	if (!j->dry_run && page_log(j->dir, j->id, "page", errp, "message",
	    j->message, "rank", j->start_rank, "escalate", j->escalate ? "yes" :
	    "no", "repeat", j->escalate ? rep : NULL, NULL) != 0) {
		free(levels);
		return PAGE_ERROR;
	}
	note(j, j->dry_run ? "dry run %s: nothing is sent or logged" : "page %s",
	    j->id);
	for (int round = 0; round < rounds; round++) {
		for (int i = first; i < nlevels; i++) {
			struct page_target *p;
			time_t at = base + (time(NULL) - started);
			int n = page_targets(t, j->feed, &levels[i], at, &p);
			int wait = levels[i].wait >= 0 ? levels[i].wait : t->esc.wait;
			int sent = 0, rc = 0;
			char lv[16], ws[24];

			snprintf(lv, sizeof(lv), "%d", i + 1);
			if (n == 0) {
				const char *rk = t->ranks[levels[i].rank].id;

				note(j, "level %d %s: nobody on duty", i + 1, rk);
				free(p);
				if (!j->dry_run && page_log(j->dir, j->id, "gap", errp,
				    "level", lv, "rank", rk, NULL) != 0)
					goto error;
				continue;
			}
			for (int k = 0; k < n && rc >= 0 && rc != 2; k++) {
				rc = deliver(j, i + 1, &p[k], errp);
				sent += rc == 0;
			}
			free(p);
			if (rc < 0)
				goto error;
			if (rc == 2)
				goto acked;
			if (sent == 0) {
				note(j, "level %d: nobody reached, going up", i + 1);
				if (!j->dry_run && page_log(j->dir, j->id,
				    "undelivered", errp, "level", lv, NULL) != 0)
					goto error;
				continue;
			}
			delivered_any = 1;
			if (!j->escalate || j->dry_run) {
				res = PAGE_SENT;
				goto done;
			}
			note(j, "waiting %s for 'rota ack %s'",
			    team_wait_format(wait, ws), j->id);
			if ((rc = wait_ack(j, wait, errp)) < 0)
				goto error;
			if (rc == 1)
				goto acked;
			if (page_log(j->dir, j->id, "timeout", errp, "level", lv,
			    NULL) != 0)
				goto error;
		}
	}
	if (!j->escalate && !delivered_any) {
		res = PAGE_UNDELIVERED;
		if (!j->dry_run && page_log(j->dir, j->id, "undelivered", errp,
		    NULL) != 0)
			goto error;
		goto done;
	}
	res = delivered_any ? PAGE_EXHAUSTED : PAGE_UNDELIVERED;
	if (!j->dry_run && page_log(j->dir, j->id, "exhausted", errp, NULL) != 0)
		goto error;
	goto done;
acked:
	res = PAGE_ACKED;
	note(j, "acknowledged");
	if (page_log(j->dir, j->id, "acked", errp, NULL) != 0)
		goto error;
done:
	free(levels);
	return res;
error:
	free(levels);
	return PAGE_ERROR;
}
