/* hash.h - SHA-256 through nettle, as lowercase hex (private) */
#ifndef SSO_HASH_H
#define SSO_HASH_H

#include <nettle/sha2.h>
#include <stddef.h>

typedef struct sha256_ctx sso_sha256;

void sso_hash__init(sso_sha256 *h);
void sso_hash__update(sso_sha256 *h, const void *data, size_t len);
/* Feed a field length-prefixed ("<len>:<bytes>"), so that fields cannot run
 * into each other; NULL is fed as "-". */
void sso_hash__field(sso_sha256 *h, const char *text);
/* Feed a number as sso_hash__field feeds its decimal text. */
void sso_hash__number(sso_sha256 *h, long long v);
/* The digest as 64 hex characters and a NUL. */
void sso_hash__hex(sso_sha256 *h, char out[65]);

#endif
