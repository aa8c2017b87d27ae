/* activity.c - activity records in from a clerk's CSV, every row checked; out for sso-score */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/grow.h"
#include "store/event_impl.h"
#include "base/json.h"
#include "base/rows.h"
#include "sso/activity.h"
#include "sso/actrow.h"
#include "sso/config.h"
#include "sso/csv.h"
#include "sso/org.h"
#include "sso/valid.h"
#include "store/replay_impl.h"
#include "store/store_impl.h"

#define PROGRESS_EVERY 65536 /* rows between progress calls */

static const char SQL_ORGS[] =
	"SELECT id, status, ended_on, street, community FROM orgs ORDER BY id";
enum { ORGS_ID, ORGS_STATUS, ORGS_ENDED_ON, ORGS_STREET, ORGS_COMMUNITY };
static const char SQL_IMPORT[] = "INSERT INTO imports (name, rows, added, day, at, actor) "
				 "VALUES (?1, 0, 0, ?2, ?3, ?4)";
static const char SQL_IMPORT_DONE[] = "UPDATE imports SET rows = ?2, added = ?3 WHERE id = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO activities (activity_id, org_id, date, participants, street, community, "
	"kind, title, volunteer_hours, import_id, line) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
	"ON CONFLICT (activity_id) DO NOTHING";
static const char SQL_QUARTER[] =
	"INSERT INTO activity_quarters (quarter, org_id, activities, participants, "
	"volunteer_hours) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (quarter, org_id) DO UPDATE SET "
	"activities = activities + excluded.activities, "
	"participants = participants + excluded.participants, "
	"volunteer_hours = volunteer_hours + excluded.volunteer_hours";
static const char SQL_STORED[] =
	"SELECT a.org_id, a.date, a.participants, a.street, a.community, a.kind, a.title, "
	"a.volunteer_hours, i.name, a.line FROM activities a JOIN imports i ON i.id = a.import_id "
	"WHERE a.activity_id = ?1";
enum {
	STORED_ORG,
	STORED_DATE,
	STORED_PARTICIPANTS,
	STORED_STREET,
	STORED_COMMUNITY,
	STORED_KIND,
	STORED_TITLE,
	STORED_HOURS,
	STORED_FILE,
	STORED_LINE
};
static const char SQL_EXPORT[] =
	"SELECT activity_id, org_id, date, participants, street, community, kind, title, "
	"volunteer_hours FROM activities WHERE (?1 IS NULL OR date >= ?1) "
	"AND (?2 IS NULL OR date <= ?2) ORDER BY activity_id";
enum {
	EXPORT_ID,
	EXPORT_ORG,
	EXPORT_DATE,
	EXPORT_PARTICIPANTS,
	EXPORT_STREET,
	EXPORT_COMMUNITY,
	EXPORT_KIND,
	EXPORT_TITLE,
	EXPORT_HOURS
};

/* ---- organizations, by id ---- */

enum { ORG_NONE = 0, ORG_LIVE, ORG_REJECTED };

typedef struct orginfo {
	unsigned char state;
	sso_date ended;           /* 0 while it lives */
	const sso_street *street; /* from the configuration; NULL if it no longer has it */
	const sso_community *community;
	/* an import's sums of this organization's newest quarter, beside what
	 * every row reads anyway: one memory access per row, not two */
	int quarter; /* 0: none yet */
	unsigned activities;
	long long participants;
	double hours;
} orginfo;

typedef struct orgtab {
	long max;
	orginfo *o; /* indexed by id, 0..max */
} orgtab;

/* Load every organization's state and place: memory grows with the number of
 * organizations, never with activities. */
static int orgtab_load(sso_store *s, orgtab *t)
{
	const sso_config *cfg = sso_store_config(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ACTIVITY_ORGS, SQL_ORGS);
	size_t cap = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!st)
		return SSO_EINTERNAL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, ORGS_ID);
		const char *status = sso_store__col(st, ORGS_STATUS);
		const char *ended = sso_store__col(st, ORGS_ENDED_ON);
		orginfo *x;

		if (id < 1)
			continue;
		if ((size_t)id >= cap) {
			size_t ncap = cap ? cap : 1024;
			orginfo *no;

			while (ncap <= (size_t)id)
				ncap *= 2;
			if (!(no = realloc(t->o, ncap * sizeof(*no)))) {
				sqlite3_reset(st);
				return sso_error_set(SSO_ENOMEM, "out of memory");
			}
			memset(no + cap, 0, (ncap - cap) * sizeof(*no));
			t->o = no;
			cap = ncap;
		}
		x = &t->o[id];
		x->state = !strcmp(status, "rejected") ? ORG_REJECTED : ORG_LIVE;
		if (*ended && sso_date_parse(&x->ended, ended, strlen(ended)) < 0)
			x->ended = 0;
		x->street = sso_config_street(cfg, sso_store__col(st, ORGS_STREET));
		x->community = sso_config_community(cfg, sso_store__col(st, ORGS_COMMUNITY));
		t->max = id;
	}
	sqlite3_reset(st);
	sso_error_clear();
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading organizations");
}

static orginfo *orgtab_get(const orgtab *t, long id)
{
	return id >= 1 && id <= t->max && t->o[id].state != ORG_NONE ? &t->o[id] : NULL;
}

/* ---- per-quarter sums, kept while importing ---- */

/*
 * The sums of the rows an import adds, per (quarter, organization), are
 * written to activity_quarters when the file is done. Each organization
 * carries the sums of its current quarter (see orginfo); when a row of
 * another quarter comes, they move to a list, which is compacted (sorted,
 * equal keys merged) whenever it outgrows a few entries per organization:
 * memory grows with the organizations and quarters a file touches, never
 * with its rows.
 */
typedef struct qsum {
	uint64_t key; /* quarter << 32 | org id */
	long long activities, participants;
	double hours;
} qsum;

typedef struct qsums {
	qsum *v;
	size_t n, cap, limit;
} qsums;

static int qsum_cmp(const void *a, const void *b)
{
	uint64_t x = ((const qsum *)a)->key, y = ((const qsum *)b)->key;

	return x < y ? -1 : x > y;
}

static void qsums_compact(qsums *q)
{
	size_t n = 0;

	if (!q->n)
		return;
	qsort(q->v, q->n, sizeof(*q->v), qsum_cmp);
	for (size_t i = 0; i < q->n; i++) {
		if (n && q->v[n - 1].key == q->v[i].key) {
			q->v[n - 1].activities += q->v[i].activities;
			q->v[n - 1].participants += q->v[i].participants;
			q->v[n - 1].hours += q->v[i].hours;
		} else {
			q->v[n++] = q->v[i];
		}
	}
	q->n = n;
}

/* Move an organization's current sums to the list. */
static int qsums_push(qsums *q, long org, orginfo *o)
{
	if (!o->quarter)
		return 0;
	if (q->n == q->cap) {
		if (q->limit && q->n >= q->limit) {
			qsums_compact(q);
			if (q->n * 2 > q->limit)
				q->limit *= 2; /* mostly distinct: let it grow */
		}
		if (q->n == q->cap && SSO_GROW(q->v, q->cap, q->cap + 1, 4096) < 0)
			return SSO_ENOMEM;
	}
	q->v[q->n].key = (uint64_t)(uint32_t)o->quarter << 32 | (uint32_t)org;
	q->v[q->n].activities = o->activities;
	q->v[q->n].participants = o->participants;
	q->v[q->n].hours = o->hours;
	q->n++;
	o->quarter = 0;
	o->activities = 0;
	o->participants = 0;
	o->hours = 0;
	return 0;
}

static int qsums_add(qsums *q, long org, orginfo *o, int quarter, long participants, double hours)
{
	int rc;

	if (o->quarter != quarter) {
		if ((rc = qsums_push(q, org, o)) < 0)
			return rc;
		o->quarter = quarter;
	}
	o->activities++;
	o->participants += participants;
	o->hours += hours;
	return 0;
}

/* Add every sum to activity_quarters, in key order (appends, mostly). */
static int qsums_write(sso_store *s, qsums *q, orgtab *orgs)
{
	int rc;

	for (long id = 1; id <= orgs->max; id++)
		if ((rc = qsums_push(q, id, &orgs->o[id])) < 0)
			return rc;
	qsums_compact(q);
	for (size_t i = 0; i < q->n; i++) {
		sqlite3_stmt *st = sso_store__stmt(s, STMT_ACTIVITY_QUARTER, SQL_QUARTER);
		int quarter = (int)(q->v[i].key >> 32) - 1; /* kept as quarter + 1 */
		char label[16];

		if (!st)
			return SSO_EINTERNAL;
		snprintf(label, sizeof(label), "%04dQ%d", quarter / 4, quarter % 4 + 1);
		sqlite3_bind_text(st, 1, label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)(q->v[i].key & 0xffffffffu));
		sqlite3_bind_int64(st, 3, q->v[i].activities);
		sqlite3_bind_int64(st, 4, q->v[i].participants);
		sqlite3_bind_double(st, 5, q->v[i].hours);
		if ((rc = sso_store__exec(s, st, "recording activity sums")) < 0)
			return rc;
	}
	return 0;
}

/* ---- import ---- */

typedef struct importer {
	sso_store *s;
	const sso_config *cfg;
	const char *name;
	const sso_activity_import_options *opts;
	sso_rows R; /* the bad rows */
	sso_activity_import_result *res;
	orgtab orgs;
	sso_actrow_header head;
	int have_header;
	long import_id;
	sqlite3_stmt *ins; /* SQL_INSERT, held for the file */
	sso_date today;
	qsums sums;
	sso_replay__digest digest; /* of the rows added, for the import's event */
} importer;

/* The header row: which field holds each column. */
static int header(importer *im, const sso_csv_row *row)
{
	im->have_header = 1;
	return sso_actrow_header_read(&im->head, row, im->name);
}

/* "what 'was', not 'now'" in buf, both free texts masked (the stored one may
 * name someone's phone) before they are cut to 100 bytes; returns buf. */
static const char *masked_pair(char *buf, size_t cap, const char *what, const char *was,
			       const char *now)
{
	char *a = NULL, *b = NULL;
	size_t ca = 0, cb = 0;

	if (sso_mask_copy(was, &a, &ca) == 0 && sso_mask_copy(now, &b, &cb) == 0)
		snprintf(buf, cap, "%s '%.100s', not '%.100s'", what, a, b);
	else
		snprintf(buf, cap, "%s differs", what);
	free(a);
	free(b);
	return buf;
}

/* Compare a row with the one stored under its id: NULL if they agree, or
 * what differs. */
static const char *differs(sqlite3_stmt *st, long org, const char *date, long participants,
			   const char *street, const char *community, const char *kind,
			   const char *title, int has_hours, double hours, char *buf, size_t cap)
{
	const char *was;

	if ((long)sqlite3_column_int64(st, STORED_ORG) != org) {
		snprintf(buf, cap, "organization " SSO_ORG_FMT ", not " SSO_ORG_FMT,
			 (long)sqlite3_column_int64(st, STORED_ORG), org);
		return buf;
	}
	if (strcmp((was = sso_store__col(st, STORED_DATE)), date) != 0) {
		snprintf(buf, cap, "date %s, not %s", was, date);
		return buf;
	}
	if ((long)sqlite3_column_int64(st, STORED_PARTICIPANTS) != participants) {
		snprintf(buf, cap, "participants %lld, not %ld",
			 sqlite3_column_int64(st, STORED_PARTICIPANTS), participants);
		return buf;
	}
	if (strcmp((was = sso_store__col(st, STORED_STREET)), street ? street : "") != 0) {
		snprintf(buf, cap, "street '%s', not '%s'", was, street ? street : "");
		return buf;
	}
	if (strcmp((was = sso_store__col(st, STORED_COMMUNITY)), community ? community : "") != 0) {
		snprintf(buf, cap, "community '%s', not '%s'", was, community ? community : "");
		return buf;
	}
	if (strcmp((was = sso_store__col(st, STORED_KIND)), kind) != 0)
		return masked_pair(buf, cap, "kind", was, kind);
	if (strcmp((was = sso_store__col(st, STORED_TITLE)), title) != 0)
		return masked_pair(buf, cap, "title", was, title);
	if ((sqlite3_column_type(st, STORED_HOURS) != SQLITE_NULL) != has_hours ||
	    (has_hours && sqlite3_column_double(st, STORED_HOURS) != hours)) {
		snprintf(buf, cap, "volunteer hours '%s', not something else",
			 sso_store__col(st, STORED_HOURS));
		return buf;
	}
	return NULL;
}

/* The row's id is stored already: the same data changes nothing, other data
 * is a conflict named with where the stored row came from. */
static int already_stored(importer *im, const sso_csv_row *row, const char *id, long org,
			  const char *date, long participants, const char *street,
			  const char *community, const char *kind, const char *title, int has_hours,
			  double hours)
{
	sqlite3_stmt *st = sso_store__stmt(im->s, STMT_ACTIVITY_STORED, SQL_STORED);
	const char *what;
	char buf[320];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = sso_store__error(im->s, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc,
				      "reading activities");
		sqlite3_reset(st);
		return rc;
	}
	what = differs(st, org, date, participants, street, community, kind, title, has_hours,
		       hours, buf, sizeof(buf));
	if (what)
		sso_rows__bad(&im->R, row->line,
			      "activity %s conflicts with the one recorded from %s:%lld: it has %s",
			      id, sso_store__col(st, STORED_FILE),
			      sqlite3_column_int64(st, STORED_LINE), what);
	else
		im->res->unchanged++;
	sqlite3_reset(st);
	return 0;
}

/* Where an activity took place: the row's street and community (code or
 * name, checked against each other), else its organization's. */
static int place(importer *im, const sso_csv_row *row, const orginfo *o, const char *street_text,
		 const char *community_text, const char **street, const char **community)
{
	const sso_street *st = NULL;
	const sso_community *c = NULL;

	if (*community_text && !(c = sso_config_community(im->cfg, community_text))) {
		sso_rows__bad(&im->R, row->line, "%s", sso_error_last());
		return -1;
	}
	if (*street_text && !(st = sso_config_street(im->cfg, street_text))) {
		sso_rows__bad(&im->R, row->line, "%s", sso_error_last());
		return -1;
	}
	if (c && st && c->street != st) {
		sso_rows__bad(&im->R, row->line, "community %s (%s) is not in street %s (%s)",
			      c->code, c->name, st->code, st->name);
		return -1;
	}
	if (c) {
		st = c->street;
	} else if (st) {
		c = o->community && o->community->street == st ? o->community : NULL;
	} else {
		st = o->street;
		c = o->community;
	}
	/* the organization's own place is not stored again, only another one */
	*street = st && (st != o->street || c != o->community) ? st->code : NULL;
	*community = c && (st != o->street || c != o->community) ? c->code : NULL;
	return 0;
}

/*
 * What the store says of a row the activity rules accepted: a known
 * organization, not rejected, that had not ended by the activity's date; a
 * date not after today; the place (street and community, resolved into
 * *street and *community). Returns the organization, or NULL when the row is
 * bad (reported to the importer's rows).
 */
static orginfo *row_admissible(importer *im, const sso_csv_row *row, const sso_actrow *r,
			       const char **street, const char **community)
{
	const char *date = r->text[SSO_ACT_DATE];
	orginfo *o;

	if (!(o = orgtab_get(&im->orgs, r->org))) {
		sso_rows__bad(&im->R, row->line, "no organization " SSO_ORG_FMT " in %s", r->org,
			      sso_store_file(im->s));
		return NULL;
	}
	if (o->state == ORG_REJECTED) {
		sso_rows__bad(&im->R, row->line,
			      SSO_ORG_FMT " is not an organization: its filing was rejected",
			      r->org);
		return NULL;
	}
	if (r->date > im->today) {
		char today[11];

		sso_date_format(im->today, today);
		sso_rows__bad(&im->R, row->line, "date %s is after today (%s)", date, today);
		return NULL;
	}
	if (o->ended && r->date > o->ended) {
		char ended[11];

		sso_date_format(o->ended, ended);
		sso_rows__bad(&im->R, row->line,
			      SSO_ORG_FMT " ended on %s: an activity on %s cannot be its", r->org,
			      ended, date);
		return NULL;
	}
	if (place(im, row, o, r->text[SSO_ACT_STREET], r->text[SSO_ACT_COMMUNITY], street,
		  community) < 0)
		return NULL;
	return o;
}

/*
 * Insert an admissible row. The statement is held for the whole file, and
 * every parameter bound each time (NULL too): no cache look-up or unbinding
 * per row. A new row adds to the quarter sums; one whose activity_id is
 * stored already is compared with it (already_stored()). Returns 0, or a
 * store error.
 */
static int row_insert(importer *im, const sso_csv_row *row, const sso_actrow *r, orginfo *o,
		      const char *street, const char *community)
{
	const char *const *f = r->text;
	const size_t *len = r->len;
	sqlite3_stmt *st = im->ins;
	int rc;

	sqlite3_bind_text(st, 1, f[SSO_ACT_ID], (int)len[SSO_ACT_ID], SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->org);
	sqlite3_bind_text(st, 3, f[SSO_ACT_DATE], (int)len[SSO_ACT_DATE], SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->participants);
	sqlite3_bind_text(st, 5, street, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, community, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, len[SSO_ACT_KIND] ? f[SSO_ACT_KIND] : NULL, (int)len[SSO_ACT_KIND],
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 8, len[SSO_ACT_TITLE] ? f[SSO_ACT_TITLE] : NULL,
			  (int)len[SSO_ACT_TITLE], SQLITE_STATIC);
	if (r->has_hours)
		sqlite3_bind_double(st, 9, r->hours);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, im->import_id);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)row->line);
	if ((rc = sso_store__exec(im->s, st, "recording activities")) < 0)
		return rc;
	if (sqlite3_changes(sso_store__db(im->s)) == 1) {
		/* the import's digest of what it added, from what was bound, as
		 * verify reads it back (SSO_REPLAY__ACT_COLS) */
		const char *text[SSO_REPLAY__ACT_NCOLS] = {f[SSO_ACT_ID],
							   NULL,
							   f[SSO_ACT_DATE],
							   NULL,
							   street,
							   community,
							   len[SSO_ACT_KIND] ? f[SSO_ACT_KIND]
									     : NULL,
							   len[SSO_ACT_TITLE] ? f[SSO_ACT_TITLE]
									      : NULL};
		size_t tlen[SSO_REPLAY__ACT_NCOLS] = {len[SSO_ACT_ID],
						      0,
						      len[SSO_ACT_DATE],
						      0,
						      street ? strlen(street) : 0,
						      community ? strlen(community) : 0,
						      len[SSO_ACT_KIND],
						      len[SSO_ACT_TITLE]};
		long long num[SSO_REPLAY__ACT_NCOLS] = {0,
							r->org,
							0,
							r->participants,
							0,
							0,
							0,
							0,
							0,
							im->import_id,
							(long long)row->line};

		sso_replay__digest_values(&im->digest, text, tlen, num,
					  r->has_hours ? &r->hours : NULL);
		im->res->added++;
		return qsums_add(&im->sums, r->org, o, sso_date_quarter(r->date) + 1,
				 r->participants, r->hours);
	}
	return already_stored(im, row, f[SSO_ACT_ID], r->org, f[SSO_ACT_DATE], r->participants,
			      street, community, f[SSO_ACT_KIND], f[SSO_ACT_TITLE], r->has_hours,
			      r->hours);
}

/* A data row: the activity row's own rules (sso_actrow_parse), then the
 * store's (row_admissible), then its insertion. A bad row is reported and
 * the reading goes on. Returns 0, or a store error. */
static int data_row(importer *im, const sso_csv_row *row)
{
	const char *street, *community;
	sso_actrow r;
	orginfo *o;

	if (sso_actrow_parse(&r, &im->head, row) < 0) {
		sso_rows__bad(&im->R, row->line, "%s", sso_error_last());
		return 0;
	}
	if (!(o = row_admissible(im, row, &r, &street, &community)))
		return 0;
	return row_insert(im, row, &r, o, street, community);
}

static int on_row(void *payload, const sso_csv_row *row)
{
	importer *im = payload;

	if (!im->have_header)
		return header(im, row);
	im->res->rows++;
	if (im->opts->progress && im->res->rows % PROGRESS_EVERY == 0)
		im->opts->progress(im->opts->progress_payload, im->name, im->res->rows);
	return data_row(im, row);
}

static int may_import(sso_store *s)
{
	const sso_actor *a = sso_store_actor(s);

	switch (a->role) {
	case SSO_ROLE_NONE:
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	case SSO_ROLE_COMMITTEE:
	case SSO_ROLE_STREET:
	case SSO_ROLE_HUB:
	case SSO_ROLE_DISTRICT: return 0;
	default:
		return sso_error_set(SSO_EREFUSED,
				     "activity records are kept by the hub organization, the "
				     "committee, the street or the district; you act as %s:%s",
				     sso_role_name(a->role), a->name);
	}
}

static void now_texts(sso_store *s, char day[11], char at[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(at, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	sso_date_format(sso_store_today(s), day);
}

/* Seal the import: its counts in its row, and an event. */
static int seal(importer *im)
{
	sqlite3_stmt *st = sso_store__stmt(im->s, STMT_ACTIVITY_IMPORT_DONE, SQL_IMPORT_DONE);
	char *details = NULL;
	sso_json j;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, im->import_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)im->res->rows);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)im->res->added);
	if ((rc = sso_store__exec(im->s, st, "recording the import")) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__int(&j, "import", im->import_id);
	sso_json__str(&j, "file", im->name);
	sso_json__int(&j, "rows", (long long)im->res->rows);
	sso_json__int(&j, "added", (long long)im->res->added);
	sso_json__int(&j, "unchanged", (long long)im->res->unchanged);
	sso_json__int(&j, "bad", (long long)im->res->bad);
	if ((rc = sso_json__end(&j, &details)) < 0 ||
	    (rc = sso_replay__touch_activities(im->s, im->import_id, &im->digest)) < 0) {
		free(details);
		return rc;
	}
	rc = sso_event__append(im->s, "import", 0, 0, details);
	free(details);
	return rc;
}

/* For the length of an import: a bigger page cache, so that the upper levels
 * of the key's b-tree stay in memory; and no foreign-key lookups, because
 * every row's organization is checked against the organizations read inside
 * the same write transaction (and the import's own row is written first):
 * the lookups would check again, per row, what is already known. */
static void bulk(sso_store *s, int on)
{
	sqlite3_exec(sso_store__db(s),
		     on ? "PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF"
			: "PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON",
		     NULL, NULL, NULL);
}

int sso_activity_import(sso_activity_import_result *out, sso_store *s, sso_input *in,
			const sso_activity_import_options *opts, sso_diag *diag)
{
	static const sso_activity_import_options defaults = SSO_ACTIVITY_IMPORT_OPTIONS_INIT;
	importer im = {0};
	sqlite3_stmt *st;
	char day[11], at[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = may_import(s)) < 0)
		return rc;
	im.s = s;
	im.cfg = sso_store_config(s);
	im.name = sso_input_name(in);
	im.opts = opts ? opts : &defaults;
	im.R = (sso_rows){diag, im.name, 0, 0, NULL};
	im.res = out;
	im.today = sso_store_today(s);
	bulk(s, 1); /* outside a transaction, where the pragma has effect */
	if ((rc = sso_store_begin(s)) < 0) {
		bulk(s, 0);
		return rc;
	}
	/* whether each organization is live, and where, must be the log's word */
	if ((rc = sso_replay__check_all_orgs(s)) < 0 || (rc = orgtab_load(s, &im.orgs)) < 0)
		goto fail;
	im.sums.limit = 4 * (size_t)im.orgs.max + 4096;
	if (!(st = sso_store__stmt(s, STMT_ACTIVITY_IMPORT, SQL_IMPORT))) {
		rc = SSO_EINTERNAL;
		goto fail;
	}
	now_texts(s, day, at);
	sqlite3_bind_text(st, 1, im.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sso_store__actor_text(s), -1, SQLITE_STATIC);
	if ((rc = sso_store__exec(s, st, "recording the import")) < 0)
		goto fail;
	im.import_id = (long)sqlite3_last_insert_rowid(sso_store__db(s));
	if (!(im.ins = sso_store__stmt(s, STMT_ACTIVITY_INSERT, SQL_INSERT))) {
		rc = SSO_EINTERNAL;
		goto fail;
	}

	rc = sso_csv_read(in, sso_actrow_separator(in), on_row, &im);
	out->bad = im.R.bad;
	if (rc < 0)
		goto fail;
	if (!im.have_header) {
		rc = sso_error_set(SSO_EINPUT,
				   "%s:1: no header row: the file is empty (it needs a "
				   "header naming activity_id, org_id, date, participants)",
				   im.name);
		goto fail;
	}
	sso_rows__summary(&im.R);
	if (im.opts->progress)
		im.opts->progress(im.opts->progress_payload, im.name, out->rows);
	/* nothing new (a file imported again) or a refusal: the store stays as it was */
	if ((out->bad && !im.opts->keep_going) || out->added == 0) {
		sso_store_rollback(s);
		out->added = 0; /* what a refusal would have added is not there */
		goto done;
	}
	if ((rc = qsums_write(s, &im.sums, &im.orgs)) < 0 || (rc = seal(&im)) < 0 ||
	    (rc = sso_store_commit(s)) < 0)
		goto fail;
	out->import_id = im.import_id;
	goto done;
fail:
	sso_store_rollback(s);
	out->added = 0;
done:
	bulk(s, 0);
	free(im.orgs.o);
	free(im.sums.v);
	return rc;
}

/* ---- export ---- */

/* Print the activities of o's period (and street or district) to fp in the
 * activity row's columns (sso_actrow_columns), each with its organization's
 * place when none of its own is stored, hours as sso_actrow_format_hours()
 * prints them, free texts masked unless o->unmask. Returns 0, SSO_EUSAGE for
 * an unknown street or district, or an I/O or store error. */
static int export_rows(sso_store *s, const sso_activity_export_options *o, FILE *fp)
{
	const sso_config *cfg = sso_store_config(s);
	const sso_street *street = NULL;
	const sso_district *district = NULL;
	sso_table *t = NULL;
	sqlite3_stmt *st = NULL;
	orgtab orgs = {0};
	const sso_column *columns = sso_actrow_columns;
	char from[11], to[11], *title = NULL, *kind = NULL;
	size_t title_cap = 0, kind_cap = 0;
	unsigned long long n = 0;
	int rc;

	if (o->street && !(street = sso_config_street(cfg, o->street)))
		return sso_error_set(SSO_EUSAGE, "--street: %s", sso_error_last());
	if (o->district && !(district = sso_config_district(cfg, o->district)))
		return sso_error_set(SSO_EUSAGE, "--district: %s", sso_error_last());
	if ((rc = orgtab_load(s, &orgs)) < 0)
		goto done;
	if (!(st = sso_store__stmt(s, STMT_ACTIVITY_EXPORT, SQL_EXPORT))) {
		rc = SSO_EINTERNAL;
		goto done;
	}
	if (o->period) {
		sso_date_format(o->period->from, from);
		sso_date_format(o->period->to, to);
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	}
	if ((rc = sso_table_new(&t, fp, &o->out, columns, SSO_ACT_NCOLS)) < 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long org = (long)sqlite3_column_int64(st, EXPORT_ORG);
		const orginfo *x = orgtab_get(&orgs, org);
		const char *v[SSO_ACT_NCOLS];
		char id[SSO_ID_CAP], hours[SSO_ACTROW_HOURS_CAP];

		if (o->progress && ++n % PROGRESS_EVERY == 0)
			o->progress(o->progress_payload, "activities", n);
		if ((street || district) && (!x || !x->street || (street && x->street != street) ||
					     (district && x->street->district != district)))
			continue;
		sso_id_format(id, sizeof(id), "ORG", org);
		v[SSO_ACT_ID] = sso_store__col(st, EXPORT_ID);
		v[SSO_ACT_ORG] = id;
		v[SSO_ACT_DATE] = sso_store__col(st, EXPORT_DATE);
		v[SSO_ACT_PARTICIPANTS] = sso_store__col(st, EXPORT_PARTICIPANTS);
		v[SSO_ACT_STREET] = sso_store__col(st, EXPORT_STREET);
		v[SSO_ACT_COMMUNITY] = sso_store__col(st, EXPORT_COMMUNITY);
		/* none stored: its organization's place */
		if (sqlite3_column_type(st, EXPORT_STREET) == SQLITE_NULL && x)
			v[SSO_ACT_STREET] = x->street ? x->street->code : NULL;
		if (sqlite3_column_type(st, EXPORT_COMMUNITY) == SQLITE_NULL && x)
			v[SSO_ACT_COMMUNITY] = x->community ? x->community->code : NULL;
		v[SSO_ACT_KIND] = sso_store__col(st, EXPORT_KIND);
		v[SSO_ACT_TITLE] = sso_store__col(st, EXPORT_TITLE);
		v[SSO_ACT_HOURS] = NULL;
		if (sqlite3_column_type(st, EXPORT_HOURS) != SQLITE_NULL)
			v[SSO_ACT_HOURS] =
				sso_actrow_format_hours(hours, sizeof(hours),
							sqlite3_column_double(st, EXPORT_HOURS));
		if (!o->unmask) {
			/* free texts may carry a phone number: mask a copy */
			if ((rc = sso_mask_copy(v[SSO_ACT_TITLE], &title, &title_cap)) < 0 ||
			    (rc = sso_mask_copy(v[SSO_ACT_KIND], &kind, &kind_cap)) < 0)
				break;
			v[SSO_ACT_TITLE] = title;
			v[SSO_ACT_KIND] = kind;
		}
		if ((rc = sso_table_row(t, v)) < 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = sso_table_end(t);
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading activities");
done:
	if (st)
		sqlite3_reset(st);
	sso_table_free(t);
	free(orgs.o);
	free(title);
	free(kind);
	return rc;
}

int sso_activity_export(sso_store *s, const sso_activity_export_options *o, FILE *fp)
{
	int snap, rc;

	if (o->unmask && (rc = sso_event__record(s, "unmask", 0, 0, "shown", "activities")) < 0)
		return rc;
	/* the organizations and their activities as of one moment */
	if ((snap = sso_store__read_begin(s)) < 0)
		return snap;
	rc = export_rows(s, o, fp);
	sso_store__read_end(s, snap);
	return rc;
}
