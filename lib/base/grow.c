/* grow.c - arrays that double as they fill */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "sso/error.h"

int sso_grow__array(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t n = *cap ? *cap : first;
	void *p, *np;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return sso_error_set(SSO_ENOMEM, "out of memory");
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	memcpy(&p, items, sizeof(p));
	if (!(np = realloc(p, n * size)))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	memcpy(items, &np, sizeof(np));
	*cap = n;
	return 0;
}
