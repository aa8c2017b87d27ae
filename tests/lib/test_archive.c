/* test_archive.c - documents put and attached with their SHA-256, listed, and
 * re-hashed from their stored parts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support_store.h"

/* "二〇二六年上半年工作报告\n" and its SHA-256 (sha256sum) */
#define REPORT     "二〇二六年上半年工作报告\n"
#define REPORT_SHA "cfac3600db26425d8faf9de8a7dca18a0fa2a5a3bed38d5bb506ef0bdf552f7d"

#define HEADER "doc,org_id,kind,name,size,sha256,dated,result,app,day,at,actor\n"

/* What sso_archive_list() printed (caller frees). */
static char *list(sso_store *s, const char *org, const char *kind)
{
	sso_archive_list_options o = SSO_ARCHIVE_LIST_OPTIONS_INIT;
	support_capture c;
	int rc;

	o.org = org;
	o.kind = kind;
	rc = sso_archive_list(s, &o, support_capture_open(&c));
	support_capture_close(&c);
	if (rc < 0)
		fail_msg("%s", sso_error_last());
	return c.text;
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
	support_store *fx = *state;
	sso_store *s;
	sso_verify v;
	long id = 0;
	char *out;

	support_store_filed(fx);
	s = support_store_open(fx, "hub:枢纽");
	/* put needs the caller's transaction */
	assert_int_equal(sso_store_begin(s), 0);
	assert_int_equal(sso_archive_put(&id, s, 1, "report", "report.txt", REPORT, strlen(REPORT),
					 0),
			 0);
	assert_int_equal(sso_store_commit(s), 0);
	assert_int_equal(id, 4);
	assert_int_equal(support_number(fx, "SELECT size FROM documents WHERE id = 4"),
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
	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.documents, 4);
	assert_int_equal(v.bad_doc, 0);
	assert_int_equal(support_number(fx,
					"SELECT count(*) FROM events WHERE action = 'archive' AND "
					"details LIKE '%\"doc\":4,%\"size\":37,%'"),
			 1);
	sso_store_close(s);
}

/* A file of n bytes in the fixture's directory, its bytes a function of their offset. */
static char *big_file(const support_store *fx, const char *name, size_t n)
{
	char *path = support_path(fx->dir, name);
	FILE *fp;

	assert_non_null(fp = fopen(path, "wb"));
	for (size_t i = 0; i < n; i++)
		fputc((int)((i * 7 + i / 251) & 0xff), fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void attach_a_file(void **state)
{
	support_store *fx = *state;
	sso_attach_options o = SSO_ATTACH_OPTIONS_INIT;
	char *path = support_write(fx->dir, "eval.txt", "测评结果：优秀\n"), *big, *out;
	sso_store *s;
	long id = 0;

	support_store_filed(fx);
	s = support_store_open(fx, "hub:枢纽");
	o.result = "优秀";
	assert_int_equal(sso_date_parse(&o.dated, "2026-03-15", 10), 0);
	assert_int_equal(sso_archive_attach(&id, s, "ORG000001", "evaluation", path, &o), 0);
	assert_int_equal(id, 4);
	out = list(s, NULL, "evaluation");
	assert_contains(out, "DOC000004,ORG000001,evaluation,eval.txt,");
	assert_contains(out, ",2026-03-15,优秀,,2026-04-01,");
	free(out);

	/* a file of several parts is stored in chunks, in order */
	big = big_file(fx, "big.bin", 600 * 1024);
	assert_int_equal(sso_archive_attach(&id, s, "ORG000001", "disclosure", big, NULL), 0);
	assert_int_equal(id, 5);
	assert_int_equal(support_number(fx, "SELECT count(*) FROM chunks WHERE doc_id = 5"), 3);
	assert_int_equal(support_number(fx,
					"SELECT sum(length(data)) FROM chunks WHERE doc_id = 5"),
			 600 * 1024);
	assert_int_equal(support_number(fx, "SELECT size FROM documents WHERE id = 5"), 600 * 1024);

	/* what attaching refuses, and that it wrote nothing then */
	o = (sso_attach_options)SSO_ATTACH_OPTIONS_INIT;
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000001", "evaluation", path, &o),
			 SSO_EUSAGE);
	assert_contains(sso_error_last(), "an evaluation needs its result");
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000001", "diary", path, NULL), SSO_EUSAGE);
	assert_contains(sso_error_last(), "unknown document kind 'diary'");
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000099", "report", path, NULL),
			 SSO_ENOTFOUND);
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000001", "report", "/nonexistent/x", NULL),
			 SSO_ENOINPUT);
	sso_store_close(s);
	s = support_store_open(fx, "sponsor:王秀兰");
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000001", "report", path, NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the archive is kept by the hub organization");
	sso_store_close(s);
	assert_int_equal(support_number(fx, "SELECT count(*) FROM documents"), 5);
	assert_int_equal(support_number(fx, "SELECT count(*) FROM events"), 6);
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
	support_store *fx = *state;
	char *big = big_file(fx, "big.bin", 600 * 1024);
	unsigned long long docs = 0;
	reported r = {0};
	sso_store *s;
	sso_verify v;

	support_store_filed(fx);
	s = support_store_open(fx, "hub:枢纽");
	assert_int_equal(sso_archive_attach(NULL, s, "ORG000001", "report", big, NULL), 0);
	/* untouched, every document re-hashes to its record */
	assert_int_equal(sso_archive_rehash(s, on_bad, &r, &docs), 0);
	assert_int_equal(docs, 4);
	assert_int_equal(r.n, 0);
	sso_store_close(s);

	/* the middle part overwritten: its size is the same, its hash not */
	support_sql(fx,
		    "UPDATE chunks SET data = zeroblob(length(data)) WHERE doc_id = 4 AND seq = 1");
	assert_int_equal(support_number(fx,
					"SELECT sum(length(data)) FROM chunks WHERE doc_id = 4"),
			 600 * 1024);
	s = support_store_open(fx, "hub:枢纽");
	assert_int_equal(sso_archive_rehash(s, on_bad, &r, &docs), 0);
	assert_int_equal(docs, 4);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.id[0], 4);
	assert_contains(r.problem[0], "its bytes hash to");
	assert_contains(r.problem[0], "not the recorded");
	/* the chain knows only the records, which are unchanged: the deep check
	 * is what finds a change of the bytes alone */
	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.bad_doc, 0);
	sso_store_close(s);

	/* a part missing, and a part shortened */
	support_sql(fx, "DELETE FROM chunks WHERE doc_id = 4 AND seq = 1");
	support_sql(fx, "UPDATE chunks SET data = substr(data, 2) WHERE doc_id = 2");
	memset(&r, 0, sizeof(r));
	s = support_store_open(fx, "hub:枢纽");
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

	return support_run(argc, argv, tests, support_store_setup, support_store_teardown);
}
