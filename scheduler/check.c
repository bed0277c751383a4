/* check.c - checking a team description for meaning (see check.h). */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

static void report(const struct team *t, struct strlist *l, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Append "SOURCE:LINE: message" (or "SOURCE: message" without a line). */
static void
report(const struct team *t, struct strlist *l, int line, const char *fmt,
    ...)
{
	const char *src = t->source ? t->source : "team";
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (line > 0)
		strlist_add(l, "%s:%d: %s", src, line, msg);
	else
		strlist_add(l, "%s: %s", src, msg);
	free(msg);
}

/* "12:00" for a number of minutes; buf holds at least 16 bytes. */
static const char *
hm(int minutes, char *buf)
{
	snprintf(buf, 16, "%d:%02d", minutes / 60, minutes % 60);
	return buf;
}

/* "08:00" for a local time of day; buf holds at least 16 bytes. */
static const char *
clock_hm(int minutes, char *buf)
{
	snprintf(buf, 16, "%02d:%02d", minutes / 60, minutes % 60);
	return buf;
}

/* Each element type starts with char *id and has an int line; report
 * every id used before, naming where it was first defined. */
#define DUPLICATES(kind, arr, cnt) do {					\
	for (int i_ = 1; i_ < t->cnt; i_++)				\
		for (int j_ = 0; j_ < i_; j_++)				\
			if (strcmp(t->arr[i_].id, t->arr[j_].id) == 0) { \
				report(t, problems, t->arr[i_].line,	\
				    "duplicate " kind " id '%s' (first "	\
				    "defined on line %d; give each " kind \
				    " its own id)", t->arr[i_].id,	\
				    t->arr[j_].line);			\
				break;					\
			}						\
} while (0)

static void
check_ids(const struct team *t, struct strlist *problems)
{
	DUPLICATES("rank", ranks, nranks);
	DUPLICATES("shift", shifts, nshifts);
	DUPLICATES("contract", contracts, ncontracts);
	DUPLICATES("agent", agents, nagents);
	if (t->nranks == 0)
		report(t, problems, 0, "no ranks (add a <rank> to <ranks>)");
	if (t->nranks > TEAM_MAX_RANKS)
		report(t, problems, 0, "%d ranks (at most %d)", t->nranks,
		    TEAM_MAX_RANKS);
	if (t->nshifts == 0)
		report(t, problems, 0, "no shifts (add a <shift> to <shifts>)");
	if (t->nagents == 0)
		report(t, problems, 0, "no agents (add an <agent> to <agents>)");
}

static void
check_shifts(const struct team *t, struct strlist *problems)
{
	char b1[16], b2[16];

	for (int i = 0; i < t->nshifts; i++) {
		const struct shift_type *s = &t->shifts[i];

		if (s->length <= 0)
			report(t, problems, s->line, "shift '%s': length %s is "
			    "not positive (give it a length above 0:00)", s->id,
			    hm(s->length < 0 ? 0 : s->length, b1));
		if ((s->days & DAYS_ALL_WEEK) == 0)
			report(t, problems, s->line, "shift '%s' starts on no day "
			    "of the week (list some in days=\"...\")", s->id);
		if (s->counts != UNLIMITED && s->counts > s->length &&
		    s->length > 0)
			report(t, problems, s->line, "shift '%s': counts %s is "
			    "more than its length %s (count at most the length)",
			    s->id, hm(s->counts, b1), hm(s->length, b2));
	}
}

static void
check_contracts(const struct team *t, struct strlist *problems)
{
	char b1[16], b2[16];

	for (int i = 0; i < t->ncontracts; i++) {
		const struct contract *c = &t->contracts[i];

		if (c->max_minutes != UNLIMITED && c->min_minutes > c->max_minutes)
			report(t, problems, c->line, "contract '%s': min-work %s is "
			    "more than max-work %s (lower min-work or raise "
			    "max-work)", c->id, hm(c->min_minutes, b1),
			    hm(c->max_minutes, b2));
		if (c->max_consecutive != UNLIMITED &&
		    c->min_consecutive > c->max_consecutive)
			report(t, problems, c->line, "contract '%s': "
			    "min-consecutive-days %d is more than "
			    "max-consecutive-days %d (lower the minimum or raise "
			    "the maximum)", c->id, c->min_consecutive,
			    c->max_consecutive);
		if (c->min_consecutive < 1 || c->min_days_off < 1)
			report(t, problems, c->line, "contract '%s': %s must be at "
			    "least 1 (leave it out for no limit)", c->id,
			    c->min_consecutive < 1 ? "min-consecutive-days" :
			    "min-days-off");
	}
}

static void
check_leave(const struct team *t, struct strlist *problems)
{
	char d1[11], d2[11], d3[11], d4[11];

	for (int i = 0; i < t->nleaves; i++) {
		const struct leave *l = &t->leaves[i];
		const char *who = t->agents[l->agent].id;

		if (l->last < l->first) {
			report(t, problems, l->line, "leave for '%s' ends (%s) "
			    "before it starts (%s) (swap from and to)", who,
			    date_format(l->last, d1), date_format(l->first, d2));
			continue;
		}
		for (int j = 0; j < i; j++) {
			const struct leave *o = &t->leaves[j];

			if (o->agent != l->agent || o->last < o->first ||
			    o->last < l->first || l->last < o->first)
				continue;
			report(t, problems, l->line, "leave for '%s' (%s..%s) "
			    "overlaps the leave on line %d (%s..%s) (merge them "
			    "into one absence)", who, date_format(l->first, d1),
			    date_format(l->last, d2), o->line,
			    date_format(o->first, d3), date_format(o->last, d4));
			break;
		}
	}
}

/* Can any agent take this rule's slot: of its rank or a substitute rank,
 * with a contract that does not forbid the shift? */
static int
fillable(const struct team *t, const struct cover_rule *c)
{
	for (int i = 0; i < t->nagents; i++) {
		const struct agent *a = &t->agents[i];

		if (a->rank != c->rank && (a->rank <= c->rank ||
		    !(c->substitutes & ((uint64_t)1 << a->rank))))
			continue;
		if (t->contracts[a->contract].max_shifts[c->shift] != 0)
			return 1;
	}
	return 0;
}

static void
check_covers(const struct team *t, struct strlist *problems)
{
	for (int i = 0; i < t->ncovers; i++) {
		const struct cover_rule *c = &t->covers[i];
		const char *rank = t->ranks[c->rank].id;
		const char *shift = t->shifts[c->shift].id;

		if (c->max != UNLIMITED && c->min > c->max)
			report(t, problems, c->line, "cover for rank '%s' on shift "
			    "'%s': min %d is more than max %d (raise max or lower "
			    "min)", rank, shift, c->min, c->max);
		for (int k = 0; k < t->nranks && k < TEAM_MAX_RANKS; k++)
			if ((c->substitutes & ((uint64_t)1 << k)) && k <= c->rank)
				report(t, problems, c->line, "cover for rank '%s' on "
				    "shift '%s': substitute '%s' is not a higher rank "
				    "(ranks are listed lowest first; name only ranks "
				    "listed after %s)", rank, shift, t->ranks[k].id,
				    rank);
		if (c->min > 0 && !fillable(t, c))
			report(t, problems, c->line, "cover for rank '%s' on shift "
			    "'%s' needs %d but nobody can fill it: no agent of "
			    "rank %s or of a substitute rank has a contract that "
			    "allows %s (add an agent or a substitute rank)", rank,
			    shift, c->min, rank, shift);
	}
}

/* The escalation policy: every level names something that can be paged. */
static void
check_escalation(const struct team *t, struct strlist *problems)
{
	for (int i = 0; i < t->nesc_levels; i++) {
		const struct esc_level *l = &t->esc_levels[i];
		int covered = 0;

		if ((l->rank < 0) == (l->agent < 0) || l->rank >= t->nranks ||
		    l->agent >= t->nagents) {
			report(t, problems, l->line, "escalation level %d names "
			    "neither one rank nor one agent (use rank=\"...\" or "
			    "agent=\"...\")", i + 1);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (t->esc_levels[j].rank == l->rank &&
			    t->esc_levels[j].agent == l->agent)
				report(t, problems, l->line, "escalation: %s '%s' is "
				    "already level %d (list each rank or agent once; "
				    "use repeat= to go round again)",
				    l->rank >= 0 ? "rank" : "agent", l->rank >= 0 ?
				    t->ranks[l->rank].id : t->agents[l->agent].id, j + 1);
		if (l->agent >= 0) {
			const struct agent *a = &t->agents[l->agent];

			if (a->email == NULL && a->webhook == NULL)
				report(t, problems, l->line, "escalation: agent '%s' "
				    "has no email or webhook to page (add one to the "
				    "agent on line %d)", a->id, a->line);
			continue;
		}
		for (int c = 0; c < t->ncovers; c++)
			covered |= t->covers[c].rank == l->rank;
		if (!covered)
			report(t, problems, l->line, "escalation: rank '%s' has no "
			    "cover rule, so nobody is ever on duty for it (add a "
			    "<cover rank=\"%s\" ...> or page a named agent)",
			    t->ranks[l->rank].id, t->ranks[l->rank].id);
	}
}

int
team_check(const struct team *t, struct strlist *problems)
{
	int before = problems->n;

	if (t->tz != NULL && !tz_valid(t->tz))
		report(t, problems, 0, "unknown time zone '%s' (use an IANA name "
		    "such as Europe/Berlin; see /usr/share/zoneinfo)", t->tz);
	if (t->horizon_first >= 0 && t->horizon_days < 1)
		report(t, problems, 0, "the horizon has %d days (use at least 1)",
		    t->horizon_days);
	check_ids(t, problems);
	check_shifts(t, problems);
	check_contracts(t, problems);
	check_leave(t, problems);
	check_covers(t, problems);
	check_escalation(t, problems);
	return problems->n - before;
}

/* "UTC+02:00" for the offset in force at t; buf holds 16 bytes. */
static const char *
utc_offset(time_t t, char *buf)
{
	long off = tz_offset(t);
	int a = (int)(off < 0 ? -off : off) % 86400;

	snprintf(buf, 16, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 3600,
	    a / 60 % 60);
	return buf;
}

/* A configured local time (start or end of shift s on date) that the
 * clocks skip or repeat, with the rule rota applied. */
static void
fold_note(const struct team *t, struct strlist *notes,
    const struct shift_type *s, const char *what, int date, int minutes,
    time_t at, enum tz_fold fold)
{
	char d[11], b1[16], b2[16], when[20];

	date_format(date, d);
	if (fold == TZ_GAP)
		report(t, notes, s->line, "shift '%s' %s at %s on %s, a time "
		    "the clocks skip in %s: it %s at %s %s (RFC 5545: a "
		    "skipped time is read with the offset before the gap)",
		    s->id, what, clock_hm(minutes, b1), d, t->tz, what,
		    local_format(at, when) + 11, utc_offset(at, b2));
	else if (fold == TZ_REPEAT)
		report(t, notes, s->line, "shift '%s' %s at %s on %s, a time "
		    "that occurs twice in %s: the first one, %s, is used "
		    "(RFC 5545)", s->id, what, clock_hm(minutes, b1), d, t->tz,
		    utc_offset(at, b2));
}

int
team_dst_notes_range(const struct team *t, int first, int ndays,
    struct strlist *notes)
{
	int before = notes->n;
	char d[11], b1[16], b2[16];

	if (t->tz == NULL || tz_use(t->tz) != 0)
		return 0;
	for (int date = first; date < first + ndays; date++) {
		for (int i = 0; i < t->nshifts; i++) {
			const struct shift_type *s = &t->shifts[i];
			int end = s->start + s->length;
			enum tz_fold fold, efold;
			long real;
			time_t a, b;

			if (!(s->days & (1u << date_weekday(date))) || s->length <= 0)
				continue;
			a = tz_local_to_utc(date, s->start, &fold);
			b = tz_local_to_utc(date + end / 1440, end % 1440, &efold);
			fold_note(t, notes, s, "starts", date, s->start, a, fold);
			fold_note(t, notes, s, "ends", date + end / 1440,
			    end % 1440, b, efold);
			real = (long)(b - a) / 60;
			date_format(date, d);
			if (real != s->length)
				report(t, notes, s->line, "shift '%s' of %s lasts %s, "
				    "not %s (the clocks go %s during it; rota keeps "
				    "the local start and end, so the duty is %s and "
				    "counts %s against contracts)", s->id, d,
				    hm((int)real, b1), hm(s->length, b2),
				    real > s->length ? "back" : "forward",
				    real > s->length ? "longer" : "shorter",
				    s->counts == UNLIMITED ? "its real length" :
				    "the shift's counts=");
		}
	}
	return notes->n - before;
}

int
team_dst_notes(const struct team *t, struct strlist *notes)
{
	if (t->horizon_first < 0)
		return 0;
	return team_dst_notes_range(t, t->horizon_first, t->horizon_days,
	    notes);
}
