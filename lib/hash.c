/* hash.c - SHA-256 helpers over nettle's implementation */
#include <stdio.h>
#include <string.h>

#include "hash.h"

void sso_hash__init(sso_sha256 *h)
{
	sha256_init(h);
}

void sso_hash__update(sso_sha256 *h, const void *data, size_t len)
{
	sha256_update(h, len, data);
}

void sso_hash__field(sso_sha256 *h, const char *text)
{
	char len[24];
	int n;

	if (!text) {
		sha256_update(h, 1, (const uint8_t *)"-");
		return;
	}
	n = snprintf(len, sizeof(len), "%zu:", strlen(text));
	sha256_update(h, (size_t)n, (const uint8_t *)len);
	sha256_update(h, strlen(text), (const uint8_t *)text);
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
