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
 * return how many were found. */
int team_check(const struct team *t, struct strlist *problems);

#endif
