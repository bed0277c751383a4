/* feed.c - writing a roster as iCalendar feeds with libical (see cal.h). */
#include "cal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include <libical/ical.h>

#include "tz.h"
#include "util.h"

/* What every feed of one publish shares: the team, the duties (sorted by
 * start, then UID) with their team rank and agent resolved, and the
 * revision time that is every event's DTSTAMP. */
struct pub {
	const struct team *t;
	const struct cal_feed *f;
	int	*rank;		/* [nduties]: index into t->ranks, or -1 */
	int	*agent;		/* [nduties]: index into t->agents, or -1 */
	char   **desc;		/* [nduties]: DESCRIPTION */
	time_t	 stamp;
	int	 refresh;	/* minutes */
};

/* Agent and rank ids become file names: refuse anything that could leave
 * the feed directory or hide itself. */
static int
safe_name(const char *what, const char *id, char **errp)
{
	if (id[0] == '\0' || id[0] == '.' || strchr(id, '/') != NULL)
		return err_set(errp, "%s id '%s' cannot be a file name "
		    "(no '/', must not start with '.')", what, id);
	return 0;
}

static void
add_x(icalcomponent *c, const char *name, const char *value)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(c, p);
}

/* A floating local time from a wall-clock instant (seconds since the
 * epoch as if local time were UTC). */
static struct icaltimetype
wall_time(time_t wall)
{
	struct icaltimetype tt = icaltime_null_time();
	time_t days = wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
	long secs = (long)(wall - days * 86400);
	int y, m, d;

	date_to_ymd((int)days, &y, &m, &d);
	tt.year = y;
	tt.month = m;
	tt.day = d;
	tt.hour = (int)(secs / 3600);
	tt.minute = (int)(secs / 60 % 60);
	tt.second = (int)(secs % 60);
	return tt;
}

struct zstate {
	long	 off;
	int	 dst;
	char	 name[16];
};

static void
zstate_at(time_t t, struct zstate *z)
{
	struct tm tm;

	localtime_r(&t, &tm);
	z->off = tm.tm_gmtoff;
	z->dst = tm.tm_isdst > 0;
	snprintf(z->name, sizeof(z->name), "%s", tm.tm_zone ? tm.tm_zone : "");
}

static int
zstate_eq(const struct zstate *a, const struct zstate *b)
{
	return a->off == b->off && a->dst == b->dst &&
	    strcmp(a->name, b->name) == 0;
}

static void
add_observance(icalcomponent *vtz, time_t at, const struct zstate *from,
    const struct zstate *to)
{
	icalcomponent *o = to->dst ? icalcomponent_new_xdaylight() :
	    icalcomponent_new_xstandard();

	icalcomponent_add_property(o, icalproperty_new_tzname(to->name));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetfrom((int)from->off));
	icalcomponent_add_property(o, icalproperty_new_tzoffsetto((int)to->off));
	/* DTSTART of an observance is the wall clock before the change. */
	icalcomponent_add_property(o, icalproperty_new_dtstart(wall_time(at + from->off)));
	icalcomponent_add_component(vtz, o);
}

/* The VTIMEZONE of the current zone over whole years from..to, built from
 * the C library's tzdata: one observance for the state on 1 January of the
 * first year and one per change after it, without RRULEs, so every client
 * reads exactly the offsets the roster was made with.  (libical's own
 * zones carry a "/freeassociation..." TZID and decades of history.) */
static icalcomponent *
make_vtimezone(const char *zone, time_t from, time_t to)
{
	icalcomponent *vtz = icalcomponent_new_vtimezone();
	int d0, d1, m, y, mo, dd;
	time_t t, end;
	struct zstate cur, nx;

	icalcomponent_add_property(vtz, icalproperty_new_tzid(zone));
	add_x(vtz, "X-LIC-LOCATION", zone);
	tz_utc_to_local(from, &d0, &m);
	date_to_ymd(d0, &y, &mo, &dd);
	t = tz_local_to_utc(date_from_ymd(y, 1, 1), 0, NULL);
	tz_utc_to_local(to, &d1, &m);
	date_to_ymd(d1, &y, &mo, &dd);
	end = tz_local_to_utc(date_from_ymd(y + 1, 1, 1), 0, NULL);

	zstate_at(t, &cur);
	add_observance(vtz, t, &cur, &cur);
	/* Zones change at most once a day: step by days, then bisect. */
	for (; t < end; t += 86400) {
		time_t lo = t, hi = t + 86400;

		zstate_at(hi, &nx);
		if (zstate_eq(&cur, &nx))
			continue;
		while (hi - lo > 1) {
			time_t mid = lo + (hi - lo) / 2;
			struct zstate z;

			zstate_at(mid, &z);
			if (zstate_eq(&cur, &z))
				lo = mid;
			else
				hi = mid;
		}
		add_observance(vtz, hi, &cur, &nx);
		cur = nx;
	}
	return vtz;
}

/* "12 h" or "7 h 30 min". */
static char *
hours(int minutes)
{
	if (minutes % 60 == 0)
		return xasprintf("%d h", minutes / 60);
	return xasprintf("%d h %02d min", minutes / 60, minutes % 60);
}

static const char *
contact_of(const struct agent *a)
{
	return a->email != NULL ? a->email : a->phone;
}

static const struct shift_type *
shift_of(const struct team *t, const char *id)
{
	for (int i = 0; id != NULL && i < t->nshifts; i++)
		if (strcmp(t->shifts[i].id, id) == 0)
			return &t->shifts[i];
	return NULL;
}

/* Who an agent on duty k escalates to: the agents on duty, at the duty's
 * start, for the next rank up that has anyone on duty then.  Computed
 * from the published duties, so an override shows in everyone's text. */
static char *
escalation(const struct pub *p, int k)
{
	const struct cal_feed *f = p->f;
	time_t at = f->duties[k].start;
	char *out = NULL;

	if (p->rank[k] < 0)
		return xstrdup("Escalate to: see the team's escalation policy.");
	if (p->rank[k] == p->t->nranks - 1)
		return xstrdup("Escalate to: nobody, this is the top of the ladder.");
	for (int rk = p->rank[k] + 1; rk < p->t->nranks && out == NULL; rk++) {
		const struct rank *rr = &p->t->ranks[rk];

		for (int i = 0; i < f->nduties; i++) {
			const struct cal_duty *o = &f->duties[i];
			const char *c = o->contact;
			const char *nm = o->agent_name ? o->agent_name :
			    o->agent ? o->agent : "?";
			char *prev = out;

			if (p->rank[i] != rk || o->start > at || o->end <= at)
				continue;
			if (prev == NULL)
				out = xasprintf("Escalate to %s (%s)%s: %s%s%s%s",
				    rr->id, rr->name, rk == p->rank[k] + 1 ? "" :
				    " (nobody on the rank between)", nm,
				    c ? " <" : "", c ? c : "", c ? ">" : "");
			else
				out = xasprintf("%s, %s%s%s%s", prev, nm,
				    c ? " <" : "", c ? c : "", c ? ">" : "");
			free(prev);
		}
	}
	if (out == NULL)
		return xstrdup("Escalate to: nobody above is on duty then.");
	return out;
}

/* Where a whole duty of shift st that starts at the instant start ends:
 * the same wall-clock arithmetic as grid_build() (a start the clocks
 * skipped still names its configured time). */
static time_t
whole_end(const struct shift_type *st, time_t start)
{
	int date, min, end;

	tz_utc_to_local(start, &date, &min);
	end = st->start + st->length;
	return tz_local_to_utc(date + end / 1440, end % 1440, NULL);
}

static char *
describe(const struct pub *p, int k)
{
	const struct cal_duty *du = &p->f->duties[k];
	const struct shift_type *st = shift_of(p->t, du->shift);
	int minutes = (int)((du->end - du->start) / 60);
	char b1[17], b2[17], *len, *nominal = NULL, *esc, *d, *part = NULL;

	len = hours(minutes);
	if (st != NULL && du->duty_start == du->start &&
	    du->end == whole_end(st, du->duty_start) && minutes != st->length) {
		char *n = hours(st->length);

		nominal = xasprintf(" (usually %s: the clocks change during "
		    "this duty)", n);
		free(n);
	}
	if (st != NULL && (du->duty_start != du->start ||
	    du->end != whole_end(st, du->duty_start)))
		part = xasprintf("Part of the %s shift that starts %s; someone "
		    "else covers the rest.\n", st->name,
		    local_format(du->duty_start, b1));
	esc = escalation(p, k);
	d = xasprintf("%s (%s) on duty, %s shift, from %s to %s %s.\n"
	    "Length: %s%s.\n%s%s", du->rank ? du->rank : "?",
	    p->rank[k] >= 0 ? p->t->ranks[p->rank[k]].name : "?",
	    st ? st->name : du->shift ? du->shift : "?",
	    local_format(du->start, b1), local_format(du->end, b2), p->t->tz,
	    len, nominal ? nominal : "", part ? part : "", esc);
	free(len);
	free(nominal);
	free(part);
	free(esc);
	return d;
}

/* DTSTART/DTEND: local wall clock with the zone's TZID, or UTC for the
 * rare instant the local clock cannot name (the second pass through a
 * repeated hour). */
static icalproperty *
when(int is_start, const char *zone, time_t t)
{
	struct icaltimetype tt;
	int date, min;
	icalproperty *p;

	tz_utc_to_local(t, &date, &min);
	if (tz_local_to_utc(date, min, NULL) != t) {
		tt = icaltime_from_timet_with_zone(t, 0,
		    icaltimezone_get_utc_timezone());
		return is_start ? icalproperty_new_dtstart(tt) :
		    icalproperty_new_dtend(tt);
	}
	tt = wall_time(t + tz_offset(t));
	p = is_start ? icalproperty_new_dtstart(tt) : icalproperty_new_dtend(tt);
	icalproperty_add_parameter(p, icalparameter_new_tzid(zone));
	return p;
}

static struct icaltimetype
utc_time(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0,
	    icaltimezone_get_utc_timezone());
}

static char *
summary_of(const struct pub *p, int k, int agent_feed)
{
	const struct cal_duty *du = &p->f->duties[k];
	const struct shift_type *st = shift_of(p->t, du->shift);
	const char *sn = st ? st->name : du->shift ? du->shift : "duty";

	if (agent_feed)
		return xasprintf("On duty: %s %s", du->rank ? du->rank : "?", sn);
	return xasprintf("On duty: %s %s (%s)", du->rank ? du->rank : "?", sn,
	    du->agent_name ? du->agent_name : du->agent ? du->agent : "?");
}

static icalcomponent *
make_event(const struct pub *p, int k, int agent_feed)
{
	const struct cal_duty *du = &p->f->duties[k];
	icalcomponent *v = icalcomponent_new_vevent();
	char *sum;

	icalcomponent_add_property(v, icalproperty_new_uid(du->uid));
	icalcomponent_add_property(v, icalproperty_new_dtstamp(utc_time(p->stamp)));
	icalcomponent_add_property(v, when(1, p->t->tz, du->start));
	icalcomponent_add_property(v, when(0, p->t->tz, du->end));
	icalcomponent_add_property(v, icalproperty_new_sequence(du->sequence));
	icalcomponent_add_property(v, icalproperty_new_lastmodified(
	    utc_time(du->modified)));
	icalcomponent_add_property(v, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(v, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	{
		/* RFC 5546 wants an ORGANIZER in every PUBLISHed event (libical
		 * checks it): the team, at its e-mail sender if it has one,
		 * else at a reserved .invalid address nobody can write to. */
		char *org = p->t->esc.from != NULL ?
		    xasprintf("mailto:%s", p->t->esc.from) :
		    xasprintf("mailto:rota@%s.invalid", p->t->id);
		icalproperty *op = icalproperty_new_organizer(org);

		icalproperty_add_parameter(op, icalparameter_new_cn(p->t->name));
		icalcomponent_add_property(v, op);
		free(org);
	}
	sum = summary_of(p, k, agent_feed);
	icalcomponent_add_property(v, icalproperty_new_summary(sum));
	free(sum);
	icalcomponent_add_property(v, icalproperty_new_description(p->desc[k]));
	if (du->rank != NULL)
		icalcomponent_add_property(v, icalproperty_new_categories(du->rank));
	if (du->contact != NULL)
		icalcomponent_add_property(v, icalproperty_new_contact(du->contact));
	if (du->agent != NULL)
		add_x(v, "X-ROTA-AGENT", du->agent);
	if (du->agent_name != NULL)
		add_x(v, "X-ROTA-AGENT-NAME", du->agent_name);
	if (du->rank != NULL)
		add_x(v, "X-ROTA-RANK", du->rank);
	if (du->shift != NULL)
		add_x(v, "X-ROTA-SHIFT", du->shift);
	return v;
}

static int
str_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* One feed as text: every duty (agent and rank NULL), one agent's, or
 * those filling one rank.  Caller frees. */
static char *
render(const struct pub *p, const char *calname, const char *agent,
    const char *rank)
{
	const struct team *t = p->t;
	const struct cal_feed *f = p->f;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	char *s, *v, *out, b1[11], b2[11];
	time_t lo, hi;

	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//rota//rota//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	add_x(cal, "X-WR-CALNAME", calname);
	add_x(cal, "X-WR-TIMEZONE", t->tz);
	v = p->refresh % 60 == 0 ? xasprintf("PT%dH", p->refresh / 60) :
	    xasprintf("PT%dM", p->refresh);
	s = xasprintf("REFRESH-INTERVAL;VALUE=DURATION:%s", v);
	icalcomponent_add_property(cal, icalproperty_new_from_string(s));
	free(s);
	add_x(cal, "X-PUBLISHED-TTL", v);
	free(v);
	s = xasprintf("%s/%s", date_format(f->horizon_first, b1),
	    date_format(f->horizon_first + f->horizon_days - 1, b2));
	add_x(cal, "X-ROTA-HORIZON", s);
	free(s);
	for (int i = 0; i < t->nranks; i++) {
		s = xasprintf("%s;%s", t->ranks[i].id, t->ranks[i].name);
		add_x(cal, "X-ROTA-RANK", s);
		free(s);
	}

	/* The zone must cover every event and the horizon. */
	lo = tz_local_to_utc(f->horizon_first, 0, NULL);
	hi = tz_local_to_utc(f->horizon_first + f->horizon_days, 0, NULL);
	for (int i = 0; i < f->nduties; i++) {
		if (f->duties[i].start < lo)
			lo = f->duties[i].start;
		if (f->duties[i].end > hi)
			hi = f->duties[i].end;
	}
	icalcomponent_add_component(cal, make_vtimezone(t->tz, lo, hi));

	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *du = &f->duties[i];

		if ((agent != NULL && !str_eq(du->agent, agent)) ||
		    (rank != NULL && !str_eq(du->rank, rank)))
			continue;
		icalcomponent_add_component(cal, make_event(p, i, agent != NULL));
	}
	s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	out = xstrdup(s);
	icalmemory_free_buffer(s);
	return out;
}

static int
duty_cmp(const void *a, const void *b)
{
	const struct cal_duty *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->uid ? x->uid : "", y->uid ? y->uid : "");
}

void
cal_feed_sort(struct cal_feed *f)
{
	if (f->nduties > 1)
		qsort(f->duties, (size_t)f->nduties, sizeof(*f->duties), duty_cmp);
}

struct cal_feed *
cal_feed_from_roster(const struct roster *r)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	struct roster sorted = *r;
	struct cal_feed *f = xcalloc(1, sizeof(*f));

	f->name = xasprintf("%s: all duties", t->name);
	f->tz = xstrdup(t->tz);
	f->ranks = xcalloc((size_t)t->nranks + 1, sizeof(char *));
	f->rank_names = xcalloc((size_t)t->nranks + 1, sizeof(char *));
	for (int i = 0; i < t->nranks; i++) {
		f->ranks[i] = xstrdup(t->ranks[i].id);
		f->rank_names[i] = xstrdup(t->ranks[i].name);
	}
	f->nranks = t->nranks;
	f->horizon_first = g->horizon_first;
	f->horizon_days = g->horizon_days;

	/* UIDs number duties within (slot, rank) in canonical order. */
	sorted.duties = xmalloc((size_t)(r->nduties + 1) * sizeof(*r->duties));
	if (r->nduties > 0)	/* an empty roster may have no array */
		memcpy(sorted.duties, r->duties,
		    (size_t)r->nduties * sizeof(*r->duties));
	roster_sort(&sorted);
	f->duties = xcalloc((size_t)sorted.nduties + 1, sizeof(*f->duties));
	f->nduties = sorted.nduties;
	for (int i = 0; i < sorted.nduties; i++) {
		const struct duty *du = &sorted.duties[i];
		const struct slot *s = &g->slots[du->slot];
		const struct agent *a = &t->agents[du->agent];
		struct cal_duty *d = &f->duties[i];
		const char *c = contact_of(a);
		int y, m, dd;

		date_to_ymd(g->days[s->day].date, &y, &m, &dd);
		d->uid = xasprintf("%s-%04d%02d%02d-%s-%s-%d@rota", t->id,
		    y, m, dd, t->shifts[s->shift].id, t->ranks[du->rank].id,
		    roster_duty_index(&sorted, i));
		d->summary = xasprintf("On duty: %s %s (%s)",
		    t->ranks[du->rank].id, t->shifts[s->shift].name, a->name);
		d->agent = xstrdup(a->id);
		d->agent_name = xstrdup(a->name);
		d->contact = c ? xstrdup(c) : NULL;
		d->rank = xstrdup(t->ranks[du->rank].id);
		d->shift = xstrdup(t->shifts[s->shift].id);
		d->start = d->duty_start = s->start;
		d->end = s->end;
	}
	free(sorted.duties);
	cal_feed_sort(f);
	return f;
}

struct cal_duty *
cal_feed_find(const struct cal_feed *f, const char *uid)
{
	for (int i = 0; f != NULL && i < f->nduties; i++)
		if (str_eq(f->duties[i].uid, uid))
			return &f->duties[i];
	return NULL;
}

void
cal_duty_copy(struct cal_duty *to, const struct cal_duty *from)
{
	*to = *from;
	to->uid = from->uid ? xstrdup(from->uid) : NULL;
	to->summary = from->summary ? xstrdup(from->summary) : NULL;
	to->agent = from->agent ? xstrdup(from->agent) : NULL;
	to->agent_name = from->agent_name ? xstrdup(from->agent_name) : NULL;
	to->contact = from->contact ? xstrdup(from->contact) : NULL;
	to->rank = from->rank ? xstrdup(from->rank) : NULL;
	to->shift = from->shift ? xstrdup(from->shift) : NULL;
}

void
cal_duty_release(struct cal_duty *d)
{
	free(d->uid);
	free(d->summary);
	free(d->agent);
	free(d->agent_name);
	free(d->contact);
	free(d->rank);
	free(d->shift);
}

int
cal_feed_carry(struct cal_feed *f, const struct cal_feed *prev)
{
	time_t first, last;
	int cap = f->nduties, n = 0;

	if (prev == NULL || tz_use(f->tz) != 0)
		return 0;
	first = tz_local_to_utc(f->horizon_first, 0, NULL);
	last = tz_local_to_utc(f->horizon_first + f->horizon_days, 0, NULL);
	for (int i = 0; i < prev->nduties; i++) {
		const struct cal_duty *d = &prev->duties[i];
		struct cal_duty *same;

		if (d->uid == NULL)
			continue;
		/* The new horizon replaces what was published for it. */
		if (d->start >= first && d->start < last)
			continue;
		if (d->start < first && d->end <= first - CAL_KEEP_PAST)
			continue;
		if ((same = cal_feed_find(f, d->uid)) != NULL) {
			/* A lead-in duty (it started before the horizon) was
			 * published, perhaps worked: keep it as it was. */
			cal_duty_release(same);
			cal_duty_copy(same, d);
			n++;
			continue;
		}
		f->duties = vec_push(f->duties, &f->nduties, &cap,
		    sizeof(*f->duties));
		cal_duty_copy(&f->duties[f->nduties - 1], d);
		n++;
	}
	cal_feed_sort(f);
	return n;
}

/* DIR/revision: "revision N" and "time YYYY-MM-DDTHH:MM:SSZ". */
int
cal_revision_read(const char *dir, struct cal_revision *rev, char **errp)
{
	char *path = xasprintf("%s/revision", dir), *text;
	struct tm tm = { 0 };
	int n;

	rev->number = 0;
	rev->time = 0;
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if ((text = file_read(path, NULL, errp)) == NULL) {
		free(path);
		return -1;
	}
	if (sscanf(text, "revision %d\ntime %d-%d-%dT%d:%d:%dZ", &n,
	    &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	    &tm.tm_sec) != 7 || n < 1) {
		err_set(errp, "%s: not a revision file (expected 'revision N' "
		    "and 'time YYYY-MM-DDTHH:MM:SSZ'; remove it to start again "
		    "from revision 1)", path);
		free(text);
		free(path);
		return -1;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	rev->number = n;
	rev->time = timegm(&tm);
	free(text);
	free(path);
	return 0;
}

static int
write_text(const char *path, const char *text, char **errp)
{
	struct atomic_file af;

	if (af_open(&af, path, errp) != 0)
		return -1;
	fputs(text, af.fp);
	return af_commit(&af, errp);
}

/* The files of one publish, rendered in memory first so that an
 * unchanged publish can be recognised before anything is written. */
struct outfile {
	char	*path;
	char	*text;
};

static void
outfiles_free(struct outfile *o, int n)
{
	for (int i = 0; i < n; i++) {
		free(o[i].path);
		free(o[i].text);
	}
	free(o);
}

static struct outfile *
render_all(struct pub *p, const char *dir, int *np)
{
	const struct team *t = p->t;
	int n = 1 + t->nagents + t->nranks, k = 0;
	struct outfile *o = xcalloc((size_t)n, sizeof(*o));
	char *name;

	for (int i = 0; i < p->f->nduties; i++) {
		free(p->desc[i]);
		p->desc[i] = describe(p, i);
	}
	o[k].path = xasprintf("%s/team.ics", dir);
	name = xasprintf("%s: all duties", t->name);
	o[k++].text = render(p, name, NULL, NULL);
	free(name);
	for (int i = 0; i < t->nagents; i++) {
		o[k].path = xasprintf("%s/agents/%s.ics", dir, t->agents[i].id);
		name = xasprintf("%s: %s", t->name, t->agents[i].name);
		o[k++].text = render(p, name, t->agents[i].id, NULL);
		free(name);
	}
	for (int i = 0; i < t->nranks; i++) {
		o[k].path = xasprintf("%s/ranks/%s.ics", dir, t->ranks[i].id);
		name = xasprintf("%s: %s (%s)", t->name, t->ranks[i].id,
		    t->ranks[i].name);
		o[k++].text = render(p, name, NULL, t->ranks[i].id);
		free(name);
	}
	*np = k;
	return o;
}

/* Do the files on disk hold exactly this text? */
static int
on_disk(const struct outfile *o, int n)
{
	for (int i = 0; i < n; i++) {
		char *old = file_read(o[i].path, NULL, NULL);
		int same = old != NULL && strcmp(old, o[i].text) == 0;

		free(old);
		if (!same)
			return 0;
	}
	return 1;
}

/* SEQUENCE and LAST-MODIFIED of each duty from the previous publish:
 * kept while the person and the times stay, bumped (and moved to the
 * revision time) when any of them changes. */
static void
set_sequences(struct cal_feed *f, const struct cal_feed *prev, time_t at)
{
	for (int i = 0; i < f->nduties; i++) {
		struct cal_duty *d = &f->duties[i];
		const struct cal_duty *o = cal_feed_find(prev, d->uid);

		if (o == NULL) {
			d->sequence = 0;
			d->modified = at;
		} else if (str_eq(o->agent, d->agent) && o->start == d->start &&
		    o->end == d->end) {
			d->sequence = o->sequence;
			d->modified = o->modified > 0 ? o->modified : at;
		} else {
			d->sequence = o->sequence + 1;
			d->modified = at;
		}
	}
}

/* Every agent and rank id becomes a file name: check them all before
 * anything is written. */
static int
safe_names(const struct team *t, char **errp)
{
	for (int i = 0; i < t->nagents; i++)
		if (safe_name("agent", t->agents[i].id, errp) != 0)
			return -1;
	for (int i = 0; i < t->nranks; i++)
		if (safe_name("rank", t->ranks[i].id, errp) != 0)
			return -1;
	return 0;
}

/* The feed published before in dir, or NULL in *prev when there is none
 * yet.  -1 with *errp if one is there but cannot be read. */
static int
read_previous(const char *dir, struct cal_feed **prev, char **errp)
{
	char *path = xasprintf("%s/team.ics", dir);
	int rc = 0;

	*prev = NULL;
	if (access(path, F_OK) == 0 && (*prev = cal_read(path, errp)) == NULL)
		rc = -1;
	free(path);
	return rc;
}

/* Is prev, read from dir, the same team's feed?  Every UID rota writes
 * starts with the team's id: a duty whose UID does not is another team's,
 * which the new revision would otherwise carry into this team's feeds
 * (cal_feed_carry() keeps what lies outside the horizon) and give
 * SEQUENCE numbers it never had.  0, or -1 with *errp naming the fix. */
static int
same_team(const struct cal_feed *prev, const struct team *t, const char *dir,
    char **errp)
{
	size_t n = strlen(t->id);

	for (int i = 0; prev != NULL && i < prev->nduties; i++) {
		const char *uid = prev->duties[i].uid;

		if (uid != NULL && (strncmp(uid, t->id, n) != 0 ||
		    uid[n] != '-'))
			return err_set(errp, "%s/team.ics holds another "
			    "team's duties (UID '%s' does not start with "
			    "'%s-'): publish into a directory of its own, or "
			    "empty %s first", dir, uid, t->id, dir);
	}
	return 0;
}

int
cal_publish(struct cal_feed *f, const struct team *t, const char *dir,
    const struct feed_opts *o, struct cal_revision *rev, char **errp)
{
	struct cal_feed *prev = NULL;
	struct cal_revision old = { 0, 0 };
	struct pub p = { 0 };
	struct outfile *out = NULL;
	char *path, *sub;
	int n = 0, rc = 0, same = 0;

	if (safe_names(t, errp) != 0)
		return -1;
	if (cal_revision_read(dir, &old, errp) != 0)
		return -1;
	if (read_previous(dir, &prev, errp) != 0)
		return -1;
	if (same_team(prev, t, dir, errp) != 0) {
		cal_feed_free(prev);
		return -1;
	}
	if (tz_use(t->tz) != 0) {
		cal_feed_free(prev);
		return err_set(errp, "unknown time zone '%s'", t->tz);
	}

	/* Names and contacts come from the team as it is now. */
	p.t = t;
	p.f = f;
	p.rank = xcalloc((size_t)f->nduties + 1, sizeof(int));
	p.agent = xcalloc((size_t)f->nduties + 1, sizeof(int));
	p.desc = xcalloc((size_t)f->nduties + 1, sizeof(char *));
	p.refresh = o != NULL && o->refresh_minutes > 0 ? o->refresh_minutes : 60;
	for (int i = 0; i < f->nduties; i++) {
		struct cal_duty *d = &f->duties[i];

		p.rank[i] = p.agent[i] = -1;
		for (int k = 0; k < t->nranks; k++)
			if (str_eq(d->rank, t->ranks[k].id))
				p.rank[i] = k;
		for (int k = 0; k < t->nagents; k++)
			if (str_eq(d->agent, t->agents[k].id))
				p.agent[i] = k;
		if (p.agent[i] >= 0) {
			const struct agent *a = &t->agents[p.agent[i]];
			const char *c = contact_of(a);

			free(d->agent_name);
			free(d->contact);
			d->agent_name = xstrdup(a->name);
			d->contact = c ? xstrdup(c) : NULL;
		}
	}

	/* First try the previous revision's time: if every file comes out
	 * as it is on disk, nothing changed and nothing is written. */
	if (old.number > 0 && prev != NULL) {
		p.stamp = old.time;
		set_sequences(f, prev, old.time);
		out = render_all(&p, dir, &n);
		same = on_disk(out, n);
	}
	if (same) {
		*rev = old;
		goto done;
	}
	outfiles_free(out, n);
	rev->number = old.number + 1;
	rev->time = o != NULL && o->stamp > 0 ? o->stamp : time(NULL);
	/* A revision never goes back in time (a clock set back, or a fixed
	 * SOURCE_DATE_EPOCH): LAST-MODIFIED must keep moving forward. */
	if (rev->time <= old.time)
		rev->time = old.time + 1;
	p.stamp = rev->time;
	set_sequences(f, prev, rev->time);
	out = render_all(&p, dir, &n);

	if (mkdir_p(dir, errp) != 0)
		goto fail;
	sub = xasprintf("%s/agents", dir);
	rc = mkdir_p(sub, errp);
	free(sub);
	sub = xasprintf("%s/ranks", dir);
	if (rc == 0)
		rc = mkdir_p(sub, errp);
	free(sub);
	if (rc != 0)
		goto fail;
	/* Agent and rank feeds first, team.ics last: it is what the next
	 * publish compares against, so it changes only when the rest has. */
	for (int i = n - 1; i >= 0; i--)
		if (write_text(out[i].path, out[i].text, errp) != 0)
			goto fail;
	{
		char stamp[32], *text;
		struct tm tm;

		gmtime_r(&rev->time, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		text = xasprintf("revision %d\ntime %s\n", rev->number, stamp);
		path = xasprintf("%s/revision", dir);
		rc = write_text(path, text, errp);
		free(path);
		free(text);
		if (rc != 0)
			goto fail;
	}
done:
	rc = 0;
	goto out;
fail:
	rc = -1;
out:
	outfiles_free(out, n);
	for (int i = 0; i < f->nduties; i++)
		free(p.desc[i]);
	free(p.desc);
	free(p.rank);
	free(p.agent);
	cal_feed_free(prev);
	return rc;
}

int
cal_write_feeds(const struct roster *r, const char *dir,
    const struct feed_opts *o, char **errp)
{
	const struct team *t = r->grid->team;
	struct cal_feed *f, *prev = NULL;
	struct cal_revision rev;
	int rc;

	if (tz_use(t->tz) != 0)
		return err_set(errp, "unknown time zone '%s'", t->tz);
	if (safe_names(t, errp) != 0)
		return -1;
	f = cal_feed_from_roster(r);
	if (read_previous(dir, &prev, errp) != 0) {
		cal_feed_free(f);
		return -1;
	}
	cal_feed_carry(f, prev);
	cal_feed_free(prev);
	rc = cal_publish(f, t, dir, o, &rev, errp);
	cal_feed_free(f);
	return rc;
}
