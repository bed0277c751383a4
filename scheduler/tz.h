/* tz.h - civil dates and wall-clock time in an IANA time zone.
 *
 * rota keeps dates as day numbers (days since 1970-01-01, so ordinary
 * integer arithmetic works) and instants as time_t (UTC seconds).  Local
 * times are wall-clock minutes after midnight in the team's zone.
 *
 * Zone data comes from the system's tzdata through the C library.  The
 * C library keeps one current zone per process (TZ), so tz_use() switches
 * it; rota works in one zone at a time and does not call this from
 * threads.
 */
#ifndef ROTA_TZ_H
#define ROTA_TZ_H

#include <time.h>

/* Day number <-> civil date (proleptic Gregorian). */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int date, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(int date);
int date_days_in_month(int y, int m);

/* Parse "YYYY-MM-DD" (exactly); 0 on success, -1 if malformed or not a
 * real date (2026-02-30). */
int date_parse(const char *s, int *date);
/* Parse "YYYY-MM"; returns the first day and the number of days. */
int month_parse(const char *s, int *first, int *ndays);
/* Parse "HH:MM" with 00 <= HH <= 23; -1 otherwise. */
int hhmm_parse(const char *s, int *minutes);
/* Parse a duration "H:MM" or "HHH:MM" (hours may exceed 24). */
int duration_parse(const char *s, int *minutes);
/* Format a date as YYYY-MM-DD into buf (at least 11 bytes). */
char *date_format(int date, char *buf);

/* Names: "mon".."sun" <-> 0..6; -1 if unknown. */
int weekday_from_name(const char *s);
const char *weekday_name(int wday);

/* Is this an IANA zone name the system has data for? */
int tz_valid(const char *zone);
/* Make zone the current zone for the tz_ functions below. */
int tz_use(const char *zone);

/* What happened when a local time was converted to an instant. */
enum tz_fold {
	TZ_OK,		/* the local time exists once */
	TZ_GAP,		/* skipped by a spring-forward: moved later by the gap */
	TZ_REPEAT	/* occurs twice (fall-back): the first one was taken */
};

/* Instant of local (date, minutes after midnight) in the current zone.
 * Nonexistent times are read with the offset in force before the gap
 * and ambiguous ones as the first occurrence, as RFC 5545 3.3.5 does. */
time_t tz_local_to_utc(int date, int minutes, enum tz_fold *fold);
/* Local date and minutes after midnight of an instant. */
void tz_utc_to_local(time_t t, int *date, int *minutes);
/* UTC offset in seconds in force at instant t. */
long tz_offset(time_t t);

/* Parse "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM" as local time. */
int local_parse(const char *s, int *date, int *minutes);
/* Format an instant as local "YYYY-MM-DD HH:MM" into buf (>= 17 bytes). */
char *local_format(time_t t, char *buf);

#endif
