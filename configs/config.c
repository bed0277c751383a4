/* config.c - reading a team description from XML (see config.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "check.h"
#include "tz.h"

/* configs/team.rng, compiled in by the Makefile ($(BUILD)/gen/team_rng.c). */
extern const unsigned char config_team_rng[];
extern const size_t config_team_rng_len;

/* One problem before sorting: the reader reports in the order it walks
 * the tree and libxml2 in its own order; users want file order. */
struct found {
	int	 line;
	int	 schema;	/* from the RELAX NG validator */
	int	 order;		/* discovery order, to sort stably */
	char	*text;		/* without the "FILE:LINE: " prefix */
};

enum phase { PHASE_PARSE, PHASE_SCHEMA_LOAD, PHASE_SCHEMA };

struct reader {
	const char	*path;
	struct team	*t;
	enum phase	 phase;
	struct found	*found;
	int		 nfound, capfound;
	/* Attribute values handed out by attr(); freed together at the end
	 * so that the walker need not free each one. */
	struct strlist	 scratch;
};

static void
add_found(struct reader *r, int line, int schema, char *text)
{
	struct found *f;

	/* vec_push returns the (maybe moved) array, not the new element. */
	r->found = vec_push(r->found, &r->nfound, &r->capfound,
	    sizeof(*r->found));
	f = &r->found[r->nfound - 1];
	f->order = r->nfound;
	f->line = line;
	f->schema = schema;
	f->text = text;
}

static void problem(struct reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct reader *r, int line, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	add_found(r, line, 0, s);
}

/* libxml2's structured error handler: every message it would have printed
 * becomes a problem instead. */
static void
on_xml_error(void *data, xmlErrorPtr e)
{
	struct reader *r = data;
	char *msg;
	size_t n;
	int line;

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	msg = xstrdup(e->message ? e->message : "unknown error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	line = e->line;
	if (line <= 0 && e->node != NULL)
		line = (int)xmlGetLineNo(e->node);
	switch (r->phase) {
	case PHASE_PARSE:
		/* After the first, libxml2's messages mostly follow from it
		 * (every enclosing tag then mismatches): keep the first. */
		if (r->nfound > 0)
			break;
		problem(r, line, "XML is not well-formed: %s (fix the XML syntax)",
		    msg);
		break;
	case PHASE_SCHEMA_LOAD:
		problem(r, 0, "cannot load the schema %s: %s (unset ROTA_SCHEMA "
		    "to use the built-in one)", config_schema_path(), msg);
		break;
	case PHASE_SCHEMA:
		add_found(r, line, 1, xasprintf("does not follow the schema: %s "
		    "(see %s)", msg, config_schema_path() ? config_schema_path() :
		    "configs/team.rng"));
		break;
	}
	free(msg);
}

/* Swallow libxml2's unstructured messages too: only configs/ may talk
 * to libxml2, and only cmd files may print. */
static void
on_xml_generic(void *data, const char *fmt, ...)
{
}

static int
line_of(xmlNode *n)
{
	return (int)xmlGetLineNo(n);
}

static int
is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The first child element called name, or NULL. */
static xmlNode *
child(xmlNode *parent, const char *name)
{
	for (xmlNode *n = parent->children; n != NULL; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

/* An attribute's value, or NULL when absent.  Owned by the reader. */
static const char *
attr(struct reader *r, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	if (v == NULL)
		return NULL;
	strlist_add(&r->scratch, "%s", (const char *)v);
	xmlFree(v);
	return r->scratch.v[r->scratch.n - 1];
}

/* How messages name an element: "shift 'D'", or just "cover". */
static const char *
label(struct reader *r, xmlNode *n)
{
	const char *id = attr(r, n, "id");

	if (id != NULL)
		strlist_add(&r->scratch, "%s '%s'", (const char *)n->name, id);
	else
		strlist_add(&r->scratch, "%s", (const char *)n->name);
	return r->scratch.v[r->scratch.n - 1];
}

/* A required attribute, or NULL after reporting it missing. */
static const char *
need(struct reader *r, xmlNode *n, const char *name)
{
	const char *v = attr(r, n, name);

	if (v == NULL)
		problem(r, line_of(n), "%s: missing attribute '%s' (add %s=\"...\")",
		    label(r, n), name, name);
	return v;
}

/* The id of an element that defines one, or NULL after reporting it.  A
 * malformed id is reported but still used, so that references to it do
 * not pile up as unknown ones. */
static const char *
need_id(struct reader *r, xmlNode *n)
{
	const char *id = need(r, n, "id");
	size_t len;

	if (id == NULL)
		return NULL;
	len = strlen(id);
	if (len < 1 || len > 64 || strchr("_.-", id[0]) != NULL ||
	    strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_.-") != len)
		problem(r, line_of(n), "%s: id '%s' is not a valid id (use up to "
		    "64 letters, digits, '_', '.' and '-', starting with a letter "
		    "or digit)", (const char *)n->name, id);
	return id;
}

/* The parsers below leave *out alone when the attribute is absent, so the
 * caller's default stands, and return -1 only for a bad value. */

static int
get_time(struct reader *r, xmlNode *n, const char *name, int required,
    int *out)
{
	const char *v = required ? need(r, n, name) : attr(r, n, name);

	if (v == NULL)
		return required ? -1 : 0;
	if (hhmm_parse(v, out) == 0)
		return 0;
	problem(r, line_of(n), "%s: %s '%s' is not a time (use HH:MM, 00:00 to "
	    "23:59)", label(r, n), name, v);
	return -1;
}

static int
get_duration(struct reader *r, xmlNode *n, const char *name, int required,
    int *out)
{
	const char *v = required ? need(r, n, name) : attr(r, n, name);

	if (v == NULL)
		return required ? -1 : 0;
	if (duration_parse(v, out) == 0)
		return 0;
	problem(r, line_of(n), "%s: %s '%s' is not a duration (use H:MM, such "
	    "as 12:00 or 168:00)", label(r, n), name, v);
	return -1;
}

static int
get_date(struct reader *r, xmlNode *n, const char *name, int required,
    int *out)
{
	const char *v = required ? need(r, n, name) : attr(r, n, name);

	if (v == NULL)
		return required ? -1 : 0;
	if (date_parse(v, out) == 0)
		return 0;
	problem(r, line_of(n), "%s: %s '%s' is not a date (use YYYY-MM-DD, a "
	    "real calendar day)", label(r, n), name, v);
	return -1;
}

/* A whole number from 0 to 1000000 (no limit or weight needs more, and
 * the bound keeps sums far from overflow). */
static int
get_count(struct reader *r, xmlNode *n, const char *name, int required,
    int *out)
{
	const char *v = required ? need(r, n, name) : attr(r, n, name);
	long x = 0;

	if (v == NULL)
		return required ? -1 : 0;
	for (const char *p = v; ; p++) {
		if (*p < '0' || *p > '9' || x > 1000000)
			break;
		x = x * 10 + (*p - '0');
		if (p[1] == '\0' && x <= 1000000) {
			*out = (int)x;
			return 0;
		}
	}
	problem(r, line_of(n), "%s: %s '%s' is not a whole number (use 0 to "
	    "1000000)", label(r, n), name, v);
	return -1;
}

/* A space-separated list of day names into DAYS_* bits.  kinds allows
 * "weekday", "weekend", "holiday" and "all" as well as "mon".."sun". */
static int
get_days(struct reader *r, xmlNode *n, const char *name, int kinds,
    unsigned *out)
{
	const char *v = attr(r, n, name);
	unsigned bits = 0;
	char *copy, *word, *save;
	int bad = 0;

	if (v == NULL)
		return 0;
	copy = xstrdup(v);
	for (word = strtok_r(copy, " \t\r\n", &save); word != NULL;
	    word = strtok_r(NULL, " \t\r\n", &save)) {
		int wd = weekday_from_name(word);

		if (wd >= 0)
			bits |= 1u << wd;
		else if (kinds && strcmp(word, "weekday") == 0)
			bits |= DAYS_WEEKDAY;
		else if (kinds && strcmp(word, "weekend") == 0)
			bits |= DAYS_WEEKEND;
		else if (kinds && strcmp(word, "holiday") == 0)
			bits |= DAYS_HOLIDAY;
		else if (kinds && strcmp(word, "all") == 0)
			bits |= DAYS_ANY;
		else if (!bad++)
			problem(r, line_of(n), "%s: %s: unknown day '%s' (use %s)",
			    label(r, n), name, word, kinds ?
			    "mon tue wed thu fri sat sun weekday weekend holiday all" :
			    "mon tue wed thu fri sat sun");
	}
	free(copy);
	if (bad)
		return -1;
	if (bits == 0) {
		problem(r, line_of(n), "%s: %s is empty (list some days or leave "
		    "the attribute out)", label(r, n), name);
		return -1;
	}
	*out = bits;
	return 0;
}

/* Resolve a reference; -1 after reporting an unknown id with the list
 * of known ones. */
#define RESOLVE(fn, kind, arr, cnt)					\
static int								\
fn(struct reader *r, xmlNode *n, const char *id)			\
{									\
	int i = team_##kind(r->t, id);					\
	char *list;							\
									\
	if (i >= 0)							\
		return i;						\
	list = team_id_list(r->t->arr, r->t->cnt, sizeof(*r->t->arr));		\
	problem(r, line_of(n), "unknown " #kind " '%s' (known: %s)", id, list); \
	free(list);							\
	return -1;							\
}
RESOLVE(ref_rank, rank, ranks, nranks)
RESOLVE(ref_shift, shift, shifts, nshifts)
RESOLVE(ref_contract, contract, contracts, ncontracts)
RESOLVE(ref_agent, agent, agents, nagents)

static void
read_team(struct reader *r, xmlNode *root)
{
	struct team *t = r->t;
	const char *v;
	xmlNode *n;

	if ((v = need_id(r, root)) != NULL)
		t->id = xstrdup(v);
	if ((v = need(r, root, "name")) != NULL)
		t->name = xstrdup(v);
	/* The zone is checked here rather than in team_check() because only
	 * here is its line known; t->tz stays NULL when it is unusable. */
	if ((v = need(r, root, "timezone")) != NULL) {
		if (tz_valid(v))
			t->tz = xstrdup(v);
		else
			problem(r, line_of(root), "unknown time zone '%s' (use an "
			    "IANA name such as Europe/Berlin; see "
			    "/usr/share/zoneinfo)", v);
	}
	if ((n = child(root, "horizon")) != NULL) {
		int first, days = 0;

		if (get_date(r, n, "start", 1, &first) == 0 &&
		    get_count(r, n, "days", 1, &days) == 0) {
			if (days < 1 || days > 366)
				problem(r, line_of(n), "horizon: days '%d' is out of "
				    "range (use 1 to 366)", days);
			else {
				t->horizon_first = first;
				t->horizon_days = days;
			}
		}
	}
	if ((n = child(root, "fairness")) != NULL) {
		get_count(r, n, "nights", 0, &t->fair_nights);
		get_count(r, n, "weekends", 0, &t->fair_weekends);
		get_count(r, n, "duties", 0, &t->fair_duties);
	}
}

static void
read_ranks(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *id;
		struct rank *k;

		if (!is(n, "rank") || (id = need_id(r, n)) == NULL)
			continue;
		if (r->t->nranks == TEAM_MAX_RANKS) {
			problem(r, line_of(n), "too many ranks (at most %d)",
			    TEAM_MAX_RANKS);
			return;
		}
		k = team_add_rank(r->t, id, attr(r, n, "name"));
		k->line = line_of(n);
	}
}

static void
read_shifts(struct reader *r, xmlNode *sec)
{
	xmlNode *n;

	for (n = sec->children; n != NULL; n = n->next) {
		struct shift_type *s;
		const char *id, *night;
		int start = 0, length = 0, ok = 1;

		if (!is(n, "shift") || (id = need_id(r, n)) == NULL)
			continue;
		ok &= get_time(r, n, "start", 1, &start) == 0;
		ok &= get_duration(r, n, "length", 1, &length) == 0;
		s = team_add_shift(r->t, id, attr(r, n, "name"), start, length);
		s->line = line_of(n);
		if (!ok)
			continue;
		if ((night = attr(r, n, "night")) != NULL) {
			if (strcmp(night, "yes") == 0)
				s->night = 1;
			else if (strcmp(night, "no") != 0)
				problem(r, s->line, "%s: night '%s' is not yes or no "
				    "(use night=\"yes\" or leave it out)",
				    label(r, n), night);
		}
		get_days(r, n, "days", 0, &s->days);
		get_duration(r, n, "counts", 0, &s->counts);
	}
	/* Successions after all shifts, so that order does not matter. */
	for (n = sec->children; n != NULL; n = n->next) {
		const char *first, *then;
		int f, th;

		if (!is(n, "forbid"))
			continue;
		first = need(r, n, "first");
		then = need(r, n, "then");
		if (first == NULL || then == NULL)
			continue;
		f = ref_shift(r, n, first);
		th = ref_shift(r, n, then);
		if (f >= 0 && th >= 0)
			team_add_succession(r->t, f, th)->line = line_of(n);
	}
}

static void
read_contracts(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		struct contract *c;
		const char *id;

		if (!is(n, "contract") || (id = need_id(r, n)) == NULL)
			continue;
		c = team_add_contract(r->t, id);
		c->line = line_of(n);
		get_duration(r, n, "max-work", 0, &c->max_minutes);
		get_duration(r, n, "min-work", 0, &c->min_minutes);
		get_count(r, n, "max-consecutive-days", 0, &c->max_consecutive);
		get_count(r, n, "min-consecutive-days", 0, &c->min_consecutive);
		get_count(r, n, "min-days-off", 0, &c->min_days_off);
		get_count(r, n, "max-weekends", 0, &c->max_weekends);
		get_duration(r, n, "min-rest", 0, &c->min_rest);
		for (xmlNode *m = n->children; m != NULL; m = m->next) {
			const char *sh;
			int s, count;

			if (!is(m, "max-shifts") || (sh = need(r, m, "shift")) == NULL)
				continue;
			if (get_count(r, m, "count", 1, &count) == 0 &&
			    (s = ref_shift(r, m, sh)) >= 0)
				c->max_shifts[s] = count;
		}
	}
}

static void
read_agents(struct reader *r, xmlNode *sec)
{
	int implicit = -1;

	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *id, *rank, *con, *v;
		struct agent *a;
		int k, c;

		if (!is(n, "agent"))
			continue;
		id = need_id(r, n);
		rank = need(r, n, "rank");
		if (id == NULL || rank == NULL || (k = ref_rank(r, n, rank)) < 0)
			continue;
		if ((con = attr(r, n, "contract")) != NULL) {
			if ((c = ref_contract(r, n, con)) < 0)
				continue;
		} else {
			/* No contract: the unlimited "default" one, made only
			 * when somebody needs it (or the config's own). */
			if (implicit < 0 &&
			    (implicit = team_contract(r->t, "default")) < 0) {
				team_add_contract(r->t, "default");
				implicit = r->t->ncontracts - 1;
			}
			c = implicit;
		}
		a = team_add_agent(r->t, id, attr(r, n, "name"), k, c);
		a->line = line_of(n);
		if ((v = attr(r, n, "email")) != NULL)
			a->email = xstrdup(v);
		if ((v = attr(r, n, "phone")) != NULL)
			a->phone = xstrdup(v);
		if ((v = attr(r, n, "webhook")) != NULL)
			a->webhook = xstrdup(v);
	}
}

static void
read_coverage(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *rank, *shift, *subs;
		struct cover_rule *c;
		int k, s, min = 0;
		unsigned days = DAYS_ANY;
		int date = -1, ok = 1;

		if (!is(n, "cover"))
			continue;
		rank = need(r, n, "rank");
		shift = need(r, n, "shift");
		ok &= get_count(r, n, "min", 1, &min) == 0;
		if (rank == NULL || shift == NULL)
			continue;
		k = ref_rank(r, n, rank);
		s = ref_shift(r, n, shift);
		if (attr(r, n, "days") != NULL && attr(r, n, "date") != NULL) {
			problem(r, line_of(n), "cover: both days and date given "
			    "(use one rule per date, or days for a pattern)");
			ok = 0;
		}
		ok &= get_days(r, n, "days", 1, &days) == 0;
		ok &= get_date(r, n, "date", 0, &date) == 0;
		if (k < 0 || s < 0 || !ok)
			continue;
		c = team_add_cover(r->t, k, s, min);
		c->line = line_of(n);
		c->days = days;
		c->date = date;
		get_count(r, n, "max", 0, &c->max);
		get_count(r, n, "under-weight", 0, &c->under_weight);
		get_count(r, n, "over-weight", 0, &c->over_weight);
		if ((subs = attr(r, n, "substitutes")) != NULL) {
			char *copy = xstrdup(subs), *word, *save;

			for (word = strtok_r(copy, " \t\r\n", &save); word != NULL;
			    word = strtok_r(NULL, " \t\r\n", &save))
				if ((k = ref_rank(r, n, word)) >= 0)
					c->substitutes |= (uint64_t)1 << k;
			free(copy);
		}
	}
}

static void
read_holidays(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		int date;

		if (is(n, "holiday") && get_date(r, n, "date", 1, &date) == 0)
			team_add_holiday(r->t, date, attr(r, n, "name"))->line =
			    line_of(n);
	}
}

static void
read_leave(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *who, *why;
		struct leave *l;
		int a, first, last, ok = 1;

		if (!is(n, "absence"))
			continue;
		who = need(r, n, "agent");
		ok &= get_date(r, n, "from", 1, &first) == 0;
		ok &= get_date(r, n, "to", 1, &last) == 0;
		if (who == NULL || (a = ref_agent(r, n, who)) < 0 || !ok)
			continue;
		l = team_add_leave(r->t, a, first, last);
		l->line = line_of(n);
		if ((why = attr(r, n, "reason")) != NULL)
			l->reason = xstrdup(why);
	}
}

static void
read_wishes(struct reader *r, xmlNode *sec)
{
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *who, *want, *sh;
		int a, date, s = -1, on, weight = 1, ok = 1;

		if (!is(n, "wish"))
			continue;
		who = need(r, n, "agent");
		want = need(r, n, "want");
		ok &= get_date(r, n, "date", 1, &date) == 0;
		ok &= get_count(r, n, "weight", 0, &weight) == 0;
		if (who == NULL || want == NULL || (a = ref_agent(r, n, who)) < 0)
			continue;
		if ((sh = attr(r, n, "shift")) != NULL &&
		    (s = ref_shift(r, n, sh)) < 0)
			continue;
		if (strcmp(want, "on") == 0)
			on = 1;
		else if (strcmp(want, "off") == 0)
			on = 0;
		else {
			problem(r, line_of(n), "wish: want '%s' is not on or off "
			    "(use want=\"on\" or want=\"off\")", want);
			continue;
		}
		if (ok)
			team_add_wish(r->t, a, date, s, on, weight)->line = line_of(n);
	}
}

/* A wait ("5m", "2s"), or -1 after reporting a bad one. */
static int
get_wait(struct reader *r, xmlNode *n, const char *name, int *out)
{
	const char *v = attr(r, n, name);

	if (v == NULL || team_wait_parse(v, out) == 0)
		return 0;
	problem(r, line_of(n), "%s: %s '%s' is not a wait (use seconds, minutes "
	    "or hours such as 30s, 5m, 1h30m; at most a day)", label(r, n), name,
	    v);
	return -1;
}

static void
read_escalation(struct reader *r, xmlNode *sec)
{
	struct escalation *e = &r->t->esc;
	const char *v;

	e->line = line_of(sec);
	get_wait(r, sec, "wait", &e->wait);
	get_count(r, sec, "repeat", 0, &e->repeat);
	get_count(r, sec, "retries", 0, &e->retries);
	get_wait(r, sec, "retry-wait", &e->retry_wait);
	if ((v = attr(r, sec, "smtp")) != NULL)
		e->smtp = xstrdup(v);
	if ((v = attr(r, sec, "from")) != NULL)
		e->from = xstrdup(v);
	for (xmlNode *n = sec->children; n != NULL; n = n->next) {
		const char *rank, *agent;
		struct esc_level *l;
		int k = -1, a = -1, wait = -1;

		if (!is(n, "level"))
			continue;
		rank = attr(r, n, "rank");
		agent = attr(r, n, "agent");
		if ((rank == NULL) == (agent == NULL)) {
			problem(r, line_of(n), "level: give either rank or agent "
			    "(one level pages one rank's duty or one person)");
			continue;
		}
		if (rank != NULL && (k = ref_rank(r, n, rank)) < 0)
			continue;
		if (agent != NULL && (a = ref_agent(r, n, agent)) < 0)
			continue;
		if (get_wait(r, n, "wait", &wait) != 0)
			continue;
		l = team_add_esc_level(r->t, k, a);
		l->wait = wait;
		l->line = line_of(n);
	}
}

/* Which attributes and child elements each element may have: the same
 * as team.rng says, so that the reader can name a stray attribute or
 * element plainly where the validator's message would be cryptic. */
static const struct shape {
	const char *name;
	const char *attrs;
	const char *children;
} shapes[] = {
	{ "team", "id name timezone", "horizon fairness ranks shifts "
	    "contracts agents coverage holidays leave wishes escalation" },
	{ "horizon", "start days", "" },
	{ "fairness", "nights weekends duties", "" },
	{ "ranks", "", "rank" },
	{ "rank", "id name", "" },
	{ "shifts", "", "shift forbid" },
	{ "shift", "id name start length night days counts", "" },
	{ "forbid", "first then", "" },
	{ "contracts", "", "contract" },
	{ "contract", "id max-work min-work max-consecutive-days "
	    "min-consecutive-days min-days-off max-weekends min-rest",
	    "max-shifts" },
	{ "max-shifts", "shift count", "" },
	{ "agents", "", "agent" },
	{ "agent", "id name rank contract email phone webhook", "" },
	{ "coverage", "", "cover" },
	{ "cover", "rank shift days date min max under-weight over-weight "
	    "substitutes", "" },
	{ "holidays", "", "holiday" },
	{ "holiday", "date name", "" },
	{ "leave", "", "absence" },
	{ "absence", "agent from to reason", "" },
	{ "wishes", "", "wish" },
	{ "wish", "agent date shift want weight", "" },
	{ "escalation", "wait repeat retries retry-wait smtp from", "level" },
	{ "level", "rank agent wait", "" },
};

/* Is word one of the space-separated words in list? */
static int
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Report attributes, elements and text the format does not have. */
static void
check_shape(struct reader *r, xmlNode *n)
{
	const struct shape *sh = NULL;

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		if (strcmp(shapes[i].name, (const char *)n->name) == 0)
			sh = &shapes[i];
	if (sh == NULL)
		return;
	for (xmlAttr *a = n->properties; a != NULL; a = a->next)
		if (a->ns != NULL || !in_list(sh->attrs, (const char *)a->name))
			problem(r, line_of(n), "%s: unknown attribute '%s' (%s%s)",
			    label(r, n), (const char *)a->name,
			    sh->attrs[0] ? "known: " : "it takes none",
			    sh->attrs);
	for (xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			/* Each section of <team> comes once. */
			if (n->parent != NULL &&
			    n->parent->type == XML_DOCUMENT_NODE &&
			    child(n, (const char *)c->name) != c)
				problem(r, line_of(c), "a second <%s> in <team> "
				    "(merge it into the one on line %d)",
				    (const char *)c->name,
				    line_of(child(n, (const char *)c->name)));
			else if (c->ns == NULL && in_list(sh->children,
			    (const char *)c->name))
				check_shape(r, c);
			else
				problem(r, line_of(c), "unknown element <%s> in <%s> "
				    "(%s%s)", (const char *)c->name,
				    (const char *)n->name, sh->children[0] ?
				    "known: " : "it has no elements inside",
				    sh->children);
		} else if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			const char *p = (const char *)c->content;

			while (p != NULL && (*p == ' ' || *p == '\t' ||
			    *p == '\n' || *p == '\r'))
				p++;
			if (p != NULL && *p != '\0')
				problem(r, line_of(c), "unexpected text in <%s> "
				    "(all values go in attributes)",
				    (const char *)n->name);
		}
	}
}

/* Map the document into r->t, reporting what cannot be mapped.  Robust
 * against documents the schema rejected: every lookup is checked. */
static void
read_doc(struct reader *r, xmlNode *root)
{
	static const struct {
		const char *name;
		void (*fn)(struct reader *, xmlNode *);
		int required;
	} sections[] = {
		/* Dependency order: shifts before contracts, ranks and
		 * contracts before agents, agents before leave and wishes. */
		{ "ranks", read_ranks, 1 },
		{ "shifts", read_shifts, 1 },
		{ "contracts", read_contracts, 0 },
		{ "agents", read_agents, 1 },
		{ "coverage", read_coverage, 1 },
		{ "holidays", read_holidays, 0 },
		{ "leave", read_leave, 0 },
		{ "wishes", read_wishes, 0 },
		{ "escalation", read_escalation, 0 },
	};

	check_shape(r, root);
	read_team(r, root);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		xmlNode *sec = child(root, sections[i].name);

		if (sec != NULL)
			sections[i].fn(r, sec);
		else if (sections[i].required)
			problem(r, line_of(root), "team: missing <%s> section "
			    "(add <%s> with at least one entry)",
			    sections[i].name, sections[i].name);
	}
}

/* Validate against the schema; its messages land in r->found. */
static void
validate(struct reader *r, xmlDoc *doc)
{
	const char *path = config_schema_path();
	xmlRelaxNGParserCtxtPtr pctx;
	xmlRelaxNGValidCtxtPtr vctx;
	xmlRelaxNGPtr schema;

	r->phase = PHASE_SCHEMA_LOAD;
	if (path != NULL)
		pctx = xmlRelaxNGNewParserCtxt(path);
	else
		pctx = xmlRelaxNGNewMemParserCtxt((const char *)config_team_rng,
		    (int)config_team_rng_len);
	xmlRelaxNGSetParserStructuredErrors(pctx, on_xml_error, r);
	schema = xmlRelaxNGParse(pctx);
	xmlRelaxNGFreeParserCtxt(pctx);
	if (schema == NULL) {
		if (r->nfound == 0)
			problem(r, 0, "cannot load the schema %s (unset "
			    "ROTA_SCHEMA to use the built-in one)",
			    path ? path : "(built-in)");
		return;
	}
	r->phase = PHASE_SCHEMA;
	vctx = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vctx, on_xml_error, r);
	xmlRelaxNGValidateDoc(vctx, doc);
	xmlRelaxNGFreeValidCtxt(vctx);
	xmlRelaxNGFree(schema);
}

static int
by_line(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	/* qsort is not stable: keep the order of discovery within a line. */
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Move r->found into problems in file order.  The validator's messages
 * are terse and often repeat what the reader already said better, so they
 * are kept only when the reader found nothing (the schema has the last
 * word), and then only the first one for each line. */
static void
flush_found(struct reader *r, struct strlist *problems)
{
	int reader = 0, lined = 0;

	for (int i = 0; i < r->nfound; i++) {
		reader += !r->found[i].schema;
		lined += r->found[i].line > 0;
	}
	for (int i = 0; i < r->nfound; i++) {
		struct found *f = &r->found[i];
		int drop = 0;

		if (f->schema) {
			drop = reader > 0 || (f->line <= 0 && lined > 0);
			for (int j = 0; j < i && !drop; j++)
				drop = r->found[j].line == f->line;
		}
		if (drop) {
			free(f->text);
			f->text = NULL;
		}
	}
	if (r->nfound > 1)
		qsort(r->found, (size_t)r->nfound, sizeof(*r->found), by_line);
	for (int i = 0; i < r->nfound; i++) {
		struct found *f = &r->found[i];

		if (f->text == NULL)
			continue;
		if (f->line > 0)
			strlist_add(problems, "%s:%d: %s", r->path, f->line, f->text);
		else
			strlist_add(problems, "%s: %s", r->path, f->text);
		free(f->text);
	}
	free(r->found);
	r->found = NULL;
	r->nfound = r->capfound = 0;
}

/* Run team_check() and fold its problems in with the reader's, so that
 * all of them come out in file order.  Its lines read "SOURCE:LINE: ..."
 * with SOURCE = r->path. */
static void
merge_check(struct reader *r)
{
	struct strlist l = { 0 };
	size_t plen = strlen(r->path);

	team_check(r->t, &l);
	for (int i = 0; i < l.n; i++) {
		const char *s = l.v[i], *p = s + plen;
		int line = 0;

		if (strncmp(s, r->path, plen) == 0 && *p == ':') {
			for (p++; *p >= '0' && *p <= '9'; p++)
				line = line * 10 + (*p - '0');
			if (*p == ':')
				p++;
			while (*p == ' ')
				p++;
		} else
			p = s;
		add_found(r, line, 0, xstrdup(p));
	}
	strlist_release(&l);
}

const char *
config_schema_path(void)
{
	const char *p = getenv("ROTA_SCHEMA");

	return p != NULL && p[0] != '\0' ? p : NULL;
}

struct team *
config_read(const char *path, struct strlist *problems)
{
	struct reader r = { .path = path };
	xmlParserCtxtPtr ctx;
	xmlDoc *doc = NULL;
	xmlNode *root;
	char *buf, *err = NULL;
	size_t len;
	int before = problems->n;

	if ((buf = file_read(path, &len, &err)) == NULL) {
		strlist_add(problems, "%s", err);
		free(err);
		return NULL;
	}
	if (len > 64u * 1024 * 1024) {
		strlist_add(problems, "%s: file is too large (a team config is "
		    "at most 64 MiB)", path);
		free(buf);
		return NULL;
	}
	xmlSetStructuredErrorFunc(&r, on_xml_error);
	xmlSetGenericErrorFunc(&r, on_xml_generic);

	/* No network, no entity substitution (XML_PARSE_NOENT is left out on
	 * purpose) and no DTD loading: a config is plain elements. */
	r.phase = PHASE_PARSE;
	if ((ctx = xmlNewParserCtxt()) != NULL) {
		doc = xmlCtxtReadMemory(ctx, buf, (int)len, path, NULL,
		    XML_PARSE_NONET | XML_PARSE_BIG_LINES);
		xmlFreeParserCtxt(ctx);
	}
	free(buf);
	if (doc == NULL || r.nfound > 0) {
		if (r.nfound == 0)
			problem(&r, 0, "XML is not well-formed (fix the XML syntax)");
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		/* Entities are the way into billion-laughs and external file
		 * tricks; a team config never needs them. */
		problem(&r, root ? line_of(root) : 0, "a DOCTYPE is not allowed "
		    "(remove the <!DOCTYPE ...> and any entities)");
		goto done;
	}
	if (root == NULL || !is(root, "team")) {
		problem(&r, root ? line_of(root) : 0, "the top element is <%s>, "
		    "not <team> (start the file with <team id=... name=... "
		    "timezone=...>)", root ? (const char *)root->name : "");
		goto done;
	}
	validate(&r, doc);
	r.t = team_new();
	r.t->source = xstrdup(path);
	read_doc(&r, root);
done:
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (r.t != NULL)
		merge_check(&r);
	flush_found(&r, problems);
	xmlFreeDoc(doc);
	strlist_release(&r.scratch);
	if (problems->n > before) {
		team_free(r.t);
		return NULL;
	}
	return r.t;
}
