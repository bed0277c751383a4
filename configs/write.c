/* write.c - writing a team back out as a config file (see config.h).
 *
 * Used by importers: whatever builds a struct team can save it in the one
 * format that `rota check` and `rota solve` read.  Written with stdio
 * rather than libxml2's writer because the format is flat and every value
 * goes through xml_text() for escaping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tz.h"
#include "util.h"

/* Print s with the five XML special characters escaped. */
static void
xml_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
attr(FILE *fp, const char *name, const char *value)
{
	if (value == NULL)
		return;
	fprintf(fp, " %s=\"", name);
	xml_text(fp, value);
	fputc('"', fp);
}

static void
attr_int(FILE *fp, const char *name, int v)
{
	fprintf(fp, " %s=\"%d\"", name, v);
}

static void
attr_duration(FILE *fp, const char *name, int minutes)
{
	fprintf(fp, " %s=\"%d:%02d\"", name, minutes / 60, minutes % 60);
}

static void
attr_date(FILE *fp, const char *name, int date)
{
	char b[11];

	fprintf(fp, " %s=\"%s\"", name, date_format(date, b));
}

static void
attr_days(FILE *fp, const char *name, unsigned days)
{
	static const struct { unsigned bit; const char *word; } kinds[] = {
		{ DAYS_WEEKDAY, "weekday" }, { DAYS_WEEKEND, "weekend" },
		{ DAYS_HOLIDAY, "holiday" } };
	int sep = 0;

	if (days == DAYS_ANY || (days & DAYS_ALL_WEEK) == DAYS_ALL_WEEK)
		return;
	fprintf(fp, " %s=\"", name);
	for (int w = 0; w < 7; w++)
		if (days & (1u << w))
			fprintf(fp, "%s%s", sep++ ? " " : "", weekday_name(w));
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (days & kinds[i].bit)
			fprintf(fp, "%s%s", sep++ ? " " : "", kinds[i].word);
	fputc('"', fp);
}

static void
write_escalation(FILE *fp, const struct team *t)
{
	const struct escalation *e = &t->esc;
	char b[24];

	if (t->nesc_levels == 0)
		return;
	fputs("  <escalation", fp);
	attr(fp, "wait", team_wait_format(e->wait, b));
	attr_int(fp, "repeat", e->repeat);
	attr_int(fp, "retries", e->retries);
	attr(fp, "retry-wait", team_wait_format(e->retry_wait, b));
	attr(fp, "smtp", e->smtp);
	attr(fp, "from", e->from);
	fputs(">\n", fp);
	for (int i = 0; i < t->nesc_levels; i++) {
		const struct esc_level *l = &t->esc_levels[i];

		fputs("    <level", fp);
		if (l->rank >= 0)
			attr(fp, "rank", t->ranks[l->rank].id);
		else
			attr(fp, "agent", t->agents[l->agent].id);
		if (l->wait >= 0)
			attr(fp, "wait", team_wait_format(l->wait, b));
		fputs("/>\n", fp);
	}
	fputs("  </escalation>\n", fp);
}

static void
write_team(FILE *fp, const struct team *t)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<team", fp);
	attr(fp, "id", t->id);
	attr(fp, "name", t->name);
	attr(fp, "timezone", t->tz);
	fputs(">\n", fp);
	if (t->horizon_first >= 0) {
		fputs("  <horizon", fp);
		attr_date(fp, "start", t->horizon_first);
		attr_int(fp, "days", t->horizon_days);
		fputs("/>\n", fp);
	}
	if (t->fair_nights || t->fair_weekends || t->fair_duties)
		fprintf(fp, "  <fairness nights=\"%d\" weekends=\"%d\" "
		    "duties=\"%d\"/>\n", t->fair_nights, t->fair_weekends,
		    t->fair_duties);

	fputs("  <ranks>\n", fp);
	for (int i = 0; i < t->nranks; i++) {
		fputs("    <rank", fp);
		attr(fp, "id", t->ranks[i].id);
		attr(fp, "name", t->ranks[i].name);
		fputs("/>\n", fp);
	}
	fputs("  </ranks>\n  <shifts>\n", fp);
	for (int i = 0; i < t->nshifts; i++) {
		const struct shift_type *s = &t->shifts[i];
		char start[16];

		snprintf(start, sizeof(start), "%02d:%02d", s->start / 60 % 24,
		    s->start % 60);
		fputs("    <shift", fp);
		attr(fp, "id", s->id);
		attr(fp, "name", s->name);
		attr(fp, "start", start);
		attr_duration(fp, "length", s->length);
		if (s->night)
			attr(fp, "night", "yes");
		attr_days(fp, "days", s->days);
		if (s->counts != UNLIMITED)
			attr_duration(fp, "counts", s->counts);
		fputs("/>\n", fp);
	}
	for (int i = 0; i < t->nsuccessions; i++) {
		fputs("    <forbid", fp);
		attr(fp, "first", t->shifts[t->successions[i].first].id);
		attr(fp, "then", t->shifts[t->successions[i].then].id);
		fputs("/>\n", fp);
	}
	fputs("  </shifts>\n", fp);

	if (t->ncontracts > 0)
		fputs("  <contracts>\n", fp);
	for (int i = 0; i < t->ncontracts; i++) {
		const struct contract *c = &t->contracts[i];
		int limits = 0;

		fputs("    <contract", fp);
		attr(fp, "id", c->id);
		if (c->max_minutes != UNLIMITED)
			attr_duration(fp, "max-work", c->max_minutes);
		if (c->min_minutes > 0)
			attr_duration(fp, "min-work", c->min_minutes);
		if (c->max_consecutive != UNLIMITED)
			attr_int(fp, "max-consecutive-days", c->max_consecutive);
		if (c->min_consecutive > 1)
			attr_int(fp, "min-consecutive-days", c->min_consecutive);
		if (c->min_days_off > 1)
			attr_int(fp, "min-days-off", c->min_days_off);
		if (c->max_weekends != UNLIMITED)
			attr_int(fp, "max-weekends", c->max_weekends);
		if (c->min_rest > 0)
			attr_duration(fp, "min-rest", c->min_rest);
		for (int s = 0; s < t->nshifts; s++) {
			if (c->max_shifts[s] == UNLIMITED)
				continue;
			fputs(limits++ ? "\n      <max-shifts" : ">\n      <max-shifts", fp);
			attr(fp, "shift", t->shifts[s].id);
			attr_int(fp, "count", c->max_shifts[s]);
			fputs("/>", fp);
		}
		fputs(limits ? "\n    </contract>\n" : "/>\n", fp);
	}
	if (t->ncontracts > 0)
		fputs("  </contracts>\n", fp);

	fputs("  <agents>\n", fp);
	for (int i = 0; i < t->nagents; i++) {
		const struct agent *a = &t->agents[i];

		fputs("    <agent", fp);
		attr(fp, "id", a->id);
		attr(fp, "name", a->name);
		attr(fp, "rank", t->ranks[a->rank].id);
		attr(fp, "contract", t->contracts[a->contract].id);
		attr(fp, "email", a->email);
		attr(fp, "phone", a->phone);
		attr(fp, "webhook", a->webhook);
		fputs("/>\n", fp);
	}
	fputs("  </agents>\n  <coverage>\n", fp);
	for (int i = 0; i < t->ncovers; i++) {
		const struct cover_rule *c = &t->covers[i];

		fputs("    <cover", fp);
		attr(fp, "rank", t->ranks[c->rank].id);
		attr(fp, "shift", t->shifts[c->shift].id);
		if (c->date >= 0)
			attr_date(fp, "date", c->date);
		else
			attr_days(fp, "days", c->days);
		attr_int(fp, "min", c->min);
		if (c->max != UNLIMITED)
			attr_int(fp, "max", c->max);
		attr_int(fp, "under-weight", c->under_weight);
		attr_int(fp, "over-weight", c->over_weight);
		if (c->substitutes) {
			int sep = 0;

			fputs(" substitutes=\"", fp);
			for (int r = 0; r < t->nranks; r++)
				if (c->substitutes >> r & 1) {
					fputs(sep++ ? " " : "", fp);
					xml_text(fp, t->ranks[r].id);
				}
			fputc('"', fp);
		}
		fputs("/>\n", fp);
	}
	fputs("  </coverage>\n", fp);

	if (t->nholidays > 0)
		fputs("  <holidays>\n", fp);
	for (int i = 0; i < t->nholidays; i++) {
		fputs("    <holiday", fp);
		attr_date(fp, "date", t->holidays[i].date);
		attr(fp, "name", t->holidays[i].name);
		fputs("/>\n", fp);
	}
	if (t->nholidays > 0)
		fputs("  </holidays>\n", fp);

	if (t->nleaves > 0)
		fputs("  <leave>\n", fp);
	for (int i = 0; i < t->nleaves; i++) {
		const struct leave *l = &t->leaves[i];

		fputs("    <absence", fp);
		attr(fp, "agent", t->agents[l->agent].id);
		attr_date(fp, "from", l->first);
		attr_date(fp, "to", l->last);
		attr(fp, "reason", l->reason);
		fputs("/>\n", fp);
	}
	if (t->nleaves > 0)
		fputs("  </leave>\n", fp);

	if (t->nwishes > 0)
		fputs("  <wishes>\n", fp);
	for (int i = 0; i < t->nwishes; i++) {
		const struct wish *w = &t->wishes[i];

		fputs("    <wish", fp);
		attr(fp, "agent", t->agents[w->agent].id);
		attr_date(fp, "date", w->date);
		if (w->shift >= 0)
			attr(fp, "shift", t->shifts[w->shift].id);
		attr(fp, "want", w->on ? "on" : "off");
		attr_int(fp, "weight", w->weight);
		fputs("/>\n", fp);
	}
	if (t->nwishes > 0)
		fputs("  </wishes>\n", fp);
	write_escalation(fp, t);
	fputs("</team>\n", fp);
}

int
config_write(const struct team *t, const char *path, char **errp)
{
	struct atomic_file af;

	if (af_open(&af, path, errp) != 0)
		return -1;
	write_team(af.fp, t);
	return af_commit(&af, errp);
}
