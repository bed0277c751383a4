/* feed.c - writing a roster as iCalendar feeds with libical (see cal.h). */
#include "cal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "tz.h"
#include "util.h"

/* One duty, prepared once and written into every feed it belongs to. */
struct ev {
	int	 duty;		/* index into the sorted duties */
	time_t	 start;
	char	*uid;
	char	*desc;
};

struct feeds {
	const struct grid *g;		/* borrowed, like the rest */
	const struct team *t;
	const struct feed_opts *o;
	struct duty *duties;		/* canonical order (roster_sort) */
	int	 nduties;
	struct ev *ev;			/* by start, then UID */
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

/* Who an agent on duty k escalates to: the agents on duty, at the duty's
 * start, for the next rank up that has anyone on duty then. */
static char *
escalation(const struct feeds *f, int k)
{
	const struct duty *du = &f->duties[k];
	time_t at = f->g->slots[du->slot].start;
	char *out = NULL;

	if (du->rank == f->t->nranks - 1)
		return xstrdup("Escalate to: nobody, this is the top of the ladder.");
	for (int rk = du->rank + 1; rk < f->t->nranks && out == NULL; rk++) {
		const struct rank *rr = &f->t->ranks[rk];

		for (int i = 0; i < f->nduties; i++) {
			const struct duty *o = &f->duties[i];
			const struct slot *s = &f->g->slots[o->slot];
			const struct agent *a = &f->t->agents[o->agent];
			const char *c = contact_of(a);
			char *prev = out;

			if (o->rank != rk || s->start > at || s->end <= at)
				continue;
			if (prev == NULL)
				out = xasprintf("Escalate to %s (%s)%s: %s%s%s%s",
				    rr->id, rr->name, rk == du->rank + 1 ? "" :
				    " (nobody on the rank between)", a->name,
				    c ? " <" : "", c ? c : "", c ? ">" : "");
			else
				out = xasprintf("%s, %s%s%s%s", prev, a->name,
				    c ? " <" : "", c ? c : "", c ? ">" : "");
			free(prev);
		}
	}
	if (out == NULL)
		return xstrdup("Escalate to: nobody above is on duty then.");
	return out;
}

static char *
describe(const struct feeds *f, int k)
{
	const struct duty *du = &f->duties[k];
	const struct slot *s = &f->g->slots[du->slot];
	const struct shift_type *st = &f->t->shifts[s->shift];
	const struct rank *rk = &f->t->ranks[du->rank];
	char b1[17], b2[17], *len, *nominal = NULL, *esc, *d;

	len = hours(s->minutes);
	if (s->minutes != st->length) {
		char *n = hours(st->length);

		nominal = xasprintf(" (usually %s: the clocks change during "
		    "this duty)", n);
		free(n);
	}
	esc = escalation(f, k);
	d = xasprintf("%s (%s) on duty, %s shift, from %s to %s %s.\n"
	    "Length: %s%s.\n%s", rk->id, rk->name, st->name,
	    local_format(s->start, b1), local_format(s->end, b2), f->t->tz,
	    len, nominal ? nominal : "", esc);
	free(len);
	free(nominal);
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

static icalcomponent *
make_event(const struct feeds *f, const struct ev *e, int agent_feed)
{
	const struct duty *du = &f->duties[e->duty];
	const struct slot *s = &f->g->slots[du->slot];
	const struct agent *a = &f->t->agents[du->agent];
	const struct rank *rk = &f->t->ranks[du->rank];
	const char *c = contact_of(a);
	icalcomponent *v = icalcomponent_new_vevent();
	char *sum;

	icalcomponent_add_property(v, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(v, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(f->o->stamp, 0,
	    icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(v, when(1, f->t->tz, s->start));
	icalcomponent_add_property(v, when(0, f->t->tz, s->end));
	icalcomponent_add_property(v, icalproperty_new_sequence(0));
	icalcomponent_add_property(v, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(v, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	if (agent_feed)
		sum = xasprintf("On duty: %s %s", rk->id,
		    f->t->shifts[s->shift].name);
	else
		sum = xasprintf("On duty: %s %s (%s)", rk->id,
		    f->t->shifts[s->shift].name, a->name);
	icalcomponent_add_property(v, icalproperty_new_summary(sum));
	free(sum);
	icalcomponent_add_property(v, icalproperty_new_description(e->desc));
	icalcomponent_add_property(v, icalproperty_new_categories(rk->id));
	if (c != NULL)
		icalcomponent_add_property(v, icalproperty_new_contact(c));
	add_x(v, "X-ROTA-AGENT", a->id);
	add_x(v, "X-ROTA-AGENT-NAME", a->name);
	add_x(v, "X-ROTA-RANK", rk->id);
	add_x(v, "X-ROTA-SHIFT", f->t->shifts[s->shift].id);
	return v;
}

/* Which duties a feed holds: all (agent and rank -1), one agent's, or
 * those filling one rank. */
static int
write_feed(const struct feeds *f, const char *path, const char *calname,
    int agent, int rank, char **errp)
{
	const struct team *t = f->t;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	struct atomic_file af;
	char *s, *v, b1[11], b2[11];
	time_t lo, hi;
	int refresh = f->o->refresh_minutes > 0 ? f->o->refresh_minutes : 60;
	int rc = 0;

	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//rota//rota//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	add_x(cal, "X-WR-CALNAME", calname);
	add_x(cal, "X-WR-TIMEZONE", t->tz);
	v = refresh % 60 == 0 ? xasprintf("PT%dH", refresh / 60) :
	    xasprintf("PT%dM", refresh);
	s = xasprintf("REFRESH-INTERVAL;VALUE=DURATION:%s", v);
	icalcomponent_add_property(cal, icalproperty_new_from_string(s));
	free(s);
	add_x(cal, "X-PUBLISHED-TTL", v);
	free(v);
	s = xasprintf("%s/%s", date_format(f->g->horizon_first, b1),
	    date_format(f->g->horizon_first + f->g->horizon_days - 1, b2));
	add_x(cal, "X-ROTA-HORIZON", s);
	free(s);
	for (int i = 0; i < t->nranks; i++) {
		s = xasprintf("%s;%s", t->ranks[i].id, t->ranks[i].name);
		add_x(cal, "X-ROTA-RANK", s);
		free(s);
	}

	/* The zone must cover every event and the horizon. */
	lo = f->g->horizon_start;
	hi = f->g->horizon_end;
	for (int i = 0; i < f->g->nslots; i++) {
		if (f->g->slots[i].start < lo)
			lo = f->g->slots[i].start;
		if (f->g->slots[i].end > hi)
			hi = f->g->slots[i].end;
	}
	icalcomponent_add_component(cal, make_vtimezone(t->tz, lo, hi));

	for (int i = 0; i < f->nduties; i++) {
		const struct duty *du = &f->duties[f->ev[i].duty];

		if ((agent >= 0 && du->agent != agent) ||
		    (rank >= 0 && du->rank != rank))
			continue;
		icalcomponent_add_component(cal, make_event(f, &f->ev[i],
		    agent >= 0));
	}

	s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (af_open(&af, path, errp) != 0) {
		icalmemory_free_buffer(s);
		return -1;
	}
	fputs(s, af.fp);
	icalmemory_free_buffer(s);
	if (af_commit(&af, errp) != 0)
		rc = -1;
	return rc;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->uid, y->uid);
}

int
cal_write_feeds(const struct roster *r, const char *dir,
    const struct feed_opts *o, char **errp)
{
	const struct grid *g = r->grid;
	const struct team *t = g->team;
	struct roster sorted = *r;
	struct feeds f = { 0 };
	struct feed_opts defaults = { time(NULL), 60 };
	char *sub = NULL, *path = NULL, *name = NULL;
	int rc = 0;

	if (tz_use(t->tz) != 0)
		return err_set(errp, "unknown time zone '%s'", t->tz);
	for (int i = 0; i < t->nagents; i++)
		if (safe_name("agent", t->agents[i].id, errp) != 0)
			return -1;
	for (int i = 0; i < t->nranks; i++)
		if (safe_name("rank", t->ranks[i].id, errp) != 0)
			return -1;

	/* UIDs number duties within (slot, rank) in canonical order. */
	sorted.duties = xmalloc((size_t)(r->nduties + 1) * sizeof(*r->duties));
	if (r->nduties > 0)	/* an empty roster may have no array */
		memcpy(sorted.duties, r->duties,
		    (size_t)r->nduties * sizeof(*r->duties));
	roster_sort(&sorted);
	f.g = g;
	f.t = t;
	f.o = o != NULL ? o : &defaults;
	f.duties = sorted.duties;
	f.nduties = sorted.nduties;
	f.ev = xcalloc((size_t)f.nduties + 1, sizeof(*f.ev));
	for (int i = 0; i < f.nduties; i++) {
		const struct duty *du = &f.duties[i];
		const struct slot *s = &g->slots[du->slot];
		int y, m, d;

		date_to_ymd(g->days[s->day].date, &y, &m, &d);
		f.ev[i].duty = i;
		f.ev[i].start = s->start;
		f.ev[i].uid = xasprintf("%s-%04d%02d%02d-%s-%s-%d@rota", t->id,
		    y, m, d, t->shifts[s->shift].id, t->ranks[du->rank].id,
		    roster_duty_index(&sorted, i));
		f.ev[i].desc = describe(&f, i);
	}
	qsort(f.ev, (size_t)f.nduties, sizeof(*f.ev), ev_cmp);

	if (mkdir_p(dir, errp) != 0) {
		rc = -1;
		goto out;
	}
	path = xasprintf("%s/team.ics", dir);
	name = xasprintf("%s: all duties", t->name);
	rc = write_feed(&f, path, name, -1, -1, errp);
	free(path);
	free(name);

	sub = xasprintf("%s/agents", dir);
	if (rc == 0)
		rc = mkdir_p(sub, errp);
	for (int i = 0; rc == 0 && i < t->nagents; i++) {
		path = xasprintf("%s/%s.ics", sub, t->agents[i].id);
		name = xasprintf("%s: %s", t->name, t->agents[i].name);
		rc = write_feed(&f, path, name, i, -1, errp);
		free(path);
		free(name);
	}
	free(sub);

	sub = xasprintf("%s/ranks", dir);
	if (rc == 0)
		rc = mkdir_p(sub, errp);
	for (int i = 0; rc == 0 && i < t->nranks; i++) {
		path = xasprintf("%s/%s.ics", sub, t->ranks[i].id);
		name = xasprintf("%s: %s (%s)", t->name, t->ranks[i].id,
		    t->ranks[i].name);
		rc = write_feed(&f, path, name, -1, i, errp);
		free(path);
		free(name);
	}
	free(sub);
out:
	for (int i = 0; i < f.nduties; i++) {
		free(f.ev[i].uid);
		free(f.ev[i].desc);
	}
	free(f.ev);
	free(sorted.duties);
	return rc;
}
