/* hash.c - SHA-256 helpers over nettle's implementation */
#include <stdio.h>
#include <string.h>

#include "base/hash.h"

void sso_hash__init(sso_sha256 *h)
{
	sha256_init(h);
}

void sso_hash__update(sso_sha256 *h, const void *data, size_t len)
{
	sha256_update(h, len, data);
}

/* Decimal digits of n, written backwards ending at end; returns the start.
 * (snprintf cost more than the hash itself when millions of events are
 * verified.) */
static char *decimal(char *end, unsigned long long n)
{
	do
		*--end = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	return end;
}

void sso_hash__field(sso_sha256 *h, const char *text)
{
	char len[24], *p;
	size_t n;

	if (!text) {
		sha256_update(h, 1, (const uint8_t *)"-");
		return;
	}
	n = strlen(text);
	len[sizeof(len) - 1] = ':';
	p = decimal(len + sizeof(len) - 1, n);
	sha256_update(h, (size_t)(len + sizeof(len) - p), (const uint8_t *)p);
	sha256_update(h, n, (const uint8_t *)text);
}

void sso_hash__number(sso_sha256 *h, long long v)
{
	char buf[24], *p;

	buf[sizeof(buf) - 1] = '\0';
	p = decimal(buf + sizeof(buf) - 1,
		    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	if (v < 0)
		*--p = '-';
	sso_hash__field(h, p);
}

void sso_hash__hex(sso_sha256 *h, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_digest(h, sizeof(d), d);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
