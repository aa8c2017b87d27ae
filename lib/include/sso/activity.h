/* activity.h - activity records (活动记录): imported from a clerk's CSV, exported for sso-score */
#ifndef SSO_ACTIVITY_H
#define SSO_ACTIVITY_H

#include <stdio.h>

#include "sso/date.h"
#include "sso/error.h"
#include "sso/input.h"
#include "sso/out.h"
#include "sso/store.h"

/*
 * The activity CSV (SPEC section 5): a header row naming the columns
 * activity_id, org_id, date, participants (required) and street, community,
 * kind, title, volunteer_hours (optional), in any order; other columns are
 * ignored. The Chinese headers of `--headers zh` are accepted as well, and
 * the TSV of `--format tsv`. The row and the rules of its fields are those of
 * sso/actrow.h, which sso-score reads by too: whatever the export prints, in
 * any variant, imports back unchanged.
 */

/* Called now and then during a long import: rows read so far of the input. */
typedef void (*sso_activity_progress_fn)(void *payload, const char *name, unsigned long long rows);

typedef struct sso_activity_import_options {
	int keep_going; /* write the good rows of a file with bad ones */
	sso_activity_progress_fn progress;
	void *progress_payload;
} sso_activity_import_options;

#define SSO_ACTIVITY_IMPORT_OPTIONS_INIT                                                           \
	{                                                                                          \
		0, NULL, NULL                                                                      \
	}

typedef struct sso_activity_import_result {
	unsigned long long rows;      /* data rows read */
	unsigned long long added;     /* new to the store */
	unsigned long long unchanged; /* already there, identical */
	unsigned long long bad;       /* reported to diag */
	long import_id;               /* the import recorded, 0 if nothing was written */
} sso_activity_import_result;

/* Import one activity CSV in one transaction, recording an "import" event.
 * Every row is checked: a known organization that had not ended by the
 * activity's date, a real date not after today, participants a whole number
 * of at least 0, volunteer hours a number of at least 0, street and community
 * from the jurisdiction, as many fields as the header. A row whose
 * activity_id is already stored with the same data changes nothing; with other
 * data it is a conflict. Each bad row is reported to diag as "file:line:
 * what"; then nothing is written (unless keep_going, which writes the good
 * rows). Returns 0 (see out->bad), SSO_EINPUT for the file itself (no
 * header, broken quoting, not UTF-8), or a store error (nothing written). */
int sso_activity_import(sso_activity_import_result *out, sso_store *s, sso_input *in,
			const sso_activity_import_options *opts, sso_diag *diag);

typedef struct sso_activity_export_options {
	sso_out_options out;
	const sso_period *period; /* NULL: every activity */
	const char *street;       /* of the organization: code or name */
	const char *district;
	int unmask;                        /* titles and kinds whole (logged as an event) */
	sso_activity_progress_fn progress; /* rows read so far, now and then */
	void *progress_payload;
} sso_activity_export_options;

#define SSO_ACTIVITY_EXPORT_OPTIONS_INIT                                                           \
	{                                                                                          \
		SSO_OUT_OPTIONS_INIT, NULL, NULL, NULL, 0, NULL, NULL                              \
	}

/* Print the activities (of the period, of the street's or district's
 * organizations) in the import CSV's columns, in activity_id order; ID and
 * phone numbers inside titles are masked unless unmask. Returns 0,
 * SSO_EUSAGE (an unknown street), or an I/O or store error. */
int sso_activity_export(sso_store *s, const sso_activity_export_options *opts, FILE *fp);

#endif
