/* org.c - organizations and applications read back: show, list, history */
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

static const char SQL_SHOW_ORG[] =
	"SELECT id, name, tier, status, stage, form, category, certificate, uscc, district, "
	"street, community, version, hub, leader, members, created_on, filed_on, referred_on, "
	"registered_on, ended_on FROM orgs WHERE id = ?1";
static const char SQL_SHOW_APP[] =
	"SELECT id, kind, org_id, state, notice_start, notice_end, reason, submitted_on, "
	"updated_on, data FROM apps WHERE id = ?1";
static const char SQL_ORG_APPS[] =
	"SELECT id, kind, state FROM apps WHERE org_id = ?1 ORDER BY id";
static const char SQL_DATA_VERSION[] =
	"SELECT data FROM versions WHERE org_id = ?1 AND version = ?2";
static const char SQL_DATA_PENDING[] =
	"SELECT data FROM apps WHERE org_id = ?1 AND kind = 'filing' ORDER BY id DESC LIMIT 1";

/* An organization's data, with personal data masked unless unmask. */
static void put_data(sso_yemit *e, const sso_orgdata *d, int unmask)
{
	char day[11];

	if (d->has & SSO_F_BRAND)
		sso_yemit_kv(e, "brand", d->brand);
	if (d->has & SSO_F_SCOPE)
		sso_yemit_kv(e, "scope", d->scope);
	if (d->has & SSO_F_VENUE)
		sso_yemit_kv(e, "venue", d->venue);
	if (d->has & SSO_F_FOUNDED) {
		sso_date_format(d->founded, day);
		sso_yemit_kv(e, "founded", day);
	}
	if (d->has & SSO_F_SPONSOR)
		sso_person_emit(e, "sponsor", &d->sponsor, 0, !unmask);
	if (d->has & SSO_F_LEADER)
		sso_person_emit(e, "leader", &d->leader, 1, !unmask);
	if (d->has & SSO_F_PARTY_ORG)
		sso_yemit_kv(e, "party_org", sso_party_org_name(d->party_org));
	if (d->has & SSO_F_ACTIVITIES)
		sso_yemit_kv(e, "activities", d->activities);
	if (d->has & SSO_F_CHARTER)
		sso_yemit_kv(e, "charter", d->charter);
	if (d->has & SSO_F_MEMBERS) {
		sso_yemit_key(e, "roster");
		sso_yemit_seq(e);
		for (size_t i = 0; i < d->nmembers; i++)
			sso_person_emit(e, NULL, &d->members[i], 1, !unmask);
		sso_yemit_close(e);
	}
}

static int read_data(sso_store *s, long org, int version, sso_form *out)
{
	sqlite3_stmt *st = sso_store__stmt(s, version ? STMT_ORG_DATA_VERSION : STMT_ORG_DATA_PENDING, version ? SQL_DATA_VERSION : SQL_DATA_PENDING);
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
		rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, SSO_ORG_FMT " has no version %d",
						       org, version)
				       : sso_store__error(s, rc, "reading an organization's data");
		sqlite3_reset(st);
		return rc;
	}
	snprintf(name, sizeof(name), SSO_ORG_FMT " v%d", org, version);
	rc = sso_form_from_yaml(out, sso_store__col(st, 0), name);
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
	{"id", "编号", SSO_COL_TEXT},
	{"name", "名称", SSO_COL_TEXT},
	{"tier", "层级", SSO_COL_TEXT},
	{"status", "状态", SSO_COL_TEXT},
	{"stage", "阶段", SSO_COL_TEXT},
	{"form", "组织形式", SSO_COL_TEXT},
	{"category", "类别", SSO_COL_TEXT},
	{"certificate", "备案证书编号", SSO_COL_TEXT},
	{"uscc", "统一社会信用代码", SSO_COL_TEXT},
	{"district", "区县", SSO_COL_TEXT},
	{"street", "街道乡镇", SSO_COL_TEXT},
	{"community", "社区村", SSO_COL_TEXT},
	{"version", "版本", SSO_COL_NUMBER},
	{"hub", "枢纽型", SSO_COL_BOOL},
	{"leader", "负责人", SSO_COL_TEXT},
	{"members", "成员数", SSO_COL_NUMBER},
	{"created_on", "创建日期", SSO_COL_TEXT},
	{"filed_on", "备案日期", SSO_COL_TEXT},
	{"referred_on", "推荐登记日期", SSO_COL_TEXT},
	{"registered_on", "登记日期", SSO_COL_TEXT},
	{"ended_on", "终止日期", SSO_COL_TEXT},
};
#define ORG_COLS (sizeof(org_cols) / sizeof(*org_cols))

/* Read the columns of an orgs row (in org_cols order) as texts. */
static void org_values(sqlite3_stmt *st, char *id, size_t cap, const char **v)
{
	sso_id_format(id, cap, "ORG", (long)sqlite3_column_int64(st, 0));
	v[0] = id;
	for (size_t i = 1; i < ORG_COLS; i++)
		v[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL ? NULL : sso_store__col(st, (int)i);
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

static int show_org(sso_store *s, long id, const sso_org_show_options *o, FILE *fp)
{
	const sso_config *cfg = sso_store_config(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ORG_SHOW_ORG, SQL_SHOW_ORG);
	const char *v[ORG_COLS];
	char idtext[32];
	sso_yemit *e = NULL;
	sso_table *t = NULL;
	sso_form data;
	int rc, version;

	memset(&data, 0, sizeof(data));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no organization " SSO_ORG_FMT " in %s",
						       id, sso_store_file(s))
				       : sso_store__error(s, rc, "reading an organization");
		sqlite3_reset(st);
		return rc;
	}
	version = o->version ? o->version : sqlite3_column_int(st, 12);
	if (o->out.format != SSO_FORMAT_YAML) {
		org_values(st, idtext, sizeof(idtext), v);
		rc = sso_table_new(&t, fp, &o->out, org_cols, ORG_COLS);
		if (rc == 0)
			rc = sso_table_row(t, v);
		if (rc == 0)
			rc = sso_table_end(t);
		sso_table_free(t);
		sqlite3_reset(st);
		return rc;
	}
	/* the data first: reading it resets nothing of st, which is another statement */
	if ((rc = read_data(s, id, version, &data)) < 0)
		goto done;
	if ((rc = sso_yemit_new(&e, fp)) < 0)
		goto done;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	sso_id_format(idtext, sizeof(idtext), "ORG", id);
	sso_yemit_kv(e, "id", idtext);
	for (size_t i = 1; i < ORG_COLS; i++) {
		int null = sqlite3_column_type(st, (int)i) == SQLITE_NULL;
		const char *val = null ? NULL : sso_store__col(st, (int)i);

		/* the leader's name is in the leader mapping the data prints */
		if (!strcmp(org_cols[i].key, "leader") && (data.data.has & SSO_F_LEADER))
			continue;
		if (!strcmp(org_cols[i].key, "version") && o->version) {
			sso_yemit_key(e, "version");
			sso_yemit_int(e, o->version);
			continue;
		}
		sso_yemit_key(e, org_cols[i].key);
		if (org_cols[i].type == SSO_COL_NUMBER)
			sso_yemit_plain(e, val);
		else if (org_cols[i].type == SSO_COL_BOOL)
			sso_yemit_bool(e, val && !strcmp(val, "1"));
		else
			sso_yemit_text(e, val);
		if (!strcmp(org_cols[i].key, "district") || !strcmp(org_cols[i].key, "street") ||
		    !strcmp(org_cols[i].key, "community")) {
			char key[32];
			int level = org_cols[i].key[0] == 'd' ? 0 : org_cols[i].key[0] == 's' ? 1 : 2;

			snprintf(key, sizeof(key), "%s_name", org_cols[i].key);
			sso_yemit_kv(e, key, val ? place_name(cfg, level, val) : NULL);
		}
	}
	put_data(e, &data.data, o->unmask);
	sqlite3_reset(st);
	st = sso_store__stmt(s, STMT_ORG_ORG_APPS, SQL_ORG_APPS);
	if (!st) {
		rc = SSO_EINTERNAL;
		goto done;
	}
	sqlite3_bind_int64(st, 1, id);
	sso_yemit_key(e, "applications");
	sso_yemit_seq(e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char app[32];

		sso_id_format(app, sizeof(app), "APP", (long)sqlite3_column_int64(st, 0));
		sso_yemit_map(e);
		sso_yemit_kv(e, "id", app);
		sso_yemit_kv(e, "kind", sso_store__col(st, 1));
		sso_yemit_kv(e, "state", sso_store__col(st, 2));
		sso_yemit_close(e);
	}
	rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading applications");
	sqlite3_reset(st);
	sso_yemit_close(e);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	if (rc == 0)
		rc = sso_yemit_end(e);
done:
	sqlite3_reset(st);
	sso_yemit_free(e);
	sso_form_clear(&data);
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

static int show_app(sso_store *s, long id, const sso_org_show_options *o, FILE *fp)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ORG_SHOW_APP, SQL_SHOW_APP);
	char app[32], org[32];
	sso_yemit *e = NULL;
	sso_form f;
	int rc;

	memset(&f, 0, sizeof(f));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no application " SSO_APP_FMT " in %s",
						       id, sso_store_file(s))
				       : sso_store__error(s, rc, "reading an application");
		sqlite3_reset(st);
		return rc;
	}
	sso_id_format(app, sizeof(app), "APP", id);
	sso_id_format(org, sizeof(org), "ORG", (long)sqlite3_column_int64(st, 2));
	if (o->out.format != SSO_FORMAT_YAML) {
		const char *v[APP_COLS] = {app,
					   sso_store__col(st, 1),
					   org,
					   NULL,
					   sso_store__col(st, 3),
					   sso_store__col(st, 7),
					   sso_store__col(st, 8),
					   sso_store__col(st, 4),
					   sso_store__col(st, 5),
					   sso_store__col(st, 6)};
		sso_table *t = NULL;

		if ((rc = sso_form_from_yaml(&f, sso_store__col(st, 9), app)) == 0) {
			v[3] = f.data.name;
			rc = sso_table_new(&t, fp, &o->out, app_cols, APP_COLS);
		}
		if (rc == 0)
			rc = sso_table_row(t, v);
		if (rc == 0)
			rc = sso_table_end(t);
		sso_table_free(t);
		goto done;
	}
	if ((rc = sso_form_from_yaml(&f, sso_store__col(st, 9), app)) < 0 ||
	    (rc = sso_yemit_new(&e, fp)) < 0)
		goto done;
	sso_yemit_doc(e);
	sso_yemit_map(e);
	sso_yemit_kv(e, "id", app);
	sso_yemit_kv(e, "kind", sso_store__col(st, 1));
	sso_yemit_kv(e, "org", org);
	sso_yemit_kv(e, "state", sso_store__col(st, 3));
	sso_yemit_kv(e, "submitted_on", sso_store__col(st, 7));
	sso_yemit_kv(e, "updated_on", sso_store__col(st, 8));
	sso_yemit_kv(e, "notice_start", sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : sso_store__col(st, 4));
	sso_yemit_kv(e, "notice_end", sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : sso_store__col(st, 5));
	sso_yemit_kv(e, "reason", sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : sso_store__col(st, 6));
	sso_yemit_key(e, "form");
	sso_yemit_map(e);
	if (f.data.has & SSO_F_NAME)
		sso_yemit_kv(e, "name", f.data.name);
	if (f.reason)
		sso_yemit_kv(e, "reason", f.reason);
	if (f.data.has & SSO_F_CATEGORY)
		sso_yemit_kv(e, "category", f.data.category);
	if (f.data.has & SSO_F_COMMUNITY)
		sso_yemit_kv(e, "community", f.data.community);
	put_data(e, &f.data, o->unmask);
	if (f.has_vote) {
		char day[11];

		sso_date_format(f.vote.date, day);
		sso_yemit_key(e, "vote");
		sso_yemit_map(e);
		sso_yemit_kv(e, "date", day);
		sso_yemit_key(e, "members");
		sso_yemit_int(e, f.vote.members);
		sso_yemit_key(e, "present");
		sso_yemit_int(e, f.vote.present);
		sso_yemit_key(e, "for");
		sso_yemit_int(e, f.vote.in_favour);
		sso_yemit_key(e, "against");
		sso_yemit_int(e, f.vote.against);
		sso_yemit_key(e, "abstain");
		sso_yemit_int(e, f.vote.abstain);
		sso_yemit_close(e);
	}
	if (f.commendation)
		sso_yemit_kv(e, "commendation", f.commendation);
	sso_yemit_close(e);
	sso_yemit_close(e);
	sso_yemit_doc_end(e);
	rc = sso_yemit_end(e);
done:
	sqlite3_reset(st);
	sso_yemit_free(e);
	sso_form_clear(&f);
	return rc;
}

static const char SQL_ORG_EXISTS[] = "SELECT id FROM orgs WHERE id = ?1";
static const char SQL_APP_EXISTS[] = "SELECT org_id FROM apps WHERE id = ?1";

/* Does the organization or application exist? *org is its organization. */
static int exists(sso_store *s, int is_app, long n, long *org)
{
	sqlite3_stmt *st = sso_store__stmt(s, is_app ? STMT_ORG_APP_EXISTS : STMT_ORG_ORG_EXISTS, is_app ? SQL_APP_EXISTS : SQL_ORG_EXISTS);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*org = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return sso_error_set(SSO_ENOTFOUND, "no %s %s" SSO_ID_NUM " in %s",
				     is_app ? "application" : "organization", is_app ? "APP" : "ORG",
				     n, sso_store_file(s));
	return sso_store__error(s, rc, "reading");
}

int sso_org_show(sso_store *s, const char *id, const sso_org_show_options *opts, FILE *fp)
{
	long n, org = 0;
	int rc, snap, is_app = !strncasecmp(id, "APP", 3);

	if ((rc = sso_id_parse(&n, id, is_app ? "APP" : "ORG")) < 0)
		return sso_error_set(SSO_EUSAGE, "'%s' is neither an organization (ORG000001) nor an "
						 "application (APP000001)", id);
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

static const char SQL_LIST_ORGS[] =
	"SELECT id, name, tier, status, stage, form, category, certificate, uscc, district, "
	"street, community, version, hub, leader, members, created_on, filed_on, referred_on, "
	"registered_on, ended_on FROM orgs WHERE (?1 IS NULL OR street = ?1) "
	"AND (?2 IS NULL OR tier = ?2) AND (?3 IS NULL OR status = ?3) ORDER BY id";
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
	static const char *const statuses[] = {"pending", "active", "terminated", "revoked",
					       "rejected", NULL};
	static const char *const kinds[] = {"filing", "change", "termination", NULL};
	int apps = o->apps || o->state || o->kind;
	const char *street = NULL;
	sqlite3_stmt *st;
	sso_table *t = NULL;
	int rc;

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
	if (!(st = sso_store__stmt(s, apps ? STMT_ORG_LIST_APPS : STMT_ORG_LIST_ORGS, apps ? SQL_LIST_APPS : SQL_LIST_ORGS)))
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
			sso_id_format(id, sizeof(id), "APP", (long)sqlite3_column_int64(st, 0));
			sso_id_format(org, sizeof(org), "ORG", (long)sqlite3_column_int64(st, 2));
			v[0] = id;
			v[1] = sso_store__col(st, 1);
			v[2] = org;
			for (int i = 3; i < (int)APP_COLS; i++)
				v[i] = sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
										 : sso_store__col(st, i);
		} else {
			org_values(st, id, sizeof(id), v);
		}
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
	return rc;
}

/* ---- history ---- */

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
} event_printer;

static int print_event(void *payload, const sso_event *ev)
{
	event_printer *p = payload;
	char seq[24], org[32], app[32];
	const char *v[SSO_EVENT__NCOLS];

	sso_event__values(ev, seq, org, app, v);
	return sso_table_row(p->t, v);
}

static int history(sso_store *s, const char *orgtext, const sso_org_history_options *o, FILE *fp)
{
	static const sso_column cols[] = {
		{"org", "组织", SSO_COL_TEXT},      {"version", "版本", SSO_COL_NUMBER},
		{"app", "申请", SSO_COL_TEXT},      {"effective", "生效日期", SSO_COL_TEXT},
		{"name", "名称", SSO_COL_TEXT},     {"change", "变更事项", SSO_COL_TEXT},
	};
	sqlite3_stmt *st;
	sso_table *t = NULL;
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
		return rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no organization " SSO_ORG_FMT " in %s",
							 id, sso_store_file(s))
					 : sso_store__error(s, rc, "reading an organization");
	sso_id_format(org, sizeof(org), "ORG", id);
	if (o->events) {
		event_printer p = {NULL};

		if ((rc = sso_table_new(&p.t, fp, &o->out, sso_event__cols, SSO_EVENT__NCOLS)) < 0)
			return rc;
		rc = sso_event_each(s, 0, 0, id, print_event, &p);
		if (rc == 0)
			rc = sso_table_end(p.t);
		sso_table_free(p.t);
		return rc;
	}
	if (!(st = sso_store__stmt(s, STMT_ORG_VERSIONS, SQL_VERSIONS)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sso_table_new(&t, fp, &o->out, cols, 6);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char version[16], app[32] = "", change[256];
		const char *kind = sso_store__col(st, 4);
		sso_form data, form;
		const char *v[6];

		snprintf(version, sizeof(version), "%d", sqlite3_column_int(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			sso_id_format(app, sizeof(app), "APP", (long)sqlite3_column_int64(st, 1));
		if ((rc = sso_form_from_yaml(&data, sso_store__col(st, 3), org)) < 0)
			break;
		if (!strcmp(kind, "change") &&
		    (rc = sso_form_from_yaml(&form, sso_store__col(st, 5), app)) == 0) {
			changed_keys(&form.data, change, sizeof(change));
			sso_form_clear(&form);
		} else {
			snprintf(change, sizeof(change), "%s",
				 !strcmp(kind, "filing") ? "filed"
				 : data.kind == SSO_KIND_GROUP ? "group recorded" : "");
		}
		v[0] = org;
		v[1] = version;
		v[2] = app;
		v[3] = sso_store__col(st, 2);
		v[4] = data.data.name;
		v[5] = change;
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
	return rc;
}

int sso_org_history(sso_store *s, const char *orgtext, const sso_org_history_options *o, FILE *fp)
{
	int snap = sso_store__read_begin(s), rc;

	if (snap < 0)
		return snap;
	rc = history(s, orgtext, o, fp);
	sso_store__read_end(s, snap);
	return rc;
}
