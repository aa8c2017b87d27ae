/* rows.h - the bad rows of a CSV input: each reported with its file and
 * line, up to a limit, then counted; the reading goes on (private) */
#ifndef SSO_ROWS_H
#define SSO_ROWS_H

#include <stddef.h>

#include "sso/error.h"

#define SSO_ROWS_SHOWN 100

typedef struct sso_rows {
	sso_diag *diag;     /* may be NULL: only count */
	const char *file;
	unsigned long bad;
} sso_rows;

/* One bad row: "file:line: " + the message, to the diag while fewer than
 * SSO_ROWS_SHOWN were. */
void sso_rows__bad(sso_rows *R, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* At the end: 0 if no row was bad; else one more diag line if some were not
 * shown, and SSO_EINPUT "file: N bad rows: what". */
int sso_rows__end(sso_rows *R, const char *what);

#endif
