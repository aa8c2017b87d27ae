/* date.c - day numbers for dates, so that deadlines are integer arithmetic */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sso/date.h"
#include "sso/error.h"

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
sso_date sso_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (sso_date)(era * 146097 + doe - 719468);
}

void sso_date_ymd(sso_date date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp + (mp < 10 ? 3 : -9);
	int yy = yoe + era * 400 + (mm <= 2);

	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int sso_date_parse(sso_date *out, const char *s, size_t len)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return sso_error_set(SSO_EINPUT, "'%.*s' is not a date (YYYY-MM-DD)",
				     (int)(len > 40 ? 40 : len), s);
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return sso_error_set(SSO_EINPUT, "'%.10s' is not a date (YYYY-MM-DD)", s);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return sso_error_set(SSO_EINPUT, "'%.10s' is not a real date", s);
	*out = sso_date_from_ymd(y, m, d);
	return 0;
}

void sso_date_format(sso_date date, char buf[11])
{
	int y, m, d;

	/* a date past the calendar's ends (a deadline counted from a far date)
	 * is shown as its end, never wrapped round to year 0 */
	if (date > sso_date_from_ymd(9999, 12, 31))
		date = sso_date_from_ymd(9999, 12, 31);
	else if (date < sso_date_from_ymd(0, 1, 1))
		date = sso_date_from_ymd(0, 1, 1);
	sso_date_ymd(date, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int sso_date_today(sso_date *out)
{
	const char *env = getenv("SSO_TODAY");
	struct tm tm;
	time_t now;

	if (env && *env) {
		if (sso_date_parse(out, env, strlen(env)) < 0)
			return sso_error_set(SSO_EUSAGE, "SSO_TODAY: %s", sso_error_last());
		return 0;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		return sso_error_set(SSO_EINTERNAL, "cannot read the local date");
	*out = sso_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

int sso_date_quarter(sso_date date)
{
	int y, m;

	sso_date_ymd(date, &y, &m, NULL);
	return y * 4 + (m - 1) / 3;
}

static void set_period(sso_period *p, int y, int m_from, int months, const char *label)
{
	int m_to = m_from + months - 1;

	p->from = sso_date_from_ymd(y, m_from, 1);
	p->to = sso_date_from_ymd(y, m_to, days_in_month(y, m_to));
	p->first_quarter = y * 4 + (m_from - 1) / 3;
	p->quarters = months / 3;
	snprintf(p->label, sizeof(p->label), "%s", label);
}

int sso_period_parse(sso_period *out, const char *text)
{
	size_t len = strlen(text);
	int y = len >= 4 ? digits(text, 4) : -1;

	if (y >= 1900) {
		if (len == 4) {
			set_period(out, y, 1, 12, text);
			return 0;
		}
		if (len == 6 && (text[4] == 'H' || text[4] == 'h') &&
		    (text[5] == '1' || text[5] == '2')) {
			char label[8] = {text[0], text[1], text[2], text[3], 'H', text[5], 0};
			set_period(out, y, text[5] == '1' ? 1 : 7, 6, label);
			return 0;
		}
		if (len == 6 && (text[4] == 'Q' || text[4] == 'q') && text[5] >= '1' &&
		    text[5] <= '4') {
			char label[8] = {text[0], text[1], text[2], text[3], 'Q', text[5], 0};
			set_period(out, y, (text[5] - '1') * 3 + 1, 3, label);
			return 0;
		}
	}
	return sso_error_set(SSO_EUSAGE,
			     "'%s' is not a period: use a year (2026), a half (2026H1, 2026H2) "
			     "or a quarter (2026Q1 .. 2026Q4)",
			     text);
}

void sso_period_year(sso_period *out, sso_date date)
{
	int y;
	char label[8];

	sso_date_ymd(date, &y, NULL, NULL);
	snprintf(label, sizeof(label), "%04d", y % 10000);
	set_period(out, y, 1, 12, label);
}
