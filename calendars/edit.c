/* edit.c - overrides and swaps on a published feed, and the log that
 * records them (see cal.h). */
#include "cal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tz.h"
#include "util.h"

static int
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static const struct agent *
agent_of(const struct team *t, const char *id)
{
	for (int i = 0; id != NULL && i < t->nagents; i++)
		if (strcmp(t->agents[i].id, id) == 0)
			return &t->agents[i];
	return NULL;
}

/* The UID of the piece of duty d (any piece of it) starting at `at`. */
static char *
piece_uid(const struct cal_duty *d, time_t at)
{
	const char *uid = d->uid ? d->uid : "duty@rota";
	const char *at_sign = strrchr(uid, '@');
	const char *plus = strrchr(uid, '+');
	size_t base;

	if (plus != NULL && (at_sign == NULL || plus < at_sign))
		base = (size_t)(plus - uid);
	else
		base = at_sign ? (size_t)(at_sign - uid) : strlen(uid);
	if (at == d->duty_start)
		return xasprintf("%.*s%s", (int)base, uid, at_sign ? at_sign : "");
	return xasprintf("%.*s+%ld%s", (int)base, uid,
	    (long)((at - d->duty_start) / 60), at_sign ? at_sign : "");
}

static void
set_agent(struct cal_duty *d, const struct agent *a)
{
	free(d->agent);
	free(d->agent_name);
	free(d->contact);
	d->agent = xstrdup(a->id);
	d->agent_name = xstrdup(a->name);
	d->contact = a->email ? xstrdup(a->email) :
	    a->phone ? xstrdup(a->phone) : NULL;
}

int
cal_override(struct cal_feed *f, const struct team *t, const char *agent,
    time_t from, time_t to, const char *instead_of, char **replaced,
    char **errp)
{
	const struct agent *b = agent_of(t, agent);
	const char *rank, *w = instead_of;
	char *who;
	struct cal_duty *out = NULL;
	int nout = 0, cap = 0, hits = 0;
	char b1[17], b2[17];

	if (b == NULL)
		return err_set(errp, "unknown agent '%s' (see the agents in "
		    "team.xml)", agent);
	if (to <= from)
		return err_set(errp, "the override ends before it starts "
		    "(give --from before --to)");
	rank = t->ranks[b->rank].id;
	if (instead_of != NULL && strcmp(instead_of, agent) == 0)
		return err_set(errp, "'%s' cannot stand in for themselves",
		    agent);
	/* Without --instead-of: the one agent of b's rank on duty then. */
	if (tz_use(f->tz) != 0)
		return err_set(errp, "unknown time zone '%s'", f->tz);
	for (int i = 0; w == NULL && i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];

		if (d->start < to && d->end > from && str_eq(d->rank, rank) &&
		    !str_eq(d->agent, agent))
			w = d->agent;
	}
	for (int i = 0; w != NULL && instead_of == NULL && i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];

		if (d->start < to && d->end > from && str_eq(d->rank, rank) &&
		    !str_eq(d->agent, agent) && !str_eq(d->agent, w))
			return err_set(errp, "both '%s' and '%s' are on duty for "
			    "%s between %s and %s (name one with --instead-of)",
			    w, d->agent, rank, local_format(from, b1),
			    local_format(to, b2));
	}
	if (w == NULL)
		return err_set(errp, "nobody of rank %s is on duty between %s "
		    "and %s (name whom '%s' stands in for with --instead-of)",
		    rank, local_format(from, b1), local_format(to, b2), agent);

	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];

		hits += d->start < to && d->end > from && str_eq(d->agent, w);
	}
	if (hits == 0)
		return err_set(errp, "'%s' has no duty between %s and %s "
		    "(check the times with 'rota who --at')", w,
		    local_format(from, b1), local_format(to, b2));
	who = xstrdup(w);	/* w points into a duty freed below */

	/* Rebuild the duty list with the pieces. */
	for (int i = 0; i < f->nduties; i++) {
		struct cal_duty *d = &f->duties[i];
		time_t lo, hi;

		if (!(d->start < to && d->end > from && str_eq(d->agent, who))) {
			out = vec_push(out, &nout, &cap, sizeof(*out));
			out[nout - 1] = *d;
			continue;
		}
		lo = from > d->start ? from : d->start;
		hi = to < d->end ? to : d->end;
		if (d->start < lo) {
			out = vec_push(out, &nout, &cap, sizeof(*out));
			cal_duty_copy(&out[nout - 1], d);
			free(out[nout - 1].uid);
			out[nout - 1].uid = piece_uid(d, d->start);
			out[nout - 1].end = lo;
		}
		out = vec_push(out, &nout, &cap, sizeof(*out));
		cal_duty_copy(&out[nout - 1], d);
		free(out[nout - 1].uid);
		out[nout - 1].uid = piece_uid(d, lo);
		out[nout - 1].start = lo;
		out[nout - 1].end = hi;
		set_agent(&out[nout - 1], b);
		if (hi < d->end) {
			out = vec_push(out, &nout, &cap, sizeof(*out));
			cal_duty_copy(&out[nout - 1], d);
			free(out[nout - 1].uid);
			out[nout - 1].uid = piece_uid(d, hi);
			out[nout - 1].start = hi;
		}
		cal_duty_release(d);
	}
	if (replaced != NULL)
		*replaced = xstrdup(who);
	free(who);
	free(f->duties);
	f->duties = out;
	f->nduties = nout;
	cal_feed_sort(f);
	return 0;
}

/* Does duty d belong to agent a's shift s that starts on local date
 * `date`? */
static int
duty_is(const struct cal_duty *d, const char *a, int date, const char *s)
{
	int dd, min;

	if (!str_eq(d->agent, a) || !str_eq(d->shift, s))
		return 0;
	tz_utc_to_local(d->duty_start, &dd, &min);
	return dd == date;
}

int
cal_swap(struct cal_feed *f, const char *a1, int d1, const char *s1,
    const char *a2, int d2, const char *s2, char **errp)
{
	int n1 = 0, n2 = 0;
	char b[11];
	char *mark;

	if (tz_use(f->tz) != 0)
		return err_set(errp, "unknown time zone '%s'", f->tz);
	if (strcmp(a1, a2) == 0)
		return err_set(errp, "both duties belong to '%s' (swap between "
		    "two agents)", a1);
	mark = xcalloc((size_t)f->nduties + 1, 1);
	for (int i = 0; i < f->nduties; i++) {
		if (duty_is(&f->duties[i], a1, d1, s1))
			mark[i] = 1, n1++;
		else if (duty_is(&f->duties[i], a2, d2, s2))
			mark[i] = 2, n2++;
	}
	if (n1 == 0 || n2 == 0) {
		int miss = n1 == 0;

		free(mark);
		return err_set(errp, "'%s' has no %s duty on %s (see 'rota who "
		    "--at' or the agent's feed)", miss ? a1 : a2,
		    miss ? s1 : s2, date_format(miss ? d1 : d2, b));
	}
	for (int i = 0; i < f->nduties; i++) {
		struct cal_duty *d = &f->duties[i];
		const char *to = mark[i] == 1 ? a2 : a1;
		char *name = NULL;

		if (mark[i] == 0)
			continue;
		/* The other agent's name from the duty they give away. */
		for (int k = 0; k < f->nduties; k++)
			if (mark[k] != 0 && mark[k] != mark[i]) {
				name = f->duties[k].agent_name ?
				    xstrdup(f->duties[k].agent_name) : NULL;
				break;
			}
		free(d->agent);
		free(d->agent_name);
		free(d->contact);
		d->agent = xstrdup(to);
		d->agent_name = name;
		d->contact = NULL;	/* cal_publish() fills it from the team */
	}
	free(mark);
	return 0;
}

struct roster *
cal_feed_roster(const struct cal_feed *f, const struct grid *g)
{
	const struct team *t = g->team;
	struct roster *r = roster_new(g);

	if (tz_use(t->tz) != 0)
		return r;
	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];
		int a = -1, rk = -1, sh = -1, date, min, day, s;
		int dup = 0;

		for (int k = 0; k < t->nagents; k++)
			if (str_eq(d->agent, t->agents[k].id))
				a = k;
		for (int k = 0; k < t->nranks; k++)
			if (str_eq(d->rank, t->ranks[k].id))
				rk = k;
		for (int k = 0; k < t->nshifts; k++)
			if (str_eq(d->shift, t->shifts[k].id))
				sh = k;
		if (a < 0 || rk < 0 || sh < 0)
			continue;
		tz_utc_to_local(d->duty_start, &date, &min);
		day = date - g->days[0].date;
		if (day < 0 || day >= g->ndays ||
		    (s = grid_slot_at(g, day, sh)) < 0)
			continue;
		/* Two pieces of one duty for one agent are one duty. */
		for (int k = 0; k < r->nduties && !dup; k++)
			dup = r->duties[k].agent == a && r->duties[k].slot == s &&
			    r->duties[k].rank == rk;
		if (!dup)
			roster_add(r, a, s, rk);
	}
	roster_sort(r);
	return r;
}

int
cal_log_append(const char *dir, const char *line, char **errp)
{
	char *path = xasprintf("%s/overrides.log", dir);
	char *text = xasprintf("%s\n", line);
	int rc = file_append(path, text, errp);

	free(text);
	free(path);
	return rc;
}

/* "YYYY-MM-DDTHH:MM:SSZ" as an instant. */
static int
parse_utc(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int n = 0;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    s[n] != '\0')
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

/* "ID@YYYY-MM-DD/SHIFT" into its parts (pointing into s, which is cut). */
static int
parse_duty(char *s, char **id, int *date, char **shift)
{
	char *at = strchr(s, '@'), *slash;

	if (at == NULL || (slash = strchr(at, '/')) == NULL || at == s)
		return -1;
	*at = '\0';
	*slash = '\0';
	*id = s;
	*shift = slash + 1;
	return date_parse(at + 1, date);
}

/* One log line applied to f, or -1 with *why. */
static int
replay_line(struct cal_feed *f, const struct team *t, char *line,
    time_t first, time_t last, int *skip, char **why)
{
	char *w[8], *save = NULL, *tok;
	int n = 0;

	*skip = 0;
	for (tok = strtok_r(line, " ", &save); tok != NULL && n < 8;
	    tok = strtok_r(NULL, " ", &save))
		w[n++] = tok;
	if (n >= 6 && strcmp(w[1], "override") == 0 &&
	    strncmp(w[2], "agent=", 6) == 0 &&
	    strncmp(w[3], "instead-of=", 11) == 0 &&
	    strncmp(w[4], "from=", 5) == 0 && strncmp(w[5], "to=", 3) == 0) {
		time_t from, to;

		if (parse_utc(w[4] + 5, &from) != 0 ||
		    parse_utc(w[5] + 3, &to) != 0)
			return err_set(why, "unreadable times");
		if (to <= first || from >= last) {
			*skip = 1;
			return 0;
		}
		return cal_override(f, t, w[2] + 6, from, to, w[3] + 11, NULL,
		    why);
	}
	if (n >= 4 && strcmp(w[1], "swap") == 0) {
		char *a1, *a2, *s1, *s2;
		int d1, d2;
		time_t t1, t2;

		if (parse_duty(w[2], &a1, &d1, &s1) != 0 ||
		    parse_duty(w[3], &a2, &d2, &s2) != 0)
			return err_set(why, "unreadable duties");
		t1 = tz_local_to_utc(d1, 0, NULL);
		t2 = tz_local_to_utc(d2, 0, NULL);
		if ((t1 < first - 86400 || t1 >= last) &&
		    (t2 < first - 86400 || t2 >= last)) {
			*skip = 1;
			return 0;
		}
		return cal_swap(f, a1, d1, s1, a2, d2, s2, why);
	}
	return err_set(why, "not an override or a swap");
}

int
cal_log_replay(struct cal_feed *f, const struct team *t, const char *dir,
    struct strlist *notes)
{
	char *path = xasprintf("%s/overrides.log", dir), *text, *line, *nl;
	time_t first, last;
	int applied = 0, lineno = 0;

	if (access(path, F_OK) != 0 || tz_use(f->tz) != 0) {
		free(path);
		return 0;
	}
	if ((text = file_read(path, NULL, NULL)) == NULL) {
		strlist_add(notes, "%s: unreadable, no override re-applied", path);
		free(path);
		return 0;
	}
	first = tz_local_to_utc(f->horizon_first, 0, NULL);
	last = tz_local_to_utc(f->horizon_first + f->horizon_days, 0, NULL);
	for (line = text; *line != '\0'; line = nl) {
		char *copy, *why = NULL;
		int skip;

		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		lineno++;
		if (*line == '\0')
			continue;
		copy = xstrdup(line);
		if (replay_line(f, t, copy, first, last, &skip, &why) != 0) {
			strlist_add(notes, "%s:%d: not re-applied: %s (%s)", path,
			    lineno, line + (strchr(line, ' ') ?
			    strchr(line, ' ') - line + 1 : 0), why);
			free(why);
		} else if (!skip) {
			strlist_add(notes, "%s:%d: re-applied: %s", path, lineno,
			    line + (strchr(line, ' ') ?
			    strchr(line, ' ') - line + 1 : 0));
			applied++;
		}
		free(copy);
	}
	free(text);
	free(path);
	return applied;
}
