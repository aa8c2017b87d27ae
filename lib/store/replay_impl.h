/* replay_impl.h - the event log as the record of every table (private) */
#ifndef SSO_REPLAY_IMPL_H
#define SSO_REPLAY_IMPL_H

#include <stdint.h>

#include "sso/event.h"
#include "store/store_impl.h"

/*
 * Every event records, in its rows field, the rows it leaves behind: one line
 * "<table>:<key>\t<image>\n" per row it wrote, and always the row of the
 * organization and of the application it concerns. An image is the row as a
 * JSON array of its columns (see the table list in replay.c), large texts by
 * their SHA-256. So the log alone says what every table must hold: the last
 * image of each key. Verifying replays it; a write first checks the rows it
 * builds on against it; "as of day D" is the same replay stopped at D.
 */

/* What a store keeps for the replay while it writes (owned by the store). */
typedef struct sso_replay__state sso_replay__state;

/* Register the replay's SQL functions on the store's connection and, for a
 * store opened for writing, start noting the rows each write touches.
 * Returns 0 or an error. */
int sso_replay__attach(sso_store *s);

/* Does every table the log answers for have exactly the columns the replay
 * lists? Returns 0, or SSO_EINTERNAL naming the table (a migration added a
 * column the replay does not record). */
int sso_replay__columns_listed(sso_store *s);

/* Free what attach made (sso_store_close). */
void sso_replay__detach(sso_store *s);

/* Forget what the open transaction touched (commit and rollback). */
void sso_replay__tx_end(sso_store *s);

/* How many touched rows no event has recorded yet: a commit with any is a
 * bug (a row written without its event). */
size_t sso_replay__pending(sso_store *s);

/* Note a counter's row, which SQLite's update hook does not report. */
int sso_replay__touch_counter(sso_store *s, const char *name);

/* The rows field of the event being appended for org and app (0 for none):
 * their rows and every row touched since the last event. *out is malloc'd,
 * the caller frees it. Returns 0 or an error. */
int sso_replay__rows(sso_store *s, long org, long app, char **out);

/* Before a write builds on organization org: its rows in every table must be
 * what the log last said of them. Once per organization and transaction.
 * Returns 0, or SSO_EIO naming the first difference (nothing is written:
 * the caller rolls back). */
int sso_replay__check_org(sso_store *s, long org);

/* Before a write that builds on every organization (an activity import
 * reads whether each is live, and where): each row must be the image its
 * last event recorded. Returns 0, or SSO_EIO naming the first difference. */
int sso_replay__check_all_orgs(sso_store *s);

/* An event dated today may not precede the last event of its organization
 * or application. Returns 0 or SSO_EREFUSED. */
int sso_replay__check_day(sso_store *s, long org, long app);

/* The import's digest of the activity rows it added, built one row at a
 * time from the row RETURNING SSO_REPLAY__ACT_COLS gave. */
typedef struct sso_replay__digest {
	uint64_t n, lo, hi;
} sso_replay__digest;
#define SSO_REPLAY__ACT_COLS                                                                       \
	"activity_id, org_id, date, participants, street, community, kind, title, "                \
	"volunteer_hours, import_id, line"
#define SSO_REPLAY__ACT_NCOLS 11
void sso_replay__digest_row(sso_replay__digest *d, sqlite3_stmt *st, int first_col);

/* The same digest from the values an import binds, in the order of
 * SSO_REPLAY__ACT_COLS: a text column's bytes in text[i] and len[i] (NULL
 * for SQL NULL), an integer column's value in num[i], the hours in *hours
 * (NULL for none); the other arrays' entries of a column are not read. */
void sso_replay__digest_values(sso_replay__digest *d, const char *const text[], const size_t len[],
			       const long long num[], const double *hours);

/* Record the import's digest as one row of its event. */
int sso_replay__touch_activities(sso_store *s, long import_id, const sso_replay__digest *d);

/* The replay of verification: fed every event of the chain in order, then
 * compared with every table. */
typedef struct sso_replay__verify sso_replay__verify;
int sso_replay__verify_new(sso_replay__verify **out);
int sso_replay__verify_event(sso_replay__verify *r, const sso_event *ev);
/* Compare every table with the replay; sets out->bad_org, out->table,
 * out->key and out->what for the first difference. Returns 0 whether or
 * not they match, or an error. */
int sso_replay__verify_tables(sso_store *s, sso_replay__verify *r, sso_verify *out);
void sso_replay__verify_free(sso_replay__verify *r);

/* Write one baseline event per organization (and one for the imports and
 * counters) recording the rows of a store upgraded from before rows were
 * recorded. Inside the migration's transaction. Returns 0 or an error. */
int sso_replay__baseline(sso_store *s);

#endif
