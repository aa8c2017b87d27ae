/* test_store.c - opening, migrating, the event chain and its verification,
 * batches all or nothing */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_impl.h"
#include "support_store.h"

/* a new store, with nothing in it */
static int setup_created(void **state)
{
	support_store *f = support_store_new("2026-04-01");

	sso_store_close(support_store_open(f, NULL));
	*state = f;
	return 0;
}

/* the filing of examples/ submitted: three documents archived, one submit */
static int setup_filed(void **state)
{
	support_store *f = support_store_new("2026-04-01");

	support_store_filed(f);
	*state = f;
	return 0;
}

static void reading_never_creates(void **state)
{
	support_store *f = *state;
	sso_store *s = NULL;
	struct stat st;

	assert_int_equal(sso_store_open(&s, f->db, SSO_STORE_READ, f->cfg), SSO_ENOINPUT);
	assert_null(s);
	assert_contains(sso_error_last(), "no store here");
	assert_int_equal(stat(f->db, &st), -1);
	s = support_store_open(f, NULL);
	assert_int_equal(sso_store_schema_version(s), sso_store_schema_latest());
	sso_store_close(s);
	assert_int_equal(stat(f->db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* personal data: the owner's only */
	assert_int_equal(sso_store_open(&s, f->db, SSO_STORE_READ, f->cfg), 0);
	sso_store_close(s);
}

static void newer_schema_refused(void **state)
{
	support_store *f = *state;
	sso_store *s = NULL;
	char pragma[64];

	sso_store_close(support_store_open(f, NULL));
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", sso_store_schema_latest() + 1);
	support_sql(f, pragma);
	assert_int_equal(sso_store_open(&s, f->db, SSO_STORE_WRITE, f->cfg), SSO_EIO);
	assert_contains(sso_error_last(), "newer than this program");
	assert_int_equal(sso_store_open(&s, f->db, SSO_STORE_READ, f->cfg), SSO_EIO);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", sso_store_schema_latest());
	support_sql(f, pragma);
}

static void not_a_store(void **state)
{
	support_store *f = *state;
	sso_store *s = NULL;
	char *path =
		support_write(f->dir, "notes.txt", "this is not a database, just some text.\n");

	assert_int_equal(sso_store_open(&s, path, SSO_STORE_READ, f->cfg), SSO_EIO);
	assert_contains(sso_error_last(), "is not an sso store");
	free(path);
	assert_int_equal(sso_store_open(&s, "/nonexistent/dir/sso.db", SSO_STORE_WRITE, f->cfg),
			 SSO_ECREATE);
}

static void actors(void **state)
{
	sso_actor a;

	(void)state;
	assert_int_equal(sso_actor_parse(&a, "street:李明"), 0);
	assert_int_equal(a.role, SSO_ROLE_STREET);
	assert_string_equal(a.name, "李明");
	assert_int_equal(sso_actor_parse(&a, "mayor:张三"), SSO_EUSAGE);
	assert_contains(sso_error_last(), "unknown role 'mayor'");
	assert_int_equal(sso_actor_parse(&a, "street:"), SSO_EUSAGE);
	assert_int_equal(sso_actor_parse(&a, "李明"), SSO_EUSAGE);
	/* a name of spaces names nobody */
	assert_int_equal(sso_actor_parse(&a, "street:  "), SSO_EUSAGE);
	assert_contains(sso_error_last(), "needs a name after 'street:'");
	assert_int_equal(sso_actor_parse(&a, "street:\u3000"), SSO_EUSAGE);
	assert_int_equal(sso_actor_parse(&a, "street: 李明"), 0);
}

static void batch_all_or_nothing(void **state)
{
	support_store *f = *state;
	char *good = support_example("filing.yaml"), *batch;
	const char *bad = "---\nkind: filing\nname: 天津市和平区五大道街道睦南道社区合唱队\n";
	size_t len = strlen(good) + strlen(bad) + 16;
	sso_store *s = support_store_open(f, "sponsor:王秀兰");
	sso_submit_result r;
	support_diag d;
	long orgs = support_count(f, "orgs"), events = support_count(f, "events");

	batch = malloc(len);
	snprintf(batch, len, "%s%s", good, bad);
	/* one bad document: nothing is written, and the bad one is named */
	assert_int_equal(support_submit(s, batch, 0, &d, &r), 0);
	assert_int_equal(r.documents, 2);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.written, 0);
	assert_int_equal(r.count, 0);
	assert_contains(d.text, "batch.yaml:");
	assert_contains(d.text, "a filing needs 'form'");
	assert_int_equal(support_count(f, "orgs"), orgs);
	assert_int_equal(support_count(f, "events"), events);
	sso_submit_result_clear(&r);
	/* keep going: the good one is written */
	assert_int_equal(support_submit(s, batch, 1, &d, &r), 0);
	assert_int_equal(r.written, 1);
	assert_int_equal(r.count, 1);
	assert_true(r.items[0].org > 0);
	assert_int_equal(support_count(f, "orgs"), orgs + 1);
	sso_submit_result_clear(&r);
	/* the same name again is refused as bad data */
	assert_int_equal(support_submit(s, good, 0, &d, &r), 0);
	assert_int_equal(r.bad, 1);
	assert_contains(d.text, "is already used by ORG");
	sso_submit_result_clear(&r);
	/* a filing needs the sponsor's role */
	sso_store_close(s);
	s = support_store_open(f, "street:李明");
	assert_int_equal(support_submit(s, good, 0, &d, &r), 0);
	assert_int_equal(r.refused, 1);
	assert_contains(d.text, "submitting a filing is for the sponsor");
	sso_submit_result_clear(&r);
	sso_store_close(s);
	free(batch);
	free(good);
}

static void chain_verifies(void **state)
{
	support_store *f = *state;
	sso_store *s = support_store_open(f, NULL);
	sso_verify v;

	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.events, 4); /* three documents archived, one submit */
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 0);
	assert_true(v.orgs >= 1);
	sso_store_close(s);
}

static void edited_event_found(void **state)
{
	support_store *f = *state;
	sso_verify v;

	support_sql(f, "DROP TRIGGER events_no_update");
	support_sql(f, "UPDATE events SET actor = 'street:冒名' WHERE seq = 3");
	support_verify(f, &v);
	assert_int_equal(v.broken, 3);
	assert_contains(v.what, "event 3");
	assert_contains(v.what, "changed after it was written");
}

static void deleted_event_found(void **state)
{
	support_store *f = *state;
	sso_verify v;

	support_sql(f, "DROP TRIGGER events_no_delete");
	support_sql(f, "DELETE FROM events WHERE seq = 2");
	support_verify(f, &v);
	assert_int_equal(v.broken, 3);
	assert_contains(v.what, "1 event(s) missing");
}

static void edited_row_found(void **state)
{
	support_store *f = *state;
	sso_verify v;

	/* a row changed without an event: the chain does not know that state */
	support_sql(f, "UPDATE orgs SET status = 'active', tier = 'filed' WHERE id = 1");
	support_verify(f, &v);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 1);
	assert_contains(v.what, "ORG000001 (table orgs), column tier: the event log says NULL");
}

static void writes_need_an_actor(void **state)
{
	support_store *f = *state;
	sso_store *s = support_store_open(f, NULL);
	sso_step_result r;
	sso_submit_result sr;
	support_diag d;

	assert_int_equal(sso_app_step(s, "APP000001", SSO_STEP_PASS, NULL, &r), SSO_EUSAGE);
	assert_int_equal(support_submit(s, "kind: group\n", 0, &d, &sr), SSO_EUSAGE);
	assert_contains(sso_error_last(), "needs an actor");
	sso_store_close(s);
}

static long reader_count(sso_store *s)
{
	sqlite3_stmt *st;
	long n;

	assert_int_equal(sqlite3_prepare_v2(sso_store__db(s), "SELECT count(*) FROM probe", -1, &st,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A report reads one moment of the store: what another process commits
 * meanwhile shows only after the snapshot ends. */
static void a_reader_sees_one_moment(void **state)
{
	support_store *f = *state;
	sso_store *r = NULL;
	int snap;

	support_sql(f, "CREATE TABLE probe(x); INSERT INTO probe VALUES (1)");
	assert_int_equal(sso_store_open(&r, f->db, SSO_STORE_READ, f->cfg), 0);
	assert_int_equal(snap = sso_store__read_begin(r), 1);
	assert_int_equal(sso_store__read_begin(r), 0); /* nested: the same snapshot */
	assert_int_equal(reader_count(r), 1);
	support_sql(f, "INSERT INTO probe VALUES (2)");
	assert_int_equal(reader_count(r), 1);
	assert_int_equal(sso_store_begin(r), SSO_EINTERNAL); /* no writes inside */
	sso_store__read_end(r, 0);                           /* not the opener's: still open */
	assert_int_equal(reader_count(r), 1);
	sso_store__read_end(r, snap);
	assert_int_equal(reader_count(r), 2);
	sso_store_close(r);
	support_sql(f, "DROP TABLE probe");
}

/* fresh: a new directory, no store in it yet */
#define fresh(t)   cmocka_unit_test_setup_teardown(t, support_store_setup, support_store_teardown)
#define created(t) cmocka_unit_test_setup_teardown(t, setup_created, support_store_teardown)
#define filed(t)   cmocka_unit_test_setup_teardown(t, setup_filed, support_store_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		fresh(reading_never_creates),
		fresh(newer_schema_refused),
		fresh(not_a_store),
		cmocka_unit_test(actors),
		fresh(batch_all_or_nothing),
		filed(chain_verifies),
		filed(edited_event_found),
		filed(deleted_event_found),
		filed(edited_row_found),
		fresh(writes_need_an_actor),
		created(a_reader_sees_one_moment),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
