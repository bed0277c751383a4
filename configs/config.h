/* config.h - reading a team description from XML.
 *
 * The file is parsed with libxml2, validated against the RELAX NG schema
 * configs/team.rng, resolved into a struct team (ids to indexes) and then
 * checked for meaning with team_check().  An agent without a contract
 * gets the config's contract "default", or an unlimited one of that name
 * made when first needed.  A <wish> without weight weighs 1.
 */
#ifndef ROTA_CONFIG_H
#define ROTA_CONFIG_H

#include "team.h"
#include "util.h"

/* Read the team config at path.  Returns the team (caller frees with
 * team_free()), or NULL after appending every problem found to problems,
 * one "FILE:LINE: what is wrong (how to fix)" line each. */
struct team *config_read(const char *path, struct strlist *problems);

/* Write t as a config file at path (atomically: temp file, then rename),
 * in the format config_read() reads.  0, or -1 with *errp set. */
int config_write(const struct team *t, const char *path, char **errp);

/* The schema used: $ROTA_SCHEMA when set (for trying out a changed
 * schema), or NULL for the copy of configs/team.rng compiled into rota,
 * which makes rota independent of the directory it runs from. */
const char *config_schema_path(void);

#endif
