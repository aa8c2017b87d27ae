/* valid.c - check characters of ID numbers and credit codes, phones, masking */
#include <stdlib.h>
#include <string.h>

#include "sso/error.h"
#include "sso/valid.h"

char sso_idnum_check_char(const char *first17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return 0;
		sum += (first17[i] - '0') * w[i];
	}
	return "10X98765432"[sum % 11];
}

int sso_idnum_check(const char *id, sso_date today)
{
	size_t len = strlen(id);
	char want, got;
	sso_date birth;
	char date[11];

	if (len != 18)
		return sso_error_set(SSO_EINPUT, "ID number must be 18 characters, not %zu", len);
	want = sso_idnum_check_char(id);
	if (!want)
		return sso_error_set(SSO_EINPUT, "ID number must be 17 digits and a check "
						 "character (0-9 or X)");
	if (id[0] < '1' || id[0] > '8')
		return sso_error_set(SSO_EINPUT, "ID number does not begin with a province code");
	memcpy(date, id + 6, 4);
	date[4] = '-';
	memcpy(date + 5, id + 10, 2);
	date[7] = '-';
	memcpy(date + 8, id + 12, 2);
	date[10] = '\0';
	if (sso_date_parse(&birth, date, 10) < 0)
		return sso_error_set(SSO_EINPUT, "ID number has no real date of birth (%.8s)",
				     id + 6);
	if (birth > today)
		return sso_error_set(SSO_EINPUT, "ID number's date of birth %s is in the future",
				     date);
	got = id[17] == 'x' ? 'X' : id[17];
	if (got != want)
		return sso_error_set(SSO_EINPUT, "ID number check character is %c, not %c", want,
				     id[17]);
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int sso_phone_check(const char *phone)
{
	size_t len = strlen(phone);
	const char *dash = strchr(phone, '-');
	char shown[64];

	if (len == 11 && phone[0] == '1' && phone[1] >= '3' && all_digits(phone, 11))
		return 0;
	if (phone[0] == '0') {
		size_t area = dash ? (size_t)(dash - phone) : 0, local;

		if (dash) {
			local = len - area - 1;
			if (area >= 3 && area <= 4 && all_digits(phone, area) && local >= 7 &&
			    local <= 8 && all_digits(dash + 1, local))
				return 0;
		} else if (len >= 10 && len <= 12 && all_digits(phone, len)) {
			return 0;
		}
	}
	/* the message names the number masked: it is someone's, even mistyped */
	sso_mask_phone(phone, shown, sizeof(shown));
	return sso_error_set(SSO_EINPUT,
			     "phone number '%s' is neither an 11-digit mobile number nor a "
			     "landline with its area code (022-23456789)",
			     shown);
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alphabet, c) : NULL;

	return p ? (int)(p - uscc_alphabet) : -1;
}

char sso_uscc_check_char(const char *first17)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);

		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

int sso_uscc_check(const char *code)
{
	size_t len = strlen(code);
	char want;

	if (len != 18)
		return sso_error_set(SSO_EINPUT,
				     "unified social credit code must be 18 characters, not %zu",
				     len);
	want = sso_uscc_check_char(code);
	if (!want || uscc_value(code[17]) < 0)
		return sso_error_set(SSO_EINPUT,
				     "unified social credit code may hold only 0-9 and capital "
				     "letters other than I, O, S, V and Z");
	if (code[17] != want)
		return sso_error_set(SSO_EINPUT,
				     "unified social credit code check character is %c, not %c",
				     want, code[17]);
	return 0;
}

static void mask(const char *s, size_t head, size_t tail, char *buf, size_t cap)
{
	size_t len = strlen(s), o = 0;

	if (cap == 0)
		return;
	if (len <= head + tail) /* too short to show any part of it */
		head = 0, tail = len > 4 ? 2 : 0;
	for (size_t i = 0; i < len && o + 1 < cap; i++)
		buf[o++] = (i < head || i >= len - tail) ? s[i] : '*';
	buf[o] = '\0';
}

void sso_mask_idnum(const char *id, char *buf, size_t cap)
{
	mask(id, 6, 4, buf, cap);
}

void sso_mask_phone(const char *phone, char *buf, size_t cap)
{
	mask(phone, 3, 4, buf, cap);
}

static int is_han(unsigned cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}

void sso_utf8_count(const char *s, size_t len, size_t *chars, size_t *han)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t nc = 0, nh = 0;

	while (p < end) {
		unsigned cp = *p;
		int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;

		if (extra)
			cp &= 0x3F >> extra;
		p++;
		for (; extra > 0 && p < end; extra--, p++)
			cp = (cp << 6) | (*p & 0x3F);
		nc++;
		nh += is_han(cp);
	}
	if (chars)
		*chars = nc;
	if (han)
		*han = nh;
}

int sso_blank(const char *text)
{
	const char *p = text;

	while (p && *p) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (!strncmp(p, "\xe3\x80\x80", 3)) /* U+3000 IDEOGRAPHIC SPACE */
			p += 3;
		else
			return 0;
	}
	return 1;
}
