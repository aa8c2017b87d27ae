/* rows.h - the bad rows of a CSV input: each reported with its file and
 * line, up to a limit, then counted; the reading goes on (private) */
#ifndef SSO_ROWS_H
#define SSO_ROWS_H

#include <stddef.h>

#include "sso/error.h"

#define SSO_ROWS_SHOWN 100

/* A report kept for later (see sso_rows.kept). */
typedef struct sso_rows_kept {
	size_t line;
	char text[240];
} sso_rows_kept;

/*
 * The one reporter of bad rows, for every reader of a CSV input. Set diag
 * and file (the rest zero): each bad row goes to diag as "file:line: what"
 * while fewer than SSO_ROWS_SHOWN were shown, and is counted always. A
 * reader in a thread of its own gives it `kept`, an array of SSO_ROWS_SHOWN:
 * its reports wait there, to be handed on in order by sso_rows__merge().
 */
typedef struct sso_rows {
	sso_diag *diag; /* may be NULL: only count */
	const char *file;
	unsigned long bad;   /* every bad row */
	unsigned long shown; /* those reported (or kept) */
	sso_rows_kept *kept; /* NULL: report at once */
} sso_rows;

/* One bad row: "file:line: " + the message, to the diag (or kept) while
 * fewer than SSO_ROWS_SHOWN were. */
void sso_rows__bad(sso_rows *R, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Hand on the reports kept in from to R, their lines moved by base, and
 * add its count: what one reader of the whole input would have reported. */
void sso_rows__merge(sso_rows *R, const sso_rows *from, size_t base);

/* At the end of the input: one more diag line if some bad rows were not
 * shown ("file: and 50 more bad rows (150 in all, the first 100 shown)").
 * Returns the number of bad rows. */
unsigned long sso_rows__summary(sso_rows *R);

/* At the end: 0 if no row was bad; else the summary line, and SSO_EINPUT
 * "file: N bad rows: what". */
int sso_rows__end(sso_rows *R, const char *what);

/* How much of a bad text a message quotes: at most SSO_ROWS_CLIP bytes, cut
 * before a UTF-8 character that would not fit. For "%.*s" with CLIP(). */
#define SSO_ROWS_CLIP 60
int sso_rows__clip(const char *text, size_t len);
#define CLIP(text, len) sso_rows__clip((text), (len)), (text)

#endif
