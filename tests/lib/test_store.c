/* test_store.c - opening, migrating, the event chain and its verification,
 * batches all or nothing */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_impl.h"
#include "support.h"

static char *dir, *db;
static sso_config *cfg;

static int setup(void **state)
{
	(void)state;
	setenv("SSO_TODAY", "2026-04-01", 1);
	dir = support_tmpdir();
	db = malloc(strlen(dir) + 8);
	snprintf(db, strlen(dir) + 8, "%s/sso.db", dir);
	cfg = support_config();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sso_config_free(cfg);
	free(db);
	support_rmdir(dir);
	unsetenv("SSO_TODAY");
	return 0;
}

static sso_store *open_as(const char *actor)
{
	sso_store *s = NULL;
	sso_actor a;

	if (sso_store_open(&s, db, SSO_STORE_WRITE, cfg) < 0)
		fail_msg("%s", sso_error_last());
	if (actor) {
		assert_int_equal(sso_actor_parse(&a, actor), 0);
		sso_store_set_actor(s, &a);
	}
	return s;
}

static void sql(const char *statement)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, statement, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", statement, err);
	sqlite3_close(h);
}

static void reading_never_creates(void **state)
{
	sso_store *s = NULL;
	struct stat st;

	(void)state;
	assert_int_equal(sso_store_open(&s, db, SSO_STORE_READ, cfg), SSO_ENOINPUT);
	assert_null(s);
	assert_contains(sso_error_last(), "no store here");
	assert_int_equal(stat(db, &st), -1);
	s = open_as(NULL);
	assert_int_equal(sso_store_schema_version(s), sso_store_schema_latest());
	sso_store_close(s);
	assert_int_equal(stat(db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* personal data: the owner's only */
	assert_int_equal(sso_store_open(&s, db, SSO_STORE_READ, cfg), 0);
	sso_store_close(s);
}

static void newer_schema_refused(void **state)
{
	sso_store *s = NULL;
	char pragma[64];

	(void)state;
	sso_store_close(open_as(NULL));
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", sso_store_schema_latest() + 1);
	sql(pragma);
	assert_int_equal(sso_store_open(&s, db, SSO_STORE_WRITE, cfg), SSO_EIO);
	assert_contains(sso_error_last(), "newer than this program");
	assert_int_equal(sso_store_open(&s, db, SSO_STORE_READ, cfg), SSO_EIO);
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", sso_store_schema_latest());
	sql(pragma);
}

static void not_a_store(void **state)
{
	sso_store *s = NULL;
	char *path = support_write(dir, "notes.txt", "this is not a database, just some text.\n");

	(void)state;
	assert_int_equal(sso_store_open(&s, path, SSO_STORE_READ, cfg), SSO_EIO);
	assert_contains(sso_error_last(), "is not an sso store");
	free(path);
	assert_int_equal(sso_store_open(&s, "/nonexistent/dir/sso.db", SSO_STORE_WRITE, cfg),
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

/* Submit forms from text; returns the result (caller clears). */
static int submit(sso_store *s, const char *yaml, int keep_going, support_diag *d,
		  sso_submit_result *r)
{
	sso_input *in = NULL;
	sso_submit_options o = SSO_SUBMIT_OPTIONS_INIT;
	int rc;

	o.keep_going = keep_going;
	support_diag_init(d);
	assert_int_equal(sso_input_memory(&in, "batch.yaml", yaml, strlen(yaml), SSO_ENCODING_UTF8), 0);
	rc = sso_submit(s, &in, 1, &o, &d->diag, r);
	sso_input_free(in);
	return rc;
}

static char *examples(const char *name)
{
	const char *tests = getenv("SSO_TESTS");
	char path[4096], *text;
	FILE *fp;
	long len;

	snprintf(path, sizeof(path), "%s/../examples/%s", tests ? tests : "tests", name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = malloc((size_t)len + 1);
	assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
	text[len] = '\0';
	fclose(fp);
	return text;
}

static long count(const char *table)
{
	sso_store *s = NULL;
	sqlite3 *h;
	sqlite3_stmt *st;
	char q[128];
	long n;

	(void)s;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	snprintf(q, sizeof(q), "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void batch_all_or_nothing(void **state)
{
	char *good = examples("filing.yaml"), *batch;
	const char *bad = "---\nkind: filing\nname: 天津市和平区五大道街道睦南道社区合唱队\n";
	size_t len = strlen(good) + strlen(bad) + 16;
	sso_store *s = open_as("sponsor:王秀兰");
	sso_submit_result r;
	support_diag d;
	long orgs = count("orgs"), events = count("events");

	(void)state;
	batch = malloc(len);
	snprintf(batch, len, "%s%s", good, bad);
	/* one bad document: nothing is written, and the bad one is named */
	assert_int_equal(submit(s, batch, 0, &d, &r), 0);
	assert_int_equal(r.documents, 2);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.written, 0);
	assert_int_equal(r.count, 0);
	assert_contains(d.text, "batch.yaml:");
	assert_contains(d.text, "a filing needs 'form'");
	assert_int_equal(count("orgs"), orgs);
	assert_int_equal(count("events"), events);
	sso_submit_result_clear(&r);
	/* keep going: the good one is written */
	assert_int_equal(submit(s, batch, 1, &d, &r), 0);
	assert_int_equal(r.written, 1);
	assert_int_equal(r.count, 1);
	assert_true(r.items[0].org > 0);
	assert_int_equal(count("orgs"), orgs + 1);
	sso_submit_result_clear(&r);
	/* the same name again is refused as bad data */
	assert_int_equal(submit(s, good, 0, &d, &r), 0);
	assert_int_equal(r.bad, 1);
	assert_contains(d.text, "is already used by ORG");
	sso_submit_result_clear(&r);
	/* a filing needs the sponsor's role */
	sso_store_close(s);
	s = open_as("street:李明");
	assert_int_equal(submit(s, good, 0, &d, &r), 0);
	assert_int_equal(r.refused, 1);
	assert_contains(d.text, "submitting a filing is for the sponsor");
	sso_submit_result_clear(&r);
	sso_store_close(s);
	free(batch);
	free(good);
}

static void chain_verifies(void **state)
{
	sso_store *s = open_as(NULL);
	sso_verify v;

	(void)state;
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.events, 4); /* three documents archived, one submit */
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 0);
	assert_true(v.orgs >= 1);
	sso_store_close(s);
}

static void edited_event_found(void **state)
{
	sso_store *s;
	sso_verify v;

	(void)state;
	sql("DROP TRIGGER events_no_update");
	sql("UPDATE events SET actor = 'street:冒名' WHERE seq = 3");
	s = open_as(NULL);
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.broken, 3);
	assert_contains(v.what, "event 3");
	assert_contains(v.what, "changed after it was written");
	sso_store_close(s);
}

static void deleted_event_found(void **state)
{
	sso_store *s;
	sso_verify v;

	(void)state;
	/* start again from a clean store */
	unlink(db);
	{
		char *good = examples("filing.yaml");
		sso_submit_result r;
		support_diag d;

		s = open_as("sponsor:王秀兰");
		assert_int_equal(submit(s, good, 0, &d, &r), 0);
		assert_int_equal(r.written, 1);
		sso_submit_result_clear(&r);
		sso_store_close(s);
		free(good);
	}
	sql("DROP TRIGGER events_no_delete");
	sql("DELETE FROM events WHERE seq = 2");
	s = open_as(NULL);
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.broken, 3);
	assert_contains(v.what, "1 event(s) missing");
	sso_store_close(s);
}

static void edited_row_found(void **state)
{
	sso_store *s;
	sso_verify v;

	(void)state;
	unlink(db);
	{
		char *good = examples("filing.yaml");
		sso_submit_result r;
		support_diag d;

		s = open_as("sponsor:王秀兰");
		assert_int_equal(submit(s, good, 0, &d, &r), 0);
		sso_submit_result_clear(&r);
		sso_store_close(s);
		free(good);
	}
	/* a row changed without an event: the chain does not know that state */
	sql("UPDATE orgs SET status = 'active', tier = 'filed' WHERE id = 1");
	s = open_as(NULL);
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 1);
	assert_contains(v.what, "ORG000001 differs from the state its last event recorded");
	sso_store_close(s);
}

static void writes_need_an_actor(void **state)
{
	sso_store *s = open_as(NULL);
	sso_step_result r;
	sso_submit_result sr;
	support_diag d;

	(void)state;
	assert_int_equal(sso_app_step(s, "APP000001", SSO_STEP_PASS, NULL, &r), SSO_EUSAGE);
	assert_int_equal(submit(s, "kind: group\n", 0, &d, &sr), SSO_EUSAGE);
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
	sso_store *r = NULL;
	int snap;

	(void)state;
	sql("CREATE TABLE probe(x); INSERT INTO probe VALUES (1)");
	assert_int_equal(sso_store_open(&r, db, SSO_STORE_READ, cfg), 0);
	assert_int_equal(snap = sso_store__read_begin(r), 1);
	assert_int_equal(sso_store__read_begin(r), 0); /* nested: the same snapshot */
	assert_int_equal(reader_count(r), 1);
	sql("INSERT INTO probe VALUES (2)");
	assert_int_equal(reader_count(r), 1);
	assert_int_equal(sso_store_begin(r), SSO_EINTERNAL); /* no writes inside */
	sso_store__read_end(r, 0);                            /* not the opener's: still open */
	assert_int_equal(reader_count(r), 1);
	sso_store__read_end(r, snap);
	assert_int_equal(reader_count(r), 2);
	sso_store_close(r);
	sql("DROP TABLE probe");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reading_never_creates), cmocka_unit_test(newer_schema_refused),
		cmocka_unit_test(not_a_store),           cmocka_unit_test(actors),
		cmocka_unit_test(batch_all_or_nothing),  cmocka_unit_test(chain_verifies),
		cmocka_unit_test(edited_event_found),    cmocka_unit_test(deleted_event_found),
		cmocka_unit_test(edited_row_found),      cmocka_unit_test(writes_need_an_actor),
		cmocka_unit_test(a_reader_sees_one_moment),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
