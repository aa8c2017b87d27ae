/* num.h - the numbers of scoring: decimals read exactly, printed rounded
 * half away from zero on the printed digit (private) */
#ifndef SSO_NUM_H
#define SSO_NUM_H

#include <stddef.h>

/* Parse a non-negative decimal of len bytes ("12", "12.5", "0.125": at most
 * three decimals) as thousandths into *out. Returns 0, or -1 when the text is
 * empty, negative, not a number, has more than three decimals or is larger
 * than 10^12. */
int sso_num__milli(const char *s, size_t len, long long *out);

/* Parse a non-negative whole number of len bytes (digits only, at most 18).
 * Returns 0 or -1. */
int sso_num__count(const char *s, size_t len, long long *out);

/* num/den rounded half away from zero, for num >= 0 and den > 0. */
long long sso_num__div_round(long long num, long long den);

/* x * scale rounded half away from zero. x comes from floating-point
 * arithmetic on decimal inputs, so a value within 1e-9 (in units of the
 * last printed digit) of a half is taken to be that half: 42.05 computed as
 * 42.04999999999 still prints 42.1. */
long long sso_num__round(double x, long long scale);

/* Write v/10^decimals with exactly `decimals` digits after the point
 * ("42.1", "0.6000", "-3.5") into buf. Returns buf. */
char *sso_num__fixed(char *buf, size_t cap, long long v, int decimals);

/* Write thousandths as the shortest decimal ("12", "12.5", "0.125"). */
char *sso_num__milli_text(char *buf, size_t cap, long long milli);

#endif
