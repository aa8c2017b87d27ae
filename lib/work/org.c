/* org.c - organizations and applications read back: show, list, history */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/event_impl.h"
#include "base/json.h"
#include "sso/error.h"
#include "sso/event.h"
#include "sso/lifecycle.h"
#include "sso/org.h"
#include "sso/valid.h"
#include "store/store_impl.h"

/* ---- show ---- */

/* The columns of an organization, as SQL_SHOW_ORG and SQL_LIST_ORGS select
 * them and as org_cols names them: one order for all three. */
enum org_col {
	ORG_C_ID,
	ORG_C_NAME,
	ORG_C_TIER,
	ORG_C_STATUS,
	ORG_C_STAGE,
	ORG_C_FORM,
	ORG_C_CATEGORY,
	ORG_C_CERTIFICATE,
	ORG_C_USCC,
	ORG_C_DISTRICT,
	ORG_C_STREET,
	ORG_C_COMMUNITY,
	ORG_C_VERSION,
	ORG_C_HUB,
	ORG_C_LEADER,
	ORG_C_MEMBERS,
	ORG_C_CREATED_ON,
	ORG_C_FILED_ON,
	ORG_C_REFERRED_ON,
	ORG_C_REGISTERED_ON,
	ORG_C_ENDED_ON,
	ORG_NCOLS
};
static const char SQL_SHOW_ORG[] =
	"SELECT id, name, tier, status, stage, form, category, certificate, uscc, district, "
	"street, community, version, hub, leader, members, created_on, filed_on, referred_on, "
	"registered_on, ended_on FROM orgs WHERE id = ?1";

/* The columns of SQL_SHOW_APP. */
enum show_app_col {
	APP_C_ID,
	APP_C_KIND,
	APP_C_ORG_ID,
	APP_C_STATE,
	APP_C_NOTICE_START,
	APP_C_NOTICE_END,
	APP_C_REASON,
	APP_C_SUBMITTED_ON,
	APP_C_UPDATED_ON,
	APP_C_DATA,
};
static const char SQL_SHOW_APP[] =
	"SELECT id, kind, org_id, state, notice_start, notice_end, reason, submitted_on, "
	"updated_on, data FROM apps WHERE id = ?1";

/* The columns of SQL_ORG_APPS. */
enum org_apps_col { ORG_APPS_C_ID, ORG_APPS_C_KIND, ORG_APPS_C_STATE };
static const char SQL_ORG_APPS[] = "SELECT id, kind, state FROM apps WHERE org_id = ?1 ORDER BY id";

/* The one column of SQL_DATA_VERSION and SQL_DATA_PENDING. */
enum data_col { DATA_C_DATA };
static const char SQL_DATA_VERSION[] =
	"SELECT data FROM versions WHERE org_id = ?1 AND version = ?2";
static const char SQL_DATA_PENDING[] =
	"SELECT data FROM apps WHERE org_id = ?1 AND kind = 'filing' ORDER BY id DESC LIMIT 1";

/* What an organization's YAML takes from its data rather than its columns
 * (the columns come first and have these already). */
#define ORG_COLUMN_KEYS                                                                            \
	(SSO_F_NAME | SSO_F_FORM | SSO_F_CATEGORY | SSO_F_COMMUNITY | SSO_F_STAGE | SSO_F_HUB)

/* The text of column i of st, or NULL for SQL NULL. */
static const char *col_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : sso_store__col(st, i);
}

static int read_data(sso_store *s, long org, int version, sso_form *out)
{
	sqlite3_stmt *st =
		sso_store__stmt(s, version ? STMT_ORG_DATA_VERSION : STMT_ORG_DATA_PENDING,
				version ? SQL_DATA_VERSION : SQL_DATA_PENDING);
	char name[48];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	if (version)
		sqlite3_bind_int(st, 2, version);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE
			     ? sso_error_set(SSO_ENOTFOUND, SSO_ORG_FMT " has no version %d", org,
					     version)
			     : sso_store__error(s, rc, "reading an organization's data");
		sqlite3_reset(st);
		return rc;
	}
	snprintf(name, sizeof(name), SSO_ORG_FMT " v%d", org, version);
	rc = sso_form_from_yaml(out, sso_store__col(st, DATA_C_DATA), name);
	sqlite3_reset(st);
	return rc;
}

static const char *place_name(const sso_config *cfg, int level, const char *code)
{
	const sso_community *c;
	const sso_street *st;
	const sso_district *d;

	sso_error_clear();
	switch (level) {
	case 0: return (d = sso_config_district(cfg, code)) ? d->name : NULL;
	case 1: return (st = sso_config_street(cfg, code)) ? st->name : NULL;
	default: return (c = sso_config_community(cfg, code)) ? c->name : NULL;
	}
}

static const sso_column org_cols[] = {
	[ORG_C_ID] = {"id", "编号", SSO_COL_TEXT},
	[ORG_C_NAME] = {"name", "名称", SSO_COL_TEXT},
	[ORG_C_TIER] = {"tier", "层级", SSO_COL_TEXT},
	[ORG_C_STATUS] = {"status", "状态", SSO_COL_TEXT},
	[ORG_C_STAGE] = {"stage", "阶段", SSO_COL_TEXT},
	[ORG_C_FORM] = {"form", "组织形式", SSO_COL_TEXT},
	[ORG_C_CATEGORY] = {"category", "类别", SSO_COL_TEXT},
	[ORG_C_CERTIFICATE] = {"certificate", "备案证书编号", SSO_COL_TEXT},
	[ORG_C_USCC] = {"uscc", "统一社会信用代码", SSO_COL_TEXT},
	[ORG_C_DISTRICT] = {"district", "区县", SSO_COL_TEXT},
	[ORG_C_STREET] = {"street", "街道乡镇", SSO_COL_TEXT},
	[ORG_C_COMMUNITY] = {"community", "社区村", SSO_COL_TEXT},
	[ORG_C_VERSION] = {"version", "版本", SSO_COL_NUMBER},
	[ORG_C_HUB] = {"hub", "枢纽型", SSO_COL_BOOL},
	[ORG_C_LEADER] = {"leader", "负责人", SSO_COL_TEXT},
	[ORG_C_MEMBERS] = {"members", "成员数", SSO_COL_NUMBER},
	[ORG_C_CREATED_ON] = {"created_on", "创建日期", SSO_COL_TEXT},
	[ORG_C_FILED_ON] = {"filed_on", "备案日期", SSO_COL_TEXT},
	[ORG_C_REFERRED_ON] = {"referred_on", "推荐登记日期", SSO_COL_TEXT},
	[ORG_C_REGISTERED_ON] = {"registered_on", "登记日期", SSO_COL_TEXT},
	[ORG_C_ENDED_ON] = {"ended_on", "终止日期", SSO_COL_TEXT},
};
#define ORG_COLS (sizeof(org_cols) / sizeof(*org_cols))
_Static_assert(ORG_COLS == ORG_NCOLS, "org_cols names every column of SQL_SHOW_ORG");

/* Read the columns of an orgs row (in org_cols order) as texts. */
static void org_values(sqlite3_stmt *st, char *id, size_t cap, const char **v)
{
	sso_id_format(id, cap, "ORG", (long)sqlite3_column_int64(st, ORG_C_ID));
	v[ORG_C_ID] = id;
	for (int i = ORG_C_ID + 1; i < ORG_NCOLS; i++)
		v[i] = col_or_null(st, i);
}

static int log_unmask(sso_store *s, long org, long app, const char *what)
{
	sso_json j;
	char *details = NULL;
	int rc;

	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "shown", what);
	if ((rc = sso_json__end(&j, &details)) < 0)
		return rc;
	if ((rc = sso_store_begin(s)) == 0) {
		rc = sso_event__append(s, "unmask", org, app, details);
		rc = rc == 0 ? sso_store_commit(s) : (sso_store_rollback(s), rc);
	}
	free(details);
	return rc;
}

/* The free texts of a row shown to a reader, each with its own masked copy. */
typedef struct shown {
	char *buf[4];
	size_t cap[4];
} shown;

/* Replace the free texts v[cols[0..n)] (n at most 4) by masked copies in sh,
 * unless unmask. Returns 0 or SSO_ENOMEM. */
static int mask_cols(shown *sh, const char **v, const int *cols, size_t n, int unmask)
{
	int rc;

	assert(n <= sizeof(sh->buf) / sizeof(*sh->buf));
	for (size_t i = 0; i < n && !unmask; i++) {
		if (!v[cols[i]])
			continue;
		if ((rc = sso_mask_copy(v[cols[i]], &sh->buf[i], &sh->cap[i])) < 0)
			return rc;
		v[cols[i]] = sh->buf[i];
	}
	return 0;
}

static void shown_free(shown *sh)
{
	for (size_t i = 0; i < sizeof(sh->buf) / sizeof(*sh->buf); i++)
		free(sh->buf[i]);
}

/* The free texts of an organization's row and of an application's. */
static const int org_texts[] = {ORG_C_NAME, ORG_C_LEADER};
static const int app_texts[] = {3 /* name */, 9 /* reason */};

/* Step st (bound to one id) to its row. Returns 0 on a row (the caller
 * resets st), or SSO_ENOTFOUND ("no WHAT ID in FILE") or a store error, with
 * st reset. what is "organization" or "application". */
static int fetch_row(sso_store *s, sqlite3_stmt *st, const char *what, const char *prefix, long id)
{
	char reading[64];
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 0;
	snprintf(reading, sizeof(reading), "reading an %s", what);
	rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no %s %s" SSO_ID_NUM " in %s", what,
					       prefix, id, sso_store_file(s))
			       : sso_store__error(s, rc, reading);
	sqlite3_reset(st);
	return rc;
}

/* Print one row as a table (CSV, TSV) of ncols columns. */
static int one_row_table(FILE *fp, const sso_out_options *out, const sso_column *cols, size_t ncols,
			 const char **v)
{
	sso_table *t = NULL;
	int rc = sso_table_new(&t, fp, out, cols, ncols);

	if (rc == 0)
		rc = sso_table_row(t, v);
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	return rc;
}

/*
 * The keys of an organization's YAML that come from its row st: each column
 * in org_cols order, a place's name after its code, the version shown
 * (version, if not 0, instead of the current one), and the leader only when
 * the data has no leader mapping to print instead.
 */
static int org_yaml_columns(sso_yemit *e, const sso_config *cfg, sqlite3_stmt *st,
			    const sso_orgdata *data, int version, int unmask)
{
	char idtext[32];
	shown sh = {{NULL}, {0}};
	const char *v[ORG_NCOLS];
	int rc;

	org_values(st, idtext, sizeof(idtext), v);
	if ((rc = mask_cols(&sh, v, org_texts, 2, unmask)) < 0)
		return rc;

	sso_yemit_kv(e, org_cols[ORG_C_ID].key, idtext);
	for (int i = ORG_C_ID + 1; i < ORG_NCOLS; i++) {
		const char *val = v[i];

		/* the leader's name is in the leader mapping the data prints */
		if (i == ORG_C_LEADER && (data->has & SSO_F_LEADER))
			continue;
		sso_yemit_key(e, org_cols[i].key);
		if (i == ORG_C_VERSION && version)
			sso_yemit_int(e, version);
		else if (org_cols[i].type == SSO_COL_NUMBER)
			sso_yemit_plain(e, val);
		else if (org_cols[i].type == SSO_COL_BOOL)
			sso_yemit_bool(e, val && !strcmp(val, "1"));
		else
			sso_yemit_text(e, val);
		if (i == ORG_C_DISTRICT || i == ORG_C_STREET || i == ORG_C_COMMUNITY) {
			char key[32];
			int level = i == ORG_C_DISTRICT ? 0 : i == ORG_C_STREET ? 1 : 2;

			snprintf(key, sizeof(key), "%s_name", org_cols[i].key);
			sso_yemit_kv(e, key, val ? place_name(cfg, level, val) : NULL);
		}
	}
	shown_free(&sh);
	return 0;
}

/* The organization's applications as a YAML sequence under applications:.
 * Returns 0 or a store error. */
static int org_yaml_apps(sso_store *s, sso_yemit *e, long id)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ORG_ORG_APPS, SQL_ORG_APPS);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sso_yemit_key(e, "applications");
	sso_yemit_seq(e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char app[32];

		sso_id_format(app, sizeof(app), "APP",
			      (long)sqlite3_column_int64(st, ORG_APPS_C_ID));
		sso_yemit_map(e);
		sso_yemit_kv(e, "id", app);
		sso_yemit_kv(e, "kind", sso_store__col(st, ORG_APPS_C_KIND));
		sso_yemit_kv(e, "state", sso_store__col(st, ORG_APPS_C_STATE));
		sso_yemit_close(e);
	}
	rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading applications");
	sqlite3_reset(st);
	sso_yemit_close(e);
	return rc;
}

/* An organization as YAML: its columns (row st), its data of the version
 * shown, its applications. */
static int org_yaml(sso_store *s, sqlite3_stmt *st, long id, const sso_org_show_options *o,
		    FILE *fp)
{
	int version = o->version ? o->version : sqlite3_column_int(st, ORG_C_VERSION);
	sso_yemit *e = NULL;
	sso_form data;
	int rc;

	/* the data first: reading it resets nothing of st, which is another statement */
	if ((rc = read_data(s, id, version, &data)) < 0)
		goto done;
	if ((rc = sso_yemit_new(&e, fp)) < 0)
		goto done;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	if ((rc = org_yaml_columns(e, sso_store_config(s), st, &data.data, o->version, o->unmask)) <
	    0)
		goto done;
	sso_orgdata_emit(e, &data.data, SSO_FORM_SHOWN, ORG_COLUMN_KEYS, !o->unmask);
	rc = org_yaml_apps(s, e, id);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	if (rc == 0)
		rc = sso_yemit_end(e);
done:
	sso_yemit_free(e);
	sso_form_clear(&data);
	return rc;
}

/* Print an organization: one table row of its columns, or its YAML. */
static int show_org(sso_store *s, long id, const sso_org_show_options *o, FILE *fp)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ORG_SHOW_ORG, SQL_SHOW_ORG);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = fetch_row(s, st, "organization", "ORG", id)) < 0)
		return rc;
	if (o->out.format != SSO_FORMAT_YAML) {
		const char *v[ORG_COLS];
		char idtext[32];
		shown sh = {{NULL}, {0}};

		org_values(st, idtext, sizeof(idtext), v);
		if ((rc = mask_cols(&sh, v, org_texts, 2, o->unmask)) == 0)
			rc = one_row_table(fp, &o->out, org_cols, ORG_COLS, v);
		shown_free(&sh);
	} else {
		rc = org_yaml(s, st, id, o, fp);
	}
	sqlite3_reset(st);
	return rc;
}

static const sso_column app_cols[] = {
	{"id", "编号", SSO_COL_TEXT},
	{"kind", "类型", SSO_COL_TEXT},
	{"org", "组织", SSO_COL_TEXT},
	{"name", "名称", SSO_COL_TEXT},
	{"state", "状态", SSO_COL_TEXT},
	{"submitted_on", "提交日期", SSO_COL_TEXT},
	{"updated_on", "更新日期", SSO_COL_TEXT},
	{"notice_start", "公示开始", SSO_COL_TEXT},
	{"notice_end", "公示结束", SSO_COL_TEXT},
	{"reason", "理由", SSO_COL_TEXT},
};
#define APP_COLS (sizeof(app_cols) / sizeof(*app_cols))

/* An application (row st, its form f) as one table row in app_cols order. */
static int app_table(sqlite3_stmt *st, const sso_form *f, const char *app, const char *org,
		     const sso_org_show_options *o, FILE *fp)
{
	const char *v[APP_COLS] = {app,
				   sso_store__col(st, APP_C_KIND),
				   org,
				   f->data.name,
				   sso_store__col(st, APP_C_STATE),
				   sso_store__col(st, APP_C_SUBMITTED_ON),
				   sso_store__col(st, APP_C_UPDATED_ON),
				   sso_store__col(st, APP_C_NOTICE_START),
				   sso_store__col(st, APP_C_NOTICE_END),
				   sso_store__col(st, APP_C_REASON)};
	shown sh = {{NULL}, {0}};
	int rc;

	if ((rc = mask_cols(&sh, v, app_texts, 2, o->unmask)) == 0)
		rc = one_row_table(fp, &o->out, app_cols, APP_COLS, v);
	shown_free(&sh);
	return rc;
}

/* An application (row st, its form f) as YAML: its columns, then its form
 * as shown. */
static int app_yaml(sqlite3_stmt *st, const sso_form *f, const char *app, const char *org,
		    const sso_org_show_options *o, FILE *fp)
{
	sso_yemit *e = NULL;
	shown sh = {{NULL}, {0}};
	const char *reason[1];
	int rc;

	if ((rc = sso_yemit_new(&e, fp)) < 0)
		return rc;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	sso_yemit_kv(e, "id", app);
	sso_yemit_kv(e, "kind", sso_store__col(st, APP_C_KIND));
	sso_yemit_kv(e, "org", org);
	sso_yemit_kv(e, "state", sso_store__col(st, APP_C_STATE));
	sso_yemit_kv(e, "submitted_on", sso_store__col(st, APP_C_SUBMITTED_ON));
	sso_yemit_kv(e, "updated_on", sso_store__col(st, APP_C_UPDATED_ON));
	sso_yemit_kv(e, "notice_start", col_or_null(st, APP_C_NOTICE_START));
	sso_yemit_kv(e, "notice_end", col_or_null(st, APP_C_NOTICE_END));
	reason[0] = col_or_null(st, APP_C_REASON);
	if ((rc = mask_cols(&sh, reason, (const int[]){0}, 1, o->unmask)) < 0)
		goto done;
	sso_yemit_kv(e, "reason", reason[0]);
	sso_yemit_key(e, "form");
	sso_yemit_map(e);
	sso_form_emit(e, f, SSO_FORM_SHOWN, !o->unmask);
	sso_yemit_close(e);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	rc = sso_yemit_end(e);
done:
	sso_yemit_free(e);
	shown_free(&sh);
	return rc;
}

/* Print an application: one table row, or its YAML with its form. */
static int show_app(sso_store *s, long id, const sso_org_show_options *o, FILE *fp)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ORG_SHOW_APP, SQL_SHOW_APP);
	char app[32], org[32];
	sso_form f;
	int rc;

	memset(&f, 0, sizeof(f));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = fetch_row(s, st, "application", "APP", id)) < 0)
		return rc;
	sso_id_format(app, sizeof(app), "APP", id);
	sso_id_format(org, sizeof(org), "ORG", (long)sqlite3_column_int64(st, APP_C_ORG_ID));
	if ((rc = sso_form_from_yaml(&f, sso_store__col(st, APP_C_DATA), app)) == 0)
		rc = o->out.format != SSO_FORMAT_YAML ? app_table(st, &f, app, org, o, fp)
						      : app_yaml(st, &f, app, org, o, fp);
	sqlite3_reset(st);
	sso_form_clear(&f);
	return rc;
}

/* The one column of SQL_ORG_EXISTS and SQL_APP_EXISTS: the organization. */
enum exists_col { EXISTS_C_ORG };
static const char SQL_ORG_EXISTS[] = "SELECT id FROM orgs WHERE id = ?1";
static const char SQL_APP_EXISTS[] = "SELECT org_id FROM apps WHERE id = ?1";

/* Does the organization or application exist? *org is its organization. */
static int exists(sso_store *s, int is_app, long n, long *org)
{
	sqlite3_stmt *st = sso_store__stmt(s, is_app ? STMT_ORG_APP_EXISTS : STMT_ORG_ORG_EXISTS,
					   is_app ? SQL_APP_EXISTS : SQL_ORG_EXISTS);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*org = (long)sqlite3_column_int64(st, EXISTS_C_ORG);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return sso_error_set(SSO_ENOTFOUND, "no %s %s" SSO_ID_NUM " in %s",
				     is_app ? "application" : "organization",
				     is_app ? "APP" : "ORG", n, sso_store_file(s));
	return sso_store__error(s, rc, "reading");
}

int sso_org_show(sso_store *s, const char *id, const sso_org_show_options *opts, FILE *fp)
{
	long n, org = 0;
	int rc, snap, is_app;

	assert(s && id && opts && fp);
	is_app = !strncasecmp(id, "APP", 3);
	if ((rc = sso_id_parse(&n, id, is_app ? "APP" : "ORG")) < 0)
		return sso_error_set(SSO_EUSAGE,
				     "'%s' is neither an organization (ORG000001) nor an "
				     "application (APP000001)",
				     id);
	if (opts->unmask) {
		char what[64];

		snprintf(what, sizeof(what), "%s" SSO_ID_NUM, is_app ? "APP" : "ORG", n);
		/* record who saw the personal data before showing it */
		if ((rc = exists(s, is_app, n, &org)) < 0 ||
		    (rc = log_unmask(s, org, is_app ? n : 0, what)) < 0)
			return rc;
	}
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	rc = is_app ? show_app(s, n, opts, fp) : show_org(s, n, opts, fp);
	sso_store__read_end(s, snap);
	return rc;
}

/* ---- list ---- */

/* SQL_LIST_ORGS selects the columns of SQL_SHOW_ORG (enum org_col). */
static const char SQL_LIST_ORGS[] =
	"SELECT id, name, tier, status, stage, form, category, certificate, uscc, district, "
	"street, community, version, hub, leader, members, created_on, filed_on, referred_on, "
	"registered_on, ended_on FROM orgs WHERE (?1 IS NULL OR street = ?1) "
	"AND (?2 IS NULL OR tier = ?2) AND (?3 IS NULL OR status = ?3) ORDER BY id";
/* The columns of SQL_LIST_APPS, in app_cols order. */
enum list_app_col {
	LIST_APP_C_ID,
	LIST_APP_C_KIND,
	LIST_APP_C_ORG_ID,
	LIST_APP_C_NAME,
	LIST_APP_C_STATE,
	LIST_APP_C_SUBMITTED_ON,
	LIST_APP_C_UPDATED_ON,
	LIST_APP_C_NOTICE_START,
	LIST_APP_C_NOTICE_END,
	LIST_APP_C_REASON,
	LIST_APP_NCOLS
};
_Static_assert(LIST_APP_NCOLS == APP_COLS, "app_cols names every column of SQL_LIST_APPS");
static const char SQL_LIST_APPS[] =
	"SELECT a.id, a.kind, a.org_id, o.name, a.state, a.submitted_on, a.updated_on, "
	"a.notice_start, a.notice_end, a.reason FROM apps a JOIN orgs o ON o.id = a.org_id "
	"WHERE (?1 IS NULL OR o.street = ?1) AND (?2 IS NULL OR a.state = ?2) "
	"AND (?3 IS NULL OR a.kind = ?3) ORDER BY a.id";

static int one_of(const char *v, const char *what, const char *const *ok)
{
	char list[256] = "";
	size_t used = 0;

	for (const char *const *p = ok; *p; p++) {
		if (!strcmp(v, *p))
			return 0;
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 p == ok ? "" : ", ", *p);
	}
	return sso_error_set(SSO_EUSAGE, "unknown %s '%s': use %s", what, v, list);
}

int sso_org_list(sso_store *s, const sso_org_list_options *o, FILE *fp)
{
	static const char *const tiers[] = {"group", "filed", "registered", NULL};
	static const char *const statuses[] = {"pending", "active",   "terminated",
					       "revoked", "rejected", NULL};
	static const char *const kinds[] = {"filing", "change", "termination", NULL};
	int apps = o->apps || o->state || o->kind;
	const char *street = NULL;
	sqlite3_stmt *st;
	sso_table *t = NULL;
	shown sh = {{NULL}, {0}};
	int rc;

	assert(s && o && fp);
	if (o->street) {
		const sso_street *x = sso_config_street(sso_store_config(s), o->street);

		if (!x)
			return sso_error_set(SSO_EUSAGE, "--street: %s", sso_error_last());
		street = x->code;
	}
	if (o->tier && (rc = one_of(o->tier, "tier", tiers)) < 0)
		return rc;
	if (o->status && (rc = one_of(o->status, "status", statuses)) < 0)
		return rc;
	if (o->kind && (rc = one_of(o->kind, "kind", kinds)) < 0)
		return rc;
	if (o->state) {
		sso_app_state x;

		if ((rc = sso_app_state_parse(&x, o->state)) < 0)
			return rc;
	}
	if (apps && (o->tier || o->status))
		return sso_error_set(SSO_EUSAGE, "--tier and --status list organizations; --state "
						 "and --kind list applications: not both");
	/* record who saw the personal data before showing it */
	if (o->unmask && (rc = log_unmask(s, 0, 0, apps ? "applications" : "organizations")) < 0)
		return rc;
	if (!(st = sso_store__stmt(s, apps ? STMT_ORG_LIST_APPS : STMT_ORG_LIST_ORGS,
				   apps ? SQL_LIST_APPS : SQL_LIST_ORGS)))
		return SSO_EINTERNAL;
	sso_store__bind_text(st, 1, street);
	sso_store__bind_text(st, 2, apps ? o->state : o->tier);
	sso_store__bind_text(st, 3, apps ? o->kind : o->status);
	rc = apps ? sso_table_new(&t, fp, &o->out, app_cols, APP_COLS)
		  : sso_table_new(&t, fp, &o->out, org_cols, ORG_COLS);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[ORG_COLS > APP_COLS ? ORG_COLS : APP_COLS];
		char id[32], org[32];

		if (apps) {
			sso_id_format(id, sizeof(id), "APP",
				      (long)sqlite3_column_int64(st, LIST_APP_C_ID));
			sso_id_format(org, sizeof(org), "ORG",
				      (long)sqlite3_column_int64(st, LIST_APP_C_ORG_ID));
			v[LIST_APP_C_ID] = id;
			v[LIST_APP_C_KIND] = sso_store__col(st, LIST_APP_C_KIND);
			v[LIST_APP_C_ORG_ID] = org;
			for (int i = LIST_APP_C_NAME; i < LIST_APP_NCOLS; i++)
				v[i] = col_or_null(st, i);
		} else {
			org_values(st, id, sizeof(id), v);
		}
		rc = mask_cols(&sh, v, apps ? app_texts : org_texts, 2, o->unmask);
		if (rc == 0)
			rc = sso_table_row(t, v);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "listing");
	sqlite3_reset(st);
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	shown_free(&sh);
	return rc;
}

/* ---- history ---- */

/* The columns of SQL_VERSIONS. */
enum versions_col {
	VERSIONS_C_VERSION,
	VERSIONS_C_APP_ID,
	VERSIONS_C_EFFECTIVE,
	VERSIONS_C_DATA,
	VERSIONS_C_KIND,
	VERSIONS_C_APP_DATA,
};
static const char SQL_VERSIONS[] =
	"SELECT v.version, v.app_id, v.effective, v.data, a.kind, a.data FROM versions v "
	"LEFT JOIN apps a ON a.id = v.app_id WHERE v.org_id = ?1 ORDER BY v.version";

/* The keys a change gives, space-separated ("venue members"). */
static void changed_keys(const sso_orgdata *d, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned bit = 1; bit && bit <= SSO_F_ACTIVITIES; bit <<= 1)
		if (d->has & bit) {
			int n = snprintf(buf + used, cap - used, "%s%s", used ? " " : "",
					 sso_orgdata_key(bit));
			if (n < 0 || (size_t)n >= cap - used)
				break;
			used += (size_t)n;
		}
}

typedef struct event_printer {
	sso_table *t;
	int unmask;
	shown sh;
} event_printer;

/* The free texts of an event: who, and its details. */
static const int event_texts[] = {3 /* actor */, 7 /* details */};

static int print_event(void *payload, const sso_event *ev)
{
	event_printer *p = payload;
	char seq[24], org[32], app[32];
	const char *v[SSO_EVENT__NCOLS];
	int rc;

	sso_event__values(ev, seq, org, app, v);
	if ((rc = mask_cols(&p->sh, v, event_texts, 2, p->unmask)) < 0)
		return rc;
	return sso_table_row(p->t, v);
}

/* Print an organization's versions (or, with o->events, its events) as a
 * table. Returns 0, SSO_ENOTFOUND, or an error. */
static int history(sso_store *s, const char *orgtext, const sso_org_history_options *o, FILE *fp)
{
	static const sso_column cols[] = {
		{"org", "组织", SSO_COL_TEXT},  {"version", "版本", SSO_COL_NUMBER},
		{"app", "申请", SSO_COL_TEXT},  {"effective", "生效日期", SSO_COL_TEXT},
		{"name", "名称", SSO_COL_TEXT}, {"change", "变更事项", SSO_COL_TEXT},
	};
	sqlite3_stmt *st;
	sso_table *t = NULL;
	shown sh = {{NULL}, {0}};
	char org[32];
	long id;
	int rc;

	if ((rc = sso_id_parse(&id, orgtext, "ORG")) < 0)
		return rc;
	if (!(st = sso_store__stmt(s, STMT_ORG_SHOW_ORG, SQL_SHOW_ORG)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND,
							 "no organization " SSO_ORG_FMT " in %s",
							 id, sso_store_file(s))
					 : sso_store__error(s, rc, "reading an organization");
	sso_id_format(org, sizeof(org), "ORG", id);
	if (o->events) {
		event_printer p = {NULL, o->unmask, {{NULL}, {0}}};

		if ((rc = sso_table_new(&p.t, fp, &o->out, sso_event__cols, SSO_EVENT__NCOLS)) < 0)
			return rc;
		rc = sso_event_each(s, 0, 0, id, print_event, &p);
		if (rc == 0)
			rc = sso_table_end(p.t);
		sso_table_free(p.t);
		shown_free(&p.sh);
		return rc;
	}
	if (!(st = sso_store__stmt(s, STMT_ORG_VERSIONS, SQL_VERSIONS)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sso_table_new(&t, fp, &o->out, cols, 6);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		static const int name_col[] = {4};
		char version[16], app[32] = "", change[256];
		const char *kind = sso_store__col(st, VERSIONS_C_KIND);
		sso_form data, form;
		const char *v[6];

		snprintf(version, sizeof(version), "%d",
			 sqlite3_column_int(st, VERSIONS_C_VERSION));
		if (sqlite3_column_type(st, VERSIONS_C_APP_ID) != SQLITE_NULL)
			sso_id_format(app, sizeof(app), "APP",
				      (long)sqlite3_column_int64(st, VERSIONS_C_APP_ID));
		if ((rc = sso_form_from_yaml(&data, sso_store__col(st, VERSIONS_C_DATA), org)) < 0)
			break;
		if (!strcmp(kind, "change") &&
		    (rc = sso_form_from_yaml(&form, sso_store__col(st, VERSIONS_C_APP_DATA),
					     app)) == 0) {
			changed_keys(&form.data, change, sizeof(change));
			sso_form_clear(&form);
		} else {
			snprintf(change, sizeof(change), "%s",
				 !strcmp(kind, "filing")       ? "filed"
				 : data.kind == SSO_KIND_GROUP ? "group recorded"
							       : "");
		}
		v[0] = org;
		v[1] = version;
		v[2] = app;
		v[3] = sso_store__col(st, VERSIONS_C_EFFECTIVE);
		v[4] = data.data.name;
		v[5] = change;
		if (rc == 0)
			rc = mask_cols(&sh, v, name_col, 1, o->unmask);
		rc = rc < 0 ? rc : sso_table_row(t, v);
		sso_form_clear(&data);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading versions");
	sqlite3_reset(st);
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	shown_free(&sh);
	return rc;
}

int sso_org_history(sso_store *s, const char *orgtext, const sso_org_history_options *o, FILE *fp)
{
	int snap, rc;

	assert(s && orgtext && o && fp);
	if (o->unmask) {
		char what[64];
		long id, org;

		/* record who saw the personal data before showing it */
		if ((rc = sso_id_parse(&id, orgtext, "ORG")) < 0 ||
		    (rc = exists(s, 0, id, &org)) < 0)
			return rc;
		snprintf(what, sizeof(what), SSO_ORG_FMT "%s", id, o->events ? " events" : "");
		if ((rc = log_unmask(s, id, 0, what)) < 0)
			return rc;
	}
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	rc = history(s, orgtext, o, fp);
	sso_store__read_end(s, snap);
	return rc;
}
