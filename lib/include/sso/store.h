/* store.h - the SQLite store: opening, migrating, transactions, who and when */
#ifndef SSO_STORE_H
#define SSO_STORE_H

#include "sso/config.h"
#include "sso/date.h"
#include "sso/role.h"

typedef struct sso_store sso_store;

typedef enum sso_store_mode {
	SSO_STORE_READ = 0, /* never creates; fails with SSO_ENOINPUT if absent */
	SSO_STORE_WRITE,    /* creates (mode 0600) and migrates as needed */
	SSO_STORE_UPDATE,   /* writes, but never creates: a read that is itself recorded
			     * (--unmask); fails with SSO_ENOINPUT if absent */
} sso_store_mode;

/* Which store a command uses: explicit (--db) if given, else $SSO_DB, else
 * "sso.db". The result is borrowed from the argument, the environment or a
 * literal. */
const char *sso_store_path(const char *explicit_path);

/* Open the store at path. cfg is borrowed for the life of the store (it gives
 * the busy timeout and the rules). today is taken from sso_date_today().
 * Returns 0, or SSO_ENOINPUT (read: no store there), SSO_ECREATE (write: cannot
 * create it), SSO_EIO (not a store, newer schema, damaged), SSO_EBUSY, or
 * SSO_EUSAGE (a bad $SSO_TODAY). The caller closes *out with sso_store_close(). */
int sso_store_open(sso_store **out, const char *path, sso_store_mode mode, const sso_config *cfg);

/* Close; NULL is fine. An open transaction is rolled back. */
void sso_store_close(sso_store *s);

/* Who is acting: every write records it. Copied. */
void sso_store_set_actor(sso_store *s, const sso_actor *actor);
const sso_actor *sso_store_actor(const sso_store *s);

/* The configuration, the day taken as today, and the path the store was
 * opened with; all borrowed from the store. */
const sso_config *sso_store_config(const sso_store *s);
sso_date sso_store_today(const sso_store *s);
const char *sso_store_file(const sso_store *s);

/* Answer every later read as the records stood at the end of day (--as-of):
 * the organizations and applications as the event log last recorded them
 * on or before that day, and only the versions, votes, documents, imports,
 * activities and events recorded by then. Today stays today for the date
 * rules. Call right after opening; later writes are refused (SSO_EUSAGE).
 * Returns 0, SSO_EUSAGE for a day after today or before the store's first
 * event (or before an upgraded store's baseline), or an error. */
int sso_store_as_of(sso_store *s, sso_date day);

/* The day given to sso_store_as_of(), or 0 if none. */
sso_date sso_store_as_of_day(const sso_store *s);

/* The schema version of the store (PRAGMA user_version), and the newest this
 * program knows. */
int sso_store_schema_version(sso_store *s);
int sso_store_schema_latest(void);

/* Transactions: begin takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to the busy timeout. Returns 0, SSO_EBUSY, or SSO_EIO. */
int sso_store_begin(sso_store *s);
int sso_store_commit(sso_store *s);
void sso_store_rollback(sso_store *s);

#endif
