/* store_impl.h - what the library's modules share about the store (private) */
#ifndef SSO_STORE_IMPL_H
#define SSO_STORE_IMPL_H

#include <sqlite3.h>

#include "sso/store.h"

/* A prepared statement for sql, which must be a string with static storage:
 * statements are cached by its address. Reset and unbound, ready to bind.
 * Returns NULL with the error set (SSO_EINTERNAL). Borrowed from the store. */
sqlite3_stmt *sso_store__stmt(sso_store *s, const char *sql);

/* Turn a SQLite result into an SSO_E* code with the store's message, and
 * "what" as context. SQLITE_OK/ROW/DONE give 0. */
int sso_store__error(sso_store *s, int sqlite_rc, const char *what);

/* Run a statement without results to completion. Returns 0 or an error. */
int sso_store__exec(sso_store *s, sqlite3_stmt *st, const char *what);

/* Bind helpers: NULL text binds SQL NULL. */
int sso_store__bind_text(sqlite3_stmt *st, int i, const char *text);

/* The column as a string ("" for NULL), borrowed until the next step. */
const char *sso_store__col(sqlite3_stmt *st, int i);

sqlite3 *sso_store__db(sso_store *s);

/* "ROLE:NAME" of the actor, or NULL if none is set. Borrowed. */
const char *sso_store__actor_text(sso_store *s);

/* Is a transaction open? */
int sso_store__in_tx(sso_store *s);

/* Read what follows from one snapshot of the store, however many statements
 * it takes, so that a report is consistent while other processes write.
 * Returns 1 if it opened the snapshot, 0 if one (or a write transaction) was
 * already open, or an error; pass what it returned to sso_store__read_end(),
 * which ends the snapshot only if this call opened it. No writes between the
 * two: record an --unmask event before. */
int sso_store__read_begin(sso_store *s);
void sso_store__read_end(sso_store *s, int opened);

#endif
