/* event_impl.h - writing events (private) */
#ifndef SSO_EVENT_IMPL_H
#define SSO_EVENT_IMPL_H

#include "sso/event.h"
#include "sso/out.h"

/* Append an event inside the open transaction: who (the store's actor), when,
 * what; org_id/app_id 0 for none; details a JSON object (NULL: {}). When
 * org_id is given, the event records the SHA-256 of the organization's row as
 * it is now, so write the row first. Returns 0 or an error. */
int sso_event__append(sso_store *s, const char *action, long org_id, long app_id,
		      const char *details);

/* Append an event whose rows field is rows, as given (the baseline of an
 * upgraded store), dated day (NULL: today); sso_event__append builds rows
 * from what the write touched. */
int sso_event__append_rows(sso_store *s, const char *action, long org_id, long app_id,
			   const char *details, const char *rows, const char *day);

/* Record one event in a transaction of its own, its details {key: value}:
 * for reads that must leave a trace, such as --unmask. Returns 0 or an
 * error (SSO_EUSAGE without an actor; SSO_EBUSY). */
int sso_event__record(sso_store *s, const char *action, long org_id, long app_id, const char *key,
		      const char *value);

/* An event as a table row (sso-file history --events, sso-ledger export
 * --events): the 9 columns, and one event's values, which borrow from ev and
 * from the caller's seq, org and app buffers. */
#define SSO_EVENT__NCOLS 9
extern const sso_column sso_event__cols[SSO_EVENT__NCOLS];
void sso_event__values(const sso_event *ev, char seq[24], char org[32], char app[32],
		       const char *v[SSO_EVENT__NCOLS]);

/* The hashed row: the columns of the organization's row whose SHA-256 each
 * event of it records (org_state), by version (see the top of event.c). */

/* An org_state's size with its NUL: "vN:" and 64 hex digits. */
#define SSO_EVENT__STATE_MAX 80

/* The version new events record. */
int sso_event__org_row_current(void);

/* The columns version hashes, in order, with their count in *ncols; NULL
 * (and 0) for a version this program does not know. Static. */
const char *const *sso_event__org_row_columns(int version, int *ncols);

/* The version of the hashed row an org_state was recorded under: 1 for a
 * bare SHA-256 (as every event written before versions), N for "vN:<sha256>",
 * 0 if the text is neither. */
int sso_event__org_state_version(const char *org_state);

/* The org_state of an organization's row as it is now, hashed under version
 * (0: the current one; else one this program knows, asserted). Returns 0,
 * SSO_ENOTFOUND or an error. */
int sso_event__org_state(sso_store *s, long org_id, int version, char out[SSO_EVENT__STATE_MAX]);

#endif
