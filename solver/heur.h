/* heur.h - internal to solver/: rosters for teams whose whole MIP is too
 * large, built one agent at a time.
 *
 * Every hard rule concerns one agent, and only cover, wishes and fairness
 * join agents together; so a roster that breaks no rule is one valid row
 * per agent, found independently.  heur_run() builds each agent's row with
 * a dynamic programme over that agent's days whose cost is the change of
 * the team's penalty given the others' rows, then goes round the agents
 * again re-solving each row against the others (a large neighbourhood
 * search, in a fixed order: no randomness; two rows at a time, each on
 * its own thread, when heur_set_threads() allows) until time runs out or
 * a whole round improves nothing.
 *
 * Why not a MIP per agent: a year of one Curtois Instance24 agent is
 * 7,000 binaries whose LP takes GLPK most of a second, and its branch and
 * bound finds no integer row in a minute.  The programme is exact for the
 * rules that run from day to day (leave, one duty a day, successions, rest
 * between neighbouring days, run lengths, days off); the totals (minutes,
 * duties per shift type, weekends) are priced in by Lagrange multipliers
 * and what is left over is repaired day by day, every row checked against
 * the same rules as roster.c before it is used.
 *
 * Ownership: a heur borrows its grid; heur_free() releases the rest.  It
 * uses no GLPK.
 */
#ifndef ROTA_SOLVER_HEUR_H
#define ROTA_SOLVER_HEUR_H

#include <signal.h>

#include "grid.h"
#include "roster.h"

struct heur;

struct heur *heur_new(const struct grid *g);
void heur_free(struct heur *h);

/* Build a roster into r (which must have no duties) and improve it until
 * now_seconds() reaches deadline (<= 0: no deadline; stop when a round
 * improves nothing).  Sets r's status (ROSTER_FEASIBLE; ROSTER_NONE when
 * some agent's rules were shown to contradict each other; ROSTER_UNFOUND
 * when some agent's row was not found in time), objective (the penalty,
 * as roster_evaluate() computes it) and bound (a cheap valid lower
 * bound). */
void heur_run(struct heur *h, double deadline, struct roster *r);

/* Stop heur_run() early (with the best roster so far) once *stop is set,
 * e.g. by a SIGINT handler.  NULL (the default): never. */
void heur_set_stop(struct heur *h, volatile sig_atomic_t *stop);

/* Let the improvement re-solve two rows at a time on two threads
 * (threads >= 2; the default is 1).  What the roster is then depends on
 * the number of threads, not on which is faster. */
void heur_set_threads(struct heur *h, int threads);

/* Let the construction (not the improvement) run on to this later
 * now_seconds(): without a first roster nothing else can start on models
 * too big for GLPK to find one (a year of Curtois Instance 22 needs more
 * than a tenth of a minute). */
void heur_set_build_deadline(struct heur *h, double deadline);

/* Column generation's pricing (cg.c), fast but not exact: agent a's
 * cheapest valid row found by the same programme and repair when a duty
 * filling demand k earns price[k] (in place of the others' cover), the
 * team's wishes costing as they do.  Writes the demand filled each day,
 * or -1, to row[0..ndays) and returns 1; returns 0 when no valid row was
 * found by now_seconds() deadline.  Each agent's multipliers of totals
 * carry over from one call to the next, as in heur_run(). */
int heur_price(struct heur *h, int a, const double *price, double deadline,
    int *row);

/* Called by heur_enumerate() with a row (as heur_price() writes it) and
 * its cost at the prices given. */
typedef void (*heur_emit)(void *arg, const int *row, double cost);

/* Every valid row of agent a whose cost is at most limit, when a duty
 * filling demand k earns price[k] and wishes cost as they do, handed to
 * emit one by one, up to max of them, until now_seconds() reaches
 * deadline.  Returns 1 if every such row was handed over; 0 if not (too
 * many, out of time, a table too big, or several demands a duty of a slot
 * could fill: only the one that pays most is listed). */
int heur_enumerate(struct heur *h, int a, const double *price, double limit,
    int max, double deadline, heur_emit emit, void *arg);

/* The number of assignment columns the whole team's MIP would have: what
 * solver.c weighs before building it. */
long heur_columns(const struct grid *g);

#endif
