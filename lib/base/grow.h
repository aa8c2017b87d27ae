/* grow.h - arrays that double as they fill (private) */
#ifndef SSO_GROW_H
#define SSO_GROW_H

#include <stddef.h>

/* Make room for at least need elements of size bytes in the array whose
 * address is at items (a T **) and whose capacity is *cap: doubling from
 * first (or from *cap). Returns 0, or SSO_ENOMEM with the array and *cap as
 * they were. */
int sso_grow__array(void *items, size_t *cap, size_t need, size_t size, size_t first);

/* The same for an array variable arr (any T *) and its capacity cap. */
#define SSO_GROW(arr, cap, need, first)                                                            \
	sso_grow__array(&(arr), &(cap), (need), sizeof(*(arr)), (first))

#endif
