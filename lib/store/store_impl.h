/* store_impl.h - what the library's modules share about the store (private) */
#ifndef SSO_STORE_IMPL_H
#define SSO_STORE_IMPL_H

#include <sqlite3.h>

#include "sso/store.h"

/* Every statement the library prepares, by module: the key of the store's
 * statement cache. A module's SQL stays beside the code that reads its
 * columns; its slot is here. */
typedef enum sso_stmt_id {
	/* store/archive.c */
	STMT_ARCHIVE_DOC,
	STMT_ARCHIVE_CHUNK,
	STMT_ARCHIVE_SEAL,
	STMT_ARCHIVE_ORG_EXISTS,
	STMT_ARCHIVE_LIST,
	/* store/event.c */
	STMT_EVENT_ORG_ROW_V1,
	STMT_EVENT_LAST,
	STMT_EVENT_INSERT,
	STMT_EVENT_EACH,
	/* store/replay.c */
	STMT_REPLAY_ONE_ORGS,
	STMT_REPLAY_ONE_APPS,
	STMT_REPLAY_ONE_VERSIONS,
	STMT_REPLAY_ONE_VOTES,
	STMT_REPLAY_ONE_DOCUMENTS,
	STMT_REPLAY_ONE_IMPORTS,
	STMT_REPLAY_ONE_COUNTERS,
	STMT_REPLAY_ORG_ORGS,
	STMT_REPLAY_ORG_APPS,
	STMT_REPLAY_ORG_VERSIONS,
	STMT_REPLAY_ORG_VOTES,
	STMT_REPLAY_ORG_DOCUMENTS,
	STMT_REPLAY_ORG_EVENTS,
	STMT_REPLAY_DAY_ORG,
	STMT_REPLAY_DAY_APP,
	/* work/activity.c */
	STMT_ACTIVITY_ORGS,
	STMT_ACTIVITY_QUARTER,
	STMT_ACTIVITY_STORED,
	STMT_ACTIVITY_IMPORT_DONE,
	STMT_ACTIVITY_IMPORT,
	STMT_ACTIVITY_INSERT,
	STMT_ACTIVITY_EXPORT,
	/* work/ledger.c */
	STMT_LEDGER_LATEST,
	STMT_LEDGER_CHECK_ORGS,
	STMT_LEDGER_STUCK,
	STMT_LEDGER_SCOPE,
	STMT_LEDGER_ACTIVITY_SUMS,
	STMT_LEDGER_EVALUATIONS,
	STMT_LEDGER_CHANGED,
	STMT_LEDGER_ROWS,
	STMT_LEDGER_SCOPE_ORGS,
	STMT_LEDGER_REVIEW,
	STMT_LEDGER_VOTES,
	STMT_LEDGER_VOTE_REASON,
	STMT_LEDGER_GROUPS,
	STMT_LEDGER_GROUP_QUARTERS,
	STMT_LEDGER_GROUP_DAYS,
	STMT_LEDGER_IN_FORCE,
	STMT_LEDGER_TIER_CHANGED,
	/* work/lifecycle.c */
	STMT_LIFECYCLE_ORG_GET,
	STMT_LIFECYCLE_APP_GET,
	STMT_LIFECYCLE_VERSION_GET,
	STMT_LIFECYCLE_PENDING_FILING,
	STMT_LIFECYCLE_ORG_SUMMARY,
	STMT_LIFECYCLE_ORG_INSERT,
	STMT_LIFECYCLE_APP_INSERT,
	STMT_LIFECYCLE_VERSION_INSERT,
	STMT_LIFECYCLE_APP_OPEN,
	STMT_LIFECYCLE_NAME_TAKEN,
	STMT_LIFECYCLE_VOTE_LAST,
	STMT_LIFECYCLE_VOTE_INSERT,
	STMT_LIFECYCLE_APP_SET,
	STMT_LIFECYCLE_COUNTER,
	STMT_LIFECYCLE_ORG_FILED,
	STMT_LIFECYCLE_ORG_VERSION,
	STMT_LIFECYCLE_ORG_END,
	STMT_LIFECYCLE_APPS_CLOSE,
	STMT_LIFECYCLE_ORG_REJECTED,
	STMT_LIFECYCLE_APP_DATA,
	STMT_LIFECYCLE_ORG_REFER,
	STMT_LIFECYCLE_USCC_TAKEN,
	STMT_LIFECYCLE_ORG_REGISTER,
	STMT_LIFECYCLE_ORG_STAGE,
	STMT_LIFECYCLE_SAVEPOINT,
	STMT_LIFECYCLE_RELEASE,
	STMT_LIFECYCLE_ROLLBACK_TO,
	/* work/org.c */
	STMT_ORG_DATA_VERSION,
	STMT_ORG_DATA_PENDING,
	STMT_ORG_SHOW_ORG,
	STMT_ORG_ORG_APPS,
	STMT_ORG_SHOW_APP,
	STMT_ORG_APP_EXISTS,
	STMT_ORG_ORG_EXISTS,
	STMT_ORG_LIST_APPS,
	STMT_ORG_LIST_ORGS,
	STMT_ORG_VERSIONS,
	/* work/score.c */
	STMT_SCORE_PERIOD_ORGS,
	/* work/targets.c */
	STMT_TARGETS_COUNTS,
	STMT_COUNT
} sso_stmt_id;

/* The prepared statement of slot id, whose text is sql (the same text for the
 * same id on every call: asserted). Reset and unbound, ready to bind.
 * Returns NULL with the error set (SSO_EINTERNAL). Borrowed from the store. */
sqlite3_stmt *sso_store__stmt(sso_store *s, sso_stmt_id id, const char *sql);

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

/* The replay's state of the store (store/replay.c owns what it points to). */
struct sso_replay__state;
struct sso_replay__state **sso_store__replay(sso_store *s);

/* From now on the store answers as of the end of day: writes are refused. */
void sso_store__set_as_of(sso_store *s, sso_date day);

/* Read what follows from one snapshot of the store, however many statements
 * it takes, so that a report is consistent while other processes write.
 * Returns 1 if it opened the snapshot, 0 if one (or a write transaction) was
 * already open, or an error; pass what it returned to sso_store__read_end(),
 * which ends the snapshot only if this call opened it. No writes between the
 * two: record an --unmask event before. */
int sso_store__read_begin(sso_store *s);
void sso_store__read_end(sso_store *s, int opened);

#endif
