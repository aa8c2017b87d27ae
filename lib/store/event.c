/* event.c - append-only events, each hashed over its fields and the previous hash */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/event_impl.h"
#include "base/hash.h"
#include "base/json.h"
#include "sso/error.h"
#include "sso/id.h"
#include "store/replay_impl.h"
#include "store/store_impl.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- the organization's row in every event: the tamper check's contract ----
 *
 * An event that concerns an organization records, in org_state, the SHA-256
 * of that organization's orgs row right after the event: the columns of the
 * hashed row below, in their order, each fed as sso_hash__field() feeds text
 * (length-prefixed; SQL NULL as "-"; numbers as their decimal text).
 * org_state is one of the event's fields, so it is chained into the event's
 * hash; verifying hashes each current row again and compares it with what
 * the organization's last event recorded, which finds a row edited outside
 * sso.
 *
 * A version's column list is therefore a contract with every store already
 * written: changing it changes the org_state that every event hashed under
 * it should have, and with it every event's hash, and no existing store
 * would verify. So a version's list is never edited. To hash one more column
 * (a migration in schema/ adds it to orgs):
 *
 *   1. add ORG_ROW_V2(col, sep) as ORG_ROW_V1(col, sep) sep col(the_column),
 *      its SQL and its names below, a statement slot STMT_EVENT_ORG_ROW_V2
 *      in store_impl.h, and its line in org_rows[];
 *   2. make ORG_ROW_CURRENT 2.
 *
 * New events then record "v2:<sha256>". Version 1 is recorded as the bare
 * SHA-256, as every event was written before the hashed row had versions
 * (tests/lib/fixtures/store-v1.sql is such a store), so its events keep their
 * hashes. Verifying hashes each row under the version its last event names:
 * old events still verify, and an organization's next event records the new
 * version. (A column a version does not hash is not checked for an
 * organization until its next event.)
 */

/* Version 1: the 21 columns of orgs in schema/001_initial.sql. Never edit. */
#define ORG_ROW_V1(col, sep)                                                                       \
	col(id) sep col(name)                                                                      \
	sep col(form)                                                                              \
	sep col(tier)                                                                              \
	sep col(stage)                                                                             \
	sep col(status)                                                                            \
	sep col(category)                                                                          \
	sep col(district)                                                                          \
	sep col(street)                                                                            \
	sep col(community)                                                                         \
	sep col(hub)                                                                               \
	sep col(leader)                                                                            \
	sep col(members)                                                                           \
	sep col(certificate)                                                                       \
	sep col(uscc)                                                                              \
	sep col(version)                                                                           \
	sep col(created_on)                                                                        \
	sep col(filed_on)                                                                          \
	sep col(referred_on)                                                                       \
	sep col(registered_on)                                                                     \
	sep col(ended_on)

/* One column as SQL text, and as an element of an array of names. */
#define ORG_COL_SQL(c)  #c
#define ORG_COL_NAME(c) #c,

static const char SQL_ORG_ROW_V1[] =
	"SELECT " ORG_ROW_V1(ORG_COL_SQL, ", ") " FROM main.orgs WHERE id = ?1";
static const char *const org_row_v1[] = {ORG_ROW_V1(ORG_COL_NAME, )};

/* The version new events record. */
#define ORG_ROW_CURRENT 1

/* Each version of the hashed row, by its number: the columns, and the SELECT
 * built from the same list, so that what is hashed and what is named cannot
 * drift apart. */
static const struct org_row {
	const char *const *cols;
	int ncols;
	const char *sql; /* the row of ?1, its columns in the order of cols */
	sso_stmt_id stmt;
} org_rows[] = {
	[1] = {org_row_v1, (int)(sizeof(org_row_v1) / sizeof(*org_row_v1)), SQL_ORG_ROW_V1,
	       STMT_EVENT_ORG_ROW_V1},
};

#define ORG_ROW_VERSIONS ((int)(sizeof(org_rows) / sizeof(*org_rows)) - 1)

_Static_assert(ORG_ROW_CURRENT == ORG_ROW_VERSIONS, "new events record the latest version");

const char *const *sso_event__org_row_columns(int version, int *ncols)
{
	if (version < 1 || version > ORG_ROW_VERSIONS) {
		*ncols = 0;
		return NULL;
	}
	*ncols = org_rows[version].ncols;
	return org_rows[version].cols;
}

int sso_event__org_row_current(void)
{
	return ORG_ROW_CURRENT;
}

/* Is text n lowercase hex digits and nothing more? */
static int is_hex(const char *text, size_t n)
{
	return strlen(text) == n && strspn(text, "0123456789abcdef") == n;
}

int sso_event__org_state_version(const char *org_state)
{
	const char *p = org_state;
	long v = 0;

	if (is_hex(p, 64))
		return 1;
	if (*p++ != 'v' || *p < '1' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9' && v < 1000000)
		v = v * 10 + (*p++ - '0');
	/* "v1:" is not written: version 1 is the bare hash */
	return v >= 2 && v < 1000000 && *p == ':' && is_hex(p + 1, 64) ? (int)v : 0;
}

int sso_event__org_state(sso_store *s, long org_id, int version, char out[SSO_EVENT__STATE_MAX])
{
	const struct org_row *row;
	sqlite3_stmt *st;
	sso_sha256 h;
	char hex[65];
	int rc;

	if (version == 0)
		version = ORG_ROW_CURRENT;
	assert(version >= 1 && version <= ORG_ROW_VERSIONS);
	row = &org_rows[version];
	if (!(st = sso_store__stmt(s, row->stmt, row->sql)))
		return SSO_EINTERNAL;
	assert(sqlite3_column_count(st) == row->ncols);
	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE
			       ? sso_error_set(SSO_ENOTFOUND, "no organization %ld", org_id)
			       : sso_store__error(s, rc, "reading an organization");
	}
	sso_hash__init(&h);
	for (int i = 0; i < row->ncols; i++)
		sso_hash__field(&h, sqlite3_column_type(st, i) == SQLITE_NULL
					    ? NULL
					    : (const char *)sqlite3_column_text(st, i));
	sqlite3_reset(st);
	sso_hash__hex(&h, hex);
	if (version == 1)
		snprintf(out, SSO_EVENT__STATE_MAX, "%s", hex);
	else
		snprintf(out, SSO_EVENT__STATE_MAX, "v%d:%s", version, hex);
	return 0;
}

/* ---- the log ---- */

/* The columns of an event, in the order of the enum: the SELECT list of every
 * query that read_event() reads, and the INSERT's, bound as ?(EV_x + 1). */
#define EVENT_COLS                                                                                 \
	"seq, at, day, actor, action, org_id, app_id, details, org_state, prev, hash, rows"
enum {
	EV_SEQ,
	EV_AT,
	EV_DAY,
	EV_ACTOR,
	EV_ACTION,
	EV_ORG,
	EV_APP,
	EV_DETAILS,
	EV_ORG_STATE,
	EV_PREV,
	EV_HASH,
	EV_ROWS
};
#define EV_BIND(c) ((c) + 1)

static const char SQL_LAST[] = "SELECT seq, hash FROM main.events ORDER BY seq DESC LIMIT 1";
enum { LAST_SEQ, LAST_HASH };
static const char SQL_INSERT[] = "INSERT INTO main.events (" EVENT_COLS
				 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_EACH[] =
	"SELECT " EVENT_COLS " FROM events WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR "
	"day <= ?2) AND (?3 IS NULL OR org_id = ?3) ORDER BY seq";
enum { EACH_FROM = 1, EACH_TO, EACH_ORG }; /* its parameters */

/* The hash of an event: over the previous hash and every field, each
 * length-prefixed; rows last, when the event has them. */
static void event_hash(const sso_event *ev, char out[65])
{
	sso_sha256 h;

	sso_hash__init(&h);
	sso_hash__field(&h, ev->prev);
	sso_hash__number(&h, ev->seq);
	sso_hash__field(&h, ev->at);
	sso_hash__field(&h, ev->day);
	sso_hash__field(&h, ev->actor);
	sso_hash__field(&h, ev->action);
	sso_hash__number(&h, ev->org_id);
	sso_hash__number(&h, ev->app_id);
	sso_hash__field(&h, ev->details);
	sso_hash__field(&h, ev->org_state);
	/* events from before rows were recorded hash without them */
	if (ev->rows)
		sso_hash__field(&h, ev->rows);
	sso_hash__hex(&h, out);
}

int sso_event__append_rows(sso_store *s, const char *action, long org_id, long app_id,
			   const char *details, const char *rows, const char *on)
{
	sqlite3_stmt *st;
	sso_event ev = {0};
	char prev[65] = GENESIS, hash[65], state[SSO_EVENT__STATE_MAX], at[32], day[11];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (!sso_store__in_tx(s))
		return sso_error_set(SSO_EINTERNAL, "an event written outside a transaction");
	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if (!(st = sso_store__stmt(s, STMT_EVENT_LAST, SQL_LAST)))
		return SSO_EINTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ev.seq = sqlite3_column_int64(st, LAST_SEQ);
		snprintf(prev, sizeof(prev), "%s", sso_store__col(st, LAST_HASH));
	} else if (rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading the event log");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if (org_id && (rc = sso_event__org_state(s, org_id, 0, state)) < 0)
		return rc;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (on)
		snprintf(day, sizeof(day), "%s", on);
	else
		sso_date_format(sso_store_today(s), day);

	ev.seq++;
	ev.at = at;
	ev.day = day;
	ev.actor = sso_store__actor_text(s);
	ev.action = action;
	ev.org_id = org_id;
	ev.app_id = app_id;
	ev.details = details ? details : "{}";
	ev.org_state = org_id ? state : "";
	ev.prev = prev;
	ev.rows = rows;
	event_hash(&ev, hash);

	if (!(st = sso_store__stmt(s, STMT_EVENT_INSERT, SQL_INSERT)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, EV_BIND(EV_SEQ), ev.seq);
	sqlite3_bind_text(st, EV_BIND(EV_AT), ev.at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_DAY), ev.day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_ACTOR), ev.actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_ACTION), action, -1, SQLITE_TRANSIENT);
	if (org_id)
		sqlite3_bind_int64(st, EV_BIND(EV_ORG), org_id);
	if (app_id)
		sqlite3_bind_int64(st, EV_BIND(EV_APP), app_id);
	sqlite3_bind_text(st, EV_BIND(EV_DETAILS), ev.details, -1, SQLITE_TRANSIENT);
	if (org_id)
		sqlite3_bind_text(st, EV_BIND(EV_ORG_STATE), state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_PREV), prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_HASH), hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, EV_BIND(EV_ROWS), rows, -1, SQLITE_TRANSIENT);
	return sso_store__exec(s, st, "writing the event log");
}

int sso_event__append(sso_store *s, const char *action, long org_id, long app_id,
		      const char *details)
{
	char *rows = NULL;
	int rc;

	if (!sso_store__in_tx(s))
		return sso_error_set(SSO_EINTERNAL, "an event written outside a transaction");
	if ((rc = sso_replay__check_day(s, org_id, app_id)) < 0 ||
	    (rc = sso_replay__rows(s, org_id, app_id, &rows)) < 0)
		return rc;
	rc = sso_event__append_rows(s, action, org_id, app_id, details, rows, NULL);
	free(rows);
	return rc;
}

int sso_event__record(sso_store *s, const char *action, long org_id, long app_id, const char *key,
		      const char *value)
{
	char *details = NULL;
	sso_json j;
	int rc;

	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, key, value);
	if ((rc = sso_json__end(&j, &details)) < 0)
		return rc;
	if ((rc = sso_store_begin(s)) == 0) {
		rc = sso_event__append(s, action, org_id, app_id, details);
		rc = rc == 0 ? sso_store_commit(s) : (sso_store_rollback(s), rc);
	}
	free(details);
	return rc;
}

const sso_column sso_event__cols[SSO_EVENT__NCOLS] = {
	{"seq", "序号", SSO_COL_NUMBER},  {"day", "日期", SSO_COL_TEXT},
	{"at", "时间", SSO_COL_TEXT},     {"actor", "操作人", SSO_COL_TEXT},
	{"action", "操作", SSO_COL_TEXT}, {"org", "组织", SSO_COL_TEXT},
	{"app", "申请", SSO_COL_TEXT},    {"details", "详情", SSO_COL_TEXT},
	{"hash", "哈希", SSO_COL_TEXT},
};

void sso_event__values(const sso_event *ev, char seq[24], char org[32], char app[32],
		       const char *v[SSO_EVENT__NCOLS])
{
	snprintf(seq, 24, "%lld", ev->seq);
	org[0] = app[0] = '\0';
	if (ev->org_id)
		sso_id_format(org, 32, "ORG", ev->org_id);
	if (ev->app_id)
		sso_id_format(app, 32, "APP", ev->app_id);
	v[0] = seq;
	v[1] = ev->day;
	v[2] = ev->at;
	v[3] = ev->actor;
	v[4] = ev->action;
	v[5] = org;
	v[6] = app;
	v[7] = ev->details;
	v[8] = ev->hash;
}

/* An event from a row of a SELECT of EVENT_COLS, borrowed until the next step. */
static void read_event(sqlite3_stmt *st, sso_event *ev)
{
	ev->seq = sqlite3_column_int64(st, EV_SEQ);
	ev->at = sso_store__col(st, EV_AT);
	ev->day = sso_store__col(st, EV_DAY);
	ev->actor = sso_store__col(st, EV_ACTOR);
	ev->action = sso_store__col(st, EV_ACTION);
	ev->org_id = (long)sqlite3_column_int64(st, EV_ORG);
	ev->app_id = (long)sqlite3_column_int64(st, EV_APP);
	ev->details = sso_store__col(st, EV_DETAILS);
	ev->org_state = sso_store__col(st, EV_ORG_STATE);
	ev->prev = sso_store__col(st, EV_PREV);
	ev->hash = sso_store__col(st, EV_HASH);
	ev->rows = sqlite3_column_type(st, EV_ROWS) == SQLITE_NULL
			   ? NULL
			   : (const char *)sqlite3_column_text(st, EV_ROWS);
}

int sso_event_each(sso_store *s, sso_date from, sso_date to, long org_id, sso_event_fn fn,
		   void *payload)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_EVENT_EACH, SQL_EACH);
	char d1[11], d2[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	if (from) {
		sso_date_format(from, d1);
		sqlite3_bind_text(st, EACH_FROM, d1, -1, SQLITE_TRANSIENT);
	}
	if (to) {
		sso_date_format(to, d2);
		sqlite3_bind_text(st, EACH_TO, d2, -1, SQLITE_TRANSIENT);
	}
	if (org_id)
		sqlite3_bind_int64(st, EACH_ORG, org_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_event ev;
		int r;

		read_event(st, &ev);
		if ((r = fn(payload, &ev)) < 0) {
			sqlite3_reset(st);
			return r;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading the event log");
	sqlite3_reset(st);
	return rc;
}

/* What the archive events said of each document: indexed by document id. */
typedef struct docrec {
	long long size;        /* -1: no event archived this id */
	unsigned char sha[16]; /* the first half of its SHA-256: enough to tell an edit */
	long org;
	long long seq;
} docrec;

typedef struct docs {
	docrec *v;
	size_t n;
} docs;

/* The first 16 bytes of a SHA-256 written as lowercase hex (at least 32
 * characters); returns -1 if they are not hex. Two million of these run in
 * a verification: a table, not a chain of comparisons. */
static int sha_prefix(const char *hex, unsigned char out[16])
{
	/* a digit's value + 1; 0 for what is not a lowercase hex digit */
	static const unsigned char val[256] = {
		['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
		['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
		['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	};

	for (int i = 0; i < 16; i++) {
		int hi = val[(unsigned char)hex[2 * i]],
		    lo = hi ? val[(unsigned char)hex[2 * i + 1]] : 0;

		if (!lo)
			return -1;
		out[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
	}
	return 0;
}

/* Find a key's value in a JSON object we wrote: pat is "\"key\":". */
static const char *json_value(const char *json, const char *pat)
{
	const char *p = strstr(json, pat);

	return p ? p + strlen(pat) : NULL;
}

/* Remember what an archive event says; malformed details are left to the
 * chain (an event that hashes right was written by sso). */
static int remember_doc(docs *d, const sso_event *ev)
{
	const char *id = json_value(ev->details, "\"doc\":");
	const char *size = json_value(ev->details, "\"size\":");
	const char *sha = json_value(ev->details, "\"sha256\":");
	long long n;
	docrec *r;

	if (!id || !size || !sha || *sha != '"')
		return 0;
	n = atoll(id);
	if (n <= 0 || n > (1LL << 40))
		return 0;
	if ((size_t)n >= d->n) {
		size_t cap = d->n ? d->n : 1024;
		docrec *v;

		while (cap <= (size_t)n)
			cap *= 2;
		if (!(v = realloc(d->v, cap * sizeof(*v))))
			return sso_error_set(SSO_ENOMEM, "out of memory");
		for (size_t i = d->n; i < cap; i++)
			v[i].size = -1;
		d->v = v;
		d->n = cap;
	}
	r = &d->v[n];
	r->size = strnlen(sha + 1, 32) == 32 && sha_prefix(sha + 1, r->sha) == 0 ? atoll(size) : -1;
	r->org = ev->org_id;
	r->seq = ev->seq;
	return 0;
}

/* What the documents table holds, to compare with the archive events. */
static const char SQL_VERIFY_DOCS[] =
	"SELECT id, org_id, size, sha256 FROM main.documents ORDER BY id";
enum { VD_ID, VD_ORG, VD_SIZE, VD_SHA };

/* The documents phase: compare the documents table with what the events
 * said of each document (d, from the chain phase). Sets out->bad_doc, its
 * organization and out->what for the first document changed, added or
 * deleted outside sso. Returns 0 whether or not they match, or an error. */
static int verify_docs(sso_store *s, docs *d, sso_verify *out)
{
	sqlite3_stmt *st = NULL;
	char *seen = d->n ? calloc(d->n, 1) : NULL;
	int rc;

	if (d->n && !seen)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(sso_store__db(s), SQL_VERIFY_DOCS, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		free(seen);
		return sso_store__error(s, rc, "reading the archive");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, VD_ID);
		long long size = sqlite3_column_int64(st, VD_SIZE);
		const char *sha = sso_store__col(st, VD_SHA);
		const docrec *r = id > 0 && (size_t)id < d->n ? &d->v[id] : NULL;
		unsigned char prefix[16];
		int same = r && r->size >= 0 && r->size == size && strlen(sha) == 64 &&
			   sha_prefix(sha, prefix) == 0 && !memcmp(prefix, r->sha, 16);

		out->documents++;
		if (r && r->size >= 0)
			seen[id] = 1;
		if (!same) {
			out->bad_doc = (long)id;
			out->bad_doc_org = (long)sqlite3_column_int64(st, VD_ORG);
			snprintf(out->what, sizeof(out->what),
				 r && r->size >= 0
					 ? "document DOC%06lld differs from what event %lld "
					   "recorded of "
					   "it (size or SHA-256): it was changed outside sso"
					 : "document DOC%06lld has no archive event: it was added "
					   "outside sso",
				 id, r ? r->seq : 0);
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						   : sso_store__error(s, rc, "reading the archive");
	for (size_t i = 1; rc == 0 && !out->bad_doc && i < d->n; i++)
		if (d->v[i].size >= 0 && !seen[i]) {
			out->bad_doc = (long)i;
			out->bad_doc_org = d->v[i].org;
			snprintf(out->what, sizeof(out->what),
				 "document DOC%06zu, archived by event %lld, is missing: it was "
				 "deleted outside sso",
				 i, d->v[i].seq);
		}
	sqlite3_finalize(st);
	free(seen);
	return rc;
}

/* Every event, in order. */
static const char SQL_VERIFY_CHAIN[] = "SELECT " EVENT_COLS " FROM main.events ORDER BY seq";

/* How an event stands to the chain read so far. */
typedef enum link { LINK_OK, LINK_GAP, LINK_UNLINKED, LINK_EDITED } link;

/* Does ev follow the chain read so far: is it event *expect, linked to prev
 * (the hash of the one before), hashing to its recorded hash? If so, move
 * both on to it. Every walk of the chain (verify, verify --head) reads it
 * so. */
static link chain_next(const sso_event *ev, long long *expect, char prev[65])
{
	char want[65];

	if (ev->seq != *expect)
		return LINK_GAP;
	if (strcmp(ev->prev, prev) != 0)
		return LINK_UNLINKED;
	event_hash(ev, want);
	if (strcmp(ev->hash, want) != 0)
		return LINK_EDITED;
	memcpy(prev, ev->hash, 65);
	(*expect)++;
	return LINK_OK;
}

/* The chain phase: walk the log from the first event, and check that no seq
 * is missing, that each event links to the hash of the one before it, and
 * that each hashes to its recorded hash. Sets out->events, out->head (the
 * hash of the last event that verified) and, at the first event that does
 * not verify, out->broken and out->what. Remembers in d what each archive
 * event said of its document, for the documents phase, and feeds each event
 * to the replay r (NULL: none), setting *any_rows if one recorded rows.
 * Returns 0 whether or not the chain verifies, or an error. */
static int verify_chain(sso_store *s, sso_verify *out, docs *d, sso_replay__verify *r,
			int *any_rows)
{
	sqlite3_stmt *st = NULL;
	char prev[65] = GENESIS;
	long long expect = 1;
	int rc;

	rc = sqlite3_prepare_v2(sso_store__db(s), SQL_VERIFY_CHAIN, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the event log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_event ev;

		read_event(st, &ev);
		out->events++;
		switch (chain_next(&ev, &expect, prev)) {
		case LINK_OK: break;
		case LINK_GAP:
			snprintf(out->what, sizeof(out->what),
				 "event %lld follows event %lld: %lld event(s) missing", ev.seq,
				 expect - 1, ev.seq - expect);
			break;
		case LINK_UNLINKED:
			snprintf(out->what, sizeof(out->what),
				 "event %lld does not link to the event before it (deleted, "
				 "reordered or edited history)",
				 ev.seq);
			break;
		case LINK_EDITED:
			snprintf(out->what, sizeof(out->what),
				 "event %lld (%s, %s) was changed after it was written: its hash "
				 "does not match its fields",
				 ev.seq, ev.action, ev.day);
			break;
		}
		if (out->what[0]) {
			out->broken = ev.seq;
			break;
		}
		if (!strcmp(ev.action, "archive") && (rc = remember_doc(d, &ev)) < 0)
			break;
		if (ev.rows)
			*any_rows = 1;
		if (r && (rc = sso_replay__verify_event(r, &ev)) < 0)
			break;
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading the event log");
	memcpy(out->head, prev, sizeof(out->head));
	sqlite3_finalize(st);
	return rc;
}

/* Each organization, with the org_state its last event recorded (NULL if no
 * event recorded one). */
static const char SQL_VERIFY_ORGS[] =
	"SELECT o.id, (SELECT e.org_state FROM main.events e WHERE e.org_id = o.id "
	"AND e.org_state IS NOT NULL ORDER BY e.seq DESC LIMIT 1) FROM main.orgs o ORDER BY o.id";
enum { VO_ID, VO_RECORDED };

/* The organization phase, once the chain verified: hash every organization's
 * current row under the version of the hashed row its last event recorded
 * (see the top of this file), and compare. Sets out->orgs and, for the first
 * row that differs or that no event recorded, out->bad_org and out->what.
 * Returns 0 whether or not the rows match, or an error (SSO_EIO for a row
 * version newer than this program). */
static int verify_orgs(sso_store *s, sso_verify *out)
{
	sqlite3_stmt *st = NULL;
	char state[SSO_EVENT__STATE_MAX];
	int rc;

	out->orgs = 0; /* counted again if the replay counted them */
	rc = sqlite3_prepare_v2(sso_store__db(s), SQL_VERIFY_ORGS, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading organizations");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, VO_ID);
		const char *recorded = (const char *)sqlite3_column_text(st, VO_RECORDED);
		int version = recorded ? sso_event__org_state_version(recorded) : 0;

		out->orgs++;
		if (version > ORG_ROW_VERSIONS) {
			rc = sso_error_set(SSO_EIO,
					   "%s: organization " SSO_ORG_FMT " was last recorded "
					   "with version %d of the hashed row, newer than this "
					   "program's %d: use a newer sso",
					   sso_store_file(s), id, version, ORG_ROW_VERSIONS);
			break;
		}
		/* a text that names no version cannot match any row */
		if (version && (rc = sso_event__org_state(s, id, version, state)) < 0)
			break;
		if (!version || strcmp(recorded, state) != 0) {
			out->bad_org = id;
			snprintf(out->what, sizeof(out->what),
				 recorded ? "organization " SSO_ORG_FMT
					    " differs from the state its last "
					    "event recorded: its row was edited outside sso"
					  : "organization " SSO_ORG_FMT
					    " has no event: its row was "
					    "added outside sso",
				 id);
			break;
		}
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading organizations");
	sqlite3_finalize(st);
	return rc;
}

/* Verifying walks the whole log with its own statements: it is a rare,
 * read-only pass, and must not disturb the cached ones. Each phase runs only
 * if the one before found nothing: the chain (replaying the rows its events
 * recorded as it goes), then every table against the replay (replay.c),
 * then the organizations' rows against their last event's hash and the
 * documents against their archive events (all a store from before rows
 * were recorded has). */
static int verify(sso_store *s, sso_verify *out, int replay)
{
	docs d = {NULL, 0};
	sso_replay__verify *r = NULL;
	int rc, any_rows = 0;

	memset(out, 0, sizeof(*out));
	if (replay && (rc = sso_replay__verify_new(&r)) < 0)
		return rc;
	rc = verify_chain(s, out, &d, r, &any_rows);
	/* a store whose events record no rows yet is one being upgraded */
	if (rc == 0 && r && !out->broken && any_rows)
		rc = sso_replay__verify_tables(s, r, out);
	if (rc == 0 && !out->broken && !out->row[0])
		rc = verify_orgs(s, out);
	if (rc == 0 && !out->broken && !out->row[0] && !out->bad_org)
		rc = verify_docs(s, &d, out);
	sso_replay__verify_free(r);
	free(d.v);
	return rc;
}

/* Both verifications, from one snapshot of the store. */
static int verify_snapshot(sso_verify *out, sso_store *s, int replay)
{
	/* the chain, the rows and the documents as of one moment */
	int snap = sso_store__read_begin(s), rc;

	if (snap < 0) {
		memset(out, 0, sizeof(*out));
		return snap;
	}
	rc = verify(s, out, replay);
	sso_store__read_end(s, snap);
	return rc;
}

int sso_event_verify(sso_verify *out, sso_store *s)
{
	return verify_snapshot(out, s, 1);
}

int sso_event_verify_chain(sso_verify *out, sso_store *s)
{
	return verify_snapshot(out, s, 0);
}

/* ---- heads: where a reader's copy of the chain ended, and whether the log still holds it ---- */

int sso_event_head_parse(sso_head *out, const char *text)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	size_t digits = colon ? (size_t)(colon - text) : 0;
	long long seq = 0;

	memset(out, 0, sizeof(*out));
	if (!colon || digits == 0 || digits > 18 || strspn(text, "0123456789") != digits)
		return sso_error_set(SSO_EUSAGE,
				     "head '%s' is not SEQ:HASH (an event's number, a colon and "
				     "its 64-digit SHA-256, as verify and --manifest print it)",
				     text ? text : "");
	for (size_t i = 0; i < digits; i++)
		seq = seq * 10 + (text[i] - '0');
	colon++;
	if (strlen(colon) != 64 || strspn(colon, "0123456789abcdefABCDEF") != 64)
		return sso_error_set(SSO_EUSAGE,
				     "head '%s': the hash after the colon is not 64 hex digits",
				     text);
	for (int i = 0; i < 64; i++)
		out->hash[i] = (char)(colon[i] >= 'A' && colon[i] <= 'F' ? colon[i] - 'A' + 'a'
									 : colon[i]);
	out->hash[64] = '\0';
	if (seq == 0 && strcmp(out->hash, GENESIS) != 0)
		return sso_error_set(SSO_EUSAGE,
				     "head '%s': event 0 is the empty log, whose hash is 64 zeros",
				     text);
	out->seq = seq;
	return 0;
}

/* The last event written on or before a day (seq descending: the log's end
 * is where heads are asked for), and the last of all. */
static const char SQL_HEAD_AT[] =
	"SELECT seq, hash FROM events WHERE ?1 IS NULL OR day <= ?1 ORDER BY seq DESC LIMIT 1";
enum { HEAD_SEQ, HEAD_HASH };

int sso_event_head_at(sso_head *out, sso_store *s, sso_date day)
{
	sqlite3_stmt *st = NULL;
	char d[11];
	int rc;

	memset(out, 0, sizeof(*out));
	memcpy(out->hash, GENESIS, sizeof(out->hash));
	rc = sqlite3_prepare_v2(sso_store__db(s), SQL_HEAD_AT, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the event log");
	if (day) {
		sso_date_format(day, d);
		sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->seq = sqlite3_column_int64(st, HEAD_SEQ);
		snprintf(out->hash, sizeof(out->hash), "%s", sso_store__col(st, HEAD_HASH));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading the event log");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The events up to a head, in order. */
static const char SQL_HEAD_CHAIN[] =
	"SELECT " EVENT_COLS " FROM main.events WHERE seq <= ?1 ORDER BY seq";

/* Walk the chain from the first event up to head->seq, as verify_chain()
 * does (no seq missing, each linked to the one before and hashing to its
 * recorded hash), then compare event head->seq's hash with head->hash.
 * Fills out (see sso_head_check). Returns 0 whatever it finds, or an
 * error. */
static int check_head(sso_store *s, const sso_head *head, sso_head_check *out)
{
	sqlite3_stmt *st = NULL;
	char prev[65] = GENESIS;
	long long expect = 1;
	int rc;

	rc = sqlite3_prepare_v2(sso_store__db(s), SQL_HEAD_CHAIN, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the event log");
	sqlite3_bind_int64(st, 1, head->seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_event ev;
		link l;

		read_event(st, &ev);
		out->events++;
		if ((l = chain_next(&ev, &expect, prev)) != LINK_OK) {
			out->outcome = SSO_HEAD_BROKEN;
			out->at = l == LINK_GAP ? expect : ev.seq;
			snprintf(out->what, sizeof(out->what),
				 l == LINK_GAP
					 ? "event %lld is missing before the head (event %lld "
					   "follows event %lld): the history was cut"
				 : l == LINK_UNLINKED
					 ? "event %lld does not link to the event before it: the "
					   "history before the head was rewritten"
					 : "event %lld was changed after it was written: its hash "
					   "does not match its fields",
				 out->at, ev.seq, expect - 1);
			break;
		}
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 0;
	else
		rc = sso_store__error(s, rc, "reading the event log");
	sqlite3_finalize(st);
	if (rc < 0 || out->outcome)
		return rc;
	out->at = head->seq;
	if (expect - 1 < head->seq) {
		out->outcome = SSO_HEAD_TRUNCATED;
		snprintf(out->what, sizeof(out->what),
			 "event %lld is not in the log, which ends at event %lld: the log was "
			 "truncated",
			 head->seq, expect - 1);
	} else if (strcmp(prev, head->hash) != 0) {
		out->outcome = SSO_HEAD_REWRITTEN;
		memcpy(out->found, prev, sizeof(out->found));
		snprintf(out->what, sizeof(out->what),
			 "event %lld has hash %s, not %s: the history was rewritten at or before "
			 "event %lld",
			 head->seq, prev, head->hash, head->seq);
	}
	return 0;
}

int sso_event_verify_head(sso_head_check *out, sso_store *s, const sso_head *head)
{
	int snap, rc;

	memset(out, 0, sizeof(*out));
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	rc = sso_event_head_at(&out->now, s, 0);
	if (rc == 0 && head->seq > 0)
		rc = check_head(s, head, out);
	sso_store__read_end(s, snap);
	return rc;
}
