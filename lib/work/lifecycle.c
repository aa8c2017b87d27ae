/* lifecycle.c - filing, change and termination applications moved step by step */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/strmap.h"
#include "store/event_impl.h"
#include "base/json.h"
#include "sso/archive.h"
#include "sso/error.h"
#include "sso/lifecycle.h"
#include "sso/name.h"
#include "sso/org.h"
#include "sso/valid.h"
#include "sso/ydoc.h"
#include "store/replay_impl.h"
#include "store/store_impl.h"
#include "base/template.h"

/* ---- rows ---- */

typedef struct orgrow {
	long id;
	char name[512];
	char form[16], tier[16], stage[16], status[16];
	char community[64], street[64], district[64];
	char certificate[128], referred_on[11], uscc[32];
	int version;
} orgrow;

typedef struct approw {
	long id, org;
	sso_form_kind kind;
	sso_app_state state;
	char *data;
	char notice_end[11];
} approw;

/* The columns of SQL_ORG_GET, in the order of its select list. */
enum org_get_col {
	ORG_GET_C_ID,
	ORG_GET_C_NAME,
	ORG_GET_C_FORM,
	ORG_GET_C_TIER,
	ORG_GET_C_STAGE,
	ORG_GET_C_STATUS,
	ORG_GET_C_COMMUNITY,
	ORG_GET_C_STREET,
	ORG_GET_C_DISTRICT,
	ORG_GET_C_VERSION,
	ORG_GET_C_CERTIFICATE,
	ORG_GET_C_REFERRED_ON,
	ORG_GET_C_USCC,
};
static const char SQL_ORG_GET[] =
	"SELECT id, name, form, tier, stage, status, community, street, district, version, "
	"certificate, referred_on, uscc FROM orgs WHERE id = ?1";
static const char SQL_ORG_INSERT[] =
	"INSERT INTO orgs (name, form, tier, stage, status, category, district, street, "
	"community, hub, leader, members, version, created_on) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_ORG_SUMMARY[] =
	"UPDATE orgs SET name = ?2, form = ?3, stage = ?4, category = ?5, district = ?6, "
	"street = ?7, community = ?8, hub = ?9, leader = ?10, members = ?11 WHERE id = ?1";
static const char SQL_ORG_FILED[] =
	"UPDATE orgs SET tier = 'filed', status = 'active', certificate = ?2, filed_on = ?3, "
	"version = ?4 WHERE id = ?1";
static const char SQL_ORG_VERSION[] = "UPDATE orgs SET version = ?2 WHERE id = ?1";
static const char SQL_ORG_END[] = "UPDATE orgs SET status = ?2, ended_on = ?3 WHERE id = ?1";
static const char SQL_ORG_REJECTED[] =
	"UPDATE orgs SET status = 'rejected', ended_on = ?2 WHERE id = ?1 AND status = 'pending'";
static const char SQL_ORG_REFER[] = "UPDATE orgs SET referred_on = ?2 WHERE id = ?1";
static const char SQL_ORG_REGISTER[] =
	"UPDATE orgs SET tier = 'registered', uscc = ?2, registered_on = ?3 WHERE id = ?1";
static const char SQL_ORG_STAGE[] = "UPDATE orgs SET stage = ?2 WHERE id = ?1";
/* The one column of SQL_NAME_TAKEN and SQL_USCC_TAKEN: the organization
 * that has it. */
enum taken_col { TAKEN_C_ID };
/* The columns of SQL_NAMES_TAKEN: every live organization's name. */
enum names_col { NAMES_C_ID, NAMES_C_NAME };
static const char SQL_NAMES_TAKEN[] =
	"SELECT id, name FROM orgs WHERE status IN ('pending', 'active')";
static const char SQL_USCC_TAKEN[] = "SELECT id FROM orgs WHERE uscc = ?1";
/* The columns of SQL_APP_GET. */
enum app_get_col {
	APP_GET_C_ID,
	APP_GET_C_KIND,
	APP_GET_C_ORG_ID,
	APP_GET_C_STATE,
	APP_GET_C_DATA,
	APP_GET_C_NOTICE_END,
};
static const char SQL_APP_GET[] =
	"SELECT id, kind, org_id, state, data, notice_end FROM apps WHERE id = ?1";
static const char SQL_APP_INSERT[] =
	"INSERT INTO apps (kind, org_id, state, data, submitted_on, updated_on) "
	"VALUES (?1, ?2, 'submitted', ?3, ?4, ?4)";
static const char SQL_APP_SET[] =
	"UPDATE apps SET state = ?2, reason = COALESCE(?3, reason), updated_on = ?4, "
	"notice_start = COALESCE(?5, notice_start), notice_end = COALESCE(?6, notice_end) "
	"WHERE id = ?1";
static const char SQL_APP_DATA[] = "UPDATE apps SET data = ?2 WHERE id = ?1";
/* The columns of SQL_APP_OPEN. */
enum app_open_col { APP_OPEN_C_ID, APP_OPEN_C_STATE };
static const char SQL_APP_OPEN[] = "SELECT id, state FROM apps WHERE org_id = ?1 AND kind = ?2 "
				   "AND state NOT IN ('done', 'rejected') LIMIT 1";
static const char SQL_APPS_CLOSE[] =
	"UPDATE apps SET state = 'rejected', reason = ?2, updated_on = ?3 "
	"WHERE org_id = ?1 AND state NOT IN ('done', 'rejected') AND id != ?4";
/* The one column of SQL_VERSION_GET and SQL_PENDING_FILING: the data. */
enum data_col { DATA_C_DATA };
static const char SQL_VERSION_GET[] =
	"SELECT data FROM versions WHERE org_id = ?1 AND version = ?2";
static const char SQL_VERSION_INSERT[] = "INSERT INTO versions (org_id, version, app_id, "
					 "effective, data) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_PENDING_FILING[] =
	"SELECT data FROM apps WHERE org_id = ?1 AND kind = 'filing' ORDER BY id DESC LIMIT 1";
/* The one column SQL_COUNTER returns: the counter's new value. */
enum counter_col { COUNTER_C_VALUE };
static const char SQL_COUNTER[] =
	"INSERT INTO counters (name, value) VALUES (?1, 1) "
	"ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value";
static const char SQL_VOTE_INSERT[] =
	"INSERT INTO votes (org_id, date, members, present, in_favour, against, abstain, passed, "
	"recorded_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
/* The columns of SQL_VOTE_LAST. */
enum vote_last_col {
	VOTE_LAST_C_DATE,
	VOTE_LAST_C_MEMBERS,
	VOTE_LAST_C_PRESENT,
	VOTE_LAST_C_IN_FAVOUR,
	VOTE_LAST_C_AGAINST,
	VOTE_LAST_C_ABSTAIN,
};
static const char SQL_VOTE_LAST[] =
	"SELECT date, members, present, in_favour, against, abstain FROM votes WHERE org_id = ?1 "
	"ORDER BY date DESC, id DESC LIMIT 1";
static const char SQL_SAVEPOINT[] = "SAVEPOINT doc";
static const char SQL_RELEASE[] = "RELEASE doc";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO doc";

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

/* Read organization id into *o. Returns 0, SSO_ENOTFOUND or a store error. */
static int load_org(sso_store *s, long id, orgrow *o)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_GET, SQL_ORG_GET);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->id = id;
		copy(o->name, sizeof(o->name), sso_store__col(st, ORG_GET_C_NAME));
		copy(o->form, sizeof(o->form), sso_store__col(st, ORG_GET_C_FORM));
		copy(o->tier, sizeof(o->tier), sso_store__col(st, ORG_GET_C_TIER));
		copy(o->stage, sizeof(o->stage), sso_store__col(st, ORG_GET_C_STAGE));
		copy(o->status, sizeof(o->status), sso_store__col(st, ORG_GET_C_STATUS));
		copy(o->community, sizeof(o->community), sso_store__col(st, ORG_GET_C_COMMUNITY));
		copy(o->street, sizeof(o->street), sso_store__col(st, ORG_GET_C_STREET));
		copy(o->district, sizeof(o->district), sso_store__col(st, ORG_GET_C_DISTRICT));
		o->version = sqlite3_column_int(st, ORG_GET_C_VERSION);
		copy(o->certificate, sizeof(o->certificate),
		     sso_store__col(st, ORG_GET_C_CERTIFICATE));
		copy(o->referred_on, sizeof(o->referred_on),
		     sso_store__col(st, ORG_GET_C_REFERRED_ON));
		copy(o->uscc, sizeof(o->uscc), sso_store__col(st, ORG_GET_C_USCC));
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = sso_error_set(SSO_ENOTFOUND, "no organization " SSO_ORG_FMT " in %s", id,
				   sso_store_file(s));
	} else {
		rc = sso_store__error(s, rc, "reading an organization");
	}
	sqlite3_reset(st);
	/* what a write builds on must be what the event log last said of it */
	return rc == 1 ? sso_replay__check_org(s, id) : rc;
}

static int load_org_text(sso_store *s, const char *text, orgrow *o)
{
	long id;
	int rc = sso_id_parse(&id, text, "ORG");

	return rc < 0 ? rc : load_org(s, id, o);
}

/* Read application id into *a; the caller frees a->data (also on failure,
 * when it is NULL). Returns 0, SSO_ENOTFOUND, SSO_ENOMEM or a store error. */
static int load_app(sso_store *s, long id, approw *a)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_APP_GET, SQL_APP_GET);
	int rc;

	memset(a, 0, sizeof(*a));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *kind = sso_store__col(st, APP_GET_C_KIND);

		a->id = id;
		a->kind = !strcmp(kind, "filing")   ? SSO_KIND_FILING
			  : !strcmp(kind, "change") ? SSO_KIND_CHANGE
						    : SSO_KIND_TERMINATION;
		a->org = (long)sqlite3_column_int64(st, APP_GET_C_ORG_ID);
		sso_app_state_parse(&a->state, sso_store__col(st, APP_GET_C_STATE));
		a->data = strdup(sso_store__col(st, APP_GET_C_DATA));
		copy(a->notice_end, sizeof(a->notice_end),
		     sso_store__col(st, APP_GET_C_NOTICE_END));
		rc = a->data ? 0 : sso_error_set(SSO_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		rc = sso_error_set(SSO_ENOTFOUND, "no application " SSO_APP_FMT " in %s", id,
				   sso_store_file(s));
	} else {
		rc = sso_store__error(s, rc, "reading an application");
	}
	sqlite3_reset(st);
	return rc == 0 ? sso_replay__check_org(s, a->org) : rc;
}

/* An organization's current data: its current version, or the data of its
 * pending filing. The caller clears *out. */
static int current_data(sso_store *s, const orgrow *o, sso_form *out)
{
	sqlite3_stmt *st = sso_store__stmt(s,
					   o->version ? STMT_LIFECYCLE_VERSION_GET
						      : STMT_LIFECYCLE_PENDING_FILING,
					   o->version ? SQL_VERSION_GET : SQL_PENDING_FILING);
	char name[64];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, o->id);
	if (o->version)
		sqlite3_bind_int(st, 2, o->version);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE
			     ? sso_error_set(SSO_EINTERNAL, SSO_ORG_FMT " has no data", o->id)
			     : sso_store__error(s, rc, "reading an organization's data");
		sqlite3_reset(st);
		return rc;
	}
	snprintf(name, sizeof(name), SSO_ORG_FMT " v%d", o->id, o->version);
	rc = sso_form_from_yaml(out, sso_store__col(st, DATA_C_DATA), name);
	sqlite3_reset(st);
	return rc;
}

static void day_text(sso_store *s, char buf[11])
{
	sso_date_format(sso_store_today(s), buf);
}

/* Bind an organization's summary columns from its data (?2 .. ?11 of
 * SQL_ORG_SUMMARY; the caller binds ?1). */
static int bind_summary(sso_store *s, sqlite3_stmt *st, const sso_orgdata *d, const char *stage)
{
	const sso_community *c = sso_config_community(sso_store_config(s), d->community);
	char members[24];

	if (!c)
		return sso_error_set(SSO_EINPUT, "community %s: %s", d->community,
				     sso_error_last());
	snprintf(members, sizeof(members), "%zu", d->nmembers);
	sso_store__bind_text(st, 2, d->name);
	sso_store__bind_text(st, 3, (d->has & SSO_F_FORM) ? sso_legal_form_name(d->form) : NULL);
	sso_store__bind_text(st, 4, stage ? stage : sso_stage_name(d->stage));
	sso_store__bind_text(st, 5, d->category);
	sso_store__bind_text(st, 6, c->street->district->code);
	sso_store__bind_text(st, 7, c->street->code);
	sso_store__bind_text(st, 8, c->code);
	sqlite3_bind_int(st, 9, d->hub);
	sso_store__bind_text(st, 10, d->leader.name);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)d->nmembers);
	return 0;
}

static int names_add(sso_store *s, const char *name, long id);

static int write_summary(sso_store *s, long org, const sso_orgdata *d, const char *stage)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_SUMMARY, SQL_ORG_SUMMARY);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	if ((rc = bind_summary(s, st, d, stage)) < 0)
		return rc;
	if ((rc = sso_store__exec(s, st, "updating an organization")) < 0)
		return rc;
	return names_add(s, d->name, org);
}

/* Add an organization from its data (tier and status as given, NULL tier
 * for a filing not yet certified); *id is its id. Returns 0, SSO_EINPUT (an
 * unknown community) or a store error. */
static int insert_org(sso_store *s, const sso_orgdata *d, const char *tier, const char *status,
		      int version, long *id)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_INSERT, SQL_ORG_INSERT);
	const sso_community *c = sso_config_community(sso_store_config(s), d->community);
	char day[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	if (!c)
		return sso_error_set(SSO_EINPUT, "community %s: %s", d->community,
				     sso_error_last());
	day_text(s, day);
	sso_store__bind_text(st, 1, d->name);
	sso_store__bind_text(st, 2, (d->has & SSO_F_FORM) ? sso_legal_form_name(d->form) : NULL);
	sso_store__bind_text(st, 3, tier);
	sso_store__bind_text(st, 4, sso_stage_name(d->stage));
	sso_store__bind_text(st, 5, status);
	sso_store__bind_text(st, 6, d->category);
	sso_store__bind_text(st, 7, c->street->district->code);
	sso_store__bind_text(st, 8, c->street->code);
	sso_store__bind_text(st, 9, c->code);
	sqlite3_bind_int(st, 10, d->hub);
	sso_store__bind_text(st, 11, d->leader.name);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)d->nmembers);
	sqlite3_bind_int(st, 13, version);
	sso_store__bind_text(st, 14, day);
	if ((rc = sso_store__exec(s, st, "adding an organization")) < 0)
		return rc;
	*id = (long)sqlite3_last_insert_rowid(sso_store__db(s));
	return names_add(s, d->name, *id);
}

static int insert_app(sso_store *s, sso_form_kind kind, long org, const char *data, long *id)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_APP_INSERT, SQL_APP_INSERT);
	char day[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	day_text(s, day);
	sso_store__bind_text(st, 1, sso_form_kind_name(kind));
	sqlite3_bind_int64(st, 2, org);
	sso_store__bind_text(st, 3, data);
	sso_store__bind_text(st, 4, day);
	if ((rc = sso_store__exec(s, st, "adding an application")) < 0)
		return rc;
	*id = (long)sqlite3_last_insert_rowid(sso_store__db(s));
	return 0;
}

static int insert_version(sso_store *s, long org, int version, long app, const char *data)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_VERSION_INSERT, SQL_VERSION_INSERT);
	char day[11];

	if (!st)
		return SSO_EINTERNAL;
	day_text(s, day);
	sqlite3_bind_int64(st, 1, org);
	sqlite3_bind_int(st, 2, version);
	if (app)
		sqlite3_bind_int64(st, 3, app);
	sso_store__bind_text(st, 4, day);
	sso_store__bind_text(st, 5, data);
	return sso_store__exec(s, st, "recording a version");
}

/* The id of an open application of kind for org, or 0. */
static int open_app(sso_store *s, long org, sso_form_kind kind, long *id, char *state, size_t cap)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_APP_OPEN, SQL_APP_OPEN);
	int rc;

	*id = 0;
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	sso_store__bind_text(st, 2, sso_form_kind_name(kind));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = (long)sqlite3_column_int64(st, APP_OPEN_C_ID);
		copy(state, cap, sso_store__col(st, APP_OPEN_C_STATE));
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : sso_store__error(s, rc, "reading applications");
	sqlite3_reset(st);
	return rc;
}

/* ---- names: two names are one when their NFKC keys are ---- */

/* An organization under a key; next is 1 + the index of the key's next
 * entry, 0 for none. */
typedef struct name_entry {
	long id;
	size_t next;
} name_entry;

/*
 * The keys of the live organizations' names, read once per write transaction
 * (at its first name check: a batch of 20,000 forms reads the orgs table once,
 * not 20,000 times) and kept up to date as names are written in it; the
 * transaction's commit or rollback drops it (SQLite's commit and rollback
 * hooks). An entry may be stale (its document rolled back to the savepoint,
 * the organization renamed or ended): a hit counts only once it is read back
 * from orgs, live and under the same key.
 */
typedef struct name_set {
	sso_store *s;   /* whose transaction; NULL: none read */
	sso_strmap map; /* key -> 1 + index of its first entry in e[] */
	char **keys;    /* owned, borrowed by map */
	size_t nkeys, kcap;
	name_entry *e;
	size_t ne, ecap;
} name_set;

static _Thread_local name_set live_names;

static void names_drop(void)
{
	sso_strmap__free(&live_names.map);
	for (size_t i = 0; i < live_names.nkeys; i++)
		free(live_names.keys[i]);
	free(live_names.keys);
	free(live_names.e);
	memset(&live_names, 0, sizeof(live_names));
}

/* SQLite's hooks at the end of a transaction of the store arg. */
static int names_on_commit(void *arg)
{
	if (live_names.s == arg)
		names_drop();
	return 0; /* let the commit go on */
}

static void names_on_rollback(void *arg)
{
	names_on_commit(arg);
}

/* File org id under key (taken: the set owns it from now on, even on
 * failure). Returns 0 or SSO_ENOMEM. */
static int names_put(char *key, long id)
{
	name_set *n = &live_names;
	size_t first = 0, len = strlen(key);
	int rc;

	if (n->ne == n->ecap && SSO_GROW(n->e, n->ecap, n->ecap + 1, 256) < 0) {
		free(key);
		return SSO_ENOMEM;
	}
	if (sso_strmap__get(&n->map, key, len, &first)) {
		free(key); /* the key is there: chain the entry to its first */
		n->e[n->ne].id = id;
		n->e[n->ne].next = n->e[first - 1].next;
		n->e[first - 1].next = ++n->ne;
		return 0;
	}
	if (n->nkeys == n->kcap && SSO_GROW(n->keys, n->kcap, n->kcap + 1, 256) < 0) {
		free(key);
		return SSO_ENOMEM;
	}
	n->keys[n->nkeys++] = key;
	n->e[n->ne].id = id;
	n->e[n->ne].next = 0;
	if ((rc = sso_strmap__put(&n->map, key, len, ++n->ne)) < 0)
		return rc;
	return 0;
}

/* Read the keys of every live organization's name, for this transaction of
 * s. Returns 0 or an error (the set then stays unread). */
static int names_read(sso_store *s)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_NAME_TAKEN, SQL_NAMES_TAKEN);
	int rc;

	names_drop();
	if (!st)
		return SSO_EINTERNAL;
	live_names.s = s;
	sqlite3_commit_hook(sso_store__db(s), names_on_commit, s);
	sqlite3_rollback_hook(sso_store__db(s), names_on_rollback, s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *key;

		if ((rc = sso_name_key(&key, sso_store__col(st, NAMES_C_NAME))) == SSO_EINPUT)
			continue; /* a stored name that is not UTF-8 is no one's key */
		if (rc < 0 || (rc = names_put(key, (long)sqlite3_column_int64(st, NAMES_C_ID))) < 0)
			break;
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : sso_store__error(s, rc, "reading names");
	sqlite3_reset(st);
	if (rc < 0)
		names_drop();
	return rc;
}

/* Organization id is now called name, in the open transaction: its key joins
 * the set if the set is read. Returns 0 or an error. */
static int names_add(sso_store *s, const char *name, long id)
{
	char *key;
	int rc;

	if (live_names.s != s || !name)
		return 0;
	if ((rc = sso_name_key(&key, name)) < 0)
		return rc == SSO_EINPUT ? 0 : rc;
	return names_put(key, id);
}

/* The name of organization id as stored, into buf, if it is live (pending or
 * active). Returns 1, 0 when it is not (or no longer: its document rolled
 * back), or a store error. */
static int live_name(sso_store *s, long id, char *buf, size_t cap)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_GET, SQL_ORG_GET);
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *status = sso_store__col(st, ORG_GET_C_STATUS);

		copy(buf, cap, sso_store__col(st, ORG_GET_C_NAME));
		rc = !strcmp(status, "pending") || !strcmp(status, "active");
	} else {
		rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading names");
	}
	sqlite3_reset(st);
	return rc;
}

/* Is name, or one that looks the same (the same NFKC key), used by another
 * live organization (not self)? Sets *other to it (0: none) and its name as
 * stored into as (cap bytes). */
static int name_taken(sso_store *s, const char *name, long self, long *other, char *as, size_t cap)
{
	char *key = NULL, *theirs = NULL;
	size_t at = 0;
	int rc;

	*other = 0;
	if (live_names.s != s && (rc = names_read(s)) < 0)
		return rc;
	if ((rc = sso_name_key(&key, name)) < 0)
		return rc;
	sso_strmap__get(&live_names.map, key, strlen(key), &at);
	for (; at && !*other && rc == 0; at = live_names.e[at - 1].next) {
		long id = live_names.e[at - 1].id;
		char theirs_as[512];

		if (id == self)
			continue;
		if ((rc = live_name(s, id, theirs_as, sizeof(theirs_as))) <= 0)
			continue; /* gone (its document rolled back) or ended, or an error */
		if ((rc = sso_name_key(&theirs, theirs_as)) == 0 && !strcmp(theirs, key)) {
			*other = id;
			copy(as, cap, theirs_as);
		}
		free(theirs);
		theirs = NULL;
		rc = rc == SSO_EINPUT ? 0 : rc;
	}
	free(key);
	return rc;
}

/* A name is free unless another live organization (not self) has it or one
 * that looks the same; the problem is reported at file:line. Returns 0,
 * SSO_EINPUT, or an error. */
static int name_free(sso_store *s, const char *name, long self, const char *file, unsigned line,
		     sso_diag *diag)
{
	char as[512];
	long other;
	int rc = name_taken(s, name, self, &other, as, sizeof(as));

	if (rc < 0)
		return rc;
	if (!other)
		return 0;
	if (strcmp(as, name))
		sso_diag_report(diag,
				"%s:%u: name %s is already used by " SSO_ORG_FMT
				" as %s: the two look alike and are one name (compared after "
				"Unicode NFKC normalization)",
				file, line, name, other, as);
	else
		sso_diag_report(diag, "%s:%u: name %s is already used by " SSO_ORG_FMT, file, line,
				name, other);
	return SSO_EINPUT;
}

#define CERTIFY_HINT " now: return the application to the sponsor for another name"

/* At certify time, the name is checked again: another application may have
 * taken it since this one was submitted. Returns 0, SSO_EREFUSED or an
 * error. */
static int name_still_free(sso_store *s, const char *name, long self, const char *hint)
{
	char as[512];
	long other;
	int rc = name_taken(s, name, self, &other, as, sizeof(as));

	if (rc < 0 || !other)
		return rc;
	return sso_error_set(SSO_EREFUSED, "the name %s is taken: " SSO_ORG_FMT " has %s%s%s", name,
			     other, strcmp(as, name) ? "one that looks the same, " : "it",
			     strcmp(as, name) ? as : "", hint);
}

static int step_sql(sso_store *s, sso_stmt_id id, const char *sql)
{
	sqlite3_stmt *st = sso_store__stmt(s, id, sql);

	return st ? sso_store__exec(s, st, "writing") : SSO_EINTERNAL;
}

/* Put an organization's three filing documents into its archive. */
static int archive_filing_docs(sso_store *s, long org, long app, const sso_orgdata *d,
			       const char *form_yaml, const char *form_kind, unsigned which)
{
	char *roster = NULL;
	int rc = 0;

	if (form_yaml)
		rc = sso_archive_put(NULL, s, org, form_kind, "form.yaml", form_yaml,
				     strlen(form_yaml), app);
	if (rc == 0 && (which & SSO_F_CHARTER) && d->charter)
		rc = sso_archive_put(NULL, s, org, "charter", "charter.txt", d->charter,
				     strlen(d->charter), app);
	if (rc == 0 && (which & SSO_F_MEMBERS) && d->nmembers) {
		if ((rc = sso_orgdata_roster_csv(&roster, d)) == 0)
			rc = sso_archive_put(NULL, s, org, "roster", "roster.csv", roster,
					     strlen(roster), app);
		free(roster);
	}
	return rc;
}

static int event(sso_store *s, const char *action, long org, long app, sso_json *j)
{
	char *details = NULL;
	int rc = sso_json__end(j, &details);

	if (rc == 0)
		rc = sso_event__append(s, action, org, app, details);
	free(details);
	return rc;
}

static int need_role(sso_store *s, sso_role role, const char *what)
{
	const sso_actor *a = sso_store_actor(s);

	if (a->role == SSO_ROLE_NONE)
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if (a->role != role)
		return sso_error_set(SSO_EREFUSED, "%s is for %s; you act as %s:%s", what,
				     sso_role_text(role), sso_role_name(a->role), a->name);
	return 0;
}

/* ---- submission ---- */

/* Refuse or reject one document: report it with its place. */
static int doc_problem(sso_diag *diag, const char *file, unsigned line, int rc)
{
	sso_diag_report(diag, "%s:%u: %s", file, line, sso_error_last());
	return rc;
}

/* Merge a change onto an organization's data and check the result as a
 * filing. The caller clears *merged. */
static int merge_change(sso_store *s, const orgrow *o, const sso_form *change, const char *file,
			sso_diag *diag, sso_form *merged)
{
	const sso_config *cfg = sso_store_config(s);
	const sso_community *now, *then;
	int rc;

	if ((rc = current_data(s, o, merged)) < 0)
		return rc;
	if ((rc = sso_orgdata_apply(&merged->data, &change->data)) < 0)
		return rc;
	now = sso_config_community(cfg, o->community);
	then = sso_config_community(cfg, merged->data.community);
	if (now && then && now->street != then->street) {
		sso_diag_report(diag,
				"%s:%u: a change cannot move %s to another street (%s to %s): "
				"terminate it and file anew there",
				file, change->line, o->name, now->street->name, then->street->name);
		return SSO_EINPUT;
	}
	return sso_orgdata_check(&merged->data, SSO_KIND_FILING, cfg, file, change->line, diag);
}

static int submit_filing(sso_store *s, sso_form *f, const char *yaml, const char *file,
			 sso_diag *diag, sso_submitted *item)
{
	sso_json j;
	int rc;

	if ((rc = name_free(s, f->data.name, 0, file, f->line, diag)) < 0)
		return rc;
	if ((rc = insert_org(s, &f->data, NULL, "pending", 0, &item->org)) < 0 ||
	    (rc = insert_app(s, SSO_KIND_FILING, item->org, yaml, &item->app)) < 0 ||
	    (rc = archive_filing_docs(s, item->org, item->app, &f->data, yaml, "filing_form",
				      SSO_F_CHARTER | SSO_F_MEMBERS)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "kind", "filing");
	sso_json__str(&j, "name", f->data.name);
	sso_json__str(&j, "state", "submitted");
	item->state = "submitted";
	return event(s, "submit", item->org, item->app, &j);
}

static int submit_group(sso_store *s, sso_form *f, const char *yaml, const char *file,
			sso_diag *diag, sso_submitted *item)
{
	sso_json j;
	int rc;

	if ((rc = name_free(s, f->data.name, 0, file, f->line, diag)) < 0)
		return rc;
	if ((rc = insert_org(s, &f->data, "group", "active", 1, &item->org)) < 0 ||
	    (rc = insert_version(s, item->org, 1, 0, yaml)) < 0 ||
	    (rc = archive_filing_docs(s, item->org, 0, &f->data, yaml, "group_form",
				      SSO_F_CHARTER | SSO_F_MEMBERS)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "kind", "group");
	sso_json__str(&j, "name", f->data.name);
	item->app = 0;
	item->state = "active";
	return event(s, "group", item->org, 0, &j);
}

/* A change or a termination needs a filed, active organization and no open
 * application of its kind. */
static int check_target(sso_store *s, const sso_form *f, const char *file, sso_diag *diag,
			orgrow *o)
{
	char state[16];
	long open;
	int rc = load_org(s, f->org, o);

	if (rc == SSO_ENOTFOUND) {
		sso_diag_report(diag, "%s:%u: %s", file, f->line, sso_error_last());
		return SSO_EINPUT;
	}
	if (rc < 0)
		return rc;
	if (strcmp(o->tier, "filed") || strcmp(o->status, "active")) {
		sso_error_set(SSO_EREFUSED,
			      SSO_ORG_FMT " is %s%s%s: a %s needs a filed, active organization",
			      o->id, o->status, o->tier[0] ? " and " : "", o->tier,
			      sso_form_kind_name(f->kind));
		return doc_problem(diag, file, f->line, SSO_EREFUSED);
	}
	if ((rc = open_app(s, o->id, f->kind, &open, state, sizeof(state))) < 0)
		return rc;
	if (open) {
		sso_error_set(SSO_EREFUSED,
			      SSO_ORG_FMT " already has an open %s application, " SSO_APP_FMT
					  " (%s): finish "
					  "it first",
			      o->id, sso_form_kind_name(f->kind), open, state);
		return doc_problem(diag, file, f->line, SSO_EREFUSED);
	}
	return 0;
}

static int submit_change(sso_store *s, sso_form *f, const char *yaml, const char *file,
			 sso_diag *diag, sso_submitted *item)
{
	sso_form merged;
	orgrow o;
	sso_json j;
	int rc;

	if ((rc = check_target(s, f, file, diag, &o)) < 0)
		return rc;
	rc = merge_change(s, &o, f, file, diag, &merged);
	if (rc == 0 && (f->data.has & SSO_F_NAME))
		rc = name_free(s, f->data.name, o.id, file, f->line, diag);
	sso_form_clear(&merged);
	if (rc < 0)
		return rc;
	item->org = o.id;
	if ((rc = insert_app(s, SSO_KIND_CHANGE, o.id, yaml, &item->app)) < 0 ||
	    (rc = archive_filing_docs(s, o.id, item->app, &f->data, yaml, "change_form",
				      f->data.has)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "kind", "change");
	sso_json__str(&j, "reason", f->reason);
	sso_json__str(&j, "state", "submitted");
	item->state = "submitted";
	return event(s, "submit", o.id, item->app, &j);
}

static int last_vote(sso_store *s, long org, sso_vote *v)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_VOTE_LAST, SQL_VOTE_LAST);
	int rc, found = 0;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *d = sso_store__col(st, VOTE_LAST_C_DATE);

		found = sso_date_parse(&v->date, d, strlen(d)) == 0;
		v->members = sqlite3_column_int(st, VOTE_LAST_C_MEMBERS);
		v->present = sqlite3_column_int(st, VOTE_LAST_C_PRESENT);
		v->in_favour = sqlite3_column_int(st, VOTE_LAST_C_IN_FAVOUR);
		v->against = sqlite3_column_int(st, VOTE_LAST_C_AGAINST);
		v->abstain = sqlite3_column_int(st, VOTE_LAST_C_ABSTAIN);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? found
						   : sso_store__error(s, rc, "reading votes");
	sqlite3_reset(st);
	return rc;
}

/* Record a vote of org and its event; reason (NULL: none) says why its
 * member count differs from the roster's, and goes into the event's details
 * (the nightly check reads it there). Returns 0 or a store error. */
static int insert_vote(sso_store *s, long org, const sso_vote *v, int passed, const char *reason)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_VOTE_INSERT, SQL_VOTE_INSERT);
	char date[11], day[11];
	sso_json j;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(v->date, date);
	day_text(s, day);
	sqlite3_bind_int64(st, 1, org);
	sso_store__bind_text(st, 2, date);
	sqlite3_bind_int(st, 3, v->members);
	sqlite3_bind_int(st, 4, v->present);
	sqlite3_bind_int(st, 5, v->in_favour);
	sqlite3_bind_int(st, 6, v->against);
	sqlite3_bind_int(st, 7, v->abstain);
	sqlite3_bind_int(st, 8, passed);
	sso_store__bind_text(st, 9, day);
	if ((rc = sso_store__exec(s, st, "recording a vote")) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "date", date);
	sso_json__int(&j, "members", v->members);
	sso_json__int(&j, "present", v->present);
	sso_json__int(&j, "for", v->in_favour);
	sso_json__int(&j, "against", v->against);
	sso_json__int(&j, "abstain", v->abstain);
	sso_json__int(&j, "passed", passed);
	if (reason)
		sso_json__str(&j, "reason", reason);
	return event(s, "vote", org, 0, &j);
}

/* A termination needs a filed, active organization and a vote that passes:
 * the form's own (recorded, passing or not) or the last one recorded. A
 * refusal is reported to diag; returns 0, SSO_EINPUT, SSO_EREFUSED or an error. */
static int submit_termination(sso_store *s, sso_form *f, const char *yaml, const char *file,
			      sso_diag *diag, sso_submitted *item)
{
	const sso_config *cfg = sso_store_config(s);
	sso_vote v;
	char why[256];
	orgrow o;
	sso_json j;
	int rc, passes;

	if ((rc = check_target(s, f, file, diag, &o)) < 0)
		return rc;
	if (f->has_vote) {
		v = f->vote;
	} else if ((rc = last_vote(s, o.id, &v)) <= 0) {
		if (rc < 0)
			return rc;
		sso_error_set(SSO_EREFUSED,
			      SSO_ORG_FMT
			      " has no recorded all-member vote: give vote: in the form, or "
			      "record it with sso-file vote",
			      o.id);
		return doc_problem(diag, file, f->line, SSO_EREFUSED);
	}
	passes = sso_vote_passes(cfg, &v, why, sizeof(why));
	if (f->has_vote && (rc = insert_vote(s, o.id, &v, passes, NULL)) < 0)
		return rc;
	if (!passes) {
		sso_error_set(SSO_EREFUSED, "the all-member vote does not pass: %s", why);
		return doc_problem(diag, file, f->line, SSO_EREFUSED);
	}
	item->org = o.id;
	if ((rc = insert_app(s, SSO_KIND_TERMINATION, o.id, yaml, &item->app)) < 0 ||
	    (rc = sso_archive_put(NULL, s, o.id, "termination_form", "termination.yaml", yaml,
				  strlen(yaml), item->app)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "kind", "termination");
	sso_json__str(&j, "reason", f->reason);
	sso_json__str(&j, "state", "submitted");
	item->state = "submitted";
	return event(s, "submit", o.id, item->app, &j);
}

static int submit_one(sso_store *s, sso_form *f, const char *file, sso_diag *diag,
		      sso_submitted *item)
{
	sso_role role = f->kind == SSO_KIND_GROUP ? SSO_ROLE_COMMITTEE : SSO_ROLE_SPONSOR;
	char what[64], *yaml = NULL;
	int rc;

	snprintf(what, sizeof(what), "submitting a %s",
		 f->kind == SSO_KIND_GROUP ? "community activity group"
					   : sso_form_kind_name(f->kind));
	if ((rc = need_role(s, role, what)) < 0)
		return rc == SSO_EREFUSED ? doc_problem(diag, file, f->line, rc) : rc;
	if ((rc = sso_form_yaml(&yaml, f)) < 0)
		return rc;
	switch (f->kind) {
	case SSO_KIND_FILING: rc = submit_filing(s, f, yaml, file, diag, item); break;
	case SSO_KIND_GROUP: rc = submit_group(s, f, yaml, file, diag, item); break;
	case SSO_KIND_CHANGE: rc = submit_change(s, f, yaml, file, diag, item); break;
	case SSO_KIND_TERMINATION: rc = submit_termination(s, f, yaml, file, diag, item); break;
	}
	free(yaml);
	return rc;
}

static int push_item(sso_submit_result *r, const sso_submitted *item, size_t *cap)
{
	if (r->count == *cap && SSO_GROW(r->items, *cap, *cap + 1, 64) < 0)
		return SSO_ENOMEM;
	r->items[r->count++] = *item;
	return 0;
}

/* Submit the documents of one input inside the open transaction. Returns 0,
 * or a negative code that ends the whole batch. */
static int submit_stream(sso_store *s, sso_input *in, const sso_submit_options *opts,
			 sso_diag *diag, sso_submit_result *result, size_t *cap)
{
	const char *file = sso_input_name(in);
	sso_yreader *r = NULL;
	sso_ydoc *doc = NULL;
	int rc;

	if ((rc = sso_yreader_new(&r, in)) < 0)
		return rc;
	for (;;) {
		sso_submitted item = {0, 0, NULL};
		sso_form f;

		rc = sso_yreader_next(&doc, r);
		if (rc == 0)
			break;
		if (rc == SSO_EINPUT) {
			/* the document cannot be read: report it; the stream ends here */
			sso_diag_report(diag, "%s", sso_error_last());
			result->documents++;
			result->bad++;
			rc = 0;
			break;
		}
		if (rc < 0)
			break;
		if (sso_ynode_is_null(sso_ydoc_root(doc))) {
			sso_ydoc_free(doc); /* an empty document between two --- */
			doc = NULL;
			continue;
		}
		result->documents++;
		rc = sso_form_read(&f, doc, sso_store_config(s), sso_store_today(s), diag);
		if (rc == 0 && (rc = step_sql(s, STMT_LIFECYCLE_SAVEPOINT, SQL_SAVEPOINT)) == 0) {
			rc = submit_one(s, &f, file, diag, &item);
			if (rc == 0) {
				rc = step_sql(s, STMT_LIFECYCLE_RELEASE, SQL_RELEASE);
			} else if (rc == SSO_EINPUT || rc == SSO_EREFUSED) {
				int r2 = step_sql(s, STMT_LIFECYCLE_ROLLBACK_TO, SQL_ROLLBACK_TO);

				if (r2 == 0)
					r2 = step_sql(s, STMT_LIFECYCLE_RELEASE, SQL_RELEASE);
				if (r2 < 0)
					rc = r2;
			}
		}
		sso_form_clear(&f);
		sso_ydoc_free(doc);
		doc = NULL;
		if (opts->progress)
			opts->progress(opts->payload, result->documents);
		if (rc == SSO_EINPUT)
			result->bad++;
		else if (rc == SSO_EREFUSED)
			result->refused++;
		else if (rc < 0 || (rc = push_item(result, &item, cap)) < 0)
			break;
		rc = 0;
	}
	sso_ydoc_free(doc);
	sso_yreader_free(r);
	return rc;
}

int sso_submit(sso_store *s, sso_input **ins, size_t n, const sso_submit_options *opts,
	       sso_diag *diag, sso_submit_result *result)
{
	size_t cap = 0;
	int rc;

	assert(s && (ins || !n) && opts && diag && result);
	memset(result, 0, sizeof(*result));
	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if ((rc = sso_store_begin(s)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = submit_stream(s, ins[i], opts, diag, result, &cap)) < 0) {
			sso_store_rollback(s);
			result->count = 0;
			return rc;
		}
	if ((result->bad || result->refused) && !opts->keep_going) {
		sso_store_rollback(s);
		result->count = 0;
		return 0;
	}
	if ((rc = sso_store_commit(s)) < 0) {
		result->count = 0;
		return rc;
	}
	result->written = result->count;
	return 0;
}

void sso_submit_result_clear(sso_submit_result *r)
{
	if (!r)
		return;
	free(r->items);
	memset(r, 0, sizeof(*r));
}

/* ---- steps ---- */

static int set_state(sso_store *s, long app, sso_app_state to, const char *reason,
		     const char *notice_start, const char *notice_end)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_APP_SET, SQL_APP_SET);
	char day[11];

	if (!st)
		return SSO_EINTERNAL;
	day_text(s, day);
	sqlite3_bind_int64(st, 1, app);
	sso_store__bind_text(st, 2, sso_app_state_name(to));
	sso_store__bind_text(st, 3, reason);
	sso_store__bind_text(st, 4, day);
	sso_store__bind_text(st, 5, notice_start);
	sso_store__bind_text(st, 6, notice_end);
	return sso_store__exec(s, st, "updating an application");
}

static const char *action_zh(sso_form_kind kind)
{
	return kind == SSO_KIND_FILING ? "备案" : kind == SSO_KIND_CHANGE ? "变更备案" : "终止";
}

/* Start the notice: fill the configured template (out->notice, the caller
 * frees it), set the notice dates and archive the notice. */
static int publish(sso_store *s, const approw *a, const orgrow *o, sso_step_result *out)
{
	const sso_config *cfg = sso_store_config(s);
	const sso_community *c = sso_config_community(cfg, o->community);
	sso_date today = sso_store_today(s), end = today + cfg->notice_days;
	char start[11], endt[11], app[16], org[16], days[16];
	const char *names[] = {"action",    "name",           "org",    "app",
			       "community", "community_name", "street", "street_name",
			       "district",  "district_name",  "start",  "end",
			       "scope",     "venue",          "days"};
	sso_form data;
	int rc;

	sso_date_format(today, start);
	if (end > sso_date_from_ymd(9999, 12, 31))
		return sso_error_set(SSO_EREFUSED,
				     "a notice of %d days from %s would end after 9999-12-31, the "
				     "last date sso keeps: nothing was published",
				     cfg->notice_days, start);
	sso_date_format(end, endt);
	sso_id_format(app, sizeof(app), "APP", a->id);
	sso_id_format(org, sizeof(org), "ORG", o->id);
	snprintf(days, sizeof(days), "%d", cfg->notice_days);
	if ((rc = current_data(s, o, &data)) < 0)
		return rc;
	{
		const char *values[] = {action_zh(a->kind),
					o->name,
					org,
					app,
					o->community,
					c ? c->name : o->community,
					o->street,
					c ? c->street->name : o->street,
					o->district,
					c ? c->street->district->name : o->district,
					start,
					endt,
					data.data.scope ? data.data.scope : "",
					data.data.venue ? data.data.venue : "",
					days};

		rc = sso_template__fill(&out->notice, cfg->notice_template, names, values,
					sizeof(names) / sizeof(*names));
	}
	sso_form_clear(&data);
	if (rc < 0)
		return rc;
	memcpy(out->notice_end, endt, sizeof(endt));
	if ((rc = set_state(s, a->id, SSO_IN_NOTICE, NULL, start, endt)) < 0)
		return rc;
	return sso_archive_put(NULL, s, o->id, "notice", "notice.txt", out->notice,
			       strlen(out->notice), a->id);
}

/* The next certificate number from the configured pattern, numbered within
 * what the pattern distinguishes (street, district, community, year). */
static int certificate_number(sso_store *s, const orgrow *o, char *buf, size_t cap)
{
	const sso_config *cfg = sso_store_config(s);
	const char *pat = cfg->certificate_pattern;
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_COUNTER, SQL_COUNTER);
	char key[256], year[8], seq[24], *num = NULL;
	const char *names[] = {"street", "district", "community", "year", "seq"};
	int y, rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_date_ymd(sso_store_today(s), &y, NULL, NULL);
	snprintf(year, sizeof(year), "%d", y);
	/* number within what the pattern distinguishes, so numbers never repeat */
	snprintf(key, sizeof(key), "certificate|%s|%s|%s|%s",
		 strstr(pat, "{street") ? o->street : "",
		 strstr(pat, "{district") ? o->district : "",
		 strstr(pat, "{community") ? o->community : "", strstr(pat, "{year") ? year : "");
	sso_store__bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = sso_store__error(s, rc, "numbering the certificate");
		sqlite3_reset(st);
		return rc;
	}
	snprintf(seq, sizeof(seq), "%lld", (long long)sqlite3_column_int64(st, COUNTER_C_VALUE));
	sqlite3_reset(st);
	/* the counter's table has no rowid: the event log is told by hand */
	if ((rc = sso_replay__touch_counter(s, key)) < 0)
		return rc;
	{
		const char *values[] = {o->street, o->district, o->community, year, seq};

		if ((rc = sso_template__fill(&num, pat, names, values, 5)) < 0)
			return rc;
	}
	copy(buf, cap, num);
	free(num);
	return 0;
}

/* Certify a filing: its data becomes version 1 (or the next), the
 * organization is filed with a certificate, and the certificate, form,
 * charter and roster go into its archive. */
static int certify_filing(sso_store *s, const approw *a, const orgrow *o, sso_step_result *out)
{
	sqlite3_stmt *st;
	sso_form f;
	char day[11], *text = NULL;
	size_t len = 0;
	FILE *fp;
	int rc, version = o->version + 1;

	if ((rc = sso_form_from_yaml(&f, a->data, "application")) < 0)
		return rc;
	if ((rc = name_still_free(s, f.data.name, o->id, CERTIFY_HINT)) < 0 ||
	    (rc = certificate_number(s, o, out->certificate, sizeof(out->certificate))) < 0)
		goto done;
	day_text(s, day);
	if ((rc = insert_version(s, o->id, version, a->id, a->data)) < 0 ||
	    (rc = write_summary(s, o->id, &f.data, NULL)) < 0)
		goto done;
	if (!(st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_FILED, SQL_ORG_FILED))) {
		rc = SSO_EINTERNAL;
		goto done;
	}
	sqlite3_bind_int64(st, 1, o->id);
	sso_store__bind_text(st, 2, out->certificate);
	sso_store__bind_text(st, 3, day);
	sqlite3_bind_int(st, 4, version);
	if ((rc = sso_store__exec(s, st, "filing an organization")) < 0)
		goto done;
	/* 备案证书, and the certified charter, form and roster (Tianjin 第二条（三）) */
	if (!(fp = open_memstream(&text, &len))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	fprintf(fp, "社区社会组织备案证书\n证书编号：%s\n名称：%s\n备案日期：%s\n",
		out->certificate, f.data.name, day);
	fclose(fp);
	rc = sso_archive_put(NULL, s, o->id, "certificate", "certificate.txt", text, len, a->id);
	if (rc == 0)
		rc = archive_filing_docs(s, o->id, a->id, &f.data, a->data, "filing_form",
					 SSO_F_CHARTER | SSO_F_MEMBERS);
done:
	free(text);
	sso_form_clear(&f);
	return rc;
}

/* Certify a change: merged onto the current data (and checked again: the
 * configuration may have changed), it becomes the next version. Refused if
 * the organization ended meanwhile or the change no longer fits. */
static int certify_change(sso_store *s, const approw *a, const orgrow *o)
{
	sso_form change, merged;
	sso_diag diag = {NULL, NULL, 0};
	char *yaml = NULL, id[32];
	sqlite3_stmt *st;
	int rc;

	memset(&merged, 0, sizeof(merged));
	if (strcmp(o->status, "active")) {
		return sso_error_set(SSO_EREFUSED,
				     SSO_ORG_FMT " is %s: its change cannot take effect", o->id,
				     o->status);
	}
	if ((rc = sso_form_from_yaml(&change, a->data, "application")) < 0)
		return rc;
	sso_id_format(id, sizeof(id), "APP", a->id);
	rc = merge_change(s, o, &change, id, &diag, &merged);
	if (rc == SSO_EINPUT)
		rc = sso_error_set(SSO_EREFUSED, "the change no longer fits the rules (the "
						 "configuration changed?): "
						 "return it to the sponsor");
	if (rc == 0 && (change.data.has & SSO_F_NAME))
		rc = name_still_free(s, merged.data.name, o->id, CERTIFY_HINT);
	if (rc < 0)
		goto done;
	merged.kind = SSO_KIND_FILING;
	if ((rc = sso_form_yaml(&yaml, &merged)) < 0 ||
	    (rc = insert_version(s, o->id, o->version + 1, a->id, yaml)) < 0 ||
	    /* the stage is the street's to set (sso-file stage): a change that
	     * does not name one keeps the one the organization has */
	    (rc = write_summary(s, o->id, &merged.data,
				(change.data.has & SSO_F_STAGE) ? NULL : o->stage)) < 0)
		goto done;
	if (!(st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_VERSION, SQL_ORG_VERSION))) {
		rc = SSO_EINTERNAL;
		goto done;
	}
	sqlite3_bind_int64(st, 1, o->id);
	sqlite3_bind_int(st, 2, o->version + 1);
	if ((rc = sso_store__exec(s, st, "updating an organization")) < 0)
		goto done;
	rc = archive_filing_docs(s, o->id, a->id, &merged.data, yaml, "filing_form",
				 change.data.has);
done:
	free(yaml);
	sso_form_clear(&change);
	sso_form_clear(&merged);
	return rc;
}

static int end_org(sso_store *s, long org, long app, const char *status, const char *why)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_END, SQL_ORG_END);
	char day[11];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	day_text(s, day);
	sqlite3_bind_int64(st, 1, org);
	sso_store__bind_text(st, 2, status);
	sso_store__bind_text(st, 3, day);
	if ((rc = sso_store__exec(s, st, "ending an organization")) < 0)
		return rc;
	if (!(st = sso_store__stmt(s, STMT_LIFECYCLE_APPS_CLOSE, SQL_APPS_CLOSE)))
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	sso_store__bind_text(st, 2, why);
	sso_store__bind_text(st, 3, day);
	sqlite3_bind_int64(st, 4, app);
	return sso_store__exec(s, st, "closing applications");
}

static int certify(sso_store *s, const approw *a, const orgrow *o, sso_step_result *out)
{
	switch (a->kind) {
	case SSO_KIND_FILING: return certify_filing(s, a, o, out);
	case SSO_KIND_CHANGE: return certify_change(s, a, o);
	default: break;
	}
	if (strcmp(o->status, "active"))
		return sso_error_set(SSO_EREFUSED, SSO_ORG_FMT " is already %s", o->id, o->status);
	{
		sso_form f;
		int rc = sso_form_from_yaml(&f, a->data, "application");

		if (rc < 0)
			return rc;
		copy(out->commendation, sizeof(out->commendation), f.commendation);
		sso_form_clear(&f);
	}
	return end_org(s, o->id, a->id, "terminated", "organization terminated");
}

static int parse_app(const char *text, long *id)
{
	return sso_id_parse(id, text, "APP");
}

/* What a step needs before the store is touched: an actor, and a reason for
 * return, reject and object. Returns 0 or SSO_EUSAGE. */
static int step_usage(sso_store *s, sso_step step, const char *reason)
{
	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if (sso_step_needs_reason(step) && sso_blank(reason))
		return sso_error_set(SSO_EUSAGE, "%s needs a reason", sso_step_name(step));
	return sso_text_visible(reason, "the reason", 1, SSO_EUSAGE);
}

/* The notice period: an objection only through its last day, a certificate
 * only after it. Other steps pass. Returns 0 or SSO_EREFUSED. */
static int check_notice(const approw *a, sso_step step, sso_date today)
{
	sso_date end;

	if (step != SSO_STEP_OBJECT && step != SSO_STEP_CERTIFY)
		return 0;
	if (sso_date_parse(&end, a->notice_end, strlen(a->notice_end)) < 0)
		return sso_error_set(SSO_EINTERNAL, SSO_APP_FMT " has no notice end date", a->id);
	if (step == SSO_STEP_OBJECT && today > end)
		return sso_error_set(SSO_EREFUSED,
				     SSO_APP_FMT ": the notice ended on %s; objections are taken "
						 "during the notice only",
				     a->id, a->notice_end);
	if (step == SSO_STEP_CERTIFY && today <= end) {
		char next[11];

		sso_date_format(end + 1, next);
		return sso_error_set(SSO_EREFUSED,
				     SSO_APP_FMT " is in notice until %s: it can be certified "
						 "from %s",
				     a->id, a->notice_end, next);
	}
	return 0;
}

/* A first filing rejected: the organization never came to be. */
static int reject_pending_org(sso_store *s, long org)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_REJECTED, SQL_ORG_REJECTED);
	char day[11];

	if (!st)
		return SSO_EINTERNAL;
	day_text(s, day);
	sqlite3_bind_int64(st, 1, org);
	sso_store__bind_text(st, 2, day);
	return sso_store__exec(s, st, "updating an organization");
}

/* Do what the step does, in the open transaction: publish the notice,
 * certify, or move the state (a rejected first filing ends its organization). */
static int apply_step(sso_store *s, const approw *a, const orgrow *o, sso_step step,
		      sso_app_state to, const char *reason, sso_step_result *out)
{
	int rc;

	switch (step) {
	case SSO_STEP_PUBLISH: return publish(s, a, o, out);
	case SSO_STEP_CERTIFY:
		rc = certify(s, a, o, out);
		return rc == 0 ? set_state(s, a->id, to, NULL, NULL, NULL) : rc;
	default:
		rc = set_state(s, a->id, to, reason, NULL, NULL);
		if (rc == 0 && step == SSO_STEP_REJECT && a->kind == SSO_KIND_FILING)
			rc = reject_pending_org(s, o->id);
		return rc;
	}
}

/* Record the step's event: kind, from, to, and what the step produced. */
static int step_event(sso_store *s, const approw *a, sso_step step, sso_app_state to,
		      const char *reason, const sso_step_result *out)
{
	sso_json j;
	int rc;

	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__str(&j, "kind", sso_form_kind_name(a->kind));
	sso_json__str(&j, "from", sso_app_state_name(a->state));
	sso_json__str(&j, "state", sso_app_state_name(to));
	if (reason)
		sso_json__str(&j, "reason", reason);
	if (out->notice_end[0])
		sso_json__str(&j, "notice_end", out->notice_end);
	if (out->certificate[0])
		sso_json__str(&j, "certificate", out->certificate);
	if (out->commendation[0])
		sso_json__str(&j, "commendation", out->commendation);
	return event(s, sso_step_name(step), a->org, a->id, &j);
}

int sso_app_step(sso_store *s, const char *app, sso_step step, const char *reason,
		 sso_step_result *out)
{
	sso_app_state to;
	approw a = {0};
	orgrow o;
	long id;
	int rc;

	assert(s && app && out && (unsigned)step < SSO_STEPS);
	memset(out, 0, sizeof(*out));
	if ((rc = parse_app(app, &id)) < 0 || (rc = step_usage(s, step, reason)) < 0)
		return rc;
	if ((rc = sso_store_begin(s)) < 0)
		return rc;
	if ((rc = load_app(s, id, &a)) < 0 || (rc = load_org(s, a.org, &o)) < 0)
		goto fail;
	if ((rc = sso_lifecycle_rule(a.state, step, sso_store_actor(s)->role, &to)) < 0) {
		sso_error_prefix(SSO_APP_FMT ": ", a.id);
		goto fail;
	}
	if ((rc = check_notice(&a, step, sso_store_today(s))) < 0)
		goto fail;
	out->app = a.id;
	out->org = o.id;
	out->state = to;
	if ((rc = apply_step(s, &a, &o, step, to, reason, out)) < 0 ||
	    (rc = step_event(s, &a, step, to, reason, out)) < 0)
		goto fail;
	rc = sso_store_commit(s);
	free(a.data);
	return rc;
fail:
	sso_store_rollback(s);
	free(a.data);
	free(out->notice);
	out->notice = NULL;
	return rc;
}

void sso_step_result_clear(sso_step_result *r)
{
	if (!r)
		return;
	free(r->notice);
	memset(r, 0, sizeof(*r));
}

/* Read the one form of in (partial: a form that need not be complete).
 * Problems go to diag. */
static int read_one_form(sso_store *s, sso_input *in, sso_diag *diag, sso_form *f, int partial)
{
	sso_yreader *r = NULL;
	sso_ydoc *doc = NULL, *more = NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = sso_yreader_new(&r, in)) < 0)
		return rc;
	rc = sso_yreader_next(&doc, r);
	if (rc == 0)
		rc = sso_error_set(SSO_EINPUT, "%s: holds no form", sso_input_name(in));
	if (rc == 1 && sso_yreader_next(&more, r) != 0)
		rc = sso_error_set(SSO_EINPUT, "%s: holds more than one form; give one",
				   sso_input_name(in));
	if (rc == SSO_EINPUT) {
		sso_diag_report(diag, "%s", sso_error_last());
	} else if (rc == 1) {
		rc = (partial ? sso_form_read_partial : sso_form_read)(f, doc, sso_store_config(s),
								       sso_store_today(s), diag);
	}
	sso_ydoc_free(doc);
	sso_ydoc_free(more);
	sso_yreader_free(r);
	return rc;
}

/* The corrected form must be of the application's kind and, for a change
 * or a termination, of its organization. Returns 0 or SSO_EINPUT (reported). */
static int resubmit_matches(const approw *a, const sso_form *f, const char *file, sso_diag *diag)
{
	if (f->kind == a->kind && (a->kind == SSO_KIND_FILING || f->org == a->org))
		return 0;
	sso_error_set(SSO_EINPUT,
		      "%s:%u: " SSO_APP_FMT " is a %s of " SSO_ORG_FMT "; the form must be too",
		      file, f->line, a->id, sso_form_kind_name(a->kind), a->org);
	sso_diag_report(diag, "%s", sso_error_last());
	return SSO_EINPUT;
}

/* A resubmitted termination still needs a vote that passes: the form's own
 * (recorded now) or the last one recorded. Returns 0 or SSO_EREFUSED. */
static int resubmit_vote(sso_store *s, const orgrow *o, const sso_form *f)
{
	sso_vote v = f->vote;
	char why[256];
	int rc;

	if (!f->has_vote && (rc = last_vote(s, o->id, &v)) <= 0)
		return rc < 0 ? rc
			      : sso_error_set(SSO_EREFUSED, SSO_ORG_FMT " has no recorded vote",
					      o->id);
	if (!sso_vote_passes(sso_store_config(s), &v, why, sizeof(why)))
		return sso_error_set(SSO_EREFUSED, "the all-member vote does not pass: %s", why);
	return f->has_vote ? insert_vote(s, o->id, &v, 1, NULL) : 0;
}

/* What the corrected form must satisfy, by kind: a filing's name still free,
 * a change that still fits onto the organization (merged, which the caller
 * clears), a termination's vote. */
static int resubmit_check(sso_store *s, const approw *a, const orgrow *o, const sso_form *f,
			  const char *file, sso_diag *diag, sso_form *merged)
{
	switch (a->kind) {
	case SSO_KIND_FILING: return name_free(s, f->data.name, o->id, file, f->line, diag);
	case SSO_KIND_CHANGE: return merge_change(s, o, f, file, diag, merged);
	default: return resubmit_vote(s, o, f);
	}
}

/* Replace the application's form with yaml. */
static int store_app_data(sso_store *s, long app, const char *yaml)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_LIFECYCLE_APP_DATA, SQL_APP_DATA);

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, app);
	sso_store__bind_text(st, 2, yaml);
	return sso_store__exec(s, st, "updating an application");
}

/* Archive the corrected form (and a filing's charter and roster, a change's
 * changed documents). */
static int resubmit_archive(sso_store *s, const approw *a, const sso_form *f, const char *yaml)
{
	if (a->kind == SSO_KIND_TERMINATION)
		return sso_archive_put(NULL, s, a->org, "termination_form", "termination.yaml",
				       yaml, strlen(yaml), a->id);
	return archive_filing_docs(s, a->org, a->id, &f->data, yaml,
				   a->kind == SSO_KIND_FILING ? "filing_form" : "change_form",
				   a->kind == SSO_KIND_FILING ? SSO_F_CHARTER | SSO_F_MEMBERS
							      : f->data.has);
}

/* Write the corrected form in the open transaction: its data, a pending
 * organization's summary, the state, the archive and the event. */
static int resubmit_write(sso_store *s, const approw *a, const orgrow *o, const sso_form *f,
			  sso_app_state to)
{
	char *yaml = NULL;
	sso_json j;
	int rc;

	if ((rc = sso_form_yaml(&yaml, f)) < 0)
		return rc;
	if ((rc = store_app_data(s, a->id, yaml)) < 0)
		goto done;
	if (a->kind == SSO_KIND_FILING && o->version == 0 &&
	    (rc = write_summary(s, o->id, &f->data, NULL)) < 0)
		goto done;
	if ((rc = set_state(s, a->id, to, NULL, NULL, NULL)) < 0 ||
	    (rc = resubmit_archive(s, a, f, yaml)) < 0 || (rc = sso_json__begin(&j)) < 0)
		goto done;
	sso_json__str(&j, "kind", sso_form_kind_name(a->kind));
	sso_json__str(&j, "from", sso_app_state_name(a->state));
	sso_json__str(&j, "state", sso_app_state_name(to));
	rc = event(s, "resubmit", o->id, a->id, &j);
done:
	free(yaml);
	return rc;
}

int sso_app_resubmit(sso_store *s, const char *app, sso_input *in, sso_diag *diag,
		     sso_step_result *out)
{
	sso_app_state to;
	sso_form f, merged;
	approw a = {0};
	orgrow o;
	long id;
	int rc;

	assert(s && app && in && diag && out);
	memset(out, 0, sizeof(*out));
	memset(&merged, 0, sizeof(merged));
	memset(&f, 0, sizeof(f));
	if ((rc = parse_app(app, &id)) < 0)
		return rc;
	if ((rc = read_one_form(s, in, diag, &f, 0)) < 0)
		goto out;
	if ((rc = sso_store_begin(s)) < 0)
		goto out;
	if ((rc = load_app(s, id, &a)) < 0 || (rc = load_org(s, a.org, &o)) < 0)
		goto fail;
	if ((rc = sso_lifecycle_rule(a.state, SSO_STEP_RESUBMIT, sso_store_actor(s)->role, &to)) <
	    0) {
		sso_error_prefix(SSO_APP_FMT ": ", a.id);
		goto fail;
	}
	if ((rc = resubmit_matches(&a, &f, sso_input_name(in), diag)) < 0 ||
	    (rc = resubmit_check(s, &a, &o, &f, sso_input_name(in), diag, &merged)) < 0 ||
	    (rc = resubmit_write(s, &a, &o, &f, to)) < 0)
		goto fail;
	if ((rc = sso_store_commit(s)) < 0)
		goto out;
	out->app = a.id;
	out->org = o.id;
	out->state = to;
	goto out;
fail:
	sso_store_rollback(s);
out:
	free(a.data);
	sso_form_clear(&f);
	sso_form_clear(&merged);
	return rc;
}

/* ---- organization steps ---- */

/* Begin, load the organization and check the role. */
static int org_begin(sso_store *s, const char *org, sso_role role, const char *what, orgrow *o)
{
	int rc;

	if (!sso_store__actor_text(s))
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if ((rc = need_role(s, role, what)) < 0)
		return rc;
	if ((rc = sso_store_begin(s)) < 0)
		return rc;
	if ((rc = load_org_text(s, org, o)) < 0)
		sso_store_rollback(s);
	return rc;
}

static int org_finish(sso_store *s, int rc, const char *action, long org, sso_json *j)
{
	if (rc == 0)
		rc = event(s, action, org, 0, j);
	else
		sso_json__abandon(j);
	if (rc == 0)
		return sso_store_commit(s);
	sso_store_rollback(s);
	return rc;
}

static int refuse_unless_filed(const orgrow *o, const char *what)
{
	if (strcmp(o->status, "active") || strcmp(o->tier, "filed"))
		return sso_error_set(SSO_EREFUSED,
				     SSO_ORG_FMT
				     " is %s%s%s: %s needs a filed, active organization",
				     o->id, o->status, o->tier[0] ? " and " : "", o->tier, what);
	return 0;
}

int sso_vote_record(sso_store *s, const char *org, const sso_vote *v, int *passed, char *why,
		    size_t cap)
{
	return sso_vote_record_reason(s, org, v, NULL, passed, why, cap);
}

int sso_vote_record_reason(sso_store *s, const char *org, const sso_vote *v, const char *reason,
			   int *passed, char *why, size_t cap)
{
	orgrow o;
	int rc;

	assert(s && org && v && passed);
	*passed = 0;
	if ((rc = sso_vote_check(NULL, v)) < 0)
		return rc;
	if (v->date > sso_store_today(s))
		return sso_error_set(SSO_EINPUT, "the vote's date is in the future");
	if (reason && sso_blank(reason))
		return sso_error_set(SSO_EUSAGE, "--reason is empty: say why the members differ "
						 "from the roster, or leave it out");
	if ((rc = sso_text_visible(reason, "the reason", 1, SSO_EUSAGE)) < 0)
		return rc;
	if ((rc = org_begin(s, org, SSO_ROLE_SPONSOR, "recording the all-member vote", &o)) < 0)
		return rc;
	if ((rc = refuse_unless_filed(&o, "a termination vote")) < 0) {
		sso_store_rollback(s);
		return rc;
	}
	*passed = sso_vote_passes(sso_store_config(s), v, why, cap);
	rc = insert_vote(s, o.id, v, *passed, reason);
	if (rc == 0) {
		char *text = NULL, date[11];
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);

		if (!fp) {
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
		} else {
			sso_date_format(v->date, date);
			fprintf(fp,
				"全体成员会议表决记录\n日期：%s\n成员：%d\n出席：%d\n赞成：%"
				"d\n反对：%d\n"
				"弃权：%d\n结果：%s\n",
				date, v->members, v->present, v->in_favour, v->against, v->abstain,
				*passed ? "通过" : "未通过");
			if (reason)
				fprintf(fp, "说明：%s\n", reason);
			fclose(fp);
			rc = sso_archive_put(NULL, s, o.id, "vote", "vote.txt", text, len, 0);
			free(text);
		}
	}
	if (rc == 0)
		return sso_store_commit(s);
	sso_store_rollback(s);
	return rc;
}

int sso_org_revoke(sso_store *s, const char *org, const char *reason)
{
	orgrow o;
	sso_json j;
	int rc;

	assert(s && org);
	if (sso_blank(reason))
		return sso_error_set(SSO_EUSAGE, "revoke needs a reason (--reason)");
	if ((rc = sso_text_visible(reason, "the reason", 1, SSO_EUSAGE)) < 0)
		return rc;
	if ((rc = org_begin(s, org, SSO_ROLE_STREET, "revoking a filing", &o)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0) {
		sso_store_rollback(s);
		return rc;
	}
	rc = refuse_unless_filed(&o, "revocation");
	if (rc == 0)
		rc = end_org(s, o.id, 0, "revoked", "organization revoked");
	if (rc == 0) {
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);

		if (!fp) {
			rc = sso_error_set(SSO_ENOMEM, "out of memory");
		} else {
			char day[11];

			day_text(s, day);
			fprintf(fp,
				"处理结果：撤销备案\n组织：%s（" SSO_ORG_FMT
				"）\n日期：%s\n原因：%s\n",
				o.name, o.id, day, reason);
			fclose(fp);
			rc = sso_archive_put(NULL, s, o.id, "handling", "handling.txt", text, len,
					     0);
			free(text);
		}
	}
	sso_json__str(&j, "reason", reason);
	sso_json__str(&j, "status", "revoked");
	return org_finish(s, rc, "revoke", o.id, &j);
}

int sso_org_refer(sso_store *s, const char *org)
{
	sqlite3_stmt *st;
	orgrow o;
	sso_json j;
	char day[11];
	int rc;

	assert(s && org);
	if ((rc = org_begin(s, org, SSO_ROLE_STREET, "referring to the district", &o)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0) {
		sso_store_rollback(s);
		return rc;
	}
	rc = refuse_unless_filed(&o, "referral for registration");
	if (rc == 0 && strcmp(o.stage, "mature"))
		rc = sso_error_set(SSO_EREFUSED,
				   SSO_ORG_FMT " is %s: only a mature organization is referred for "
					       "registration (sso-file stage ORG mature)",
				   o.id, o.stage);
	if (rc == 0 && o.referred_on[0])
		rc = sso_error_set(SSO_EREFUSED, SSO_ORG_FMT " was referred on %s already", o.id,
				   o.referred_on);
	day_text(s, day);
	if (rc == 0 && !(st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_REFER, SQL_ORG_REFER)))
		rc = SSO_EINTERNAL;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, o.id);
		sso_store__bind_text(st, 2, day);
		rc = sso_store__exec(s, st, "referring an organization");
	}
	if (rc == 0)
		rc = sso_archive_put(NULL, s, o.id, "referral", "referral.txt", o.name,
				     strlen(o.name), 0);
	sso_json__str(&j, "referred_on", day);
	return org_finish(s, rc, "refer", o.id, &j);
}

int sso_org_register(sso_store *s, const char *org, const char *uscc)
{
	sqlite3_stmt *st;
	orgrow o;
	sso_json j;
	char day[11], want;
	int rc;

	assert(s && org);
	if (!uscc || !*uscc)
		return sso_error_set(SSO_EUSAGE, "register needs --uscc CODE");
	if (sso_uscc_check(uscc) < 0)
		return sso_error_set(SSO_EINPUT, "--uscc %s: %s", uscc, sso_error_last());
	if ((rc = org_begin(s, org, SSO_ROLE_DISTRICT, "registration", &o)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0) {
		sso_store_rollback(s);
		return rc;
	}
	want = !strcmp(o.form, "social_group") ? '1' : !strcmp(o.form, "service_org") ? '2' : '3';
	if (strcmp(o.status, "active") || strcmp(o.tier, "filed"))
		rc = refuse_unless_filed(&o, "registration");
	else if (!o.referred_on[0])
		rc = sso_error_set(SSO_EREFUSED,
				   SSO_ORG_FMT
				   " was not referred by its street office (sso-file refer)",
				   o.id);
	else if (uscc[0] != '5' || uscc[1] != want)
		rc = sso_error_set(SSO_EINPUT,
				   "--uscc %s: a %s registered by civil affairs has a code that "
				   "begins with 5%c",
				   uscc, o.form, want);
	if (rc == 0 && !(st = sso_store__stmt(s, STMT_LIFECYCLE_USCC_TAKEN, SQL_USCC_TAKEN)))
		rc = SSO_EINTERNAL;
	if (rc == 0) {
		sso_store__bind_text(st, 1, uscc);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			rc = sso_error_set(SSO_EINPUT,
					   "--uscc %s is already the code of " SSO_ORG_FMT, uscc,
					   (long)sqlite3_column_int64(st, TAKEN_C_ID));
		else
			rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading codes");
		sqlite3_reset(st);
	}
	day_text(s, day);
	if (rc == 0 && !(st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_REGISTER, SQL_ORG_REGISTER)))
		rc = SSO_EINTERNAL;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, o.id);
		sso_store__bind_text(st, 2, uscc);
		sso_store__bind_text(st, 3, day);
		rc = sso_store__exec(s, st, "registering an organization");
	}
	if (rc == 0)
		rc = sso_archive_put(NULL, s, o.id, "registration", "registration.txt", uscc,
				     strlen(uscc), 0);
	sso_json__str(&j, "uscc", uscc);
	sso_json__str(&j, "tier", "registered");
	return org_finish(s, rc, "register", o.id, &j);
}

int sso_org_stage(sso_store *s, const char *org, sso_stage stage)
{
	sqlite3_stmt *st;
	orgrow o;
	sso_json j;
	int rc;

	assert(s && org);
	if ((rc = org_begin(s, org, SSO_ROLE_STREET, "classifying a stage", &o)) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0) {
		sso_store_rollback(s);
		return rc;
	}
	if (strcmp(o.status, "active"))
		rc = sso_error_set(SSO_EREFUSED, SSO_ORG_FMT " is %s", o.id, o.status);
	if (rc == 0 && !(st = sso_store__stmt(s, STMT_LIFECYCLE_ORG_STAGE, SQL_ORG_STAGE)))
		rc = SSO_EINTERNAL;
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, o.id);
		sso_store__bind_text(st, 2, sso_stage_name(stage));
		rc = sso_store__exec(s, st, "classifying an organization");
	}
	sso_json__str(&j, "from", o.stage);
	sso_json__str(&j, "stage", sso_stage_name(stage));
	return org_finish(s, rc, "stage", o.id, &j);
}

int sso_org_promote(sso_store *s, const char *group, sso_input *overlay, sso_diag *diag,
		    sso_step_result *out)
{
	const sso_config *cfg = sso_store_config(s);
	sso_form data, extra;
	char state[16], *yaml = NULL, where[32];
	orgrow o;
	sso_json j;
	long open;
	int rc;

	assert(s && group && diag && out);
	memset(out, 0, sizeof(*out));
	memset(&data, 0, sizeof(data));
	memset(&extra, 0, sizeof(extra));
	if (overlay) {
		/* a filing form supplying what the group lacks: values are checked,
		 * completeness is checked after the merge */
		if ((rc = read_one_form(s, overlay, diag, &extra, 1)) < 0)
			goto out;
		if (extra.kind != SSO_KIND_FILING) {
			rc = sso_error_set(SSO_EINPUT,
					   "%s: the form given to promote must be kind: filing",
					   sso_input_name(overlay));
			sso_diag_report(diag, "%s", sso_error_last());
			goto out;
		}
	}
	if ((rc = org_begin(s, group, SSO_ROLE_COMMITTEE, "promoting an activity group", &o)) < 0)
		goto out;
	if (strcmp(o.tier, "group") || strcmp(o.status, "active")) {
		rc = sso_error_set(SSO_EREFUSED,
				   SSO_ORG_FMT
				   " is %s%s%s: only an active activity group is promoted",
				   o.id, o.status, o.tier[0] ? " and " : "", o.tier);
		goto fail;
	}
	if ((rc = open_app(s, o.id, SSO_KIND_FILING, &open, state, sizeof(state))) < 0)
		goto fail;
	if (open) {
		rc = sso_error_set(SSO_EREFUSED,
				   SSO_ORG_FMT " already has an open filing, " SSO_APP_FMT " (%s)",
				   o.id, open, state);
		goto fail;
	}
	if ((rc = current_data(s, &o, &data)) < 0)
		goto fail;
	data.kind = SSO_KIND_FILING;
	if ((rc = sso_orgdata_apply(&data.data, &extra.data)) < 0)
		goto fail;
	data.data.has &= ~SSO_F_ACTIVITIES;
	snprintf(where, sizeof(where), SSO_ORG_FMT, o.id);
	if (sso_orgdata_check(&data.data, SSO_KIND_FILING, cfg,
			      overlay ? sso_input_name(overlay) : where, overlay ? extra.line : 0,
			      diag) < 0) {
		rc = sso_error_set(SSO_EINPUT,
				   SSO_ORG_FMT
				   " lacks what a filing needs: give it in a filing form "
				   "(sso-file promote %s FILE)",
				   o.id, where);
		goto fail;
	}
	if ((rc = name_still_free(s, data.data.name, o.id, "")) < 0) {
		rc = rc == SSO_EREFUSED ? SSO_EINPUT : rc; /* as submit says of a taken name */
		goto fail;
	}
	if ((rc = sso_form_yaml(&yaml, &data)) < 0 ||
	    (rc = insert_app(s, SSO_KIND_FILING, o.id, yaml, &out->app)) < 0 ||
	    (rc = archive_filing_docs(s, o.id, out->app, &data.data, yaml, "filing_form",
				      SSO_F_CHARTER | SSO_F_MEMBERS)) < 0)
		goto fail;
	if ((rc = sso_json__begin(&j)) < 0)
		goto fail;
	sso_json__str(&j, "kind", "filing");
	sso_json__str(&j, "from", "group");
	sso_json__str(&j, "state", "submitted");
	if ((rc = event(s, "promote", o.id, out->app, &j)) < 0)
		goto fail;
	if ((rc = sso_store_commit(s)) < 0)
		goto out;
	out->org = o.id;
	out->state = SSO_SUBMITTED;
	goto out;
fail:
	sso_store_rollback(s);
out:
	free(yaml);
	sso_form_clear(&data);
	sso_form_clear(&extra);
	return rc;
}
