/* strmap.h - an open-addressing map from borrowed strings to size_t (private) */
#ifndef SSO_STRMAP_H
#define SSO_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* Keys are borrowed: they must outlive the map. Values are caller's numbers
 * (indexes, or pointers cast to uintptr_t). */
typedef struct sso_strmap {
	struct sso_strmap_slot {
		const char *key;
		size_t len;
		uint64_t hash;
		size_t value;
	} * slots;
	size_t cap, count;
} sso_strmap;

uint64_t sso_strmap__hash(const char *key, size_t len);

/* Find key; returns 1 and sets *value, or 0 if absent. */
int sso_strmap__get(const sso_strmap *m, const char *key, size_t len, size_t *value);

/* Insert or replace. Returns 1 if key was new, 0 if replaced, or SSO_ENOMEM. */
int sso_strmap__put(sso_strmap *m, const char *key, size_t len, size_t value);

void sso_strmap__free(sso_strmap *m);

#endif
