/* actrow.h - the activity row (SPEC section 5): its columns, their Chinese
 * headers, and the rules every reader of an activity file keeps */
#ifndef SSO_ACTROW_H
#define SSO_ACTROW_H

#include <stddef.h>

#include "sso/csv.h"
#include "sso/date.h"
#include "sso/input.h"
#include "sso/out.h"

/*
 * One definition of an activity record, read by `sso-ledger activities
 * import` and by `sso-score activity` alike, and written by `sso-ledger
 * activities export`: whatever the export writes (CSV or TSV, English keys or
 * Chinese headers, with or without a BOM), both readers read back unchanged.
 *
 * The header names the columns by key or by Chinese header, in any order;
 * activity_id, org_id, date and participants are required, other columns are
 * ignored. Every field is trimmed of the spaces and tabs a spreadsheet leaves
 * around it. Then, in this order:
 *
 *   org_id           an organization id: ORG and digits (any case), or digits
 *   date             a real date written YYYY-MM-DD, 1900-01-01 to 9999-12-31
 *   participants     a whole number from 0 to SSO_ACTROW_PARTICIPANTS_MAX
 *   volunteer_hours  empty, or a decimal (digits, optionally a point and more
 *                    digits; no sign or exponent) up to SSO_ACTROW_HOURS_MAX
 *   activity_id      1 to SSO_ACTROW_ID_MAX bytes, no control character
 *   kind, street, community   no control character
 *   title            no control character but line breaks and tabs
 *   every field      at most SSO_ACTROW_TEXT_MAX bytes
 *
 * What needs the store (that the organization exists and had not ended, that
 * the date is not after today, that the place is in the jurisdiction) is the
 * importer's to check.
 */

typedef enum sso_actcol {
	SSO_ACT_ID = 0,
	SSO_ACT_ORG,
	SSO_ACT_DATE,
	SSO_ACT_PARTICIPANTS,
	SSO_ACT_STREET,
	SSO_ACT_COMMUNITY,
	SSO_ACT_KIND,
	SSO_ACT_TITLE,
	SSO_ACT_HOURS,
	SSO_ACT_NCOLS
} sso_actcol;

#define SSO_ACTROW_PARTICIPANTS_MAX 1000000
#define SSO_ACTROW_HOURS_MAX        1000000
#define SSO_ACTROW_ID_MAX           64
#define SSO_ACTROW_TEXT_MAX         2000

/* The columns in the order the export prints them, indexed by sso_actcol:
 * key, Chinese header (`--headers zh`), type. */
extern const sso_column sso_actrow_columns[SSO_ACT_NCOLS];

/* Which field of a record holds each column. */
typedef struct sso_actrow_header {
	int index[SSO_ACT_NCOLS]; /* field index, or -1 when the column is absent */
	size_t nfields;           /* fields of the header row: every record has as many */
} sso_actrow_header;

/* The separator of an activity file: a tab if its first line holds a tab
 * before any comma (the export's --format tsv), else a comma. Looks without
 * consuming (sso_input_peek), so call it before the first read. */
char sso_actrow_separator(sso_input *in);

/* Read the header row: its fields trimmed (in place) and a leading BOM
 * dropped, each matched to a column's key or Chinese header. Returns 0, or
 * SSO_EINPUT "file:line: the header has no column 'date' ..." (or names a
 * column given twice). */
int sso_actrow_header_read(sso_actrow_header *out, const sso_csv_row *header, const char *file);

/* The columns a reader must be handed (keep[i] set for each field i a column
 * stands in), for sso_csv_reader_keep(); keep holds h->nfields bytes. */
void sso_actrow_keep(const sso_actrow_header *h, unsigned char *keep);

/* One record, read by the rules above. Texts are borrowed from the record. */
typedef struct sso_actrow {
	const char *text[SSO_ACT_NCOLS]; /* trimmed fields; "" for an absent column */
	size_t len[SSO_ACT_NCOLS];
	long org;          /* the organization's number: 1 for ORG000001 */
	int org_canonical; /* org_id is written as the tools print it (SSO_ORG_FMT) */
	sso_date date;
	int ymd; /* the date as yyyymmdd */
	long participants;
	int has_hours; /* volunteer_hours given */
	double hours;
} sso_actrow;

/* Read record row by the rules above, trimming its fields in place. Returns
 * 0 with *out set, or SSO_EINPUT with a detail that names the column, the
 * text and what it must be ("participants must be a whole number of 0 or
 * more, not '-3'"), without the file and line. */
int sso_actrow_parse(sso_actrow *out, const sso_actrow_header *h, const sso_csv_row *row);

/* Print volunteer hours (0 to SSO_ACTROW_HOURS_MAX) as the shortest plain
 * decimal that sso_actrow_parse() reads back as the same number: never with
 * an exponent. cap is at least SSO_ACTROW_HOURS_CAP. Returns buf. */
#define SSO_ACTROW_HOURS_CAP 400
char *sso_actrow_format_hours(char *buf, size_t cap, double hours);

#endif
