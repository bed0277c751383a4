/* tz.c - civil dates and wall-clock time (see tz.h). */
#include "tz.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
int
date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int)doe - 719468;
}

void
date_to_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + era * 400 + (*m <= 2);
}

int
date_weekday(int date)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (date + 3) % 7;

	return w < 0 ? w + 7 : w;
}

int
date_days_in_month(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : len[m - 1];
}

/* Read exactly n digits. */
static int
digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
date_parse(const char *s, int *date)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
		return -1;
	*date = date_from_ymd(y, m, d);
	return 0;
}

int
month_parse(const char *s, int *first, int *ndays)
{
	int y, m;

	if (strlen(s) != 7 || s[4] != '-' || digits(s, 4, &y) ||
	    digits(s + 5, 2, &m) || m < 1 || m > 12)
		return -1;
	*first = date_from_ymd(y, m, 1);
	*ndays = date_days_in_month(y, m);
	return 0;
}

int
hhmm_parse(const char *s, int *minutes)
{
	int h, m;

	if (strlen(s) != 5 || s[2] != ':' || digits(s, 2, &h) ||
	    digits(s + 3, 2, &m) || h > 23 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int
duration_parse(const char *s, int *minutes)
{
	const char *colon = strchr(s, ':');
	int h = 0, m;

	if (colon == NULL || colon == s || colon - s > 4 ||
	    strlen(colon + 1) != 2 || digits(colon + 1, 2, &m) || m > 59)
		return -1;
	for (const char *p = s; p < colon; p++) {
		if (!isdigit((unsigned char)*p))
			return -1;
		h = h * 10 + (*p - '0');
	}
	*minutes = h * 60 + m;
	return 0;
}

char *
date_format(int date, char *buf)
{
	int y, m, d;

	date_to_ymd(date, &y, &m, &d);
	snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
	return buf;
}

static const char *const wday_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

int
weekday_from_name(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(s, wday_names[i]) == 0)
			return i;
	return -1;
}

const char *
weekday_name(int wday)
{
	return wday >= 0 && wday < 7 ? wday_names[wday] : "?";
}

int
tz_valid(const char *zone)
{
	char *path;
	int ok;

	/* Reject anything that could escape the zoneinfo tree. */
	if (zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") != NULL)
		return 0;
	for (const char *p = zone; *p; p++)
		if (!isalnum((unsigned char)*p) && strchr("/_-+", *p) == NULL)
			return 0;
	path = xasprintf("/usr/share/zoneinfo/%s", zone);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

int
tz_use(const char *zone)
{
	const char *cur = getenv("TZ");

	if (!tz_valid(zone))
		return -1;
	if (cur == NULL || strcmp(cur, zone) != 0) {
		setenv("TZ", zone, 1);
		tzset();
	}
	return 0;
}

long
tz_offset(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

void
tz_utc_to_local(time_t t, int *date, int *minutes)
{
	struct tm tm;

	localtime_r(&t, &tm);
	*date = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*minutes = tm.tm_hour * 60 + tm.tm_min;
}

/* Does instant t read as (date, minutes) on the local clock? */
static int
reads_as(time_t t, int date, int minutes)
{
	int d, m;

	tz_utc_to_local(t, &d, &m);
	return d == date && m == minutes;
}

time_t
tz_local_to_utc(int date, int minutes, enum tz_fold *fold)
{
	/* The instant the local clock would show if it were UTC.  The real
	 * instant is wall - offset for one of the offsets in force around
	 * it; zones change offset at most once within a day either side. */
	time_t wall = (time_t)date * 86400 + (time_t)minutes * 60;
	long before = tz_offset(wall - 86400), after = tz_offset(wall + 86400);
	int ok_before = reads_as(wall - before, date, minutes);
	int ok_after = reads_as(wall - after, date, minutes);

	if (ok_before && ok_after && before != after) {
		if (fold)
			*fold = TZ_REPEAT;
		/* First occurrence: the larger offset gives the earlier instant. */
		return wall - (before > after ? before : after);
	}
	if (ok_before || ok_after) {
		if (fold)
			*fold = TZ_OK;
		return wall - (ok_before ? before : after);
	}
	if (fold)
		*fold = TZ_GAP;
	return wall - before;
}

int
local_parse(const char *s, int *date, int *minutes)
{
	char d[11];

	if (strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T'))
		return -1;
	memcpy(d, s, 10);
	d[10] = '\0';
	if (date_parse(d, date) != 0 || hhmm_parse(s + 11, minutes) != 0)
		return -1;
	return 0;
}

char *
local_format(time_t t, char *buf)
{
	int date, min;
	char d[11], tmp[40];

	tz_utc_to_local(t, &date, &min);
	snprintf(tmp, sizeof(tmp), "%s %02d:%02d", date_format(date, d),
	    min / 60, min % 60);
	memcpy(buf, tmp, 16);
	buf[16] = '\0';
	return buf;
}
