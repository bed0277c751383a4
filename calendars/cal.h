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

#endif
