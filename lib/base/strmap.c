/* strmap.c - linear-probing hash map over borrowed string keys */
#include <stdlib.h>
#include <string.h>

#include "sso/error.h"
#include "base/strmap.h"

uint64_t sso_strmap__hash(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, then a final mix */

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

int sso_strmap__get(const sso_strmap *m, const char *key, size_t len, size_t *value)
{
	uint64_t h;
	size_t i;

	if (!m->cap)
		return 0;
	h = sso_strmap__hash(key, len);
	for (i = h & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1)) {
		const struct sso_strmap_slot *s = &m->slots[i];

		if (s->hash == h && s->len == len && !memcmp(s->key, key, len)) {
			*value = s->value;
			return 1;
		}
	}
	return 0;
}

static int rehash(sso_strmap *m, size_t cap)
{
	struct sso_strmap_slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t j = 0; j < m->cap; j++) {
		size_t i;

		if (!m->slots[j].key)
			continue;
		for (i = m->slots[j].hash & (cap - 1); slots[i].key; i = (i + 1) & (cap - 1))
			;
		slots[i] = m->slots[j];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int sso_strmap__put(sso_strmap *m, const char *key, size_t len, size_t value)
{
	uint64_t h;
	size_t i;
	int rc;

	if ((m->count + 1) * 4 >= m->cap * 3 && (rc = rehash(m, m->cap ? m->cap * 2 : 64)) < 0)
		return rc;
	h = sso_strmap__hash(key, len);
	for (i = h & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1)) {
		struct sso_strmap_slot *s = &m->slots[i];

		if (s->hash == h && s->len == len && !memcmp(s->key, key, len)) {
			s->value = value;
			return 0;
		}
	}
	m->slots[i].key = key;
	m->slots[i].len = len;
	m->slots[i].hash = h;
	m->slots[i].value = value;
	m->count++;
	return 1;
}

void sso_strmap__free(sso_strmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}
