/* support_store.c - store fixtures for the unit tests linked with sso: a store
 * in a temporary directory, SQL beside the library's, sample organizations */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_impl.h"
#include "support_store.h"

support_store *support_store_new(const char *today)
{
	support_store *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	if (today) {
		assert_int_equal(strlen(today), 10);
		memcpy(f->today, today, 11);
		setenv("SSO_TODAY", today, 1);
	}
	f->dir = support_tmpdir();
	f->db = support_path(f->dir, "sso.db");
	f->cfg = support_config();
	return f;
}

void support_store_free(support_store *f)
{
	if (!f)
		return;
	sso_config_free(f->cfg);
	free(f->db);
	support_rmdir(f->dir);
	if (f->today[0])
		unsetenv("SSO_TODAY");
	free(f);
}

int support_store_setup(void **state)
{
	*state = support_store_new("2026-04-01");
	return 0;
}

int support_store_setup_july(void **state)
{
	*state = support_store_new("2026-07-15");
	return 0;
}

int support_store_teardown(void **state)
{
	support_store_free(*state);
	*state = NULL;
	return 0;
}

sso_store *support_store_open(const support_store *f, const char *actor)
{
	sso_store *s = NULL;
	sso_actor a;

	if (sso_store_open(&s, f->db, SSO_STORE_WRITE, f->cfg) < 0)
		fail_msg("%s", sso_error_last());
	if (actor) {
		assert_int_equal(sso_actor_parse(&a, actor), 0);
		sso_store_set_actor(s, &a);
	}
	return s;
}

void support_sql(const support_store *f, const char *statement)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(f->db, &h), SQLITE_OK);
	if (sqlite3_exec(h, statement, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%.200s: %s", statement, err);
	sqlite3_close(h);
}

long support_count(const support_store *f, const char *table)
{
	char q[128];

	snprintf(q, sizeof(q), "SELECT count(*) FROM %s", table);
	return (long)support_number(f, q);
}

/* q prepared on a connection of its own to f's store and stepped once;
 * returns whether it gave a row. The caller finalizes *st, closes *h. */
static int first_row(const support_store *f, const char *q, sqlite3 **h, sqlite3_stmt **st)
{
	assert_int_equal(sqlite3_open(f->db, h), SQLITE_OK);
	if (sqlite3_prepare_v2(*h, q, -1, st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(*h));
	return sqlite3_step(*st) == SQLITE_ROW;
}

long long support_number(const support_store *f, const char *q)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n;

	if (!first_row(f, q, &h, &st))
		fail_msg("%s: no row", q);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

char *support_text(const support_store *f, const char *q)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	char *v = NULL;

	if (first_row(f, q, &h, &st) && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

void support_verify(const support_store *f, sso_verify *v)
{
	sso_store *s = support_store_open(f, NULL);

	assert_int_equal(sso_event_verify(v, s), 0);
	sso_store_close(s);
}

void support_store_filed(support_store *f)
{
	char *yaml = support_example("filing.yaml");
	sso_submit_result r;
	support_diag d;
	sso_store *s;

	unlink(f->db);
	s = support_store_open(f, "sponsor:王秀兰");
	if (support_submit(s, yaml, 0, &d, &r) < 0)
		fail_msg("%s", sso_error_last());
	if (r.written != 1)
		fail_msg("the filing was not written: %s", d.text);
	sso_submit_result_clear(&r);
	sso_store_close(s);
	free(yaml);
}

long long support_one(sso_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(sso_store__db(s), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int support_submit(sso_store *s, const char *yaml, int keep_going, support_diag *d,
		   sso_submit_result *r)
{
	sso_input *in = NULL;
	sso_submit_options o = SSO_SUBMIT_OPTIONS_INIT;
	int rc;

	o.keep_going = keep_going;
	support_diag_init(d);
	assert_int_equal(sso_input_memory(&in, "batch.yaml", yaml, strlen(yaml), SSO_ENCODING_UTF8),
			 0);
	rc = sso_submit(s, &in, 1, &o, &d->diag, r);
	sso_input_free(in);
	return rc;
}

int support_import(sso_store *s, const char *name, const char *text, size_t len, support_diag *d,
		   sso_activity_import_result *r)
{
	sso_input *in = NULL;
	int rc;

	support_diag_init(d);
	assert_int_equal(sso_input_memory(&in, name, text, len, SSO_ENCODING_UTF8), 0);
	rc = sso_activity_import(r, s, in, NULL, &d->diag);
	sso_input_free(in);
	return rc;
}

long support_org_group(sso_store *s)
{
	sso_submit_result r;
	support_diag d;
	long org;

	if (support_submit(s, support_form_text(SSO_KIND_GROUP), 0, &d, &r) < 0)
		fail_msg("%s", sso_error_last());
	if (r.written != 1)
		fail_msg("the sample group was not written: %s", d.text);
	org = r.items[0].org;
	sso_submit_result_clear(&r);
	return org;
}

long support_store_groups(sso_store **s, support_store *f, const char *yaml)
{
	sso_submit_result r;
	support_diag d;
	sso_actor hub;
	long org;

	*s = support_store_open(f, "committee:刘主任");
	if (support_submit(*s, yaml ? yaml : support_form_text(SSO_KIND_GROUP), 0, &d, &r) < 0)
		fail_msg("%s", sso_error_last());
	if (r.written == 0 || r.written != r.documents)
		fail_msg("the groups were not written: %s", d.text);
	org = r.items[0].org;
	sso_submit_result_clear(&r);
	assert_int_equal(sso_actor_parse(&hub, "hub:张敏"), 0);
	sso_store_set_actor(*s, &hub);
	return org;
}

/* Take step on app, acting as actor; fails the test if it is refused. */
static void step(support_store *f, const char *actor, const char *app, sso_step what,
		 sso_step_result *out)
{
	sso_store *s = support_store_open(f, actor);

	memset(out, 0, sizeof(*out));
	if (sso_app_step(s, app, what, NULL, out) < 0)
		fail_msg("%s %s: %s", sso_step_name(what), app, sso_error_last());
	sso_store_close(s);
}

long support_org_certified(support_store *f, const char *yaml)
{
	sso_store *s = support_store_open(f, "sponsor:王秀兰");
	sso_submit_result r;
	sso_step_result sr;
	support_diag d;
	sso_date end;
	char app[SSO_ID_CAP], after[11], was[64] = "";
	const char *today = getenv("SSO_TODAY");
	long org;

	if (today)
		snprintf(was, sizeof(was), "%s", today);

	if (support_submit(s, yaml ? yaml : support_form_text(SSO_KIND_FILING), 0, &d, &r) < 0)
		fail_msg("%s", sso_error_last());
	if (r.written != 1)
		fail_msg("the filing was not written: %s", d.text);
	sso_id_format(app, sizeof(app), "APP", r.items[0].app);
	org = r.items[0].org;
	sso_submit_result_clear(&r);
	sso_store_close(s);

	step(f, "committee:刘主任", app, SSO_STEP_PASS, &sr);
	sso_step_result_clear(&sr);
	step(f, "street:李明", app, SSO_STEP_APPROVE, &sr);
	sso_step_result_clear(&sr);
	step(f, "street:李明", app, SSO_STEP_PUBLISH, &sr);
	assert_int_equal(sso_date_parse(&end, sr.notice_end, strlen(sr.notice_end)), 0);
	sso_step_result_clear(&sr);
	/* the store reads today when it opens: certify in one opened after the notice */
	sso_date_format(end + 1, after);
	setenv("SSO_TODAY", after, 1);
	step(f, "street:李明", app, SSO_STEP_CERTIFY, &sr);
	assert_int_equal(sr.state, SSO_DONE);
	assert_true(sr.certificate[0] != '\0');
	sso_step_result_clear(&sr);
	if (today)
		setenv("SSO_TODAY", was, 1);
	else
		unsetenv("SSO_TODAY");
	return org;
}
