/* curtois.c - reading Curtois & Qu benchmark instances (see curtois.h). */
#include "curtois.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"
#include "util.h"

#define MAX_FIELDS	4000	/* a days-off line lists at most the horizon */

enum section { S_NONE, S_HORIZON, S_SHIFTS, S_STAFF, S_DAYS_OFF, S_ON, S_OFF,
	S_COVER };

static const char *const section_names[] = {
	"", "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF",
	"SECTION_DAYS_OFF", "SECTION_SHIFT_ON_REQUESTS",
	"SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER"
};

struct reader {
	const char *path;
	int	 line;
	char	**err;
	struct team *t;
	int	 start;
	int	 days;		/* horizon, -1 until read */
	/* The successions field names shifts that may be defined later in
	 * the section, so it is kept per shift and resolved at the end. */
	char	**forbid;	/* [nshifts] */
	int	*forbid_line;
};

static int
fail(struct reader *rd, const char *fmt, const char *a, const char *b)
{
	char *what = xasprintf(fmt, a, b);

	err_set(rd->err, "%s:%d: %s", rd->path, rd->line, what);
	free(what);
	return -1;
}

/* Split s at commas in place; returns the number of fields (at most max). */
static int
split(char *s, char sep, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (char *p = s; *p; p++)
		if (*p == sep) {
			*p = '\0';
			if (n == max)
				return max + 1;
			f[n++] = p + 1;
		}
	return n;
}

/* A non-negative integer field, the whole of it. */
static int
number(struct reader *rd, const char *s, const char *what, int *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno || n < 0 || n > 100000000)
		return fail(rd, "%s '%s' is not a non-negative integer", what, s);
	*v = (int)n;
	return 0;
}

static int
agent_of(struct reader *rd, const char *id, int *a)
{
	if ((*a = team_agent(rd->t, id)) < 0)
		return fail(rd, "unknown employee '%s'%s", id,
		    " (list it in SECTION_STAFF)");
	return 0;
}

static int
shift_of(struct reader *rd, const char *id, int *s)
{
	if ((*s = team_shift(rd->t, id)) < 0)
		return fail(rd, "unknown shift '%s'%s", id,
		    " (list it in SECTION_SHIFTS)");
	return 0;
}

static int
day_of(struct reader *rd, const char *s, int *d)
{
	if (number(rd, s, "day", d) != 0)
		return -1;
	if (*d >= rd->days) {
		char h[16];

		snprintf(h, sizeof(h), "%d", rd->days);
		return fail(rd, "day %s is beyond the horizon of %s days", s, h);
	}
	return 0;
}

static int
staff_line(struct reader *rd, char **f)
{
	struct team *t = rd->t;
	struct contract *c;
	char *types[64];
	int n, v[7];
	static const char *const what[] = { "MaxTotalMinutes",
	    "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts",
	    "MinConsecutiveDaysOff", "MaxWeekends" };

	if (team_agent(t, f[0]) >= 0)
		return fail(rd, "employee '%s' is listed twice%s", f[0], "");
	for (int i = 0; i < 6; i++)
		if (number(rd, f[2 + i], what[i], &v[i]) != 0)
			return -1;
	c = team_add_contract(t, f[0]);
	c->line = rd->line;
	c->max_minutes = v[0];
	c->min_minutes = v[1];
	c->max_consecutive = v[2];
	c->min_consecutive = v[3];
	c->min_days_off = v[4];
	c->max_weekends = v[5];
	n = f[1][0] ? split(f[1], '|', types, 63) : 0;
	for (int i = 0; i < n; i++) {
		char *eq = strchr(types[i], '=');
		int sh, max;

		if (n > 63 || eq == NULL)
			return fail(rd, "MaxShifts '%s' is not a list of "
			    "shift=count%s", f[1], "");
		*eq = '\0';
		if (shift_of(rd, types[i], &sh) != 0 ||
		    number(rd, eq + 1, "MaxShifts count", &max) != 0)
			return -1;
		/* Counts above the horizon never bind: keep the model small. */
		c->max_shifts[sh] = max >= rd->days ? UNLIMITED : max;
	}
	team_add_agent(t, f[0], f[0], 0, t->ncontracts - 1)->line = rd->line;
	return 0;
}

static int
parse_line(struct reader *rd, enum section sec, char *s)
{
	struct team *t = rd->t;
	char *f[MAX_FIELDS];
	int n = split(s, ',', f, MAX_FIELDS - 1), a, sh, d, w, req, under, over;
	static const int want[] = { 0, 1, 3, 8, 0, 4, 4, 5 };

	if (sec == S_NONE)
		return fail(rd, "data before the first SECTION_ line%s%s", "", "");
	if (n >= MAX_FIELDS)
		return fail(rd, "more than %s fields%s", "4000", "");
	if (sec != S_DAYS_OFF && n != want[sec]) {
		char a1[16], a2[16];

		snprintf(a1, sizeof(a1), "%d", n);
		snprintf(a2, sizeof(a2), "%d", want[sec]);
		return fail(rd, "%s fields where %s are expected", a1, a2);
	}
	switch (sec) {
	case S_NONE:
		return -1;
	case S_HORIZON:
		if (number(rd, f[0], "horizon", &rd->days) != 0)
			return -1;
		if (rd->days == 0 || rd->days > 3660)
			return fail(rd, "horizon '%s' must be 1 to 3660 days%s", f[0], "");
		t->horizon_first = rd->start;
		t->horizon_days = rd->days;
		return 0;
	case S_SHIFTS: {
		struct shift_type *st;
		int len;

		if (team_shift(t, f[0]) >= 0)
			return fail(rd, "shift '%s' is listed twice%s", f[0], "");
		if (number(rd, f[1], "shift length", &len) != 0)
			return -1;
		if (len == 0 || len > 1080)
			return fail(rd, "shift length '%s' must be 1 to 1080 "
			    "minutes%s", f[1], "");
		/* 06:00 plus at most 18 hours stays within the day, so slots
		 * never overlap and days off mean whole days. */
		st = team_add_shift(t, f[0], f[0], 6 * 60, len);
		st->counts = len;
		st->line = rd->line;
		rd->forbid = xrealloc(rd->forbid, (size_t)t->nshifts * sizeof(char *));
		rd->forbid_line = xrealloc(rd->forbid_line, (size_t)t->nshifts * sizeof(int));
		rd->forbid[t->nshifts - 1] = xstrdup(f[2]);
		rd->forbid_line[t->nshifts - 1] = rd->line;
		return 0;
	}
	case S_STAFF:
		return staff_line(rd, f);
	case S_DAYS_OFF:
		if (agent_of(rd, f[0], &a) != 0)
			return -1;
		for (int i = 1; i < n; i++) {
			if (f[i][0] == '\0' && i == n - 1)
				break;
			if (day_of(rd, f[i], &d) != 0)
				return -1;
			team_add_leave(t, a, rd->start + d, rd->start + d)->line = rd->line;
		}
		return 0;
	case S_ON:
	case S_OFF:
		if (agent_of(rd, f[0], &a) != 0 || day_of(rd, f[1], &d) != 0 ||
		    shift_of(rd, f[2], &sh) != 0 ||
		    number(rd, f[3], "weight", &w) != 0)
			return -1;
		team_add_wish(t, a, rd->start + d, sh, sec == S_ON, w)->line = rd->line;
		return 0;
	case S_COVER: {
		struct cover_rule *c;

		if (day_of(rd, f[0], &d) != 0 || shift_of(rd, f[1], &sh) != 0 ||
		    number(rd, f[2], "requirement", &req) != 0 ||
		    number(rd, f[3], "under-cover weight", &under) != 0 ||
		    number(rd, f[4], "over-cover weight", &over) != 0)
			return -1;
		c = team_add_cover(t, 0, sh, req);
		c->date = rd->start + d;
		c->max = req;
		c->under_weight = under;
		c->over_weight = over;
		c->line = rd->line;
		return 0;
	}
	}
	return 0;
}

/* Resolve each shift's "cannot be followed by" list. */
static int
resolve_successions(struct reader *rd)
{
	for (int sh = 0; sh < rd->t->nshifts; sh++) {
		char *f[64];
		int n;

		rd->line = rd->forbid_line[sh];
		if (rd->forbid[sh][0] == '\0')
			continue;
		n = split(rd->forbid[sh], '|', f, 63);
		if (n > 63)
			return fail(rd, "too many forbidden successors for '%s'%s",
			    rd->t->shifts[sh].id, "");
		for (int i = 0; i < n; i++) {
			int then;

			if (shift_of(rd, f[i], &then) != 0)
				return -1;
			team_add_succession(rd->t, sh, then)->line = rd->line;
		}
	}
	return 0;
}

struct team *
curtois_read(const char *path, int start, char **errp)
{
	struct reader rd = { .path = path, .err = errp, .start = start,
	    .days = -1 };
	enum section sec = S_NONE;
	char *text, *line, *next;
	const char *base;
	int rc = 0, have[8] = { 0 };

	if (date_weekday(start) != 0) {
		char b[11];

		err_set(errp, "start date %s is not a Monday (the benchmark's "
		    "weekends are days 5 and 6 of each week)", date_format(start, b));
		return NULL;
	}
	if ((text = file_read(path, NULL, errp)) == NULL)
		return NULL;
	rd.t = team_new();
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	rd.t->id = xstrndup(base, strcspn(base, "."));
	rd.t->name = xasprintf("Curtois & Qu %s", rd.t->id);
	rd.t->tz = xstrdup("UTC");
	rd.t->source = xstrdup(path);
	team_add_rank(rd.t, "staff", "Staff");

	for (line = text; rc == 0 && line != NULL; line = next) {
		size_t len;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		rd.line++;
		len = strlen(line);
		while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (strncmp(line, "SECTION_", 8) == 0) {
			sec = S_NONE;
			for (int i = 1; i < 8; i++)
				if (strcmp(line, section_names[i]) == 0)
					sec = (enum section)i;
			if (sec == S_NONE)
				rc = fail(&rd, "unknown section '%s'%s", line, "");
			else if (sec != S_HORIZON && rd.days < 0)
				rc = fail(&rd, "%s before SECTION_HORIZON%s", line, "");
			else
				have[sec] = 1;
			continue;
		}
		if (sec == S_HORIZON && have[0]++)
			rc = fail(&rd, "more than one horizon line%s%s", "", "");
		else
			rc = parse_line(&rd, sec, line);
	}
	if (rc == 0)
		rc = resolve_successions(&rd);
	for (int i = 1; rc == 0 && i < 8; i++)
		if (!have[i]) {
			rd.line = 0;
			rc = err_set(errp, "%s: no %s (every instance has all seven "
			    "sections)", path, section_names[i]);
		}
	for (int i = 0; i < rd.t->nshifts; i++)
		free(rd.forbid[i]);
	free(rd.forbid);
	free(rd.forbid_line);
	free(text);
	if (rc != 0) {
		team_free(rd.t);
		return NULL;
	}
	return rd.t;
}
