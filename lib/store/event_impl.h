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

/* Record one event in a transaction of its own, its details {key: value}:
 * for reads that must leave a trace, such as --unmask. Returns 0 or an
 * error (SSO_EUSAGE without an actor; SSO_EBUSY). */
int sso_event__record(sso_store *s, const char *action, long org_id, long app_id,
		      const char *key, const char *value);

/* An event as a table row (sso-file history --events, sso-ledger export
 * --events): the 9 columns, and one event's values, which borrow from ev and
 * from the caller's seq, org and app buffers. */
#define SSO_EVENT__NCOLS 9
extern const sso_column sso_event__cols[SSO_EVENT__NCOLS];
void sso_event__values(const sso_event *ev, char seq[24], char org[32], char app[32],
		       const char *v[SSO_EVENT__NCOLS]);

/* The SHA-256 of an organization's row. Returns 0, SSO_ENOTFOUND or an error. */
int sso_event__org_state(sso_store *s, long org_id, char out[65]);

#endif
