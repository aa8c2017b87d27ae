/* mask.c - the one masker of ID and phone numbers inside free text */
#include <stdlib.h>
#include <string.h>

#include "sso/error.h"
#include "sso/valid.h"

/*
 * A free text is read as a sequence of characters; a number in it is a run of
 * digit groups, each group one or more digits (ASCII or full-width ０-９), the
 * groups apart by one separator (a space, a dash, U+3000 or a full-width dash)
 * or, after an area code opened by a parenthesis, by its closing one. The
 * groups are matched against what the validators accept, written the ways
 * clerks write them: an ID number (17 digits and a digit or X, in up to five
 * groups), a mobile (11 digits, 1[3-9]..., as one group or 3-4-4, after an
 * optional 86 or 0086), a landline (an area code 0xx or 0xxx and seven or
 * eight digits in one or two groups, or 10 to 12 digits from a 0). A match
 * keeps its first 3 digits (an ID number 6) and its last 4 characters and
 * stars everything between, separators too, each character by one star of
 * its own width (* or ＊), so the text keeps its length. The digits of a
 * hash (a run of 32 hexadecimal digits or more, such as a document's
 * SHA-256 in an event's details) are left as they are.
 */

#define MAXD 24 /* digits looked at in one number */
#define MAXG 6  /* groups looked at in one number */

/* A number found at some point of the text: its digits (value, offset, bytes)
 * and how they fall into groups. */
typedef struct number {
	int nd;           /* digits */
	int ng;           /* groups */
	int val[MAXD];    /* each digit's value; 10 for a closing X */
	size_t at[MAXD];  /* each digit's offset in the text */
	int len[MAXD];    /* each digit's bytes: 1 or 3 */
	int gstart[MAXG]; /* each group's first digit */
	int glen[MAXG];   /* each group's digits */
	int paren;        /* the first group is an area code in parentheses */
} number;

/* The value of the digit at s (ASCII or full-width), its bytes in *len; or -1. */
static int digit_at(const char *s, int *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] >= '0' && u[0] <= '9')
		return *len = 1, u[0] - '0';
	if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
		return *len = 3, u[2] - 0x90;
	return -1;
}

/* The bytes of the separator at s (space, dash, U+3000, U+FF0D), or 0. */
static int sep_at(const char *s)
{
	if (*s == ' ' || *s == '-')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3) || !strncmp(s, "\xef\xbc\x8d", 3))
		return 3;
	return 0;
}

/* The bytes of an X (x, Ｘ, ｘ) at s, or 0. */
static int x_at(const char *s)
{
	if (*s == 'X' || *s == 'x')
		return 1;
	if (!strncmp(s, "\xef\xbc\xb8", 3) || !strncmp(s, "\xef\xbd\x98", 3))
		return 3;
	return 0;
}

/* The bytes of a parenthesis at s, opening (open) or closing, or 0. */
static int paren_at(const char *s, int open)
{
	if (*s == (open ? '(' : ')'))
		return 1;
	return !strncmp(s, open ? "\xef\xbc\x88" : "\xef\xbc\x89", 3) ? 3 : 0;
}

/* Does a digit end just before text + i? */
static int digit_before(const char *text, size_t i)
{
	int len;

	if (i >= 1 && digit_at(text + i - 1, &len) >= 0 && len == 1)
		return 1;
	return i >= 3 && digit_at(text + i - 3, &len) >= 0 && len == 3;
}

/*
 * Read the number whose first digit is at text + i into *n; paren says that
 * an opening parenthesis is just before it. Returns the offset just past the
 * first group, where the next attempt starts if nothing matches.
 */
static size_t read_number(const char *text, size_t i, int paren, number *n)
{
	size_t p = i, first_end = 0;
	int len, v, x = 0;

	n->nd = n->ng = n->paren = 0; /* the arrays are read only as far as these say */
	for (;;) {
		n->gstart[n->ng] = n->nd;
		while ((v = digit_at(text + p, &len)) >= 0) {
			if (n->nd < MAXD) {
				n->val[n->nd] = v;
				n->at[n->nd] = p;
				n->len[n->nd] = len;
			}
			n->nd++;
			p += (size_t)len;
		}
		/* an X only as an ID number's eighteenth character */
		if (n->nd == 17 && (len = x_at(text + p)) && digit_at(text + p + len, &v) < 0) {
			n->val[n->nd] = 10; /* an ID number's check character: the end */
			n->at[n->nd] = p;
			n->len[n->nd] = len;
			n->nd++;
			p += (size_t)len;
			x = 1;
		}
		n->glen[n->ng] = n->nd - n->gstart[n->ng];
		n->ng++;
		if (n->ng == 1)
			first_end = p;
		if (x || n->nd > MAXD || n->ng == MAXG)
			break;
		/* an area code in parentheses: (022)23456789 */
		if (n->ng == 1 && paren && n->val[0] == 0 && (n->nd == 3 || n->nd == 4) &&
		    (len = paren_at(text + p, 0))) {
			n->paren = 1;
			p += (size_t)len;
			p += (size_t)sep_at(text + p);
		} else if ((len = sep_at(text + p)) && digit_at(text + p + len, &v) >= 0) {
			p += (size_t)len;
		} else {
			break;
		}
		if (digit_at(text + p, &v) < 0)
			break;
	}
	if (n->nd > MAXD)
		n->nd = MAXD + 1; /* too long to be any of them */
	return first_end;
}

/* The digits of groups [g, g + k) of n. */
static int digits_in(const number *n, int g, int k)
{
	int d = 0;

	for (int i = g; i < g + k && i < n->ng; i++)
		d += n->glen[i];
	return d;
}

/* The value of digits [d, d + k) of n as a number. */
static int value(const number *n, int d, int k)
{
	int v = 0;

	for (int i = d; i < d + k; i++)
		v = v * 10 + n->val[i];
	return v;
}

/* Is one of the first upto digits of n an X (a check character)? */
static int has_x(const number *n, int upto)
{
	for (int i = 0; i < upto; i++)
		if (n->val[i] == 10)
			return 1;
	return 0;
}

/*
 * Are the 18 characters of n from digit d an ID number? 17 digits and a
 * digit or X, a province code first, a real date of birth. A check character
 * that does not add up is still an ID number (mistyped, but someone's),
 * unless the 18 are a unified social credit code whose own check adds up.
 */
static int is_idnum(const number *n, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int year = value(n, d + 6, 4), month = value(n, d + 10, 2), day = value(n, d + 12, 2);
	char ascii[19];

	if (has_x(n, d + 17) || n->val[d] < 1 || n->val[d] > 8)
		return 0;
	if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 ||
	    day > mdays[month - 1])
		return 0;
	if (month == 2 && day == 29 && (year % 4 || (year % 100 == 0 && year % 400)))
		return 0;
	for (int i = 0; i < 18; i++)
		ascii[i] = n->val[d + i] == 10 ? 'X' : (char)('0' + n->val[d + i]);
	ascii[18] = '\0';
	if (sso_idnum_check_char(ascii) != ascii[17] && sso_uscc_check_char(ascii) == ascii[17])
		return 0;
	return 1;
}

/* Are the 11 digits of n from digit d a mobile number, 1[3-9]...? */
static int is_mobile(const number *n, int d)
{
	return !has_x(n, d + 11) && n->val[d] == 1 && n->val[d + 1] >= 3 && n->val[d + 1] <= 9;
}

/* Do groups [g, g + k) of n hold a mobile (11 digits, one group or each of
 * at least 3), from their first digit? */
static int mobile_groups(const number *n, int g, int k)
{
	if (g + k > n->ng || digits_in(n, g, k) != 11)
		return 0;
	for (int i = g; i < g + k; i++)
		if (n->glen[i] < 3)
			return 0;
	return is_mobile(n, n->gstart[g]);
}

/*
 * Find in n what is to be masked: *from and *to are its first and last digit,
 * *head the digits kept at its start. Returns 1 if n holds an ID or phone
 * number from its first digit (or after an 86 or 0086 before a mobile).
 */
static int match(const number *n, int *from, int *to, int *head)
{
	if (n->nd > MAXD)
		return 0;
	/* an ID number in up to five groups */
	for (int k = 1; k <= n->ng && k <= 5; k++)
		if (digits_in(n, 0, k) == 18 && !has_x(n, 17) && n->paren == 0 && is_idnum(n, 0)) {
			*from = 0, *to = 17, *head = 6;
			return 1;
		}
	if (has_x(n, n->nd))
		return 0;
	/* a mobile, perhaps after 86 or 0086 (+86 has its + before) */
	for (int k = 1; k <= 3; k++)
		if (!n->paren && mobile_groups(n, 0, k)) {
			*from = 0, *to = 10, *head = 3;
			return 1;
		}
	if (!n->paren) {
		int two = n->nd >= 2 ? value(n, 0, 2) : -1, four = n->nd >= 4 ? value(n, 0, 4) : -1;

		if ((n->glen[0] == 13 && two == 86) || (n->glen[0] == 15 && four == 86)) {
			int d = n->glen[0] - 11;

			if (is_mobile(n, d)) {
				*from = d, *to = d + 10, *head = 3;
				return 1;
			}
		}
		if ((n->glen[0] == 2 && two == 86) || (n->glen[0] == 4 && four == 86))
			for (int k = 1; k <= 3; k++)
				if (mobile_groups(n, 1, k)) {
					*from = n->glen[0], *to = *from + 10, *head = 3;
					return 1;
				}
	}
	/* a landline after 86 or 0086, its area code without the 0: +86 22 23456789 */
	if (!n->paren && n->ng >= 3 && (n->glen[0] == 2 || n->glen[0] == 4) &&
	    value(n, 0, n->glen[0]) == 86 && (n->glen[1] == 2 || n->glen[1] == 3) &&
	    n->val[n->gstart[1]] >= 2)
		for (int k = 1; k <= 2; k++) {
			int local = digits_in(n, 2, k);

			if (2 + k > n->ng || local < 7 || local > 8 || (k == 2 && n->glen[3] < 3))
				continue;
			*from = n->glen[0], *to = *from + n->glen[1] + local - 1, *head = 3;
			return 1;
		}
	/* a landline from its area code */
	if (n->val[0] != 0)
		return 0;
	if (!n->paren && n->glen[0] >= 10 && n->glen[0] <= 12) {
		*from = 0, *to = n->glen[0] - 1, *head = 3;
		return 1;
	}
	if (n->glen[0] == 3 || n->glen[0] == 4)
		for (int k = 1; k <= 2; k++) {
			int local = digits_in(n, 1, k);

			if (1 + k > n->ng || local < 7 || local > 8)
				continue;
			if (k == 2 && (n->glen[1] < 3 || n->glen[2] < 3))
				continue;
			*from = 0, *to = n->glen[0] + local - 1, *head = 3;
			return 1;
		}
	return 0;
}

/* Is the number that ends at text + end, or begins at text + start, part of
 * a decimal (money, a measure): 13800138000.50? */
static int decimal(const char *text, size_t start, size_t end)
{
	int len;

	if (text[end] == '.' && digit_at(text + end + 1, &len) >= 0)
		return 1;
	return start >= 2 && text[start - 1] == '.' && digit_before(text, start - 1);
}

/* Star text from offset a to offset b (not included), each character by a
 * star of its width: one byte '*', three bytes U+FF0A. */
static void star(char *text, size_t a, size_t b)
{
	while (a < b) {
		unsigned char c = (unsigned char)text[a];
		int w = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

		if (w == 3 && a + 3 <= b) {
			memcpy(text + a, "\xef\xbc\x8a", 3);
		} else {
			for (int i = 0; i < w && a + (size_t)i < b; i++)
				text[a + (size_t)i] = '*';
		}
		a += (size_t)w;
	}
}

/* Is c an ASCII hexadecimal digit? */
static int hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int sso_mask_text(char *text)
{
	size_t i = 0;
	int masked = 0;

	while (text[i]) {
		int len, from, to, head;
		size_t next, start, end;
		number n;

		/* a hash (32 hex digits or more) is nobody's number, whatever it holds */
		if (hex(text[i]) && (i == 0 || !hex(text[i - 1]))) {
			size_t j = i;

			while (hex(text[j]))
				j++;
			if (j - i >= 32) {
				i = j;
				continue;
			}
		}
		if (digit_at(text + i, &len) < 0 || digit_before(text, i)) {
			i++;
			continue;
		}
		next = read_number(text, i,
				   (i >= 1 && paren_at(text + i - 1, 1)) ||
					   (i >= 3 && paren_at(text + i - 3, 1)),
				   &n);
		if (!match(&n, &from, &to, &head)) {
			i = next;
			continue;
		}
		start = n.at[from];
		end = n.at[to] + (size_t)n.len[to];
		if (decimal(text, start, end)) {
			i = next;
			continue;
		}
		/* keep head digits and the last four characters */
		star(text, n.at[from + head - 1] + (size_t)n.len[from + head - 1], n.at[to - 3]);
		masked = 1;
		i = end;
	}
	return masked;
}

int sso_mask_copy(const char *text, char **buf, size_t *cap)
{
	size_t len = strlen(text);

	if (len + 1 > *cap) {
		size_t ncap = *cap ? *cap : 256;
		char *nb;

		while (ncap < len + 1)
			ncap *= 2;
		if (!(nb = realloc(*buf, ncap)))
			return sso_error_set(SSO_ENOMEM, "out of memory");
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf, text, len + 1);
	sso_mask_text(*buf);
	return 0;
}
