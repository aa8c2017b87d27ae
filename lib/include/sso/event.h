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
 * short at its end verifies: check a head kept from before with
 * sso_event_verify_head() (an export's manifest records its head).
 * Returns 0 whether or not it verifies (see out->broken and out->bad_org), or
 * a negative code if the store cannot be read. */
int sso_event_verify(sso_verify *out, sso_store *s);

/* The nightly check's lighter pass: the chain, each organization's row
 * against the hash its last event recorded and each document against its
 * archive event, without the replay of every table. Returns as
 * sso_event_verify(). */
int sso_event_verify_chain(sso_verify *out, sso_store *s);

/* A head of the chain: an event's number and hash, written "SEQ:HASH"
 * (verify and an export's --manifest print it). Event 0, the empty log, has
 * the hash of 64 zeros. */
typedef struct sso_head {
	long long seq;
	char hash[65]; /* lowercase hex */
} sso_head;

/* Parse "SEQ:HASH" (hex digits in either case). Returns 0, or SSO_EUSAGE
 * naming what is wrong. */
int sso_event_head_parse(sso_head *out, const char *text);

/* The head as of a day: the last event written on or before day (0: the
 * last event of all); event 0 if there is none. Returns 0 or a store
 * error. */
int sso_event_head_at(sso_head *out, sso_store *s, sso_date day);

/* What became of a head kept from before. */
typedef enum sso_head_outcome {
	SSO_HEAD_OK = 0, /* the event is there, with that hash, and the chain up to it verifies */
	SSO_HEAD_TRUNCATED, /* the log ends before it */
	SSO_HEAD_REWRITTEN, /* the event has another hash: rewritten at or before it */
	SSO_HEAD_BROKEN,    /* the chain before it does not verify (see at) */
} sso_head_outcome;

typedef struct sso_head_check {
	sso_head_outcome outcome;
	long long at;     /* where the log and the head part: the head's seq, or the
			   * first event before it that does not verify */
	long long events; /* events verified up to the head */
	char found[65];   /* REWRITTEN: the hash the head's event has now */
	sso_head now;     /* the log's head today */
	char what[512];   /* what is wrong, in words ("" when OK) */
} sso_head_check;

/* Does the log still hold head: event head->seq present with head->hash,
 * and the chain from the first event up to it verifying? For a district
 * bureau that kept the head a ledger was read from (its manifest's head).
 * Returns 0 whatever it finds (see out->outcome), or a store error. */
int sso_event_verify_head(sso_head_check *out, sso_store *s, const sso_head *head);

#endif
