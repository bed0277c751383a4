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
 */
#ifndef ROTA_CAL_H
#define ROTA_CAL_H

#include <time.h>

#include "roster.h"

struct feed_opts {
	time_t	 stamp;		/* DTSTAMP of every event (publish time) */
	int	 refresh_minutes;	/* REFRESH-INTERVAL hint for clients */
};

/* Write every feed of r into dir (created if missing), each file to a
 * temporary name first and renamed into place.  0, or -1 with *errp. */
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
};

struct cal_feed {
	char	*name;		/* X-WR-CALNAME */
	char	*tz;		/* the team's zone (X-WR-TIMEZONE) */
	char   **ranks;		/* escalation order, lowest first */
	int	 nranks;
	struct cal_duty *duties;	/* sorted by start */
	int	 nduties;
};

/* Read a feed.  NULL with *errp ("FILE: what is wrong") on failure.
 * Caller frees with cal_feed_free(). */
struct cal_feed *cal_read(const char *path, char **errp);
void cal_feed_free(struct cal_feed *f);

#endif
