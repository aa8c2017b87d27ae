/* test_event.c - the event chain, its verification, and the hashed organization
 * row (the tamper check's contract) with its versions */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hash.h"
#include "store/event_impl.h"
#include "store/store_impl.h"
#include "support_store.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* What sso-ledger verify said of tests/lib/fixtures/store-v1.sql when the
 * tools that wrote it made it (see its header). */
#define V1_HEAD "923bdaf920546acfa8d00ab0692bd9f370fd9a12ea3586a8559ec0c21b12af65"

/* Version 1 of the hashed row, written out here on purpose: if the list in
 * event.c changes, every existing store stops verifying. */
static const char *const v1_columns[] = {
	"id",          "name",          "form",     "tier",      "stage",      "status",
	"category",    "district",      "street",   "community", "hub",        "leader",
	"members",     "certificate",   "uscc",     "version",   "created_on", "filed_on",
	"referred_on", "registered_on", "ended_on",
};

/* The events of a store, copied. */
typedef struct copied {
	long long seq[64];
	long org[64];
	char hash[64][65], prev[64][65], state[64][80];
	size_t n;
} copied;

static int copy_event(void *payload, const sso_event *ev)
{
	copied *c = payload;

	assert_true(c->n < 64);
	c->seq[c->n] = ev->seq;
	c->org[c->n] = ev->org_id;
	snprintf(c->hash[c->n], 65, "%s", ev->hash);
	snprintf(c->prev[c->n], 65, "%s", ev->prev);
	snprintf(c->state[c->n], 80, "%s", ev->org_state);
	c->n++;
	return 0;
}

static void chain_appends_and_verifies(void **state)
{
	support_store *fx = *state;
	sso_store *s;
	sso_verify v;
	copied c = {0};

	support_store_filed(fx);
	s = support_store_open(fx, "district:赵科长");
	assert_int_equal(sso_event_each(s, 0, 0, 0, copy_event, &c), 0);
	assert_int_equal(c.n, 4);
	for (size_t i = 0; i < c.n; i++) {
		assert_int_equal(c.seq[i], (long long)i + 1);
		assert_string_equal(c.prev[i], i ? c.hash[i - 1] : GENESIS);
		assert_int_equal(strlen(c.hash[i]), 64);
		assert_int_equal(c.org[i], 1);
		assert_int_equal(sso_event__org_state_version(c.state[i]), 1);
	}
	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.events, 4);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 0);
	assert_int_equal(v.bad_doc, 0);
	assert_int_equal(v.orgs, 1);
	assert_int_equal(v.documents, 3);
	assert_string_equal(v.head, c.hash[3]);

	/* one more event, of no organization: it links to the head */
	assert_int_equal(sso_event__record(s, "unmask", 0, 0, "what", "a test"), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(sso_event_each(s, 0, 0, 0, copy_event, &c), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.prev[4], v.head);
	assert_string_equal(c.state[4], "");
	assert_int_equal(c.org[4], 0);
	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.events, 5);
	assert_int_equal(v.broken, 0);
	assert_string_equal(v.head, c.hash[4]);
	/* and only inside a transaction */
	assert_int_equal(sso_event__append(s, "unmask", 0, 0, NULL), SSO_EINTERNAL);
	sso_store_close(s);
}

static void edited_event_found(void **state)
{
	support_store *fx = *state;
	sso_verify v;

	support_store_filed(fx);
	support_sql(fx, "DROP TRIGGER events_no_update");
	support_sql(fx, "UPDATE events SET details = replace(details, 'filing_form', 'roster') "
			"WHERE seq = 1");
	support_verify(fx, &v);
	assert_int_equal(v.broken, 1);
	assert_int_equal(v.events, 1); /* it stops at the first */
	assert_string_equal(v.head, GENESIS);
	assert_contains(v.what, "event 1 (archive, 2026-04-01) was changed after it was written");

	/* the recorded state of a row is one of the event's fields, so it too */
	support_store_filed(fx);
	support_sql(fx, "DROP TRIGGER events_no_update");
	support_sql(fx, "UPDATE events SET org_state = 'v2:' || org_state WHERE seq = 4");
	support_verify(fx, &v);
	assert_int_equal(v.broken, 4);
	assert_int_equal(v.bad_org, 0); /* the chain phase stops the rest */
	assert_contains(v.what, "event 4 (submit, 2026-04-01) was changed");
}

static void edited_org_row_found(void **state)
{
	support_store *fx = *state;
	sso_verify v;

	support_store_filed(fx);
	support_sql(fx, "UPDATE orgs SET leader = '冒名' WHERE id = 1");
	support_verify(fx, &v);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.events, 4);
	assert_int_equal(v.bad_org, 1);
	assert_int_equal(v.bad_doc, 0); /* the documents phase does not run */
	assert_int_equal(v.documents, 0);
	assert_contains(v.what, "organization ORG000001 differs from the state its last event "
				"recorded: its row was edited outside sso");

	/* NULL is not the empty text */
	support_store_filed(fx);
	support_sql(fx, "UPDATE orgs SET certificate = '' WHERE id = 1");
	support_verify(fx, &v);
	assert_int_equal(v.bad_org, 1);

	/* a row no event knows */
	support_store_filed(fx);
	support_sql(fx,
		    "INSERT INTO orgs (name, status, district, street, community, created_on) "
		    "VALUES "
		    "('伪造协会', 'active', '120101', '120101001', '120101001001', '2026-01-01')");
	support_verify(fx, &v);
	assert_int_equal(v.bad_org, 2);
	assert_int_equal(v.orgs, 2);
	assert_contains(v.what,
			"organization ORG000002 has no event: its row was added outside sso");
}

/* The columns of the orgs table, in order, as the store has them. */
static size_t orgs_table_columns(const support_store *fx, char names[][32], size_t cap)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT name FROM pragma_table_info('orgs') "
					    "ORDER BY cid",
					    -1, &st, NULL),
			 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < cap);
		snprintf(names[n++], 32, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* The version 1 hash of an organization's row, computed from the list above
 * rather than from event.c's. */
static void v1_hash_by_hand(const support_store *fx, long id, char out[65])
{
	char q[1024];
	size_t used;
	sqlite3 *h;
	sqlite3_stmt *st;
	sso_sha256 sha;
	size_t n = sizeof(v1_columns) / sizeof(*v1_columns);

	used = (size_t)snprintf(q, sizeof(q), "SELECT ");
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(q + used, sizeof(q) - used, "%s%s", i ? ", " : "",
					 v1_columns[i]);
	snprintf(q + used, sizeof(q) - used, " FROM orgs WHERE id = %ld", id);
	assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sso_hash__init(&sha);
	for (int i = 0; i < (int)n; i++)
		sso_hash__field(&sha, sqlite3_column_type(st, i) == SQLITE_NULL
					      ? NULL
					      : (const char *)sqlite3_column_text(st, i));
	sso_hash__hex(&sha, out);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void hashed_row_contract(void **state)
{
	support_store *fx = *state;
	char table[64][32], hand[65], state1[SSO_EVENT__STATE_MAX], *recorded;
	const char *const *cols;
	size_t ntable;
	int n, current = sso_event__org_row_current();
	sso_store *s;

	/* version 1 is the 21 columns, in this order */
	cols = sso_event__org_row_columns(1, &n);
	assert_non_null(cols);
	assert_int_equal(n, sizeof(v1_columns) / sizeof(*v1_columns));
	for (int i = 0; i < n; i++)
		assert_string_equal(cols[i], v1_columns[i]);
	assert_null(sso_event__org_row_columns(0, &n));
	assert_int_equal(n, 0);
	assert_null(sso_event__org_row_columns(current + 1, &n));
	assert_int_equal(current, 1);

	/* every column of orgs is hashed by the current version: a column added
	 * by a migration needs a new version of the hashed row (event.c) */
	support_store_filed(fx);
	ntable = orgs_table_columns(fx, table, 64);
	cols = sso_event__org_row_columns(current, &n);
	for (size_t i = 0; i < ntable; i++) {
		int found = 0;

		for (int j = 0; j < n; j++)
			found |= !strcmp(table[i], cols[j]);
		if (!found)
			fail_msg("orgs.%s is not in the hashed row: add a version of it in "
				 "lib/store/event.c",
				 table[i]);
	}
	assert_int_equal(ntable, (size_t)n);

	/* the hash is over those columns, field by field, as it always was */
	v1_hash_by_hand(fx, 1, hand);
	s = support_store_open(fx, NULL);
	assert_int_equal(sso_event__org_state(s, 1, 1, state1), 0);
	assert_string_equal(state1, hand);
	assert_int_equal(sso_event__org_state(s, 1, 0, state1), 0); /* the current one */
	assert_string_equal(state1, hand);
	assert_int_equal(sso_event__org_state(s, 99, 1, state1), SSO_ENOTFOUND);
	sso_store_close(s);
	recorded =
		support_text(fx, "SELECT org_state FROM events WHERE org_id = 1 ORDER BY seq DESC");
	assert_non_null(recorded);
	assert_string_equal(recorded, hand);
	free(recorded);
}

/* Texts of an event's org_state and the version of the hashed row each
 * names (0: none): a prefix, the first hexlen characters of a hash, a suffix. */
static const struct {
	const char *prefix;
	int hexlen;
	const char *suffix;
	int version;
} state_versions[] = {
	{"", 64, "", 1},
	{"v2:", 64, "", 2},
	{"v17:", 64, "", 17},
	/* version 1 is only ever the bare hash */
	{"v1:", 64, "", 0},
	{"v02:", 64, "", 0},
	{"V2:", 64, "", 0},
	{"v2:", 63, "", 0},
	{"v2:", 64, "a", 0},
	{"", 63, "A", 0},
	{"", 0, "", 0},
	{"v99999999999:", 0, "", 0},
};

static void state_versions_parse(void **state)
{
	const char *hex = "a3eb1213e6d9213e5c34ec846606446d05da7a17e281fd614d4fb7f82ca47b94";
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof(state_versions) / sizeof(*state_versions); i++) {
		int got;

		snprintf(text, sizeof(text), "%s%.*s%s", state_versions[i].prefix,
			 state_versions[i].hexlen, hex, state_versions[i].suffix);
		got = sso_event__org_state_version(text);
		if (got != state_versions[i].version)
			fail_msg("'%s' names version %d, not %d", text, got,
				 state_versions[i].version);
	}
}

/* A store written by the tools before the hashed row had versions still
 * verifies, with the head it had. */
static void version1_store_still_verifies(void **state)
{
	support_store *fx = *state;
	char *dump = support_tests_file("lib/fixtures/store-v1.sql"), *recorded;
	char now[SSO_EVENT__STATE_MAX];
	sso_store *s;
	sso_verify v;

	unlink(fx->db);
	support_sql(fx, dump);
	free(dump);
	s = support_store_open(fx, NULL);
	assert_int_equal(sso_event_verify(&v, s), 0);
	if (v.broken || v.bad_org || v.bad_doc)
		fail_msg("%s", v.what);
	/* opening it to write upgraded it: a baseline event per organization
	 * and one for the rest follow its 24 events, which are unchanged */
	assert_int_equal(v.events, 24 + 3 + 1);
	assert_int_equal(v.orgs, 3);
	assert_int_equal(v.documents, 15);
	assert_int_equal(support_number(fx, "SELECT count(*) FROM events WHERE action = "
					    "'baseline' AND seq > 24 AND rows IS NOT NULL"),
			 4);
	recorded = support_text(fx, "SELECT hash FROM events WHERE seq = 24");
	assert_string_equal(recorded, V1_HEAD);
	free(recorded);
	/* each organization's last event holds its row's version 1 hash, bare */
	for (long id = 1; id <= 3; id++) {
		char q[160];

		snprintf(q, sizeof(q),
			 "SELECT org_state FROM events WHERE org_id = %ld "
			 "AND org_state IS NOT NULL ORDER BY seq DESC",
			 id);
		recorded = support_text(fx, q);
		assert_non_null(recorded);
		assert_int_equal(sso_event__org_state_version(recorded), 1);
		assert_int_equal(sso_event__org_state(s, id, 1, now), 0);
		assert_string_equal(now, recorded);
		free(recorded);
	}
	sso_store_close(s);

	/* and an edit of one of its rows is still found */
	support_sql(fx, "UPDATE orgs SET members = members + 1 WHERE id = 2");
	support_verify(fx, &v);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 2);
}

/* An event's hash as event.c computes it, written out to forge one. */
static void event_hash_by_hand(sqlite3_stmt *st, const char *org_state, char out[65])
{
	sso_sha256 h;

	/* as event_hash(): prev, seq, at, day, actor, action, org_id, app_id,
	 * details, org_state, rows if any; st's columns are those of
	 * rewrite_last_state(fx, ) */
	sso_hash__init(&h);
	sso_hash__field(&h, (const char *)sqlite3_column_text(st, 8));
	sso_hash__number(&h, sqlite3_column_int64(st, 0));
	for (int i = 1; i <= 4; i++)
		sso_hash__field(&h, (const char *)sqlite3_column_text(st, i));
	sso_hash__number(&h, sqlite3_column_int64(st, 5));
	sso_hash__number(&h, sqlite3_column_int64(st, 6));
	sso_hash__field(&h, (const char *)sqlite3_column_text(st, 7));
	sso_hash__field(&h, org_state);
	if (sqlite3_column_type(st, 11) != SQLITE_NULL)
		sso_hash__field(&h, (const char *)sqlite3_column_text(st, 11));
	sso_hash__hex(&h, out);
}

/* Replace the org_state of the last event with text, and rehash that event
 * so that the chain still verifies (as a newer sso, or a forger who knows
 * how, would write it). */
static void rewrite_last_state(const support_store *fx, const char *text)
{
	sqlite3 *h;
	sqlite3_stmt *st, *up;
	char hash[65];

	assert_int_equal(sqlite3_open(fx->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "DROP TRIGGER IF EXISTS events_no_update", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "SELECT seq, at, day, actor, action, org_id, app_id, "
					    "details, prev, org_state, hash, rows FROM events "
					    "ORDER BY "
					    "seq DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* the formula first reproduces the hash that was written */
	event_hash_by_hand(st, (const char *)sqlite3_column_text(st, 9), hash);
	assert_string_equal(hash, (const char *)sqlite3_column_text(st, 10));
	event_hash_by_hand(st, text, hash);
	assert_int_equal(sqlite3_prepare_v2(h,
					    "UPDATE events SET org_state = ?1, hash = ?2 "
					    "WHERE seq = ?3",
					    -1, &up, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(up, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(up, 3, sqlite3_column_int64(st, 0));
	assert_int_equal(sqlite3_step(up), SQLITE_DONE);
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void newer_row_version_refused(void **state)
{
	support_store *fx = *state;
	char text[128], hand[65];
	sso_store *s;
	sso_verify v;

	/* an organization last recorded under a version this program lacks */
	support_store_filed(fx);
	v1_hash_by_hand(fx, 1, hand);
	snprintf(text, sizeof(text), "v9:%s", hand);
	rewrite_last_state(fx, text);
	s = support_store_open(fx, NULL);
	assert_int_equal(sso_event_verify(&v, s), SSO_EIO);
	assert_contains(sso_error_last(), "ORG000001 was last recorded with version 9 of the "
					  "hashed row, newer than this program's 1");
	sso_store_close(s);

	/* a state that names no version matches no row */
	support_store_filed(fx);
	rewrite_last_state(fx, "not a hash");
	support_verify(fx, &v);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 1);
	assert_contains(v.what, "ORG000001 differs from the state its last event recorded");

	/* and the bare hash, rewritten as itself, still verifies */
	support_store_filed(fx);
	rewrite_last_state(fx, hand);
	support_verify(fx, &v);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chain_appends_and_verifies),
		cmocka_unit_test(edited_event_found),
		cmocka_unit_test(edited_org_row_found),
		cmocka_unit_test(hashed_row_contract),
		cmocka_unit_test(state_versions_parse),
		cmocka_unit_test(version1_store_still_verifies),
		cmocka_unit_test(newer_row_version_refused),
	};

	return support_run(argc, argv, tests, support_store_setup, support_store_teardown);
}
