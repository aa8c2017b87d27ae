/* json.h - small JSON objects for event details (private) */
#ifndef SSO_JSON_H
#define SSO_JSON_H

#include <stdio.h>

/* Build {"k":"v",...} in memory. Errors latch; sso_json__end says. */
typedef struct sso_json {
	FILE *fp;
	char *buf;
	size_t len;
	int n;
} sso_json;

int sso_json__begin(sso_json *j);
void sso_json__str(sso_json *j, const char *key, const char *value); /* NULL: null */
void sso_json__int(sso_json *j, const char *key, long long value);
/* Finish: returns 0 with *out (caller frees), or SSO_ENOMEM. */
int sso_json__end(sso_json *j, char **out);

/* Give up an object begun with sso_json__begin(), freeing what it holds. */
void sso_json__abandon(sso_json *j);

#endif
