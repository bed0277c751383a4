/* team.h - the description of a team: ranks, shifts, contracts, agents,
 * coverage rules, leave, wishes and holidays.
 *
 * A struct team is what configs/ reads from XML (or what a test builds by
 * hand) and what grid.h turns into a time grid for one horizon.  It holds
 * only what the manager wrote, already resolved to indexes; it knows
 * nothing about solving.  Every element remembers the config line it came
 * from so that later stages can point at it in messages.
 *
 * Ownership: a team owns every string and array in it; team_free()
 * releases them all.
 */
#ifndef ROTA_TEAM_H
#define ROTA_TEAM_H

#include <stddef.h>
#include <stdint.h>

#define TEAM_MAX_RANKS	64	/* rank sets are bitmasks of uint64_t */
#define UNLIMITED	(-1)	/* for optional upper limits */

/* Day-of-week bits (bit 0 = Monday) and the day kinds of coverage rules. */
#define DAYS_ALL_WEEK	0x7fu
#define DAYS_WEEKDAY	(1u << 7)	/* Monday to Friday, not a holiday */
#define DAYS_WEEKEND	(1u << 8)	/* Saturday and Sunday, not a holiday */
#define DAYS_HOLIDAY	(1u << 9)	/* a listed holiday */
#define DAYS_ANY	(DAYS_ALL_WEEK | DAYS_WEEKDAY | DAYS_WEEKEND | DAYS_HOLIDAY)

/* Ranks are listed lowest first: their order is the escalation order. */
struct rank {
	char	*id;		/* "L1" */
	char	*name;		/* "First line" */
	int	 line;
};

struct shift_type {
	char	*id;		/* short id shown in grids: "D", "N", "W" */
	char	*name;		/* "day", "night", "weekly on-call" */
	int	 start;		/* local start, minutes after midnight */
	int	 length;	/* nominal length in wall-clock minutes; may
				 * exceed a day (a weekly on-call is 10080) */
	int	 counts;	/* minutes counted against contract limits, or
				 * UNLIMITED to count each duty's true length */
	unsigned days;		/* DAYS_ALL_WEEK bits: weekdays it starts on */
	int	 night;		/* counts as a night for fairness */
	int	 line;
};

/* "Whoever works shift first on day d may not work shift then on d+1." */
struct succession {
	int	 first;
	int	 then;
	int	 line;
};

/* Labour rules.  Day counts refer to the days on which duties start. */
struct contract {
	char	*id;
	int	 max_minutes;		/* per horizon, or UNLIMITED */
	int	 min_minutes;		/* per horizon, 0 for none */
	int	 max_consecutive;	/* working days in a row, UNLIMITED */
	int	 min_consecutive;	/* 1 for none */
	int	 min_days_off;		/* days off in a row, 1 for none */
	int	 max_weekends;		/* weekends with any duty, UNLIMITED */
	int	 min_rest;		/* minutes between two duties */
	int	*max_shifts;		/* [nshifts]: duties of each type, or
					 * UNLIMITED; 0 means never */
	int	 line;
};

struct agent {
	char	*id;		/* "ivanov": used in file names and UIDs */
	char	*name;
	int	 rank;		/* index into team.ranks */
	int	 contract;	/* index into team.contracts */
	char	*email;		/* may be NULL */
	char	*phone;		/* may be NULL */
	char	*webhook;	/* may be NULL */
	int	 line;
};

/* How many agents of a rank a shift needs on some days.  When several
 * rules match a (date, shift, rank), a rule for that exact date wins,
 * otherwise the last matching rule in the file. */
struct cover_rule {
	int	 rank;		/* the rank whose slot this is */
	int	 shift;
	unsigned days;		/* DAYS_* bits; ignored when date is set */
	int	 date;		/* a single date, or -1 */
	int	 min;
	int	 max;		/* UNLIMITED for no maximum */
	int	 under_weight;	/* penalty per missing agent */
	int	 over_weight;	/* penalty per agent above max */
	uint64_t substitutes;	/* higher ranks that may fill this slot */
	int	 line;
};

/* Whole days, first and last inclusive, on which an agent may not have
 * any duty (not even one that started the day before). */
struct leave {
	int	 agent;
	int	 first;
	int	 last;
	char	*reason;	/* may be NULL */
	int	 line;
};

/* A soft request: "on" wants that duty (or any duty when shift is -1)
 * on that date, "off" does not want it. */
struct wish {
	int	 agent;
	int	 date;
	int	 shift;		/* -1 for any shift */
	int	 on;		/* 1 = wants to work, 0 = wants to be off */
	int	 weight;
	int	 line;
};

struct holiday {
	int	 date;
	char	*name;
	int	 line;
};

/* One level of the escalation policy: who is paged at that step. */
struct esc_level {
	int	 rank;		/* whoever is on duty for this rank, or -1 */
	int	 agent;		/* this agent, on duty or not, or -1 */
	int	 wait;		/* seconds to wait for an acknowledgement
				 * before the next level, or -1 for the
				 * policy's wait */
	int	 line;
};

/* How a page goes up the chain (<escalation> in the config).  Without
 * one in the config (line == 0, no levels) pages follow the ranks in
 * order; esc_levels() in page.h applies that default. */
struct escalation {
	int	 wait;		/* seconds per level; default 300 */
	int	 repeat;	/* extra passes over the chain; default 0 */
	int	 retries;	/* delivery retries per contact; default 2 */
	int	 retry_wait;	/* seconds before the first retry, doubled
				 * for each further one; default 5 */
	char	*smtp;		/* smtp://host:port for e-mail, or NULL */
	char	*from;		/* From: of e-mails, or NULL */
	int	 line;		/* of <escalation>, 0 when absent */
};

struct team {
	char	*id;		/* short name used in UIDs and file names */
	char	*name;
	char	*tz;		/* IANA zone name, "Europe/Moscow" */
	char	*source;	/* path the team was read from, for messages */

	int	 horizon_first;	/* default horizon, or -1 when not given */
	int	 horizon_days;

	/* Fairness weights, each on a spread (max - min) among agents:
	 * nights among agents of a rank whose contract allows a night shift,
	 * weekend duties among agents of a rank, and duties among agents of
	 * the same rank and contract (equal contracts, equal load). */
	int	 fair_nights;
	int	 fair_weekends;
	int	 fair_duties;

	struct rank		*ranks;		int nranks;
	struct shift_type	*shifts;	int nshifts;
	struct succession	*successions;	int nsuccessions;
	struct contract		*contracts;	int ncontracts;
	struct agent		*agents;	int nagents;
	struct cover_rule	*covers;	int ncovers;
	struct leave		*leaves;	int nleaves;
	struct wish		*wishes;	int nwishes;
	struct holiday		*holidays;	int nholidays;

	struct escalation	 esc;
	struct esc_level	*esc_levels;	int nesc_levels;
};

struct team *team_new(void);
void team_free(struct team *t);

/* Append an element and return it, zeroed except for defaults documented
 * beside each field (contracts get UNLIMITED limits and a max_shifts
 * array sized for the shifts defined so far; add shifts first). */
struct rank *team_add_rank(struct team *t, const char *id, const char *name);
struct shift_type *team_add_shift(struct team *t, const char *id,
    const char *name, int start, int length);
struct contract *team_add_contract(struct team *t, const char *id);
struct agent *team_add_agent(struct team *t, const char *id,
    const char *name, int rank, int contract);
struct cover_rule *team_add_cover(struct team *t, int rank, int shift,
    int min);
struct succession *team_add_succession(struct team *t, int first, int then);
struct leave *team_add_leave(struct team *t, int agent, int first, int last);
struct wish *team_add_wish(struct team *t, int agent, int date, int shift,
    int on, int weight);
struct holiday *team_add_holiday(struct team *t, int date, const char *name);
/* A level paging rank (agent -1) or agent (rank -1); wait -1. */
struct esc_level *team_add_esc_level(struct team *t, int rank, int agent);

/* Parse a wait such as "5m", "30s", "1h" or "1h30m" (also plain seconds)
 * into seconds, at most a day; 0, or -1 when malformed. */
int team_wait_parse(const char *s, int *seconds);
/* Format seconds as team_wait_parse() reads them ("1h30m", "2s") into
 * buf of at least 24 bytes; returns buf. */
char *team_wait_format(int seconds, char *buf);

/* Index of the element with that id, or -1. */
int team_rank(const struct team *t, const char *id);
int team_shift(const struct team *t, const char *id);
int team_contract(const struct team *t, const char *id);
int team_agent(const struct team *t, const char *id);

/* Is date a listed holiday? */
int team_is_holiday(const struct team *t, int date);

/* Does a cover rule's day selection include this date?  (Its date field,
 * if set, is checked by the caller.) */
int cover_days_match(unsigned days, int wday, int holiday);

/* Comma-separated ids of the n elements of arr (each of size sz, and
 * each starting with its char *id, as every element type here does),
 * or "none", for "(known: L1, L2)" hints.  Caller frees. */
char *team_id_list(const void *arr, int n, size_t sz);
/* The same for all ranks, and all shifts.  Caller frees. */
char *team_rank_list(const struct team *t);
char *team_shift_list(const struct team *t);

#endif
