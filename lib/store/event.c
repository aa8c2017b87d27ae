/* event.c - append-only events, each hashed over its fields and the previous hash */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/event_impl.h"
#include "base/hash.h"
#include "base/json.h"
#include "sso/error.h"
#include "sso/org.h"
#include "store/store_impl.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static const char SQL_LAST[] = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
static const char SQL_INSERT[] =
	"INSERT INTO events (seq, at, day, actor, action, org_id, app_id, details, org_state, "
	"prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char SQL_ORG_ROW[] =
	"SELECT id, name, form, tier, stage, status, category, district, street, community, "
	"hub, leader, members, certificate, uscc, version, created_on, filed_on, referred_on, "
	"registered_on, ended_on FROM orgs WHERE id = ?1";
static const char SQL_EACH[] =
	"SELECT seq, at, day, actor, action, org_id, app_id, details, org_state, prev, hash "
	"FROM events WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2) "
	"AND (?3 IS NULL OR org_id = ?3) ORDER BY seq";

/* The hash of an event: over the previous hash and every field, each
 * length-prefixed. */
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
	sso_hash__hex(&h, out);
}

int sso_event__org_state(sso_store *s, long org_id, char out[65])
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_EVENT_ORG_ROW, SQL_ORG_ROW);
	sso_sha256 h;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no organization %ld", org_id)
					 : sso_store__error(s, rc, "reading an organization");
	}
	sso_hash__init(&h);
	for (int i = 0; i < sqlite3_column_count(st); i++)
		sso_hash__field(&h, sqlite3_column_type(st, i) == SQLITE_NULL
					    ? NULL
					    : (const char *)sqlite3_column_text(st, i));
	sqlite3_reset(st);
	sso_hash__hex(&h, out);
	return 0;
}

int sso_event__append(sso_store *s, const char *action, long org_id, long app_id,
		      const char *details)
{
	sqlite3_stmt *st;
	sso_event ev = {0};
	char prev[65] = GENESIS, hash[65], state[65], at[32], day[11];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	if (!sso_store__in_tx(s))
		return sso_error_set(SSO_EINTERNAL, "an event written outside a transaction");
	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE, "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if (!(st = sso_store__stmt(s, STMT_EVENT_LAST, SQL_LAST)))
		return SSO_EINTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ev.seq = sqlite3_column_int64(st, 0);
		snprintf(prev, sizeof(prev), "%s", sso_store__col(st, 1));
	} else if (rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading the event log");
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if (org_id && (rc = sso_event__org_state(s, org_id, state)) < 0)
		return rc;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
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
	event_hash(&ev, hash);

	if (!(st = sso_store__stmt(s, STMT_EVENT_INSERT, SQL_INSERT)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, ev.seq);
	sqlite3_bind_text(st, 2, ev.at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, ev.day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, ev.actor, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, action, -1, SQLITE_TRANSIENT);
	if (org_id)
		sqlite3_bind_int64(st, 6, org_id);
	if (app_id)
		sqlite3_bind_int64(st, 7, app_id);
	sqlite3_bind_text(st, 8, ev.details, -1, SQLITE_TRANSIENT);
	if (org_id)
		sqlite3_bind_text(st, 9, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, prev, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, hash, -1, SQLITE_TRANSIENT);
	return sso_store__exec(s, st, "writing the event log");
}

int sso_event__record(sso_store *s, const char *action, long org_id, long app_id,
		      const char *key, const char *value)
{
	char *details = NULL;
	sso_json j;
	int rc;

	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE, "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
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
	{"seq", "序号", SSO_COL_NUMBER},     {"day", "日期", SSO_COL_TEXT},
	{"at", "时间", SSO_COL_TEXT},        {"actor", "操作人", SSO_COL_TEXT},
	{"action", "操作", SSO_COL_TEXT},    {"org", "组织", SSO_COL_TEXT},
	{"app", "申请", SSO_COL_TEXT},       {"details", "详情", SSO_COL_TEXT},
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

static void read_event(sqlite3_stmt *st, sso_event *ev)
{
	ev->seq = sqlite3_column_int64(st, 0);
	ev->at = sso_store__col(st, 1);
	ev->day = sso_store__col(st, 2);
	ev->actor = sso_store__col(st, 3);
	ev->action = sso_store__col(st, 4);
	ev->org_id = (long)sqlite3_column_int64(st, 5);
	ev->app_id = (long)sqlite3_column_int64(st, 6);
	ev->details = sso_store__col(st, 7);
	ev->org_state = sso_store__col(st, 8);
	ev->prev = sso_store__col(st, 9);
	ev->hash = sso_store__col(st, 10);
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
		sqlite3_bind_text(st, 1, d1, -1, SQLITE_TRANSIENT);
	}
	if (to) {
		sso_date_format(to, d2);
		sqlite3_bind_text(st, 2, d2, -1, SQLITE_TRANSIENT);
	}
	if (org_id)
		sqlite3_bind_int64(st, 3, org_id);
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
	long long size;    /* -1: no event archived this id */
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
		int hi = val[(unsigned char)hex[2 * i]], lo = hi ? val[(unsigned char)hex[2 * i + 1]] : 0;

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

/* Compare the documents table with what the events said. */
static int verify_docs(sso_store *s, docs *d, sso_verify *out)
{
	sqlite3_stmt *st = NULL;
	char *seen = d->n ? calloc(d->n, 1) : NULL;
	int rc;

	if (d->n && !seen)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	rc = sqlite3_prepare_v2(sso_store__db(s),
				"SELECT id, org_id, size, sha256 FROM documents ORDER BY id", -1, &st,
				NULL);
	if (rc != SQLITE_OK) {
		free(seen);
		return sso_store__error(s, rc, "reading the archive");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0), size = sqlite3_column_int64(st, 2);
		const char *sha = sso_store__col(st, 3);
		const docrec *r = id > 0 && (size_t)id < d->n ? &d->v[id] : NULL;
		unsigned char prefix[16];
		int same = r && r->size >= 0 && r->size == size && strlen(sha) == 64 &&
			   sha_prefix(sha, prefix) == 0 && !memcmp(prefix, r->sha, 16);

		out->documents++;
		if (r && r->size >= 0)
			seen[id] = 1;
		if (!same) {
			out->bad_doc = (long)id;
			out->bad_doc_org = (long)sqlite3_column_int64(st, 1);
			snprintf(out->what, sizeof(out->what),
				 r && r->size >= 0
					 ? "document DOC%06lld differs from what event %lld recorded of "
					   "it (size or SHA-256): it was changed outside sso"
					 : "document DOC%06lld has no archive event: it was added "
					   "outside sso",
				 id, r ? r->seq : 0);
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading the archive");
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

/* Verifying walks the whole log with its own statements: it is a rare,
 * read-only pass, and must not disturb the cached ones. */
static int verify(sso_store *s, sso_verify *out)
{
	sqlite3 *db = sso_store__db(s);
	sqlite3_stmt *st = NULL, *orgs = NULL;
	char prev[65] = GENESIS, want[65], state[65];
	long long expect = 1;
	docs d = {NULL, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(db,
				"SELECT seq, at, day, actor, action, org_id, app_id, details, "
				"org_state, prev, hash FROM events ORDER BY seq",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the event log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sso_event ev;

		read_event(st, &ev);
		out->events++;
		if (ev.seq != expect) {
			out->broken = ev.seq;
			snprintf(out->what, sizeof(out->what),
				 "event %lld follows event %lld: %lld event(s) missing", ev.seq,
				 expect - 1, ev.seq - expect);
			break;
		}
		if (strcmp(ev.prev, prev) != 0) {
			out->broken = ev.seq;
			snprintf(out->what, sizeof(out->what),
				 "event %lld does not link to the event before it (deleted, "
				 "reordered or edited history)",
				 ev.seq);
			break;
		}
		event_hash(&ev, want);
		if (strcmp(ev.hash, want) != 0) {
			out->broken = ev.seq;
			snprintf(out->what, sizeof(out->what),
				 "event %lld (%s, %s) was changed after it was written: its hash "
				 "does not match its fields",
				 ev.seq, ev.action, ev.day);
			break;
		}
		memcpy(prev, ev.hash, sizeof(prev));
		expect++;
		if (!strcmp(ev.action, "archive") && (rc = remember_doc(&d, &ev)) < 0)
			goto done;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading the event log");
		goto done;
	}
	rc = 0;
	if (out->broken)
		goto done;

	/* every organization's row as its last event left it */
	rc = sqlite3_prepare_v2(db,
				"SELECT o.id, (SELECT e.org_state FROM events e WHERE e.org_id = o.id "
				"AND e.org_state IS NOT NULL ORDER BY e.seq DESC LIMIT 1) FROM orgs o "
				"ORDER BY o.id",
				-1, &orgs, NULL);
	if (rc != SQLITE_OK) {
		rc = sso_store__error(s, rc, "reading organizations");
		goto done;
	}
	while ((rc = sqlite3_step(orgs)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(orgs, 0);
		const char *recorded = (const char *)sqlite3_column_text(orgs, 1);
		int r;

		out->orgs++;
		if ((r = sso_event__org_state(s, id, state)) < 0) {
			rc = r;
			goto done;
		}
		if (!recorded || strcmp(recorded, state) != 0) {
			out->bad_org = id;
			snprintf(out->what, sizeof(out->what),
				 recorded ? "organization " SSO_ORG_FMT " differs from the state its last "
					    "event recorded: its row was edited outside sso"
					  : "organization " SSO_ORG_FMT " has no event: its row was "
					    "added outside sso",
				 id);
			break;
		}
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						   : sso_store__error(s, rc, "reading organizations");
	if (rc == 0 && !out->bad_org)
		rc = verify_docs(s, &d, out);
done:
	memcpy(out->head, prev, sizeof(out->head));
	sqlite3_finalize(st);
	sqlite3_finalize(orgs);
	free(d.v);
	return rc;
}

int sso_event_verify(sso_store *s, sso_verify *out)
{
	/* the chain, the rows and the documents as of one moment */
	int snap = sso_store__read_begin(s), rc;

	if (snap < 0) {
		memset(out, 0, sizeof(*out));
		return snap;
	}
	rc = verify(s, out);
	sso_store__read_end(s, snap);
	return rc;
}
