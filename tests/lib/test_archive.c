/* test_archive.c - documents put and attached with their SHA-256, listed, and
 * re-hashed from their stored parts */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

/* "二〇二六年上半年工作报告\n" and its SHA-256 (sha256sum) */
#define REPORT "二〇二六年上半年工作报告\n"
#define REPORT_SHA "cfac3600db26425d8faf9de8a7dca18a0fa2a5a3bed38d5bb506ef0bdf552f7d"

#define HEADER "doc,org_id,kind,name,size,sha256,dated,result,app,day,at,actor\n"

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

/* A store at db with an actor. */
static sso_store *open_as(const char *actor)
{
	sso_store *s = NULL;
	sso_actor a;

	if (sso_store_open(&s, db, SSO_STORE_WRITE, cfg) < 0)
		fail_msg("%s", sso_error_last());
	assert_int_equal(sso_actor_parse(&a, actor), 0);
	sso_store_set_actor(s, &a);
	return s;
}

/* Run SQL on db behind the library's back. */
static void sql(const char *statement)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, statement, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", statement, err);
	sqlite3_close(h);
}

/* One number from db. */
static long long query_number(const char *q)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* A fresh store holding examples/filing.yaml, submitted: ORG000001 with its
 * filing form, charter and roster archived (DOC000001 to DOC000003). */
static void fresh_store_with_a_filing(void)
{
	const char *tests = getenv("SSO_TESTS");
	sso_submit_options o = SSO_SUBMIT_OPTIONS_INIT;
	sso_submit_result r;
	sso_input *in = NULL;
	support_diag d;
	char path[4096];
	sso_store *s;

	snprintf(path, sizeof(path), "%s/../examples/filing.yaml", tests ? tests : "tests");
	unlink(db);
	s = open_as("sponsor:王秀兰");
	support_diag_init(&d);
	if (sso_input_open(&in, path, SSO_ENCODING_UTF8) < 0)
		fail_msg("%s", sso_error_last());
	assert_int_equal(sso_submit(s, &in, 1, &o, &d.diag, &r), 0);
	assert_int_equal(r.written, 1);
	sso_submit_result_clear(&r);
	sso_input_free(in);
	sso_store_close(s);
}

/* What sso_archive_list() printed (caller frees). */
static char *list(sso_store *s, const char *org, const char *kind)
{
	sso_archive_list_options o = SSO_ARCHIVE_LIST_OPTIONS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	int rc;

	assert_non_null(fp);
	o.org = org;
	o.kind = kind;
	rc = sso_archive_list(s, &o, fp);
	assert_int_equal(fclose(fp), 0);
	if (rc < 0)
		fail_msg("%s", sso_error_last());
	return text;
}

static size_t lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void put_and_list(void **state)
{
	sso_store *s;
	sso_verify v;
	long id = 0;
	char *out;

	(void)state;
	fresh_store_with_a_filing();
	s = open_as("hub:枢纽");
	/* put needs the caller's transaction */
	assert_int_equal(sso_store_begin(s), 0);
	assert_int_equal(sso_archive_put(s, 1, "report", "report.txt", REPORT, strlen(REPORT), 0,
					 &id),
			 0);
	assert_int_equal(sso_store_commit(s), 0);
	assert_int_equal(id, 4);
	assert_int_equal(query_number("SELECT size FROM documents WHERE id = 4"),
			 (long long)strlen(REPORT));

	out = list(s, NULL, NULL);
	assert_true(!strncmp(out, HEADER, strlen(HEADER)));
	assert_int_equal(lines(out), 5); /* the header and four documents */
	assert_contains(out, "DOC000001,ORG000001,filing_form,form.yaml,");
	assert_contains(out, "DOC000004,ORG000001,report,report.txt,37," REPORT_SHA ",");
	assert_contains(out, ",2026-04-01,,,2026-04-01,"); /* dated, no result, no app, day */
	assert_contains(out, ",hub:枢纽\n");
	free(out);
	/* by kind, by organization */
	out = list(s, NULL, "report");
	assert_int_equal(lines(out), 2);
	assert_contains(out, "DOC000004,");
	free(out);
	out = list(s, "ORG000001", "charter");
	assert_int_equal(lines(out), 2);
	assert_contains(out, "DOC000002,ORG000001,charter,charter.txt,");
	free(out);
	out = list(s, "ORG000002", NULL);
	assert_int_equal(lines(out), 1);
	free(out);

	/* the archive event recorded what the chain checks */
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.documents, 4);
	assert_int_equal(v.bad_doc, 0);
	assert_int_equal(query_number("SELECT count(*) FROM events WHERE action = 'archive' AND "
				      "details LIKE '%\"doc\":4,%\"size\":37,%'"),
			 1);
	sso_store_close(s);
}

/* A file of n bytes in dir, its bytes a function of their offset. */
static char *big_file(const char *name, size_t n)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	FILE *fp;

	assert_non_null(path);
	snprintf(path, len, "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "wb"));
	for (size_t i = 0; i < n; i++)
		fputc((int)((i * 7 + i / 251) & 0xff), fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void attach_a_file(void **state)
{
	sso_attach_options o = SSO_ATTACH_OPTIONS_INIT;
	char *path = support_write(dir, "eval.txt", "测评结果：优秀\n"), *big, *out;
	sso_store *s;
	long id = 0;

	(void)state;
	fresh_store_with_a_filing();
	s = open_as("hub:枢纽");
	o.result = "优秀";
	assert_int_equal(sso_date_parse(&o.dated, "2026-03-15", 10), 0);
	assert_int_equal(sso_archive_attach(s, "ORG000001", "evaluation", path, &o, &id), 0);
	assert_int_equal(id, 4);
	out = list(s, NULL, "evaluation");
	assert_contains(out, "DOC000004,ORG000001,evaluation,eval.txt,");
	assert_contains(out, ",2026-03-15,优秀,,2026-04-01,");
	free(out);

	/* a file of several parts is stored in chunks, in order */
	big = big_file("big.bin", 600 * 1024);
	assert_int_equal(sso_archive_attach(s, "ORG000001", "disclosure", big, NULL, &id), 0);
	assert_int_equal(id, 5);
	assert_int_equal(query_number("SELECT count(*) FROM chunks WHERE doc_id = 5"), 3);
	assert_int_equal(query_number("SELECT sum(length(data)) FROM chunks WHERE doc_id = 5"),
			 600 * 1024);
	assert_int_equal(query_number("SELECT size FROM documents WHERE id = 5"), 600 * 1024);

	/* what attaching refuses, and that it wrote nothing then */
	o = (sso_attach_options)SSO_ATTACH_OPTIONS_INIT;
	assert_int_equal(sso_archive_attach(s, "ORG000001", "evaluation", path, &o, NULL),
			 SSO_EUSAGE);
	assert_contains(sso_error_last(), "an evaluation needs its result");
	assert_int_equal(sso_archive_attach(s, "ORG000001", "diary", path, NULL, NULL), SSO_EUSAGE);
	assert_contains(sso_error_last(), "unknown document kind 'diary'");
	assert_int_equal(sso_archive_attach(s, "ORG000099", "report", path, NULL, NULL),
			 SSO_ENOTFOUND);
	assert_int_equal(sso_archive_attach(s, "ORG000001", "report", "/nonexistent/x", NULL,
					    NULL),
			 SSO_ENOINPUT);
	sso_store_close(s);
	s = open_as("sponsor:王秀兰");
	assert_int_equal(sso_archive_attach(s, "ORG000001", "report", path, NULL, NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the archive is kept by the hub organization");
	sso_store_close(s);
	assert_int_equal(query_number("SELECT count(*) FROM documents"), 5);
	assert_int_equal(query_number("SELECT count(*) FROM events"), 6);
	free(big);
	free(path);
}

/* The documents a rehash reported. */
typedef struct reported {
	long id[8];
	char problem[8][256];
	size_t n;
} reported;

static int on_bad(void *payload, const sso_archive_doc *d)
{
	reported *r = payload;

	assert_true(r->n < 8);
	r->id[r->n] = d->id;
	snprintf(r->problem[r->n], 256, "%s", d->problem);
	r->n++;
	return 0;
}

static void rehash_finds_a_changed_chunk(void **state)
{
	char *big = big_file("big.bin", 600 * 1024);
	unsigned long long docs = 0;
	reported r = {0};
	sso_store *s;
	sso_verify v;

	(void)state;
	fresh_store_with_a_filing();
	s = open_as("hub:枢纽");
	assert_int_equal(sso_archive_attach(s, "ORG000001", "report", big, NULL, NULL), 0);
	/* untouched, every document re-hashes to its record */
	assert_int_equal(sso_archive_rehash(s, on_bad, &r, &docs), 0);
	assert_int_equal(docs, 4);
	assert_int_equal(r.n, 0);
	sso_store_close(s);

	/* the middle part overwritten: its size is the same, its hash not */
	sql("UPDATE chunks SET data = zeroblob(length(data)) WHERE doc_id = 4 AND seq = 1");
	assert_int_equal(query_number("SELECT sum(length(data)) FROM chunks WHERE doc_id = 4"),
			 600 * 1024);
	s = open_as("hub:枢纽");
	assert_int_equal(sso_archive_rehash(s, on_bad, &r, &docs), 0);
	assert_int_equal(docs, 4);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.id[0], 4);
	assert_contains(r.problem[0], "its bytes hash to");
	assert_contains(r.problem[0], "not the recorded");
	/* the chain knows only the records, which are unchanged: the deep check
	 * is what finds a change of the bytes alone */
	assert_int_equal(sso_event_verify(s, &v), 0);
	assert_int_equal(v.bad_doc, 0);
	sso_store_close(s);

	/* a part missing, and a part shortened */
	sql("DELETE FROM chunks WHERE doc_id = 4 AND seq = 1");
	sql("UPDATE chunks SET data = substr(data, 2) WHERE doc_id = 2");
	memset(&r, 0, sizeof(r));
	s = open_as("hub:枢纽");
	assert_int_equal(sso_archive_rehash(s, on_bad, &r, &docs), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.id[0], 2);
	assert_contains(r.problem[0], "bytes stored");
	assert_int_equal(r.id[1], 4);
	assert_contains(r.problem[1], "part 2 of its 2 stored parts is missing");
	sso_store_close(s);
	free(big);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(put_and_list),
		cmocka_unit_test(attach_a_file),
		cmocka_unit_test(rehash_finds_a_changed_chunk),
	};

	return support_run(argc, argv, tests, setup, teardown);
}
