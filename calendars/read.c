/* read.c - reading an iCalendar feed back with libical (see cal.h). */
#include "cal.h"

#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "tz.h"
#include "util.h"

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The instant of a DTSTART/DTEND value.  A TZID is looked up among the
 * file's VTIMEZONEs first, then in the system's tzdata; UTC values are
 * taken as they are; floating times and dates are read in the feed's
 * zone (a date as its local midnight). */
static int
prop_instant(const char *path, icalcomponent *cal, icalproperty *p,
    struct icaltimetype tt, const char *feedtz, time_t *out, char **errp)
{
	icalparameter *par = icalproperty_get_first_parameter(p,
	    ICAL_TZID_PARAMETER);
	const char *tzid = par != NULL ? icalparameter_get_tzid(par) : NULL;
	const char *local = feedtz;

	if (tt.is_date) {
		tt.is_date = 0;
		tt.hour = tt.minute = tt.second = 0;
	}
	if (icaltime_is_utc(tt)) {
		*out = icaltime_as_timet_with_zone(tt, icaltimezone_get_utc_timezone());
		return 0;
	}
	if (tzid != NULL) {
		icaltimezone *z = icalcomponent_get_timezone(cal, tzid);

		if (z != NULL) {
			*out = icaltime_as_timet_with_zone(tt, z);
			return 0;
		}
		if (!tz_valid(tzid))
			return err_set(errp, "%s: unknown time zone '%s' "
			    "(no VTIMEZONE for it in the file)", path, tzid);
		local = tzid;
	}
	if (local == NULL || tz_use(local) != 0) {
		*out = icaltime_as_timet_with_zone(tt,
		    icaltimezone_get_utc_timezone());
		return 0;
	}
	*out = tz_local_to_utc(date_from_ymd(tt.year, tt.month, tt.day),
	    tt.hour * 60 + tt.minute, NULL) + tt.second;
	return 0;
}

static int
read_event(const char *path, icalcomponent *cal, icalcomponent *ev,
    const char *feedtz, struct cal_duty *d, char **errp)
{
	icalproperty *ps = icalcomponent_get_first_property(ev,
	    ICAL_DTSTART_PROPERTY);
	icalproperty *pe = icalcomponent_get_first_property(ev,
	    ICAL_DTEND_PROPERTY);
	icalproperty *pd = icalcomponent_get_first_property(ev,
	    ICAL_DURATION_PROPERTY);
	icalproperty *p;
	struct icaltimetype ts;

	d->uid = dup_or_null(icalcomponent_get_uid(ev));
	d->summary = dup_or_null(icalcomponent_get_summary(ev));
	if (ps == NULL)
		return err_set(errp, "%s: event '%s' has no DTSTART", path,
		    d->uid ? d->uid : "(no UID)");
	ts = icalproperty_get_dtstart(ps);
	if (icaltime_is_null_time(ts))
		return err_set(errp, "%s: event '%s' has an unreadable DTSTART",
		    path, d->uid ? d->uid : "(no UID)");
	if (prop_instant(path, cal, ps, ts, feedtz, &d->start, errp) != 0)
		return -1;
	if (pe != NULL) {
		if (prop_instant(path, cal, pe, icalproperty_get_dtend(pe),
		    feedtz, &d->end, errp) != 0)
			return -1;
	} else if (pd != NULL) {
		d->end = d->start +
		    icaldurationtype_as_int(icalproperty_get_duration(pd));
	} else {
		/* RFC 5545 3.6.1: a date lasts a day, a date-time no time. */
		d->end = d->start + (ts.is_date ? 86400 : 0);
	}
	if (d->end < d->start)
		return err_set(errp, "%s: event '%s' ends before it starts",
		    path, d->uid ? d->uid : "(no UID)");
	d->sequence = icalcomponent_get_sequence(ev);
	if (d->sequence < 0)
		d->sequence = 0;
	if ((p = icalcomponent_get_first_property(ev,
	    ICAL_LASTMODIFIED_PROPERTY)) != NULL)
		d->modified = icaltime_as_timet_with_zone(
		    icalproperty_get_lastmodified(p),
		    icaltimezone_get_utc_timezone());
	d->duty_start = d->start;
	if (d->uid != NULL) {
		/* A piece of a split duty: "...+MIN@rota" (cal.h). */
		const char *at = strrchr(d->uid, '@');
		const char *plus = strrchr(d->uid, '+');
		char *e;
		long min;

		if (plus != NULL && (at == NULL || plus < at)) {
			min = strtol(plus + 1, &e, 10);
			if (e != plus + 1 && (at == NULL || e == at) && min > 0)
				d->duty_start = d->start - (time_t)min * 60;
		}
	}

	for (p = icalcomponent_get_first_property(ev, ICAL_ANY_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(ev, ICAL_ANY_PROPERTY)) {
		const char *name, *v;

		if (icalproperty_isa(p) == ICAL_CONTACT_PROPERTY) {
			if (d->contact == NULL)
				d->contact = dup_or_null(icalproperty_get_contact(p));
			continue;
		}
		if (icalproperty_isa(p) != ICAL_X_PROPERTY)
			continue;
		name = icalproperty_get_x_name(p);
		v = icalproperty_get_x(p);
		if (name == NULL || v == NULL)
			continue;
		if (strcmp(name, "X-ROTA-AGENT") == 0 && d->agent == NULL)
			d->agent = xstrdup(v);
		else if (strcmp(name, "X-ROTA-AGENT-NAME") == 0 && d->agent_name == NULL)
			d->agent_name = xstrdup(v);
		else if (strcmp(name, "X-ROTA-RANK") == 0 && d->rank == NULL)
			d->rank = xstrdup(v);
		else if (strcmp(name, "X-ROTA-SHIFT") == 0 && d->shift == NULL)
			d->shift = xstrdup(v);
	}
	return 0;
}

static void
add_rank(struct cal_feed *f, const char *id, const char *name)
{
	for (int i = 0; i < f->nranks; i++)
		if (strcmp(f->ranks[i], id) == 0)
			return;
	f->ranks = xrealloc(f->ranks, (size_t)(f->nranks + 1) * sizeof(char *));
	f->rank_names = xrealloc(f->rank_names,
	    (size_t)(f->nranks + 1) * sizeof(char *));
	f->ranks[f->nranks] = xstrdup(id);
	f->rank_names[f->nranks] = xstrdup(name);
	f->nranks++;
}

/* Calendar properties: name, zone, horizon and the rank ladder. */
static void
read_calendar(icalcomponent *cal, struct cal_feed *f)
{
	for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY);
	    p != NULL; p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
		const char *name = icalproperty_get_x_name(p);
		const char *v = icalproperty_get_x(p);

		if (name == NULL || v == NULL)
			continue;
		if (strcmp(name, "X-WR-CALNAME") == 0 && f->name == NULL) {
			f->name = xstrdup(v);
		} else if (strcmp(name, "X-WR-TIMEZONE") == 0 && f->tz == NULL) {
			f->tz = xstrdup(v);
		} else if (strcmp(name, "X-ROTA-RANK") == 0) {
			const char *semi = strchr(v, ';');
			char *id = semi ? xstrndup(v, (size_t)(semi - v)) : xstrdup(v);

			add_rank(f, id, semi ? semi + 1 : id);
			free(id);
		} else if (strcmp(name, "X-ROTA-HORIZON") == 0) {
			char a[11] = "", b[11] = "";
			int first, last;

			if (strlen(v) == 21 && v[10] == '/') {
				memcpy(a, v, 10);
				memcpy(b, v + 11, 10);
			}
			if (date_parse(a, &first) == 0 &&
			    date_parse(b, &last) == 0 && last >= first) {
				f->horizon_first = first;
				f->horizon_days = last - first + 1;
			}
		}
	}
}

struct cal_feed *
cal_read(const char *path, char **errp)
{
	char *buf = file_read(path, NULL, errp);
	icalcomponent *root, *cal = NULL, *ev;
	struct cal_feed *f;
	int cap = 0;

	if (buf == NULL)
		return NULL;
	root = icalparser_parse_string(buf);
	free(buf);
	if (root != NULL && icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT)
		cal = root;
	else if (root != NULL)	/* several components: libical wraps them */
		cal = icalcomponent_get_first_component(root,
		    ICAL_VCALENDAR_COMPONENT);
	if (cal == NULL) {
		if (root != NULL)
			icalcomponent_free(root);
		err_set(errp, "%s: not an iCalendar file "
		    "(expected BEGIN:VCALENDAR ... END:VCALENDAR)", path);
		return NULL;
	}

	f = xcalloc(1, sizeof(*f));
	f->horizon_first = -1;
	read_calendar(cal, f);
	if (f->tz == NULL) {
		icalcomponent *vtz = icalcomponent_get_first_component(cal,
		    ICAL_VTIMEZONE_COMPONENT);
		icalproperty *p = vtz ? icalcomponent_get_first_property(vtz,
		    ICAL_TZID_PROPERTY) : NULL;

		f->tz = xstrdup(p != NULL ? icalproperty_get_tzid(p) : "UTC");
	}

	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		struct cal_duty *d;

		f->duties = vec_push(f->duties, &f->nduties, &cap,
		    sizeof(*f->duties));
		d = &f->duties[f->nduties - 1];
		if (read_event(path, cal, ev, f->tz, d, errp) != 0) {
			icalcomponent_free(root);
			cal_feed_free(f);
			return NULL;
		}
		if (d->rank != NULL)
			add_rank(f, d->rank, d->rank);
	}
	icalcomponent_free(root);
	cal_feed_sort(f);
	return f;
}

void
cal_feed_free(struct cal_feed *f)
{
	if (f == NULL)
		return;
	for (int i = 0; i < f->nduties; i++)
		cal_duty_release(&f->duties[i]);
	for (int i = 0; i < f->nranks; i++) {
		free(f->ranks[i]);
		free(f->rank_names[i]);
	}
	free(f->ranks);
	free(f->rank_names);
	free(f->duties);
	free(f->name);
	free(f->tz);
	free(f);
}

/* Every X-LIC-ERROR libical left in c and its children. */
static void
lint_walk(const char *path, icalcomponent *c, struct strlist *problems)
{
	for (icalproperty *p = icalcomponent_get_first_property(c,
	    ICAL_XLICERROR_PROPERTY); p != NULL;
	    p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		icalparameter *k = icalproperty_get_first_parameter(p,
		    ICAL_XLICERRORTYPE_PARAMETER);

		strlist_add(problems, "%s: libical: %s%s%s", path,
		    icalproperty_get_xlicerror(p), k ? " " : "",
		    k ? icalparameter_enum_to_string(
		    icalparameter_get_xlicerrortype(k)) : "");
	}
	for (icalcomponent *sub = icalcomponent_get_first_component(c,
	    ICAL_ANY_COMPONENT); sub != NULL;
	    sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		lint_walk(path, sub, problems);
}

int
cal_lint(const char *path, struct strlist *problems)
{
	char *err = NULL, *buf = file_read(path, NULL, &err);
	icalcomponent *root;
	int before = problems->n;

	if (buf == NULL) {
		strlist_add(problems, "%s", err);
		free(err);
		return 1;
	}
	icalerror_set_errno(ICAL_NO_ERROR);
	root = icalparser_parse_string(buf);
	free(buf);
	if (root == NULL || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		strlist_add(problems, "%s: libical: not one VCALENDAR", path);
		if (root != NULL)
			icalcomponent_free(root);
		return 1;
	}
	/* RFC 5545/5546 restrictions for the METHOD (PUBLISH): libical
	 * records what fails as X-LIC-ERROR properties. */
	icalrestriction_check(root);
	lint_walk(path, root, problems);
	icalcomponent_free(root);
	return problems->n - before;
}
