/* csv.h - RFC 4180 CSV (and TSV) records in, fields out, through libcsv */
#ifndef SSO_CSV_H
#define SSO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "sso/input.h"

/* One record, as the reader hands it to its callback. Everything is borrowed
 * until the callback returns. */
typedef struct sso_csv_row {
	size_t line;         /* the line the record starts on (1 = first line) */
	size_t count;        /* number of fields */
	char **fields;       /* NUL-terminated field texts */
	const size_t *lens;  /* their lengths */
} sso_csv_row;

/* Called once per record, the header included. Return 0 to go on, or a
 * negative SSO_E* code (with its detail set) to stop the reader with it. */
typedef int (*sso_csv_fn)(void *payload, const sso_csv_row *row);

/* Read every record of in, separated by sep (',' or '\t'), calling fn. Blank
 * lines are skipped; CRLF and a BOM are accepted; quoted fields may hold
 * separators, doubled quotes and newlines. A field longer than 16 MB, or a
 * quote never closed, is SSO_EINPUT with the line. Returns 0 or a negative
 * code (from the input, the parser or fn). */
int sso_csv_read(sso_input *in, char sep, sso_csv_fn fn, void *payload);

/* A column a reader wants from a header row. */
typedef struct sso_csv_column {
	const char *name;  /* header text */
	int required;
	int index;         /* set by sso_csv_header: field index, or -1 if absent */
} sso_csv_column;

/* Find each column's index in the header row; other header fields are ignored.
 * Returns 0, or SSO_EINPUT "file:line: the header has no column 'date'" (or a
 * duplicated column) naming the file. */
int sso_csv_header(const sso_csv_row *header, sso_csv_column *cols, size_t ncols,
		   const char *file);

/* Write one field to fp: as-is when it can be, quoted (CSV) or escaped (TSV:
 * \t, \n, \r and \\) when it must be. len may be (size_t)-1 for strlen. Returns
 * 0, or SSO_EIO if the stream has failed. */
int sso_csv_put(FILE *fp, char sep, const char *text, size_t len);

#endif
