/* roster.h - a roster: who works which slot in which rank, and what it
 * costs.
 *
 * A duty is one agent working one slot of the grid, filling the coverage
 * of one rank (their own, or a lower one where a cover rule lets them
 * substitute).  roster_evaluate() scores a roster with the same penalty
 * the solver minimises and lists every hard rule it breaks, so a solver
 * result can be checked and a hand-edited roster judged by one piece of
 * code.
 *
 * Ownership: a roster borrows its grid (which must outlive it) and owns
 * its duties; roster_free() releases it.  A report owns its arrays;
 * roster_report_release() releases them.
 */
#ifndef ROTA_ROSTER_H
#define ROTA_ROSTER_H

#include "grid.h"
#include "util.h"

struct duty {
	int	 agent;
	int	 slot;
	int	 rank;		/* the rank whose coverage this duty fills */
};

enum roster_status {
	ROSTER_UNSOLVED,	/* built by hand or read back */
	ROSTER_OPTIMAL,		/* the solver proved no roster costs less */
	ROSTER_FEASIBLE,	/* stopped early: a roster, not proven best */
	ROSTER_NONE,		/* no roster satisfies the hard rules */
	ROSTER_UNFOUND		/* none found in time; one may exist */
};

struct roster {
	const struct grid *grid;
	struct duty *duties;	/* by slot, then rank, then agent */
	int	 nduties;
	int	 cap;

	/* Filled by the solver. */
	enum roster_status status;
	double	 objective;	/* penalty of this roster */
	double	 bound;		/* proven lower bound on any roster's penalty */
	double	 seconds;	/* solve time */
};

struct roster *roster_new(const struct grid *g);
void roster_free(struct roster *r);
void roster_add(struct roster *r, int agent, int slot, int rank);
/* Put duties in their canonical order (slot, rank, agent). */
void roster_sort(struct roster *r);
/* Position of a duty among those filling the same (slot, rank), counted
 * from 0 in canonical order: it names the duty in UIDs. */
int roster_duty_index(const struct roster *r, int i);

/* Slots of (slot, rank) short of their minimum. */
struct gap {
	int	 slot;
	int	 rank;
	int	 missing;
};

struct agent_load {
	int	 duties;
	int	 minutes;	/* counted minutes (contract measure) */
	int	 true_minutes;	/* real time on duty */
	int	 nights;
	int	 weekend_duties;
	int	 weekends;	/* weekends with at least one duty */
};

struct roster_report {
	long	 penalty;	/* under + over + wishes + fairness */
	long	 under;		/* coverage below minimum, weighted */
	long	 over;		/* coverage above maximum, weighted */
	long	 wishes;	/* unmet on/off wishes, weighted */
	long	 fairness;	/* night and weekend spread, weighted */
	struct gap *gaps;
	int	 ngaps;
	struct agent_load *load;	/* [team.nagents] */
	struct strlist violations;	/* hard rules broken, one line each */
};

/* Fairness groups.  fair_member() says whether agent a belongs to the
 * group of (rank, contract) for one measure; contract -1 means any (used
 * for nights and weekends, which are spread over a whole rank; duties are
 * spread among agents of the same rank and contract).  The solver builds
 * its spread variables over exactly these groups. */
enum fair_kind { FAIR_NIGHTS, FAIR_WEEKENDS, FAIR_DUTIES };
int fair_member(const struct team *t, int a, int rank, int contract,
    enum fair_kind kind);

/* Score r and check every hard rule.  Returns the number of violations. */
int roster_evaluate(const struct roster *r, struct roster_report *rep);
void roster_report_release(struct roster_report *rep);

#endif
