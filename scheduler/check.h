/* check.h - checking a team description for meaning.
 *
 * The schema says a config is well formed; team_check() says whether it
 * makes sense: leave that ends before it starts or overlaps other leave,
 * a coverage rule nobody can fill, a substitute rank that is not higher,
 * a local time that does not exist on a DST switch day, and so on.
 */
#ifndef ROTA_CHECK_H
#define ROTA_CHECK_H

#include "team.h"
#include "util.h"

/* Append each problem as "SOURCE:LINE: what is wrong (how to fix)" and
 * return how many were found.  SOURCE is t->source, or "team" for a team
 * built in C.  A NULL t->tz is not reported here: config_read() reports
 * an unusable zone itself, where it knows the line. */
int team_check(const struct team *t, struct strlist *problems);

/* Notes, not errors: when the team has a default horizon, append one
 * "SOURCE:LINE: ..." line for each configured local start time that falls
 * in a DST gap or repeat in it, and for each duty whose true length
 * differs from its nominal length because the clocks change during it.
 * Returns how many.  Switches the current zone (tz_use) to t->tz. */
int team_dst_notes(const struct team *t, struct strlist *notes);
/* The same notes for ndays days from date first (the horizon of `rota
 * check --month` or of a solve), each with the rule rota applies: a
 * skipped local time is read with the offset before the gap (so it moves
 * later by the gap), a repeated one as its first occurrence, and a duty
 * keeps its local start and end, so its real length changes. */
int team_dst_notes_range(const struct team *t, int first, int ndays,
    struct strlist *notes);

#endif
