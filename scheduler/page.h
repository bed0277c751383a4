/* page.h - who is on duty at each escalation level, the page log, and
 * paging up the escalation chain (webhook or e-mail, through libcurl).
 *
 * Everything here reads a published roster directory as `rota solve -o
 * DIR` writes it: the team feed (struct cal_feed, the truth the agents see
 * in their calendars) and the copy of the config (struct team: contacts
 * and the escalation policy).  The caller loads both; nothing here prints.
 *
 * The page log, DIR/pages.log, is append-only text, one event a line,
 * each line written with one write(2) under flock(2) and fsync'd:
 *
 *   2026-12-05T00:00:03Z p-20261205-000003-1a2b EVENT key=value ...
 *
 * (time in UTC, page id, event, then fields; values with spaces or
 * quotes are written as "..." with \" \\ \n escapes).  Events: page
 * (message=, escalate=), gap, send, sent, fail (error=), undelivered,
 * timeout, ack (by=), acked, exhausted.  Secrets never appear in it.
 * libcurl is used in page.c only (checked by `make seams`).
 */
#ifndef ROTA_PAGE_H
#define ROTA_PAGE_H

#include <time.h>

#include "cal.h"
#include "team.h"

/* The levels a page goes through: the team's policy, or, when it has
 * none, one level per rank in escalation order.  Caller frees. */
struct esc_level *page_levels(const struct team *t, int *nlevels);

/* Someone who can be paged at one level.  Pointers into the team and
 * the feed: valid while both live. */
struct page_target {
	const char *agent;	/* agent id */
	const char *name;
	const char *rank;	/* rank id of the duty (or the agent's rank) */
	const char *email;	/* may be NULL */
	const char *webhook;	/* may be NULL */
	const char *contact;	/* webhook, else email, else phone, or "" */
	time_t	 since, until;	/* the duty; both 0 for a named agent
				 * who has no duty at that moment */
};

/* Who is on duty for level l at instant at ([start, end): the incoming
 * agent owns a hand-over), or the named agent.  Returns the number found
 * (0 is a coverage gap) and the array in *out (caller frees). */
int page_targets(const struct team *t, const struct cal_feed *f,
    const struct esc_level *l, time_t at, struct page_target **out);

/* Secrets for delivery: from the environment (ROTA_SMTP_USER,
 * ROTA_SMTP_PASSWORD, ROTA_WEBHOOK_TOKEN) or from the file named by
 * ROTA_SECRETS (lines "smtp-user=...", "smtp-password=...",
 * "webhook-token=..."), which must not be readable by group or others.
 * The environment wins.  Release with page_secrets_release(). */
struct page_secrets {
	char	*smtp_user;
	char	*smtp_password;
	char	*webhook_token;
};
int page_secrets_load(struct page_secrets *s, char **errp);
void page_secrets_release(struct page_secrets *s);

/* A fresh page id ("p-YYYYMMDD-HHMMSS-xxxx", UTC).  Caller frees. */
char *page_new_id(time_t now);

/* Append one event to DIR/pages.log, durably.  fields is a list of
 * key, value pairs ended by NULL; NULL values are skipped.  0, or -1
 * with *errp. */
int page_log(const char *dir, const char *id, const char *event,
    char **errp, ...) __attribute__((sentinel));

/* Is there a line with this id and event in DIR/pages.log?  1, 0, or -1
 * with *errp (a missing log is 0). */
int page_log_has(const char *dir, const char *id, const char *event,
    char **errp);

/* What `rota page` asks for. */
struct page_job {
	const char *dir;
	const struct team *team;
	const struct cal_feed *feed;
	const char *message;
	const char *start_rank;	/* begin at this rank's level, or NULL */
	time_t	 at;		/* roster instant at the start (drills and
				 * tests), or 0 for now; time moves on from
				 * it as the page escalates */
	int	 escalate;	/* wait for acks and go up the chain */
	int	 dry_run;	/* say what would be sent; log and send nothing */
	const struct page_secrets *secrets;
	/* Progress for the command line to print (one line, no newline). */
	void	(*note)(void *arg, const char *line);
	void	*arg;
	char	*id;		/* set by page_run(); caller frees */
};

enum page_result {
	PAGE_SENT,		/* delivered, not escalating */
	PAGE_ACKED,		/* acknowledged: escalation stopped */
	PAGE_EXHAUSTED,		/* every level and repeat, no ack */
	PAGE_UNDELIVERED,	/* nobody could be reached */
	PAGE_ERROR		/* the log could not be written: *errp */
};

/* Log the page, then deliver it level by level (see the README).
 * Returns what happened; on PAGE_ERROR *errp is set. */
enum page_result page_run(struct page_job *j, char **errp);

/* The JSON body of a webhook page (documented in README.md).  Caller
 * frees.  Exposed for tests and --dry-run. */
char *page_json(const char *id, const char *team, const char *message,
    int level, const struct page_target *p, time_t sent_at, int attempt);

/* Append s to *buf as a JSON string literal (with quotes).  Caller
 * frees *buf. */
void page_json_str(char **buf, const char *s);

#endif
