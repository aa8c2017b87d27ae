/* event.h - the append-only event log, each event chained by SHA-256 */
#ifndef SSO_EVENT_H
#define SSO_EVENT_H

#include "sso/date.h"
#include "sso/store.h"

/* One event, borrowed for the duration of a callback. */
typedef struct sso_event {
	long long seq;
	const char *at;        /* UTC time, ISO 8601 */
	const char *day;       /* business date, YYYY-MM-DD */
	const char *actor;     /* ROLE:NAME */
	const char *action;    /* submit, review, approve, publish, object, certify, ... */
	long org_id;           /* 0 if none */
	long app_id;           /* 0 if none */
	const char *details;   /* a JSON object */
	const char *org_state; /* SHA-256 of the organization's row after the event, or "";
				* "vN:" before it from version 2 of the hashed row on */
	const char *prev;      /* hash of the previous event (64 zeros for the first) */
	const char *hash;
	const char *rows; /* the rows the event left behind, a line each: "table:key",
			   * a tab, the row as a JSON array; NULL on events written
			   * before stores recorded rows (schema 3) */
} sso_event;

typedef int (*sso_event_fn)(void *payload, const sso_event *ev);

/* Visit the events whose day is within [from, to] (a 0 bound is open) and,
 * if org_id is not 0, that concern that organization, in order. Returns 0,
 * the callback's negative code, or a store error. */
int sso_event_each(sso_store *s, sso_date from, sso_date to, long org_id, sso_event_fn fn,
		   void *payload);

/* The result of verifying the chain. */
typedef struct sso_verify {
	long long events;    /* events read */
	long long broken;    /* seq of the first event that does not verify; 0 if none */
	long orgs;           /* organizations compared with their last event */
	long bad_org;        /* first organization whose row differs from the chain; 0 if none */
	long long documents; /* documents compared with the event that archived them */
	long bad_doc;        /* first document that differs from its event; 0 if none */
	long bad_doc_org;    /* ... and its organization */
	long long rows;      /* rows of every table compared with the replayed log */
	char row[64];        /* the first row that differs from the log ("APP000001",
			      * "versions:1:2", "import 3"), "" if none */
	char head[65];       /* the hash of the last event: publish it to detect truncation */
	char what[512];      /* what is wrong, in words */
} sso_verify;

/* Recompute the chain from the first event: each event's hash, its link to
 * the previous one, that no seq is missing, and that no event is dated
 * before an earlier event of its organization or application; replay the
 * rows the events recorded and compare every table with what the log last
 * said of each row, naming the first difference in out->row and out->what
 * (table, row, column, what the log says, what the table says); then compare every
 * organization's current row with the state its last event recorded, and
 * every archived document's size and SHA-256 with the event that archived it
 * (a document changed, added or deleted outside sso is found). A chain cut
 * short at its end verifies: compare out->head with a head published before
 * (the ledger's --events export carries each event's hash).
 * Returns 0 whether or not it verifies (see out->broken and out->bad_org), or
 * a negative code if the store cannot be read. */
int sso_event_verify(sso_verify *out, sso_store *s);

#endif
