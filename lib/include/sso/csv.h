/* csv.h - RFC 4180 CSV (and TSV) records in, fields out, through libcsv */
#ifndef SSO_CSV_H
#define SSO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "sso/input.h"

/* One record, as the reader hands it to its callback. Everything is borrowed
 * until the callback returns. */
typedef struct sso_csv_row {
	size_t line;        /* the line the record starts on (1 = first line) */
	size_t count;       /* number of fields */
	char **fields;      /* NUL-terminated field texts */
	const size_t *lens; /* their lengths */
	/* 1: the reader saw every byte of the record and none of its fields
	 * holds a byte below 0x20 (a by-product of its scan for line ends);
	 * 0: some field may (a row built by hand: 0, so that readers check) */
	int no_controls;
} sso_csv_row;

/* Called once per record, the header included. Return 0 to go on,
 * SSO_CSV_STOP to stop reading there (the reader then returns 0), or a
 * negative SSO_E* code (with its detail set) to stop the reader with it. */
#define SSO_CSV_STOP 1
typedef int (*sso_csv_fn)(void *payload, const sso_csv_row *row);

/* Read every record of in, separated by sep (',' or '\t'), calling fn. Blank
 * lines are skipped; CRLF and a BOM are accepted. CSV (','): quoted fields may
 * hold separators, doubled quotes and newlines. TSV ('\t'), as sso_csv_put()
 * writes it: one record a line, no quoting, the escapes \t \n \r \\ undone. A field longer than 16 MB, or a
 * quote never closed, is SSO_EINPUT with the line. Returns 0 or a negative
 * code (from the input, the parser or fn). */
int sso_csv_read(sso_input *in, char sep, sso_csv_fn fn, void *payload);

/*
 * The same reader in steps, for callers that feed one record stream from
 * several inputs (a file read in byte ranges by threads): feed each input in
 * turn, then finish. sso_csv_read() is new + feed + finish + free.
 */
typedef struct sso_csv_reader sso_csv_reader;

/* Returns 0 or SSO_ENOMEM; the caller frees *out with sso_csv_reader_free(). */
int sso_csv_reader_new(sso_csv_reader **out, char sep, sso_csv_fn fn, void *payload);

/* Parse all of in; a record cut by its end goes on with the next input.
 * Returns 0 or a negative code (from the input, the parser or fn). */
int sso_csv_reader_feed(sso_csv_reader *r, sso_input *in);

/* From the next field on, copy only the fields i < n with keep[i] set
 * (keep borrowed while the reader reads; NULL: all): the others are handed
 * to fn empty, with length 0, and still counted. A reader of a few columns
 * of wide rows saves the copies. */
void sso_csv_reader_keep(sso_csv_reader *r, const unsigned char *keep, size_t n);

/* Is the reader between two records (not inside a record or a quoted
 * field)? */
int sso_csv_reader_between(const sso_csv_reader *r);

/* The line the reader has reached (1 = first). */
size_t sso_csv_reader_line(const sso_csv_reader *r);

/* End the stream: the last record, or SSO_EINPUT if a quote is left open. */
int sso_csv_reader_finish(sso_csv_reader *r);

/* Free a reader (records it handed out go with it). NULL is fine. */
void sso_csv_reader_free(sso_csv_reader *r);

/* A column a reader wants from a header row. */
typedef struct sso_csv_column {
	const char *name; /* header text */
	int required;
	int index; /* set by sso_csv_header: field index, or -1 if absent */
} sso_csv_column;

/* Find each column's index in the header row; other header fields are ignored.
 * Returns 0, or SSO_EINPUT "file:line: the header has no column 'date'" (or a
 * duplicated column) naming the file. */
int sso_csv_header(const sso_csv_row *header, sso_csv_column *cols, size_t ncols, const char *file);

/* Write one field to fp: as-is when it can be, quoted (CSV) or escaped (TSV:
 * \t, \n, \r and \\) when it must be. len may be (size_t)-1 for strlen. Returns
 * 0, or SSO_EIO if the stream has failed. */
int sso_csv_put(FILE *fp, char sep, const char *text, size_t len);

#endif
