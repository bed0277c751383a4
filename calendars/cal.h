/* cal.h - iCalendar feeds: writing a roster out, reading a feed back.
 *
 * cal_write_feeds() writes, into a directory, team.ics (every duty),
 * agents/<agent-id>.ics and ranks/<rank-id>.ics (duties that fill that
 * rank's coverage, whoever fills them).  Each duty is one VEVENT with a
 * TZID'd start and end and a VTIMEZONE named by the plain IANA zone.
 *
 * cal_read() reads one feed back (rota's or any other RFC 5545 file with
 * the X-ROTA properties) so that `rota who` answers from the same file
 * the agents see in their calendars.
 *
 * What a feed holds beyond RFC 5545 (all X- properties, which calendar
 * clients ignore):
 *   VCALENDAR  X-WR-CALNAME, X-WR-TIMEZONE:<IANA zone> (de facto standard)
 *              X-ROTA-HORIZON:<YYYY-MM-DD>/<YYYY-MM-DD>  first and last day
 *              X-ROTA-RANK:<rank id>;<rank name>, one per rank, in the
 *              escalation order (lowest first): the ladder `rota who` walks.
 *   VEVENT     X-ROTA-AGENT:<agent id>, X-ROTA-AGENT-NAME:<name>,
 *              X-ROTA-RANK:<rank id whose coverage it fills>,
 *              X-ROTA-SHIFT:<shift id>; CONTACT and CATEGORIES:<rank id>.
 * UIDs name the duty, not the person, so a re-solve of the same input
 * reuses them: <team>-<YYYYMMDD local start date>-<shift>-<rank>-<n>@rota
 * with n = roster_duty_index().  The VTIMEZONE carries the plain IANA name
 * as TZID and one observance per offset change over the whole years the
 * roster touches, taken from the system's tzdata.
 *
 * Publishing is a revision (cal_publish).  DIR/revision holds
 * "revision N" and "time YYYY-MM-DDTHH:MM:SSZ": the number and time of
 * the last publish that changed any feed.  Every DTSTAMP is that time, so
 * publishing the same duties again writes nothing and the files stay
 * byte-identical.  A duty keeps its UID; when its person, start or end
 * changes from the previous DIR/team.ics, its SEQUENCE goes up by one and
 * its LAST-MODIFIED becomes the new revision time; otherwise both are
 * kept.  A new horizon published into the same DIR keeps the duties of
 * the previous feed that lie outside it: the last CAL_KEEP_PAST seconds
 * before it and everything after it.
 *
 * An override of part of a duty splits it into pieces (cal_override);
 * the piece that starts where the duty starts keeps the duty's UID, a
 * piece starting MIN minutes into the duty gets "+MIN" before the "@":
 * <team>-20261205-N-L1-0+180@rota.  The name depends only on where the
 * piece starts, so re-applying the same override gives the same UIDs.
 */
#ifndef ROTA_CAL_H
#define ROTA_CAL_H

#include <time.h>

#include "roster.h"

struct feed_opts {
	time_t	 stamp;		/* DTSTAMP of every event (publish time) */
	int	 refresh_minutes;	/* REFRESH-INTERVAL hint for clients;
					 * <= 0 means an hour */
};

/* Write every feed of r into dir (created if missing), each file to a
 * temporary name first and renamed into place.  o may be NULL (stamp now,
 * refresh hourly).  An agent or rank id that is not a safe file name
 * (empty, contains '/', starts with '.') is refused before anything is
 * written.  0, or -1 with *errp.  Changes the process zone (tz_use). */
int cal_write_feeds(const struct roster *r, const char *dir,
    const struct feed_opts *o, char **errp);

/* One duty as read back from a feed. */
struct cal_duty {
	char	*uid;
	char	*summary;
	char	*agent;		/* agent id */
	char	*agent_name;
	char	*contact;	/* e-mail or phone, may be NULL */
	char	*rank;		/* rank id whose coverage it fills */
	char	*shift;		/* shift type id */
	time_t	 start;
	time_t	 end;
	/* Strings other than uid and summary are NULL when the event lacks
	 * the X-ROTA property (a feed rota did not write). */
	int	 sequence;	/* SEQUENCE, 0 when absent */
	time_t	 modified;	/* LAST-MODIFIED, 0 when absent */
	time_t	 duty_start;	/* start of the whole duty this is a piece
				 * of (from the UID's "+MIN"); = start for a
				 * whole duty */
};

struct cal_feed {
	char	*name;		/* X-WR-CALNAME */
	char	*tz;		/* the team's zone (X-WR-TIMEZONE, else the
				 * first VTIMEZONE's TZID, else "UTC") */
	char   **ranks;		/* escalation order, lowest first; ranks
				 * used by events but missing from the
				 * ladder follow it */
	char   **rank_names;	/* [nranks]: "First line" (the id if none) */
	int	 nranks;
	int	 horizon_first;	/* X-ROTA-HORIZON as day numbers, or -1 */
	int	 horizon_days;
	struct cal_duty *duties;	/* sorted by start, then UID */
	int	 nduties;
};

/* Read a feed.  NULL with *errp ("FILE: what is wrong") on failure:
 * unreadable file, not iCalendar, an event without DTSTART, an unknown
 * TZID.  Floating times and dates are read in the feed's zone.  Changes
 * the process zone (tz_use).  Caller frees with cal_feed_free(). */
struct cal_feed *cal_read(const char *path, char **errp);
void cal_feed_free(struct cal_feed *f);
/* Parse path with libical as a strict reader would and append one line
 * per error or warning libical reports (X-LIC-ERROR, including the RFC
 * 5546 restrictions of the feed's METHOD).  Returns how many. */
int cal_lint(const char *path, struct strlist *problems);
/* Sort duties by start, then UID (the order cal_read gives). */
void cal_feed_sort(struct cal_feed *f);
/* The duty with this UID, or NULL (f may be NULL). */
struct cal_duty *cal_feed_find(const struct cal_feed *f, const char *uid);
/* Deep copy of a duty; cal_duty_release() frees what it owns. */
void cal_duty_copy(struct cal_duty *to, const struct cal_duty *from);
void cal_duty_release(struct cal_duty *d);

/* How far back a new publish keeps the previous feed's duties. */
#define CAL_KEEP_PAST	(31 * 86400)

struct cal_revision {
	int	 number;	/* 1, 2, ...; 0 when DIR has none yet */
	time_t	 time;		/* when it was published (DTSTAMP) */
};

/* The duties of r as a feed, ready for cal_publish().  Caller frees. */
struct cal_feed *cal_feed_from_roster(const struct roster *r);
/* Add the duties of prev that lie outside f's horizon (see above); where
 * f has a duty with the same UID that starts before the horizon (a
 * lead-in duty), the published one replaces it: what was published for
 * the past stays.  Returns how many duties of prev were kept. */
int cal_feed_carry(struct cal_feed *f, const struct cal_feed *prev);
/* Read DIR/revision; {0, 0} when there is none.  0 or -1 with *errp. */
int cal_revision_read(const char *dir, struct cal_revision *rev,
    char **errp);
/* Publish f as the next revision of dir (created if missing): team.ics,
 * agents/<id>.ics for every agent of t, ranks/<id>.ics for every rank,
 * and DIR/revision, each written atomically, team.ics last.  SEQUENCE
 * and LAST-MODIFIED of f's duties are set against the previous
 * DIR/team.ics; agent names and contacts are refreshed from t.  When no
 * file would change, nothing is written and *rev is the previous
 * revision.  o->stamp is the new revision's time (0: now).  A DIR whose
 * team.ics holds another team's duties (UIDs not "<t->id>-...") is
 * refused: nothing is written.  0, or -1 with *errp.  Changes the
 * process zone. */
int cal_publish(struct cal_feed *f, const struct team *t, const char *dir,
    const struct feed_opts *o, struct cal_revision *rev, char **errp);

/* Changes to a published feed (edit.c).  Both work on f in place, keep
 * it sorted, and return 0 or -1 with *errp ("what is wrong (how to
 * fix)"), leaving f unchanged on error. */

/* Agent `agent` of team t takes over [from, to) from whoever is on duty
 * then: the duties of `instead_of` (an agent id), or, when it is NULL,
 * of the one agent of agent's own rank on duty then (an error names them
 * if there are several).  Duties reaching outside [from, to) are split
 * (UIDs as above).  *replaced (if not NULL) gets the id of the agent
 * replaced; caller frees. */
int cal_override(struct cal_feed *f, const struct team *t,
    const char *agent, time_t from, time_t to, const char *instead_of,
    char **replaced, char **errp);
/* Agent a1's duty of shift s1 starting on local date d1 goes to a2 and
 * a2's duty of shift s2 on d2 goes to a1 (every piece of each). */
int cal_swap(struct cal_feed *f, const char *a1, int d1, const char *s1,
    const char *a2, int d2, const char *s2, char **errp);
/* The duties of f that fall on g's slots as a roster over g, for
 * roster_evaluate(): agents and ranks by id, the slot by shift id and the
 * local start date of the whole duty.  A piece counts as its whole duty;
 * duties outside the grid (carried from an earlier horizon) and unknown
 * ids are left out.  Caller frees with roster_free(). */
struct roster *cal_feed_roster(const struct cal_feed *f,
    const struct grid *g);
/* Append a line to DIR/overrides.log (appended under a lock, fsync'd).
 * Lines are "UTC-TIME override agent=ID instead-of=ID from=UTC to=UTC"
 * or "UTC-TIME swap ID@DATE/SHIFT ID@DATE/SHIFT", then " forced" when
 * --force let it break a hard rule. */
int cal_log_append(const char *dir, const char *line, char **errp);
/* Re-apply DIR/overrides.log to a freshly solved f: every entry that
 * touches f's horizon, in order, without the rule check (people agreed
 * to them).  One note per entry applied or that no longer applies.
 * Returns how many were applied. */
int cal_log_replay(struct cal_feed *f, const struct team *t,
    const char *dir, struct strlist *notes);

#endif
