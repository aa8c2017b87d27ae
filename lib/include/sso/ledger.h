/* ledger.h - the hub organization's work ledger (工作台账) and the nightly archive check */
#ifndef SSO_LEDGER_H
#define SSO_LEDGER_H

#include <stdio.h>

#include "sso/date.h"
#include "sso/out.h"
#include "sso/store.h"

/*
 * The archive rules (Tianjin 第二条; SPEC section 5), shared by the check and
 * the ledger's archive_complete column. They apply to an organization that is
 * filed or registered and has not ended; as of a day D its archive is
 * complete when
 *   - every kind of archive.required (default charter, filing_form, roster)
 *     is there, dated no later than D;
 *   - its latest report (报告, to the two committees) is at most
 *     report_max_age_days old on D, counted from the filing date while it has
 *     none;
 *   - its latest evaluation (测评结果) is at most evaluation_max_age_days old
 *     on D, counted the same way.
 * A document's age counts from the date it is of (attach --date), else the
 * day it was attached.
 */

/* Called now and then during long work: what is being read, how far. */
typedef void (*sso_ledger_progress_fn)(void *payload, const char *what, unsigned long long done);

typedef struct sso_ledger_options {
	sso_out_options out;
	sso_period period;
	const char *street;   /* code or name: that street's organizations only */
	const char *district; /* code or name */
	int events;           /* print the period's event log instead */
	int unmask;           /* leader phones and event details whole (logged) */
	sso_ledger_progress_fn progress;
	void *progress_payload;
	int by_quarter; /* activities and participants of each quarter too */
	FILE *manifest; /* if set, the export's manifest (sso_manifest_end) is written to it */
} sso_ledger_options;

/* Print the work ledger of the period: one row per organization that existed
 * in it (created by its end, not ended before its start; rejected filings
 * left out), in id order, with the columns of sso-ledger(1): org_id, name,
 * district, street, community, form, category, tier, stage, status,
 * certificate, members, leader, leader_phone (masked), filed_on, uscc,
 * activities, participants (in the period), archive_complete,
 * archive_missing (as of the period's end, or the end of the organization
 * if earlier), evaluation, evaluated_on (the latest evaluation by then),
 * period_events (filed, registered, referred, changed, terminated, revoked,
 * recorded, submitted), the place names, then party_org and
 * leader_party_member (of the version in force at the period's end),
 * volunteer_hours (in the period), changed_on (the last change certified by
 * the period's end), tier_changed_on (the day the tier it has then was
 * taken, from the log) and with by_quarter activities_qN, participants_qN
 * for the period's quarters. With events, the period's events
 * instead (seq, day, at, actor, action, org, app, details, hash), their
 * details masked unless unmask. With unmask an "unmask" event records the
 * actor first. With manifest, the export's manifest follows it there (as of
 * the period's end, today if earlier; its head the last event on or before
 * the period's end). Returns 0, SSO_EUSAGE (an unknown street or district),
 * or an I/O or store error. */
int sso_ledger_export(sso_store *s, const sso_ledger_options *opts, FILE *fp);

typedef struct sso_check_options {
	sso_out_options out;
	int deep;              /* re-hash every stored document too */
	const char *street;    /* code or name: findings of that street's organizations */
	const char *community; /* code or name: of that community's (within street, if both) */
} sso_check_options;

#define SSO_CHECK_OPTIONS_INIT                                                                     \
	{                                                                                          \
		SSO_OUT_OPTIONS_INIT, 0, NULL, NULL                                                \
	}

typedef struct sso_check_result {
	unsigned long orgs;           /* organizations under the archive rules */
	unsigned long long events;    /* events verified */
	unsigned long long documents; /* documents re-hashed (deep) */
	unsigned long findings;
} sso_check_result;

/* The nightly check, as of today: prints one finding per row, CSV
 * org_id,rule,detail, with the rules missing_document, stale_report,
 * stale_evaluation, stuck_in_notice (an application in notice past its end by
 * more than stuck_days), stuck_in_review (submitted, reviewed, approved or
 * returned, without a step for more than stuck_days), vote_roster_mismatch
 * (the latest vote of an active organization counts other members than the
 * roster in force on its date, with no reason recorded), stale_group (an
 * active activity group with no activity in the last 365 days, once a year
 * old), chain_broken (sso_event_verify), store_damaged and, with deep,
 * hash_mismatch; ordered by organization (findings of none first), then rule
 * in that order. With street or community, only the findings of those
 * organizations, and those of none. Nothing at all is printed, not even the
 * header, when there is no finding. It never writes. Returns 0 (see
 * out->findings), SSO_EUSAGE (an unknown street or community, or a
 * community not in the street), SSO_ECONFIG (archive.required names an
 * unknown kind), or an I/O or store error. */
int sso_ledger_check(sso_store *s, const sso_check_options *opts, FILE *fp, sso_check_result *out);

/* ---- an export's manifest ----
 *
 * A small YAML document that travels beside an export (--manifest) and says
 * what it is: export (ledger, events, activities), period, street, district
 * (null when not given), as_of (the day it is as of), format, rows (records
 * less the header; items in YAML), bytes, sha256 (of every byte written,
 * BOM and header included: what sha256sum prints of the file), head_seq and
 * head_hash (the last event it reflects: see sso_manifest_about.head_day)
 * and head ("SEQ:HASH", what sso-ledger verify --head takes).
 */
typedef struct sso_manifest sso_manifest;

typedef struct sso_manifest_about {
	const char *export;   /* "ledger", "events", "activities" */
	const char *period;   /* its label, or NULL */
	const char *street;   /* as given, or NULL */
	const char *district; /* as given, or NULL */
	sso_date as_of;
	sso_date head_day; /* the head is the last event on or before it; 0: the last of all */
} sso_manifest_about;

/* Start the manifest of an export to fp (borrowed) in o's format: *stream
 * is where the export is to be written instead of fp; it passes every byte
 * on to fp, hashing and counting it. Returns 0 or SSO_ENOMEM; free *out with
 * sso_manifest_free(), which closes *stream. */
int sso_manifest_begin(sso_manifest **out, FILE **stream, FILE *fp, const sso_out_options *o);

/* Once the export is written to the stream: flush it through to fp, read
 * the head, and write the manifest on yaml (borrowed). Inside the export's
 * read snapshot the head is the one it was read with. Returns 0, SSO_EIO
 * (the export or the manifest could not be written: then no manifest
 * vouches for it) or a store error. */
int sso_manifest_end(sso_manifest *m, sso_store *s, const sso_manifest_about *about, FILE *yaml);

/* Free a manifest and close its stream. NULL is fine. */
void sso_manifest_free(sso_manifest *m);

#endif
