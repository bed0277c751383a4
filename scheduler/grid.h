/* grid.h - the time grid of one horizon: days, shift slots and demands.
 *
 * grid_build() lays a team's shift types over a date range in the team's
 * time zone.  A slot is one shift on one day, with its true start and end
 * instants: a 20:00 night keeps its local start across a DST switch, and
 * its length in minutes is whatever the clock makes it (11 or 13 hours).
 * Slots that start before the horizon but reach into it (last night's
 * shift, the weekly on-call that began on Monday) are included, so that
 * every hour of the horizon can be covered.
 *
 * A demand says how many agents of one rank a slot needs, taken from the
 * matching cover rule, and which ranks may fill it.
 *
 * Ownership: the grid borrows its team (which must outlive it) and owns
 * everything else; grid_free() releases it.
 */
#ifndef ROTA_GRID_H
#define ROTA_GRID_H

#include <stdint.h>
#include <time.h>

#include "team.h"
#include "tz.h"

struct grid_day {
	int	 date;		/* day number (tz.h) */
	int	 wday;		/* 0 = Monday */
	int	 holiday;
	int	 in_horizon;	/* 0 for lead-in days before the horizon */
	int	 weekend;	/* index into the grid's weekends, or -1 */
};

struct slot {
	int	 day;		/* index into grid.days of the start date */
	int	 shift;		/* index into team.shifts */
	time_t	 start;		/* true instants (UTC) */
	time_t	 end;
	int	 minutes;	/* true length: end - start */
	int	 counts;	/* minutes counted against contracts */
	int	 night;		/* from the shift type */
	int	 weekend;	/* starts on a Saturday or Sunday */
	enum tz_fold start_fold;	/* how the local start was resolved */
	enum tz_fold end_fold;
};

struct demand {
	int	 slot;
	int	 rank;		/* whose coverage this is */
	int	 min;
	int	 max;		/* UNLIMITED for none */
	int	 under;		/* weight per missing agent */
	int	 over;		/* weight per agent above max */
	uint64_t fillers;	/* bit r set: rank r may fill it */
	int	 rule;		/* index into team.covers */
};

struct grid {
	const struct team *team;
	int	 horizon_first;	/* the requested horizon */
	int	 horizon_days;
	time_t	 horizon_start;	/* local midnight of the first day */
	time_t	 horizon_end;	/* local midnight after the last day */

	struct grid_day *days;	/* lead-in days, then the horizon */
	int	 ndays;
	int	 nweekends;	/* Saturday/Sunday pairs touched by days */

	struct slot *slots;	/* by start instant, then shift order */
	int	 nslots;

	struct demand *demands;	/* by slot, then rank */
	int	 ndemands;
	int	*slot_demands;	/* [nslots + 1]: demands of slot s are
				 * demands[slot_demands[s] .. slot_demands[s+1]) */

	int	*day_shift;	/* [day * nshifts + shift]: slot or -1 */

	unsigned char *avail;	/* [agent * nslots + slot]: 1 when the agent
				 * is not on leave and may work that shift */
};

/* Build the grid of ndays days from date first.  Returns NULL with *errp
 * set if the team's zone is unknown.  Caller frees with grid_free(). */
struct grid *grid_build(const struct team *t, int first, int ndays,
    char **errp);
void grid_free(struct grid *g);

/* May agent a fill demand d (rank allowed and available)? */
int grid_can_fill(const struct grid *g, int a, const struct demand *d);
/* The demand of rank r in slot s, or NULL. */
const struct demand *grid_demand(const struct grid *g, int s, int r);
/* Slot of shift type sh starting on grid day d, or -1. */
int grid_slot_at(const struct grid *g, int d, int sh);

#endif
