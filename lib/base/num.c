/* num.c - exact decimals in, rounded decimals out */
#include <math.h>
#include <stdio.h>

#include "base/num.h"

int sso_num__milli(const char *s, size_t len, long long *out)
{
	long long v = 0;
	size_t i = 0, digits = 0, frac = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (digits >= 13)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, frac++) {
			if (frac >= 3)
				return -1;
			v = v * 10 + (s[i] - '0');
		}
		if (frac == 0)
			return -1;
	}
	if (i != len || digits == 0 || v / 1000 > 1000000000000LL)
		return -1;
	for (; frac < 3; frac++)
		v *= 10;
	*out = v;
	return 0;
}

int sso_num__count(const char *s, size_t len, long long *out)
{
	long long v = 0;

	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

long long sso_num__div_round(long long num, long long den)
{
	return (num / den) + ((num % den) * 2 >= den ? 1 : 0);
}

long long sso_num__round(double x, long long scale)
{
	double v = x * (double)scale;

	return v < 0 ? -(long long)floor(-v + 0.5 + 1e-9) : (long long)floor(v + 0.5 + 1e-9);
}

char *sso_num__fixed(char *buf, size_t cap, long long v, int decimals)
{
	long long p = 1, a = v < 0 ? -v : v;

	for (int i = 0; i < decimals; i++)
		p *= 10;
	if (decimals == 0)
		snprintf(buf, cap, "%lld", v);
	else
		snprintf(buf, cap, "%s%lld.%0*lld", v < 0 ? "-" : "", a / p, decimals, a % p);
	return buf;
}

char *sso_num__milli_text(char *buf, size_t cap, long long milli)
{
	int decimals = milli % 1000 == 0 ? 0 : milli % 100 == 0 ? 1 : milli % 10 == 0 ? 2 : 3;
	long long v = milli;

	for (int i = decimals; i < 3; i++)
		v /= 10;
	return sso_num__fixed(buf, cap, v, decimals);
}
