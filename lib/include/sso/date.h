/* date.h - calendar dates as day numbers, today's date, and reporting periods */
#ifndef SSO_DATE_H
#define SSO_DATE_H

#include <stddef.h>
#include <stdint.h>

/* A calendar date as the number of days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t sso_date;

/* Parse exactly YYYY-MM-DD (len bytes of s) into *out. A real date between
 * 1900-01-01 and 9999-12-31 only. Returns 0, or SSO_EINPUT with a detail that
 * names the text ("'2026-02-30' is not a real date"). */
int sso_date_parse(sso_date *out, const char *s, size_t len);

/* The date for year y, month m (1-12), day d (1-31); no range check. */
sso_date sso_date_from_ymd(int y, int m, int d);

/* Split a date into year, month and day (any pointer may be NULL). */
void sso_date_ymd(sso_date date, int *y, int *m, int *d);

/* Write YYYY-MM-DD and a NUL into buf. */
void sso_date_format(sso_date date, char buf[11]);

/* Today: $SSO_TODAY if set (YYYY-MM-DD), else the local calendar date.
 * Returns 0, or SSO_EUSAGE when $SSO_TODAY is not a date. */
int sso_date_today(sso_date *out);

/* The quarter number of a date, counted as year*4 + (quarter-1). */
int sso_date_quarter(sso_date date);

/* A reporting period: a year (2026), a half (2026H1, 2026H2) or a quarter
 * (2026Q1 .. 2026Q4); both ends inclusive. */
typedef struct sso_period {
	sso_date from;
	sso_date to;
	int first_quarter; /* sso_date_quarter(from) */
	int quarters;      /* 4, 2 or 1 */
	char label[8];     /* "2026H1" */
} sso_period;

/* Parse a period. Returns 0, or SSO_EUSAGE naming the text and the forms. */
int sso_period_parse(sso_period *out, const char *text);

/* The year of a date as a period (the default period of scoring). */
void sso_period_year(sso_period *out, sso_date date);

#endif
