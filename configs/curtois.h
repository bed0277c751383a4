/* curtois.h - importing an instance of the Curtois & Qu staff scheduling
 * benchmark (schedulingbenchmarks.org/nrp, the .txt format) as a team.
 *
 * Every rule of the benchmark maps onto an ordinary rota feature, so the
 * imported team is solved, checked and scored by the normal code paths:
 *   shifts          -> shift types (start 06:00, never crossing midnight,
 *                      counting LengthMins), forbidden successions
 *   staff           -> one agent and one contract each (max duties per
 *                      type, min/max work, min/max consecutive days, min
 *                      consecutive days off, max working weekends)
 *   days off        -> one-day leave
 *   on/off requests -> weighted wishes for a shift
 *   cover           -> one cover rule per day and shift, min = max =
 *                      requirement, with the file's under/over weights
 * All agents share one rank, "staff"; the zone is UTC and fairness is off,
 * so rota's penalty is exactly the benchmark's.
 */
#ifndef ROTA_CURTOIS_H
#define ROTA_CURTOIS_H

#include "team.h"

/* Read the instance at path; day 0 is start (which must be a Monday, as
 * the benchmark's weekends are days 5 and 6 of each week).  Returns the
 * team (caller frees with team_free()) or NULL with *errp set to
 * "FILE:LINE: what is wrong". */
struct team *curtois_read(const char *path, int start, char **errp);

#endif
