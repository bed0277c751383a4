/* team.c - building and querying a team description (see team.h). */
#include "team.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Capacities of the arrays in struct team, kept apart so that the public
 * struct shows only what a reader needs. */
struct team_caps {
	int	ranks, shifts, successions, contracts, agents, covers, leaves,
		wishes, holidays, esc_levels;
};

struct team_priv {
	struct team		pub;
	struct team_caps	cap;
};

#define PRIV(t)	((struct team_priv *)(t))

struct team *
team_new(void)
{
	struct team_priv *p = xcalloc(1, sizeof(*p));

	p->pub.horizon_first = -1;
	p->pub.esc.wait = 300;
	p->pub.esc.retries = 2;
	p->pub.esc.retry_wait = 5;
	return &p->pub;
}

void
team_free(struct team *t)
{
	if (t == NULL)
		return;
	free(t->id);
	free(t->name);
	free(t->tz);
	free(t->source);
	for (int i = 0; i < t->nranks; i++) {
		free(t->ranks[i].id);
		free(t->ranks[i].name);
	}
	for (int i = 0; i < t->nshifts; i++) {
		free(t->shifts[i].id);
		free(t->shifts[i].name);
	}
	for (int i = 0; i < t->ncontracts; i++) {
		free(t->contracts[i].id);
		free(t->contracts[i].max_shifts);
	}
	for (int i = 0; i < t->nagents; i++) {
		struct agent *a = &t->agents[i];

		free(a->id);
		free(a->name);
		free(a->email);
		free(a->phone);
		free(a->webhook);
	}
	for (int i = 0; i < t->nleaves; i++)
		free(t->leaves[i].reason);
	for (int i = 0; i < t->nholidays; i++)
		free(t->holidays[i].name);
	free(t->ranks);
	free(t->shifts);
	free(t->successions);
	free(t->contracts);
	free(t->agents);
	free(t->covers);
	free(t->leaves);
	free(t->wishes);
	free(t->holidays);
	free(t->esc.smtp);
	free(t->esc.from);
	free(t->esc_levels);
	free(t);
}

#define PUSH(t, field, n) \
	((t)->field = vec_push((t)->field, &(t)->n, &PRIV(t)->cap.field, \
	    sizeof(*(t)->field)), &(t)->field[(t)->n - 1])

struct rank *
team_add_rank(struct team *t, const char *id, const char *name)
{
	struct rank *r = PUSH(t, ranks, nranks);

	r->id = xstrdup(id);
	r->name = xstrdup(name ? name : id);
	return r;
}

struct shift_type *
team_add_shift(struct team *t, const char *id, const char *name, int start,
    int length)
{
	struct shift_type *s = PUSH(t, shifts, nshifts);

	s->id = xstrdup(id);
	s->name = xstrdup(name ? name : id);
	s->start = start;
	s->length = length;
	s->counts = UNLIMITED;
	s->days = DAYS_ALL_WEEK;
	/* Contracts made before this shift need a limit for it too. */
	for (int i = 0; i < t->ncontracts; i++) {
		struct contract *c = &t->contracts[i];

		c->max_shifts = xrealloc(c->max_shifts,
		    (size_t)t->nshifts * sizeof(int));
		c->max_shifts[t->nshifts - 1] = UNLIMITED;
	}
	return s;
}

struct contract *
team_add_contract(struct team *t, const char *id)
{
	struct contract *c = PUSH(t, contracts, ncontracts);

	c->id = xstrdup(id);
	c->max_minutes = UNLIMITED;
	c->min_minutes = 0;
	c->max_consecutive = UNLIMITED;
	c->min_consecutive = 1;
	c->min_days_off = 1;
	c->max_weekends = UNLIMITED;
	c->min_rest = 0;
	c->max_shifts = xmalloc((size_t)(t->nshifts ? t->nshifts : 1) * sizeof(int));
	for (int i = 0; i < t->nshifts; i++)
		c->max_shifts[i] = UNLIMITED;
	return c;
}

struct agent *
team_add_agent(struct team *t, const char *id, const char *name, int rank,
    int contract)
{
	struct agent *a = PUSH(t, agents, nagents);

	a->id = xstrdup(id);
	a->name = xstrdup(name ? name : id);
	a->rank = rank;
	a->contract = contract;
	return a;
}

struct cover_rule *
team_add_cover(struct team *t, int rank, int shift, int min)
{
	struct cover_rule *c = PUSH(t, covers, ncovers);

	c->rank = rank;
	c->shift = shift;
	c->days = DAYS_ANY;
	c->date = -1;
	c->min = min;
	c->max = UNLIMITED;
	c->under_weight = 1000;
	c->over_weight = 10;
	return c;
}

struct succession *
team_add_succession(struct team *t, int first, int then)
{
	struct succession *s = PUSH(t, successions, nsuccessions);

	s->first = first;
	s->then = then;
	return s;
}

struct leave *
team_add_leave(struct team *t, int agent, int first, int last)
{
	struct leave *l = PUSH(t, leaves, nleaves);

	l->agent = agent;
	l->first = first;
	l->last = last;
	return l;
}

struct wish *
team_add_wish(struct team *t, int agent, int date, int shift, int on,
    int weight)
{
	struct wish *w = PUSH(t, wishes, nwishes);

	w->agent = agent;
	w->date = date;
	w->shift = shift;
	w->on = on;
	w->weight = weight;
	return w;
}

struct holiday *
team_add_holiday(struct team *t, int date, const char *name)
{
	struct holiday *h = PUSH(t, holidays, nholidays);

	h->date = date;
	h->name = xstrdup(name ? name : "holiday");
	return h;
}

#define FIND(arr, n, id) do {					\
	for (int i_ = 0; i_ < (n); i_++)			\
		if (strcmp((arr)[i_].id, (id)) == 0)		\
			return i_;				\
	return -1;						\
} while (0)

int team_rank(const struct team *t, const char *id) { FIND(t->ranks, t->nranks, id); }
int team_shift(const struct team *t, const char *id) { FIND(t->shifts, t->nshifts, id); }
int team_contract(const struct team *t, const char *id) { FIND(t->contracts, t->ncontracts, id); }
int team_agent(const struct team *t, const char *id) { FIND(t->agents, t->nagents, id); }

int
team_is_holiday(const struct team *t, int date)
{
	for (int i = 0; i < t->nholidays; i++)
		if (t->holidays[i].date == date)
			return 1;
	return 0;
}

int
cover_days_match(unsigned days, int wday, int holiday)
{
	if (holiday)
		return (days & DAYS_HOLIDAY) != 0;
	if (days & (1u << wday))
		return 1;
	if (wday < 5)
		return (days & DAYS_WEEKDAY) != 0;
	return (days & DAYS_WEEKEND) != 0;
}

char *
team_id_list(const void *arr, int n, size_t sz)
{
	size_t len = 1;
	char *s;

	if (n == 0)
		return xstrdup("none");
	for (int i = 0; i < n; i++)
		len += strlen(*(char *const *)((const char *)arr + i * sz)) + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, *(char *const *)((const char *)arr + i * sz));
	}
	return s;
}

char *
team_rank_list(const struct team *t)
{
	return team_id_list(t->ranks, t->nranks, sizeof(*t->ranks));
}

char *
team_shift_list(const struct team *t)
{
	return team_id_list(t->shifts, t->nshifts, sizeof(*t->shifts));
}

struct esc_level *
team_add_esc_level(struct team *t, int rank, int agent)
{
	struct esc_level *l = PUSH(t, esc_levels, nesc_levels);

	l->rank = rank;
	l->agent = agent;
	l->wait = -1;
	return l;
}

int
team_wait_parse(const char *s, int *seconds)
{
	long total = 0, n;
	int units = 0;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		for (n = 0; *s >= '0' && *s <= '9'; s++)
			if ((n = n * 10 + (*s - '0')) > 86400)
				return -1;
		switch (*s) {
		case 'h': n *= 3600; s++; break;
		case 'm': n *= 60; s++; break;
		case 's': s++; break;
		case '\0': if (units) return -1; break;
		default: return -1;
		}
		units++;
		if ((total += n) > 86400)
			return -1;
	}
	*seconds = (int)total;
	return 0;
}

char *
team_wait_format(int seconds, char *buf)
{
	int h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
	char *p = buf;

	*p = '\0';
	if (h)
		p += sprintf(p, "%dh", h);
	if (m)
		p += sprintf(p, "%dm", m);
	if (s || p == buf)
		sprintf(p, "%ds", s);
	return buf;
}
