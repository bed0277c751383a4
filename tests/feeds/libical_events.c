/* libical_events.c - the third parser of the feed checks: libical, through
 * rota's own reader (cal_read) and cal_lint.
 *
 * usage: libical_events DIR...
 *
 * Same output as check_icaljs.js: "event FILE UID START END LOCAL AGENT
 * RANK" per event (UTC ISO instants; LOCAL the wall-clock start in the
 * feed's zone), "ok FILE: N events" per file libical reads with no error
 * or warning, "FAIL FILE: why" otherwise; exit status 1 on any FAIL.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal.h"
#include "tz.h"
#include "util.h"

static int failures;

static const char *
iso(time_t t, char *buf)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static void
check_file(const char *rel)
{
	struct strlist problems = { 0 };
	struct cal_feed *f;
	char *err = NULL, b1[24], b2[24], b3[20];

	cal_lint(rel, &problems);
	for (int i = 0; i < problems.n; i++) {
		printf("FAIL %s: %s\n", rel, problems.v[i]);
		failures++;
	}
	if ((f = cal_read(rel, &err)) == NULL) {
		printf("FAIL %s: %s\n", rel, err);
		free(err);
		failures++;
		strlist_release(&problems);
		return;
	}
	tz_use(f->tz);
	for (int i = 0; i < f->nduties; i++) {
		const struct cal_duty *d = &f->duties[i];

		local_format(d->start, b3);
		b3[10] = 'T';
		printf("event %s %s %s %s %s %s %s\n", rel, d->uid,
		    iso(d->start, b1), iso(d->end, b2), b3,
		    d->agent ? d->agent : "?", d->rank ? d->rank : "?");
	}
	if (problems.n == 0)
		printf("ok %s: %d events\n", rel, f->nduties);
	cal_feed_free(f);
	strlist_release(&problems);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .ics in dir and its subdirectories, in name order. */
static void
walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, cap = 0;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = vec_push(names, &n, &cap, sizeof(*names));
		names[n - 1] = xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, (size_t)n, sizeof(*names), name_cmp);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (len > 4 && strcmp(names[i] + len - 4, ".ics") == 0)
			check_file(names[i]);
		else
			walk(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: libical_events DIR...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		walk(argv[i]);
	return failures > 0;
}
