/* actrow.c - the activity row: columns, headers, and the rules of its fields */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rows.h"
#include "sso/actrow.h"
#include "sso/error.h"
#include "sso/id.h"

const sso_column sso_actrow_columns[SSO_ACT_NCOLS] = {
	[SSO_ACT_ID] = {"activity_id", "活动编号", SSO_COL_TEXT},
	[SSO_ACT_ORG] = {"org_id", "组织编号", SSO_COL_TEXT},
	[SSO_ACT_DATE] = {"date", "活动日期", SSO_COL_TEXT},
	[SSO_ACT_PARTICIPANTS] = {"participants", "参与人数", SSO_COL_NUMBER},
	[SSO_ACT_STREET] = {"street", "街道", SSO_COL_TEXT},
	[SSO_ACT_COMMUNITY] = {"community", "社区", SSO_COL_TEXT},
	[SSO_ACT_KIND] = {"kind", "活动类型", SSO_COL_TEXT},
	[SSO_ACT_TITLE] = {"title", "活动名称", SSO_COL_TEXT},
	[SSO_ACT_HOURS] = {"volunteer_hours", "志愿服务时长", SSO_COL_NUMBER},
};

#define REQUIRED(c) ((c) <= SSO_ACT_PARTICIPANTS)

char sso_actrow_separator(sso_input *in)
{
	const char *p;
	size_t n;

	if (sso_input_peek(&p, &n, in) < 0)
		return ',';
	for (size_t i = 0; i < n && p[i] != '\n'; i++)
		if (p[i] == ',' || p[i] == '\t')
			return p[i];
	return ',';
}

/* Trim the spaces and tabs around a field, in place. */
static inline char *trim(char *f, size_t *len)
{
	size_t n = *len;

	while (n && (*f == ' ' || *f == '\t'))
		f++, n--;
	while (n && (f[n - 1] == ' ' || f[n - 1] == '\t'))
		n--;
	f[n] = '\0';
	*len = n;
	return f;
}

int sso_actrow_header_read(sso_actrow_header *out, const sso_csv_row *header, const char *file)
{
	for (size_t c = 0; c < SSO_ACT_NCOLS; c++)
		out->index[c] = -1;
	out->nfields = header->count;
	for (size_t i = 0; i < header->count; i++) {
		size_t len = header->lens[i];
		char *name = header->fields[i];

		if (i == 0 && len >= 3 && !memcmp(name, "\357\273\277", 3))
			name += 3, len -= 3;
		name = trim(name, &len);
		for (size_t c = 0; c < SSO_ACT_NCOLS; c++) {
			const sso_column *col = &sso_actrow_columns[c];

			if (strcmp(name, col->key) && strcmp(name, col->zh))
				continue;
			if (out->index[c] >= 0)
				return sso_error_set(SSO_EINPUT,
						     "%s:%zu: the header names column '%s' twice",
						     file, header->line, col->key);
			out->index[c] = (int)i;
		}
	}
	for (size_t c = 0; c < SSO_ACT_NCOLS; c++)
		if (out->index[c] < 0 && REQUIRED(c))
			return sso_error_set(
				SSO_EINPUT,
				"%s:%zu: the header has no column '%s' (it needs a header "
				"row naming activity_id, org_id, date and participants, "
				"or 活动编号, 组织编号, 活动日期 and 参与人数)",
				file, header->line, sso_actrow_columns[c].key);
	return 0;
}

void sso_actrow_keep(const sso_actrow_header *h, unsigned char *keep)
{
	memset(keep, 0, h->nfields);
	for (size_t c = 0; c < SSO_ACT_NCOLS; c++)
		if (h->index[c] >= 0)
			keep[h->index[c]] = 1;
}

/* A word read from memory as little-endian. */
static inline uint64_t le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(w);
#else
	return w;
#endif
}

static int control_at(const char *t, size_t from, size_t to, int breaks_ok)
{
	for (size_t i = from; i < to; i++)
		if ((unsigned char)t[i] < 0x20 && !(breaks_ok && (t[i] == '\n' || t[i] == '\t')))
			return 1;
	return 0;
}

/* Does t hold a byte below 0x20 (but a line break or tab if breaks_ok)?
 * Eight bytes a step: every row of a large file passes here, and a byte
 * loop over its titles was a third of sso-score's time. */
static int has_control(const char *t, size_t len, int breaks_ok)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t w;

		memcpy(&w, t + i, 8);
		if (((w - ones * 0x20) & ~w & high) && control_at(t, i, i + 8, breaks_ok))
			return 1;
	}
	return control_at(t, i, len, breaks_ok);
}

static int days_in(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* YYYY-MM-DD as yyyymmdd, or -1 if it is not a real date from 1900 on; its
 * year, month and day in *y, *m, *d. */
static int date_ymd(const char *s, size_t len, int *y, int *m, int *d)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned bad;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	/* each digit minus '0' is at most 9, or it was not a digit */
	bad = ((unsigned)u[0] - '0' > 9) | ((unsigned)u[1] - '0' > 9) | ((unsigned)u[2] - '0' > 9) |
	      ((unsigned)u[3] - '0' > 9) | ((unsigned)u[5] - '0' > 9) | ((unsigned)u[6] - '0' > 9) |
	      ((unsigned)u[8] - '0' > 9) | ((unsigned)u[9] - '0' > 9);
	if (bad)
		return -1;
	*y = (u[0] - '0') * 1000 + (u[1] - '0') * 100 + (u[2] - '0') * 10 + (u[3] - '0');
	*m = (u[5] - '0') * 10 + (u[6] - '0');
	*d = (u[8] - '0') * 10 + (u[9] - '0');
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
		return -1;
	return *y * 10000 + *m * 100 + *d;
}

/* sso_date_from_ymd() for a real date from 1900 on, where its arithmetic is
 * all on positive numbers: the same days, without a call on every row (a
 * test compares the two over every date from 1900-01-01 to 9999-12-31). */
static inline sso_date days_of(int y, int m, int d)
{
	unsigned yy = (unsigned)y - (m <= 2), era = yy / 400, yoe = yy - era * 400;
	unsigned doy = (153 * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (sso_date)((int)(era * 146097 + doe) - 719468);
}

/* "ORG" and the digits sso_id_format() prints: 1 with *id set, or 0. */
static int org_canonical(const char *t, size_t len, long *id)
{
	long v = 0;

	if (len == 3 + SSO_ID_DIGITS && SSO_ID_DIGITS == 6) {
		/* the common id, ORG and six digits: its last eight bytes
		 * ("RG" and the digits) checked in one word */
		uint64_t w, lo;

		memcpy(&w, t + 1, 8);
		w = le64(w);
		lo = w >> 16; /* the six digit bytes, first in the lowest */
		if (t[0] != 'O' || (w & 0xFFFF) != ('R' | 'G' << 8) ||
		    (lo & 0xF0F0F0F0F0F0ULL) != 0x303030303030ULL ||
		    ((lo + 0x060606060606ULL) & 0xF0F0F0F0F0F0ULL) != 0x303030303030ULL)
			return 0;
		lo -= 0x303030303030ULL;
		for (int i = 0; i < 6; i++, lo >>= 8)
			v = v * 10 + (long)(lo & 0xFF);
		if (v <= 0)
			return 0;
		*id = v;
		return 1;
	}
	if (len < 3 + SSO_ID_DIGITS || len > 12 || t[0] != 'O' || t[1] != 'R' || t[2] != 'G' ||
	    (len > 3 + SSO_ID_DIGITS && t[3] == '0'))
		return 0;
	for (size_t i = 3; i < len; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		v = v * 10 + (t[i] - '0');
	}
	if (v <= 0)
		return 0;
	*id = v;
	return 1;
}

/* Volunteer hours: digits, optionally a point and digits, at most the
 * maximum. 0 with *out set, or -1. */
static int hours_of(const char *t, size_t len, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	size_t i = 0, digits = 0, frac = 0;
	unsigned long long m = 0;
	double v;

	for (; i < len && t[i] >= '0' && t[i] <= '9'; i++, digits++)
		if (digits < 16)
			m = m * 10 + (unsigned long long)(t[i] - '0');
	if (digits == 0)
		return -1;
	if (i < len && t[i] == '.') {
		for (i++; i < len && t[i] >= '0' && t[i] <= '9'; i++, frac++)
			if (digits + frac < 16)
				m = m * 10 + (unsigned long long)(t[i] - '0');
		if (frac == 0)
			return -1;
	}
	if (i != len)
		return -1;
	/* up to 15 digits, the mantissa and the power of ten are exact doubles
	 * and their quotient is rounded once, as strtod() rounds */
	if (digits + frac <= 15)
		v = (double)m / pow10[frac];
	else
		v = strtod(t, NULL);
	if (!(v <= SSO_ACTROW_HOURS_MAX))
		return -2;
	*out = v;
	return 0;
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sso_error_set(SSO_EINPUT, "%s", msg);
}

int sso_actrow_parse(sso_actrow *out, const sso_actrow_header *h, const sso_csv_row *row)
{
	const char *const *f = (const char *const *)out->text;
	const size_t *len = out->len;
	size_t n, longest = 0;
	int rc, y, m, d;

	if (row->count != h->nfields)
		return bad("the row has %zu fields where the header has %zu", row->count,
			   h->nfields);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC unroll 9
#endif
	for (size_t c = 0; c < SSO_ACT_NCOLS; c++) {
		int i = h->index[c];
		char *t;
		size_t tl;

		if (i < 0) {
			out->text[c] = "";
			out->len[c] = 0;
			continue;
		}
		t = row->fields[i];
		tl = row->lens[i];
		/* trim() takes only spaces and tabs, bytes <= ' ': a field that
		 * neither starts nor ends with one is left as it is (and is
		 * NUL-terminated already) */
		if (!tl || (unsigned char)t[0] <= ' ' || (unsigned char)t[tl - 1] <= ' ')
			t = trim(t, &tl);
		out->text[c] = t;
		out->len[c] = tl;
		longest |= tl; /* above the maximum if any one is */
	}
	if (longest > SSO_ACTROW_TEXT_MAX)
		for (size_t c = 0; c < SSO_ACT_NCOLS; c++)
			if (out->len[c] > SSO_ACTROW_TEXT_MAX)
				return bad("%s is longer than %d bytes", sso_actrow_columns[c].key,
					   SSO_ACTROW_TEXT_MAX);

	if (!len[SSO_ACT_ORG])
		return bad("org_id is empty");
	out->org_canonical = org_canonical(f[SSO_ACT_ORG], len[SSO_ACT_ORG], &out->org);
	if (!out->org_canonical && memchr(f[SSO_ACT_ORG], '\0', len[SSO_ACT_ORG]))
		return bad("org_id may not hold a NUL byte");
	if (!out->org_canonical) {
		char canon[SSO_ID_CAP];

		if (sso_id_parse(&out->org, f[SSO_ACT_ORG], "ORG") < 0)
			return bad("org_id: %s", sso_error_last());
		/* an id of more digits (ORG1234567) is printed as written, too */
		sso_id_format(canon, sizeof(canon), "ORG", out->org);
		out->org_canonical = strlen(canon) == len[SSO_ACT_ORG] &&
				     !memcmp(canon, f[SSO_ACT_ORG], len[SSO_ACT_ORG]);
	}

	if ((out->ymd = date_ymd(f[SSO_ACT_DATE], len[SSO_ACT_DATE], &y, &m, &d)) < 0)
		return bad("date '%.*s' is not a real date written YYYY-MM-DD",
			   CLIP(f[SSO_ACT_DATE], len[SSO_ACT_DATE]));
	out->date = days_of(y, m, d);

	n = len[SSO_ACT_PARTICIPANTS];
	out->participants = 0;
	for (size_t i = 0; i < n; i++) {
		const char ch = f[SSO_ACT_PARTICIPANTS][i];

		if (ch < '0' || ch > '9') {
			n = 0;
			break;
		}
		if (out->participants <= SSO_ACTROW_PARTICIPANTS_MAX)
			out->participants = out->participants * 10 + (ch - '0');
	}
	if (n == 0)
		return bad("participants must be a whole number of 0 or more, not '%.*s'",
			   CLIP(f[SSO_ACT_PARTICIPANTS], len[SSO_ACT_PARTICIPANTS]));
	if (out->participants > SSO_ACTROW_PARTICIPANTS_MAX)
		return bad("participants must be at most %d, not '%.*s'",
			   SSO_ACTROW_PARTICIPANTS_MAX,
			   CLIP(f[SSO_ACT_PARTICIPANTS], len[SSO_ACT_PARTICIPANTS]));

	out->has_hours = len[SSO_ACT_HOURS] != 0;
	out->hours = 0;
	if (out->has_hours &&
	    (rc = hours_of(f[SSO_ACT_HOURS], len[SSO_ACT_HOURS], &out->hours)) < 0)
		return rc == -2 ? bad("volunteer_hours must be at most %d, not '%.*s'",
				      SSO_ACTROW_HOURS_MAX,
				      CLIP(f[SSO_ACT_HOURS], len[SSO_ACT_HOURS]))
				: bad("volunteer_hours must be a number of at least 0, not '%.*s' "
				      "(digits, and a point before decimals: 1.5)",
				      CLIP(f[SSO_ACT_HOURS], len[SSO_ACT_HOURS]));

	if (!len[SSO_ACT_ID])
		return bad("activity_id is empty");
	if (len[SSO_ACT_ID] > SSO_ACTROW_ID_MAX ||
	    (!row->no_controls && has_control(f[SSO_ACT_ID], len[SSO_ACT_ID], 0)))
		return bad("activity_id must be 1 to %d characters on one line, not '%.*s'",
			   SSO_ACTROW_ID_MAX, CLIP(f[SSO_ACT_ID], len[SSO_ACT_ID]));
	/* a record the reader saw has no byte below 0x20 has no control
	 * character in any field: nothing to look for again */
	if (row->no_controls)
		return 0;
	for (size_t c = SSO_ACT_STREET; c <= SSO_ACT_TITLE; c++)
		if (has_control(f[c], len[c], c == SSO_ACT_TITLE))
			return bad("%s may not hold control characters%s",
				   sso_actrow_columns[c].key,
				   c == SSO_ACT_TITLE ? " but line breaks and tabs" : "");
	return 0;
}

char *sso_actrow_format_hours(char *buf, size_t cap, double hours)
{
	char e[40];
	int digits = 15, exp10, decimals;
	size_t n;

	assert(cap >= SSO_ACTROW_HOURS_CAP);
	/* the fewest significant digits (15 to 17) that read back as hours */
	for (; digits < 17; digits++) {
		snprintf(e, sizeof(e), "%.*e", digits - 1, hours);
		if (strtod(e, NULL) == hours)
			break;
	}
	snprintf(e, sizeof(e), "%.*e", digits - 1, hours);
	exp10 = atoi(strchr(e, 'e') + 1);
	decimals = digits - 1 - exp10;
	if (decimals < 0)
		decimals = 0;
	/* as many decimals in fixed notation: the same digits, no exponent */
	snprintf(buf, cap, "%.*f", decimals, hours);
	n = strlen(buf);
	if (strchr(buf, '.')) {
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		if (buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	return buf;
}
