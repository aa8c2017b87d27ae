/* replay.c - the event log as the record: what it says each row holds, checked */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/replay_impl.h"
#include "store/event_impl.h"
#include "base/hash.h"
#include "base/strmap.h"
#include "sso/error.h"
#include "sso/id.h"

/* ---- the tables the log answers for ----
 *
 * Each table's image is a JSON array of its columns in the order below
 * (json_array() of SQLite, so that writing and verifying render a value
 * alike); a column given as D() is recorded by its SHA-256 (sso_digest()),
 * being a whole form that the archive keeps besides. A column missing here
 * is a column the log does not answer for: tests/robust/tamper.sh edits
 * every column of the schema and fails on one that verify lets pass, and
 * the store refuses to open when a table has columns this list lacks.
 *
 * Tables that are not here: events (the log itself), chunks (checked against
 * the documents' SHA-256 by check --deep), activities (each import records a
 * digest of the rows it added: see the import's line below) and
 * activity_quarters (sums of activities, recomputed when verifying).
 */
#define ORGS(C, D, S)                                                                              \
	C(id) S C(name)                                                                            \
	S C(form)                                                                                  \
	S C(tier)                                                                                  \
	S C(stage)                                                                                 \
	S C(status)                                                                                \
	S C(category)                                                                              \
	S C(district)                                                                              \
	S C(street)                                                                                \
	S C(community)                                                                             \
	S C(hub)                                                                                   \
	S C(leader)                                                                                \
	S C(members)                                                                               \
	S C(certificate)                                                                           \
	S C(uscc)                                                                                  \
	S C(version)                                                                               \
	S C(created_on)                                                                            \
	S C(filed_on)                                                                              \
	S C(referred_on)                                                                           \
	S C(registered_on)                                                                         \
	S C(ended_on)
#define APPS(C, D, S)                                                                              \
	C(id) S C(kind)                                                                            \
	S C(org_id)                                                                                \
	S C(state)                                                                                 \
	S D(data)                                                                                  \
	S C(reason)                                                                                \
	S C(submitted_on)                                                                          \
	S C(updated_on)                                                                            \
	S C(notice_start)                                                                          \
	S C(notice_end)
#define VERSIONS(C, D, S)                                                                          \
	C(org_id) S C(version)                                                                     \
	S C(app_id)                                                                                \
	S C(effective)                                                                             \
	S D(data)
#define VOTES(C, D, S)                                                                             \
	C(id) S C(org_id)                                                                          \
	S C(date)                                                                                  \
	S C(members)                                                                               \
	S C(present)                                                                               \
	S C(in_favour)                                                                             \
	S C(against)                                                                               \
	S C(abstain)                                                                               \
	S C(passed)                                                                                \
	S C(recorded_on)
#define DOCUMENTS(C, D, S)                                                                         \
	C(id) S C(org_id)                                                                          \
	S C(kind)                                                                                  \
	S C(name)                                                                                  \
	S C(size)                                                                                  \
	S C(sha256)                                                                                \
	S C(app_id)                                                                                \
	S C(day)                                                                                   \
	S C(at)                                                                                    \
	S C(actor)                                                                                 \
	S C(dated)                                                                                 \
	S C(result)
#define IMPORTS(C, D, S)                                                                           \
	C(id) S C(name)                                                                            \
	S C(rows)                                                                                  \
	S C(added)                                                                                 \
	S C(day)                                                                                   \
	S C(at)                                                                                    \
	S C(actor)
#define COUNTERS(C, D, S) C(name) S C(value)

#define COL_SQL(c)    #c
#define DIGEST_SQL(c) "sso_digest(" #c ")"
#define COL_NAME(c)   #c
#define IMAGE(T)      "json_array(" T(COL_SQL, DIGEST_SQL, ", ") ")"
#define NAMES(T)                                                                                   \
	{                                                                                          \
		T(COL_NAME, COL_NAME, SEP_COMMA)                                                   \
	}
#define SEP_COMMA ,

/* One table: its columns' names, and SELECTs of key, owner (the
 * organization, 0 for none) and image: of one row (?1 the rowid, or a
 * counter's name), of an organization's rows (?1), and of every row. */
typedef struct rtable {
	const char *name;
	const char *const *cols;
	int ncols;
	const char *one, *of_org, *all;
	sso_stmt_id st_one, st_org;
} rtable;

#define SELECT(key, owner, T, table) "SELECT " key ", " owner ", " IMAGE(T) " FROM main." table

static const char
	*const orgs_cols[] = NAMES(ORGS),
	       *const apps_cols[] = NAMES(APPS), *const versions_cols[] = NAMES(VERSIONS),
	       *const votes_cols[] = NAMES(VOTES), *const documents_cols[] = NAMES(DOCUMENTS),
	       *const imports_cols[] = NAMES(IMPORTS), *const counters_cols[] = NAMES(COUNTERS);
#define NCOLS(a) ((int)(sizeof(a) / sizeof(*(a))))

enum { T_ORGS, T_APPS, T_VERSIONS, T_VOTES, T_DOCUMENTS, T_IMPORTS, T_COUNTERS, T_COUNT };

#define K_ORGS      "'orgs:' || id"
#define K_APPS      "'apps:' || id"
#define K_VERSIONS  "'versions:' || org_id || ':' || version"
#define K_VOTES     "'votes:' || id"
#define K_DOCUMENTS "'documents:' || id"
#define K_IMPORTS   "'imports:' || id"
#define K_COUNTERS  "'counters:' || name"

static const rtable rtables[T_COUNT] = {
	[T_ORGS] = {"orgs", orgs_cols, NCOLS(orgs_cols),
		    SELECT(K_ORGS, "id", ORGS, "orgs") " WHERE id = ?1",
		    SELECT(K_ORGS, "id", ORGS, "orgs") " WHERE id = ?1",
		    SELECT(K_ORGS, "id", ORGS, "orgs"), STMT_REPLAY_ONE_ORGS, STMT_REPLAY_ORG_ORGS},
	[T_APPS] = {"apps", apps_cols, NCOLS(apps_cols),
		    SELECT(K_APPS, "org_id", APPS, "apps") " WHERE id = ?1",
		    SELECT(K_APPS, "org_id", APPS, "apps") " WHERE org_id = ?1",
		    SELECT(K_APPS, "org_id", APPS, "apps"), STMT_REPLAY_ONE_APPS,
		    STMT_REPLAY_ORG_APPS},
	[T_VERSIONS] = {"versions", versions_cols, NCOLS(versions_cols),
			SELECT(K_VERSIONS, "org_id", VERSIONS, "versions") " WHERE rowid = ?1",
			SELECT(K_VERSIONS, "org_id", VERSIONS, "versions") " WHERE org_id = ?1",
			SELECT(K_VERSIONS, "org_id", VERSIONS, "versions"),
			STMT_REPLAY_ONE_VERSIONS, STMT_REPLAY_ORG_VERSIONS},
	[T_VOTES] = {"votes", votes_cols, NCOLS(votes_cols),
		     SELECT(K_VOTES, "org_id", VOTES, "votes") " WHERE id = ?1",
		     SELECT(K_VOTES, "org_id", VOTES, "votes") " WHERE org_id = ?1",
		     SELECT(K_VOTES, "org_id", VOTES, "votes"), STMT_REPLAY_ONE_VOTES,
		     STMT_REPLAY_ORG_VOTES},
	[T_DOCUMENTS] = {"documents", documents_cols, NCOLS(documents_cols),
			 SELECT(K_DOCUMENTS, "org_id", DOCUMENTS, "documents") " WHERE id = ?1",
			 SELECT(K_DOCUMENTS, "org_id", DOCUMENTS, "documents") " WHERE org_id = ?1",
			 SELECT(K_DOCUMENTS, "org_id", DOCUMENTS, "documents"),
			 STMT_REPLAY_ONE_DOCUMENTS, STMT_REPLAY_ORG_DOCUMENTS},
	[T_IMPORTS] = {"imports", imports_cols, NCOLS(imports_cols),
		       SELECT(K_IMPORTS, "0", IMPORTS, "imports") " WHERE id = ?1", NULL,
		       SELECT(K_IMPORTS, "0", IMPORTS, "imports"), STMT_REPLAY_ONE_IMPORTS,
		       STMT_COUNT},
	[T_COUNTERS] = {"counters", counters_cols, NCOLS(counters_cols),
			SELECT(K_COUNTERS, "0", COUNTERS, "counters") " WHERE name = ?1", NULL,
			SELECT(K_COUNTERS, "0", COUNTERS, "counters"), STMT_REPLAY_ONE_COUNTERS,
			STMT_COUNT},
};
enum { SEL_KEY, SEL_OWNER, SEL_IMAGE }; /* the columns of every SELECT above */

static int table_of(const char *name)
{
	for (int t = 0; t < T_COUNT; t++)
		if (!strcmp(rtables[t].name, name))
			return t;
	return -1;
}

/* ---- noting what a write touches ---- */

typedef struct touched {
	int table;
	long long rowid; /* counters: 0, and name */
	char *name;
} touched;

struct sso_replay__state {
	touched *t;
	size_t n, cap;
	long *checked; /* organizations checked in this transaction */
	size_t nchecked, capchecked;
	int failed;           /* out of memory in the update hook */
	char activities[128]; /* the import's line, "" if none */
};

static int push_touched(sso_replay__state *r, int table, long long rowid, const char *name)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		touched *t = realloc(r->t, cap * sizeof(*t));

		if (!t)
			return SSO_ENOMEM;
		r->t = t;
		r->cap = cap;
	}
	r->t[r->n].table = table;
	r->t[r->n].rowid = rowid;
	r->t[r->n].name = NULL;
	if (name && !(r->t[r->n].name = strdup(name)))
		return SSO_ENOMEM;
	r->n++;
	return 0;
}

static void on_update(void *payload, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	sso_replay__state *r = payload;
	int t;

	(void)op;
	if (strcmp(db, "main") != 0 || (t = table_of(table)) < 0)
		return;
	if (push_touched(r, t, rowid, NULL) < 0)
		r->failed = 1;
}

/* SQL sso_digest(text): its SHA-256 in hex; NULL stays NULL. */
static void sql_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *text = sqlite3_value_text(argv[0]);
	sso_sha256 h;
	char hex[65];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !text) {
		sqlite3_result_null(ctx);
		return;
	}
	sso_hash__init(&h);
	sso_hash__update(&h, text, (size_t)sqlite3_value_bytes(argv[0]));
	sso_hash__hex(&h, hex);
	sqlite3_result_text(ctx, hex, 64, SQLITE_TRANSIENT);
}

/* The image after key's line in an event's rows, or NULL; *len its length. */
static const char *find_line(const char *rows, const char *key, size_t *len)
{
	size_t klen = strlen(key);

	for (const char *p = rows; p && *p;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);

		if ((size_t)(end - p) > klen && !strncmp(p, key, klen) && p[klen] == '\t') {
			*len = (size_t)(end - p - klen - 1);
			return p + klen + 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* SQL sso_image(rows, key): the image key's line of an event's rows holds,
 * or NULL (the as-of tables read the log with it). */
static void sql_image(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *rows = (const char *)sqlite3_value_text(argv[0]);
	const char *key = (const char *)sqlite3_value_text(argv[1]);
	const char *img;
	size_t len;

	(void)argc;
	if (!rows || !key || !(img = find_line(rows, key, &len))) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, img, (int)len, SQLITE_TRANSIENT);
}

static const char SQL_TABLE_COLS[] = "SELECT count(*) FROM pragma_table_info(?1, 'main')";

/* Does every table the log answers for have exactly the columns listed
 * above? A migration that adds one must add it here first. */
static int columns_listed(sso_store *s)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_TABLE_COLS, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the schema");
	for (int t = 0; t < T_COUNT && rc == SQLITE_OK; t++) {
		int n;

		sqlite3_bind_text(st, 1, rtables[t].name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = SQLITE_ERROR;
			break;
		}
		n = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		if (n != rtables[t].ncols) {
			sqlite3_finalize(st);
			return sso_error_set(
				SSO_EINTERNAL,
				"%s: table %s has %d columns, the event log records %d: "
				"a migration added one that lib/store/replay.c does not "
				"list",
				sso_store_file(s), rtables[t].name, n, rtables[t].ncols);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : sso_store__error(s, rc, "reading the schema");
}

int sso_replay__attach(sso_store *s)
{
	sqlite3 *db = sso_store__db(s);
	sso_replay__state **slot = sso_store__replay(s);
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(db, "sso_digest", 1, flags, NULL, sql_digest, NULL, NULL) !=
		    SQLITE_OK ||
	    sqlite3_create_function(db, "sso_image", 2, flags, NULL, sql_image, NULL, NULL) !=
		    SQLITE_OK)
		return sso_store__error(s, sqlite3_errcode(db), "registering functions");
	if (!*slot && !(*slot = calloc(1, sizeof(**slot))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	sqlite3_update_hook(db, on_update, *slot);
	return 0;
}

int sso_replay__columns_listed(sso_store *s)
{
	return columns_listed(s);
}

static void clear_touched(sso_replay__state *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->t[i].name);
	r->n = 0;
}

void sso_replay__detach(sso_store *s)
{
	sso_replay__state **slot = sso_store__replay(s);

	if (!*slot)
		return;
	if (sso_store__db(s))
		sqlite3_update_hook(sso_store__db(s), NULL, NULL);
	clear_touched(*slot);
	free((*slot)->t);
	free((*slot)->checked);
	free(*slot);
	*slot = NULL;
}

void sso_replay__tx_end(sso_store *s)
{
	sso_replay__state *r = *sso_store__replay(s);

	if (!r)
		return;
	clear_touched(r);
	r->nchecked = 0;
	r->failed = 0;
	r->activities[0] = '\0';
}

size_t sso_replay__pending(sso_store *s)
{
	sso_replay__state *r = *sso_store__replay(s);

	return r ? r->n : 0;
}

int sso_replay__touch_counter(sso_store *s, const char *name)
{
	sso_replay__state *r = *sso_store__replay(s);

	return r ? push_touched(r, T_COUNTERS, 0, name) : 0;
}

/* ---- the rows of an event ---- */

typedef struct buf {
	char *p;
	size_t n, cap;
} buf;

static int put(buf *b, const char *text, size_t len)
{
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + len + 1)
			cap *= 2;
		if (!(p = realloc(b->p, cap)))
			return sso_error_set(SSO_ENOMEM, "out of memory");
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, text, len);
	b->n += len;
	b->p[b->n] = '\0';
	return 0;
}

/* Append the line of one row: table t, by rowid (or a counter's name). */
static int put_row(sso_store *s, buf *b, int t, long long rowid, const char *name)
{
	const rtable *rt = &rtables[t];
	sqlite3_stmt *st = sso_store__stmt(s, rt->st_one, rt->one);
	const char *key, *img;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, rowid);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE
			       ? sso_error_set(SSO_EINTERNAL,
					       "a row of %s was deleted: the event log "
					       "cannot record a deletion",
					       rt->name)
			       : sso_store__error(s, rc, "reading a row for the event log");
	}
	key = sso_store__col(st, SEL_KEY);
	img = sso_store__col(st, SEL_IMAGE);
	rc = put(b, key, strlen(key));
	if (rc == 0)
		rc = put(b, "\t", 1);
	if (rc == 0)
		rc = put(b, img, strlen(img));
	if (rc == 0)
		rc = put(b, "\n", 1);
	sqlite3_reset(st);
	return rc;
}

static int same_touch(const touched *a, const touched *b)
{
	return a->table == b->table &&
	       (a->name ? b->name && !strcmp(a->name, b->name) : !b->name && a->rowid == b->rowid);
}

int sso_replay__rows(sso_store *s, long org, long app, char **out)
{
	sso_replay__state *r = *sso_store__replay(s);
	touched self[2] = {{T_ORGS, org, NULL}, {T_APPS, app, NULL}};
	buf b = {NULL, 0, 0};
	int rc = put(&b, "", 0);

	*out = NULL;
	if (r && r->failed)
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
	if (rc == 0 && org)
		rc = put_row(s, &b, T_ORGS, org, NULL);
	if (rc == 0 && app)
		rc = put_row(s, &b, T_APPS, app, NULL);
	for (size_t i = 0; rc == 0 && r && i < r->n; i++) {
		const touched *t = &r->t[i];
		int dup = (org && same_touch(t, &self[0])) || (app && same_touch(t, &self[1]));

		for (size_t j = 0; !dup && j < i; j++)
			dup = same_touch(t, &r->t[j]);
		if (!dup)
			rc = put_row(s, &b, t->table, t->rowid, t->name);
	}
	if (rc == 0 && r && r->activities[0])
		rc = put(&b, r->activities, strlen(r->activities));
	if (r) {
		clear_touched(r);
		r->activities[0] = '\0';
	}
	if (rc < 0) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	return 0;
}

/* ---- naming a difference ---- */

static const char SQL_DIFF[] =
	"SELECT a.key, a.atom, b.atom, a.type, b.type FROM json_each(?1) a "
	"JOIN json_each(?2) b ON a.key = b.key WHERE a.atom IS NOT b.atom OR a.type IS NOT b.type "
	"ORDER BY a.key LIMIT 1";

/* The display name of a row's key: ORG000001, APP000002, DOC000003, or the
 * key itself ("versions:1:2"). */
static void key_name(const char *key, char *out, size_t cap)
{
	static const struct {
		const char *table, *prefix;
	} ids[] = {{"orgs:", "ORG"}, {"apps:", "APP"}, {"documents:", "DOC"}};

	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		size_t n = strlen(ids[i].table);

		if (!strncmp(key, ids[i].table, n)) {
			sso_id_format(out, cap, ids[i].prefix, atol(key + n));
			return;
		}
	}
	snprintf(out, cap, "%s", key);
}

/* Say in out how the table's image of key differs from the log's (event
 * seq): the first column that differs and both values. */
static void describe(sso_store *s, int t, const char *key, const char *log_img,
		     const char *table_img, long long seq, char *out, size_t cap)
{
	sqlite3_stmt *st = NULL;
	char name[64];

	key_name(key, name, sizeof(name));
	if (!log_img) {
		snprintf(out, cap,
			 "%s (table %s): no event records this row: it was added outside sso", name,
			 rtables[t].name);
		return;
	}
	if (!table_img) {
		snprintf(out, cap,
			 "%s (table %s), recorded by event %lld, is missing: it was deleted "
			 "outside sso",
			 name, rtables[t].name, seq);
		return;
	}
	if (sqlite3_prepare_v2(sso_store__db(s), SQL_DIFF, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, log_img, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, table_img, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			int i = sqlite3_column_int(st, 0);
			const char *col = i >= 0 && i < rtables[t].ncols ? rtables[t].cols[i] : "?";
			const char *was = (const char *)sqlite3_column_text(st, 1);
			const char *now = (const char *)sqlite3_column_text(st, 2);

			snprintf(out, cap,
				 "%s (table %s), column %s: the event log says %s (event %lld), "
				 "the table says %s: it was changed outside sso",
				 name, rtables[t].name, col, was ? was : "NULL", seq,
				 now ? now : "NULL");
			sqlite3_finalize(st);
			return;
		}
	}
	sqlite3_finalize(st);
	snprintf(out, cap,
		 "%s (table %s) differs from what event %lld recorded of it: it was changed "
		 "outside sso",
		 name, rtables[t].name, seq);
}

/* ---- checking an organization's rows before a write ---- */

static const char SQL_ORG_EVENTS[] =
	"SELECT seq, rows FROM main.events WHERE org_id = ?1 AND rows IS NOT NULL ORDER BY seq";

/* The log's last word on an organization's rows: key -> (image, seq). */
typedef struct fold {
	sso_strmap map;
	struct fline {
		char *key, *img;
		long long seq;
		int seen;
	} * v;
	size_t n, cap;
	char **texts; /* the rows texts the lines point into */
	size_t ntexts;
} fold;

static void fold_free(fold *f)
{
	sso_strmap__free(&f->map);
	for (size_t i = 0; i < f->ntexts; i++)
		free(f->texts[i]);
	free(f->texts);
	free(f->v);
}

/* Add one event's rows to the fold, splitting the copy it keeps in place. */
static int fold_event(fold *f, long long seq, const char *rows)
{
	char *copy = strdup(rows), **texts;

	if (!copy || !(texts = realloc(f->texts, (f->ntexts + 1) * sizeof(*texts)))) {
		free(copy);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	f->texts = texts;
	f->texts[f->ntexts++] = copy;
	for (char *p = copy; *p;) {
		char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
		size_t at;
		int rc;

		if (nl)
			*nl = '\0';
		if (tab) {
			*tab = '\0';
			if (sso_strmap__get(&f->map, p, strlen(p), &at)) {
				f->v[at].img = tab + 1;
				f->v[at].seq = seq;
			} else {
				if (f->n == f->cap) {
					size_t cap = f->cap ? 2 * f->cap : 32;
					struct fline *v = realloc(f->v, cap * sizeof(*v));

					if (!v)
						return sso_error_set(SSO_ENOMEM, "out of memory");
					f->v = v;
					f->cap = cap;
				}
				f->v[f->n] = (struct fline){p, tab + 1, seq, 0};
				if ((rc = sso_strmap__put(&f->map, p, strlen(p), f->n)) < 0)
					return rc;
				f->n++;
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* Compare table t's rows of org with the fold; a difference is an error. */
static int check_table(sso_store *s, fold *f, int t, long org)
{
	const rtable *rt = &rtables[t];
	sqlite3_stmt *st = sso_store__stmt(s, rt->st_org, rt->of_org);
	char what[600];
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, org);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = sso_store__col(st, SEL_KEY), *img = sso_store__col(st, SEL_IMAGE);
		size_t at;

		if (sso_strmap__get(&f->map, key, strlen(key), &at)) {
			f->v[at].seen = 1;
			if (!strcmp(f->v[at].img, img))
				continue;
			describe(s, t, key, f->v[at].img, img, f->v[at].seq, what, sizeof(what));
		} else {
			describe(s, t, key, NULL, img, 0, what, sizeof(what));
		}
		sqlite3_reset(st);
		return sso_error_set(SSO_EIO,
				     "%s: %s; nothing was written ('sso-ledger verify' checks the "
				     "whole store)",
				     sso_store_file(s), what);
	}
	rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading the store");
	sqlite3_reset(st);
	return rc;
}

/* Are the fold's lines of table t all still in the table? */
static int check_gone(sso_store *s, fold *f)
{
	char what[600];

	for (size_t i = 0; i < f->n; i++) {
		const char *colon = strchr(f->v[i].key, ':');
		int t;
		char table[16];

		if (f->v[i].seen || !colon || (size_t)(colon - f->v[i].key) >= sizeof(table))
			continue;
		snprintf(table, sizeof(table), "%.*s", (int)(colon - f->v[i].key), f->v[i].key);
		if ((t = table_of(table)) < 0 || !rtables[t].of_org)
			continue;
		describe(s, t, f->v[i].key, f->v[i].img, NULL, f->v[i].seq, what, sizeof(what));
		return sso_error_set(SSO_EIO,
				     "%s: %s; nothing was written ('sso-ledger verify' checks the "
				     "whole store)",
				     sso_store_file(s), what);
	}
	return 0;
}

static int checked_already(sso_replay__state *r, long org)
{
	for (size_t i = 0; i < r->nchecked; i++)
		if (r->checked[i] == org)
			return 1;
	if (r->nchecked == r->capchecked) {
		size_t cap = r->capchecked ? 2 * r->capchecked : 16;
		long *v = realloc(r->checked, cap * sizeof(*v));

		if (!v)
			return -1;
		r->checked = v;
		r->capchecked = cap;
	}
	r->checked[r->nchecked++] = org;
	return 0;
}

int sso_replay__check_org(sso_store *s, long org)
{
	sso_replay__state *r = *sso_store__replay(s);
	sqlite3_stmt *st;
	fold f;
	int rc, any = 0;

	if (!r || !sso_store__in_tx(s) || org <= 0)
		return 0;
	if ((rc = checked_already(r, org)) != 0)
		return rc > 0 ? 0 : sso_error_set(SSO_ENOMEM, "out of memory");
	if (!(st = sso_store__stmt(s, STMT_REPLAY_ORG_EVENTS, SQL_ORG_EVENTS)))
		return SSO_EINTERNAL;
	memset(&f, 0, sizeof(f));
	sqlite3_bind_int64(st, 1, org);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		any = 1;
		if ((rc = fold_event(&f, sqlite3_column_int64(st, 0), sso_store__col(st, 1))) < 0)
			break;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading the event log");
	/* an organization new in this transaction has no event yet */
	for (int t = 0; rc == 0 && any && t < T_COUNT; t++)
		if (rtables[t].of_org)
			rc = check_table(s, &f, t, org);
	if (rc == 0 && any)
		rc = check_gone(s, &f);
	fold_free(&f);
	return rc;
}

/* Every organization's row, and the image its last event recorded. */
static const char SQL_ORGS_AGAINST_LOG[] = "SELECT " K_ORGS ", " IMAGE(
	ORGS) ", sso_image((SELECT e.rows FROM main.events e "
	      "WHERE e.org_id = o.id AND e.rows IS NOT NULL ORDER BY e.seq DESC LIMIT 1), "
	      "'orgs:' || o.id), id FROM main.orgs o";
static const char SQL_ORG_LAST_SEQ[] =
	"SELECT max(seq) FROM main.events WHERE org_id = ?1 AND rows IS NOT NULL";

int sso_replay__check_all_orgs(sso_store *s)
{
	sqlite3_stmt *st;
	char what[600];
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_ORGS_AGAINST_LOG, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading organizations");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = sso_store__col(st, 0), *img = sso_store__col(st, 1);
		const char *logged_img = (const char *)sqlite3_column_text(st, 2);
		sqlite3_stmt *q;
		long long seq = 0;

		/* an organization no row-recording event knows yet: a store
		 * being upgraded */
		if (!logged_img || !strcmp(logged_img, img))
			continue;
		if (sqlite3_prepare_v2(sso_store__db(s), SQL_ORG_LAST_SEQ, -1, &q, NULL) ==
		    SQLITE_OK) {
			sqlite3_bind_int64(q, 1, sqlite3_column_int64(st, 3));
			if (sqlite3_step(q) == SQLITE_ROW)
				seq = sqlite3_column_int64(q, 0);
			sqlite3_finalize(q);
		}
		describe(s, T_ORGS, key, logged_img, img, seq, what, sizeof(what));
		sqlite3_finalize(st);
		return sso_error_set(SSO_EIO,
				     "%s: %s; nothing was written ('sso-ledger verify' checks the "
				     "whole store)",
				     sso_store_file(s), what);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading organizations");
}

static const char SQL_LAST_DAY_ORG[] = "SELECT max(day) FROM main.events WHERE org_id = ?1";
static const char SQL_LAST_DAY_APP[] = "SELECT max(day) FROM main.events WHERE app_id = ?1";

/* The day of the last event of org (or app): into last, "" if none. */
static int last_day(sso_store *s, sso_stmt_id id, const char *sql, long which, char last[11])
{
	sqlite3_stmt *st = sso_store__stmt(s, id, sql);
	int rc;

	last[0] = '\0';
	if (!st)
		return SSO_EINTERNAL;
	sqlite3_bind_int64(st, 1, which);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(last, 11, "%s", sso_store__col(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : sso_store__error(s, rc, "reading the event log");
	sqlite3_reset(st);
	return rc;
}

int sso_replay__check_day(sso_store *s, long org, long app)
{
	char today[11], last[11], name[32];
	int rc;

	sso_date_format(sso_store_today(s), today);
	for (int i = 0; i < 2; i++) {
		long id = i ? app : org;

		if (!id)
			continue;
		rc = i ? last_day(s, STMT_REPLAY_DAY_APP, SQL_LAST_DAY_APP, id, last)
		       : last_day(s, STMT_REPLAY_DAY_ORG, SQL_LAST_DAY_ORG, id, last);
		if (rc < 0)
			return rc;
		if (last[0] && strcmp(today, last) < 0) {
			sso_id_format(name, sizeof(name), i ? "APP" : "ORG", id);
			return sso_error_set(SSO_EREFUSED,
					     "%s: today is %s, before %s's last event (%s): an "
					     "event may not be dated before one already recorded "
					     "for it (is $SSO_TODAY set?); nothing was written",
					     sso_store_file(s), today, name, last);
		}
	}
	return 0;
}

/* ---- activities: each import's digest of the rows it added ---- */

/* volunteer_hours' place in SSO_REPLAY__ACT_COLS */
#define ACT_HOURS 8

void sso_replay__digest_row(sso_replay__digest *d, sqlite3_stmt *st, int first_col)
{
	unsigned char sum[32];
	sso_sha256 h;
	uint64_t lo = 0, hi = 0;

	sso_hash__init(&h);
	for (int i = 0; i < SSO_REPLAY__ACT_NCOLS; i++) {
		int c = first_col + i;
		char real[32];

		if (sqlite3_column_type(st, c) == SQLITE_NULL) {
			sso_hash__field(&h, NULL);
		} else if (i == ACT_HOURS) {
			/* RETURNING gives a REAL column's 2.0 as the integer 2 */
			snprintf(real, sizeof(real), "%.17g", sqlite3_column_double(st, c));
			sso_hash__field(&h, real);
		} else {
			sso_hash__field(&h, (const char *)sqlite3_column_text(st, c));
		}
	}
	sha256_digest(&h, sizeof(sum), sum);
	for (int i = 0; i < 8; i++) {
		lo = lo << 8 | sum[i];
		hi = hi << 8 | sum[8 + i];
	}
	/* a sum: the order the rows come in does not matter */
	d->lo += lo;
	d->hi += hi + (d->lo < lo);
	d->n++;
}

/* Feed a field of len bytes as sso_hash__field() feeds a string. */
static void field_n(sso_sha256 *h, const char *text, size_t len)
{
	char n[24];

	if (!text) {
		sso_hash__field(h, NULL);
		return;
	}
	snprintf(n, sizeof(n), "%zu:", len);
	sso_hash__update(h, n, strlen(n));
	sso_hash__update(h, text, len);
}

void sso_replay__digest_values(sso_replay__digest *d, const char *const text[], const size_t len[],
			       const long long num[], const double *hours)
{
	unsigned char sum[32];
	sso_sha256 h;
	uint64_t lo = 0, hi = 0;
	char text_of[32];

	/* each column's kind, in the order of SSO_REPLAY__ACT_COLS: Text,
	 * Integer, Real */
	static const char kinds[SSO_REPLAY__ACT_NCOLS + 1] = "TITITTTTRII";

	sso_hash__init(&h);
	for (int i = 0; i < SSO_REPLAY__ACT_NCOLS; i++) {
		if (kinds[i] == 'R' && hours) {
			snprintf(text_of, sizeof(text_of), "%.17g", *hours);
			sso_hash__field(&h, text_of);
		} else if (kinds[i] == 'I') {
			snprintf(text_of, sizeof(text_of), "%lld", num[i]);
			sso_hash__field(&h, text_of);
		} else if (kinds[i] == 'T') {
			field_n(&h, text[i], len[i]);
		} else {
			sso_hash__field(&h, NULL);
		}
	}
	sha256_digest(&h, sizeof(sum), sum);
	for (int i = 0; i < 8; i++) {
		lo = lo << 8 | sum[i];
		hi = hi << 8 | sum[8 + i];
	}
	d->lo += lo;
	d->hi += hi + (d->lo < lo);
	d->n++;
}

static void digest_image(const sso_replay__digest *d, char out[64])
{
	snprintf(out, 64, "[%llu,\"%016llx%016llx\"]", (unsigned long long)d->n,
		 (unsigned long long)d->hi, (unsigned long long)d->lo);
}

int sso_replay__touch_activities(sso_store *s, long import_id, const sso_replay__digest *d)
{
	sso_replay__state *r = *sso_store__replay(s);
	char img[64];

	if (!r)
		return 0;
	digest_image(d, img);
	snprintf(r->activities, sizeof(r->activities), "activities:%ld\t%s\n", import_id, img);
	return 0;
}

/* ---- verifying: the whole log replayed, every table compared with it ---- */

enum { HAS_IMG = 1, SEEN = 2, HAS_DAY = 4 };

/* What the log last said of one key: the first half of its image's SHA-256,
 * the event that said it, and the day of the last event of an organization
 * or application (for the rule that days do not go backwards). */
typedef struct ventry {
	uint64_t key; /* a hash of the key's text; 0 marks a free slot */
	unsigned char img[16];
	long long seq, day_seq;
	int32_t day;
	unsigned flags;
} ventry;

struct sso_replay__verify {
	ventry *v;
	size_t cap, n;
	long long bad_seq; /* the first event dated before its predecessor */
	char bad_what[400];
	long bad_org;
};

int sso_replay__verify_new(sso_replay__verify **out)
{
	sso_replay__verify *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !(r->v = calloc(r->cap = 1 << 16, sizeof(*r->v)))) {
		free(r);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	*out = r;
	return 0;
}

void sso_replay__verify_free(sso_replay__verify *r)
{
	if (!r)
		return;
	free(r->v);
	free(r);
}

static uint64_t key_hash(const char *key, size_t len)
{
	uint64_t h = sso_strmap__hash(key, len);

	return h ? h : 1;
}

/* The entry of a key's hash, made if absent; NULL when out of memory. */
static ventry *entry(sso_replay__verify *r, uint64_t h)
{
	size_t i;

	if (2 * (r->n + 1) > r->cap) {
		size_t cap = 2 * r->cap;
		ventry *v = calloc(cap, sizeof(*v));

		if (!v)
			return NULL;
		for (size_t j = 0; j < r->cap; j++) {
			if (!r->v[j].key)
				continue;
			for (i = r->v[j].key & (cap - 1); v[i].key; i = (i + 1) & (cap - 1))
				;
			v[i] = r->v[j];
		}
		free(r->v);
		r->v = v;
		r->cap = cap;
	}
	for (i = h & (r->cap - 1); r->v[i].key; i = (i + 1) & (r->cap - 1))
		if (r->v[i].key == h)
			return &r->v[i];
	r->v[i].key = h;
	r->n++;
	return &r->v[i];
}

static const ventry *lookup(const sso_replay__verify *r, uint64_t h)
{
	for (size_t i = h & (r->cap - 1); r->v[i].key; i = (i + 1) & (r->cap - 1))
		if (r->v[i].key == h)
			return &r->v[i];
	return NULL;
}

static void image_hash(const char *img, size_t len, unsigned char out[16])
{
	unsigned char sum[32];
	sso_sha256 h;

	sso_hash__init(&h);
	sso_hash__update(&h, img, len);
	sha256_digest(&h, sizeof(sum), sum);
	memcpy(out, sum, 16);
}

static int32_t day_number(const char *day)
{
	/* YYYY-MM-DD as YYYYMMDD: they order alike */
	int32_t n = 0;

	for (const char *p = day; *p; p++)
		if (*p >= '0' && *p <= '9')
			n = n * 10 + (*p - '0');
	return n;
}

/* The day rule for the organization or application key of an event. */
static int day_rule(sso_replay__verify *r, const sso_event *ev, const char *prefix, long id)
{
	char key[48], name[32];
	int32_t day = day_number(ev->day);
	ventry *e;

	snprintf(key, sizeof(key), "%s:%ld", prefix, id);
	if (!(e = entry(r, key_hash(key, strlen(key)))))
		return sso_error_set(SSO_ENOMEM, "out of memory");
	if ((e->flags & HAS_DAY) && day < e->day && !r->bad_seq) {
		key_name(key, name, sizeof(name));
		r->bad_seq = ev->seq;
		r->bad_org = ev->org_id;
		snprintf(r->bad_what, sizeof(r->bad_what),
			 "event %lld (%s of %s) is dated %s, before event %lld of the same "
			 "record: it was backdated",
			 ev->seq, ev->action, name, ev->day, e->day_seq);
	}
	if (!(e->flags & HAS_DAY) || day >= e->day) {
		e->day = day;
		e->day_seq = ev->seq;
	}
	e->flags |= HAS_DAY;
	return 0;
}

int sso_replay__verify_event(sso_replay__verify *r, const sso_event *ev)
{
	int rc = 0;

	if (ev->org_id && (rc = day_rule(r, ev, "orgs", ev->org_id)) < 0)
		return rc;
	if (ev->app_id && (rc = day_rule(r, ev, "apps", ev->app_id)) < 0)
		return rc;
	for (const char *p = ev->rows; p && *p;) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		ventry *e;

		if (tab) {
			if (!(e = entry(r, key_hash(p, (size_t)(tab - p)))))
				return sso_error_set(SSO_ENOMEM, "out of memory");
			image_hash(tab + 1, (size_t)(end - tab - 1), e->img);
			e->seq = ev->seq;
			e->flags |= HAS_IMG;
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

static const char SQL_EVENT_ROWS[] = "SELECT rows FROM main.events WHERE seq = ?1";

/* The image event seq recorded for key (malloc'd), or NULL. With key NULL,
 * the key (malloc'd, into *keyp) of the line whose key hashes to h. */
static char *logged(sso_store *s, long long seq, const char *key, uint64_t h, char **keyp)
{
	sqlite3_stmt *st;
	char *out = NULL;

	if (sqlite3_prepare_v2(sso_store__db(s), SQL_EVENT_ROWS, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *rows = sso_store__col(st, 0);

		for (const char *p = rows; *p;) {
			const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
			const char *tab = memchr(p, '\t', (size_t)(end - p));

			if (tab && (key ? (size_t)(tab - p) == strlen(key) &&
						    !strncmp(p, key, (size_t)(tab - p))
					: key_hash(p, (size_t)(tab - p)) == h)) {
				out = strndup(tab + 1, (size_t)(end - tab - 1));
				if (keyp)
					*keyp = strndup(p, (size_t)(tab - p));
				break;
			}
			p = nl ? nl + 1 : NULL;
		}
	}
	sqlite3_finalize(st);
	return out;
}

/* Record the first difference in out. */
static void found(sso_store *s, sso_verify *out, int t, const char *key, long owner,
		  const char *table_img, const ventry *e)
{
	char *log_img = e && (e->flags & HAS_IMG) ? logged(s, e->seq, key, 0, NULL) : NULL;

	key_name(key, out->row, sizeof(out->row));
	out->bad_org = owner;
	describe(s, t, key, log_img, table_img, e ? e->seq : 0, out->what, sizeof(out->what));
	free(log_img);
}

/* Compare table t with the replay. */
static int verify_table(sso_store *s, sso_replay__verify *r, int t, sso_verify *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), rtables[t].all, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the store");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = sso_store__col(st, SEL_KEY), *img = sso_store__col(st, SEL_IMAGE);
		ventry *e = (ventry *)lookup(r, key_hash(key, strlen(key)));
		unsigned char h[16];

		out->rows++;
		if (t == T_ORGS)
			out->orgs++;
		if (e && (e->flags & HAS_IMG)) {
			e->flags |= SEEN;
			image_hash(img, strlen(img), h);
			if (!memcmp(h, e->img, 16))
				continue;
		}
		found(s, out, t, key, (long)sqlite3_column_int64(st, SEL_OWNER), img, e);
		break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
						   : sso_store__error(s, rc, "reading the store");
	sqlite3_finalize(st);
	return rc;
}

/* Per quarter and organization, what the activities add up to. */
typedef struct qsum {
	uint64_t key; /* org << 20 | year << 3 | quarter; 0 free */
	long long activities, participants;
	double hours;
	int seen;
} qsum;

typedef struct acts {
	sso_replay__digest *imp; /* by import id */
	size_t nimp;
	qsum *q;
	size_t qcap, qn;
} acts;

/* The sums of key, made zero if absent (the table grows at half full);
 * NULL when out of memory. */
static qsum *quarter_sum(acts *a, uint64_t key)
{
	size_t i;

	if (2 * (a->qn + 1) > a->qcap) {
		size_t cap = a->qcap ? 2 * a->qcap : 1 << 14;
		qsum *v = calloc(cap, sizeof(*v));

		if (!v)
			return NULL;
		for (size_t j = 0; j < a->qcap; j++) {
			if (!a->q[j].key)
				continue;
			for (i = (a->q[j].key * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1); v[i].key;
			     i = (i + 1) & (cap - 1))
				;
			v[i] = a->q[j];
		}
		free(a->q);
		a->q = v;
		a->qcap = cap;
	}
	for (i = (key * 0x9e3779b97f4a7c15ull >> 20) & (a->qcap - 1); a->q[i].key;
	     i = (i + 1) & (a->qcap - 1))
		if (a->q[i].key == key)
			return &a->q[i];
	a->q[i].key = key;
	a->qn++;
	return &a->q[i];
}

/* A quarter's key from an organization and "YYYY-MM-DD" or "YYYYQn". */
static uint64_t quarter_key(long org, const char *text)
{
	size_t n = strlen(text);
	int y = atoi(text), q = 0; /* 0: no quarter, which no activity has */

	if (n == 6 && text[4] == 'Q' && text[5] >= '1' && text[5] <= '4')
		q = text[5] - '0';
	else if (n == 10 && text[4] == '-')
		q = (atoi(text + 5) - 1) / 3 + 1;
	return (uint64_t)org << 20 | (uint64_t)(y & 0x1ffff) << 3 | (uint64_t)(q & 7);
}

static const char SQL_ACTS[] = "SELECT import_id, " SSO_REPLAY__ACT_COLS " FROM main.activities";
static const char SQL_QUARTERS[] = "SELECT quarter, org_id, activities, participants, "
				   "volunteer_hours FROM main.activity_quarters";
static const char SQL_IMPORT_IDS[] = "SELECT id FROM main.imports ORDER BY id";

/* Read every activity once: each import's digest and the quarters' sums. */
static int read_activities(sso_store *s, acts *a)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_ACTS, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading activities");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long imp = sqlite3_column_int64(st, 0);
		long org = (long)sqlite3_column_int64(st, 2);
		qsum *q;

		if (imp < 0 || imp > (1LL << 32)) {
			rc = SQLITE_CORRUPT;
			break;
		}
		if ((size_t)imp >= a->nimp) {
			size_t n = a->nimp ? a->nimp : 64;
			sso_replay__digest *v;

			while (n <= (size_t)imp)
				n *= 2;
			if (!(v = realloc(a->imp, n * sizeof(*v)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			memset(v + a->nimp, 0, (n - a->nimp) * sizeof(*v));
			a->imp = v;
			a->nimp = n;
		}
		sso_replay__digest_row(&a->imp[imp], st, 1);
		if (!(q = quarter_sum(a, quarter_key(org, sso_store__col(st, 3))))) {
			rc = SQLITE_NOMEM;
			break;
		}
		q->activities++;
		q->participants += sqlite3_column_int64(st, 4);
		q->hours += sqlite3_column_double(st, 9);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading activities");
}

/* Compare each import's digest with its event's line. */
static int verify_imports(sso_store *s, sso_replay__verify *r, acts *a, sso_verify *out)
{
	sqlite3_stmt *st;
	char *visited = a->nimp ? calloc(a->nimp, 1) : NULL;
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_IMPORT_IDS, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		free(visited);
		return sso_store__error(s, rc, "reading imports");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		sso_replay__digest none = {0, 0, 0};
		const sso_replay__digest *d = id > 0 && (size_t)id < a->nimp ? &a->imp[id] : &none;
		char key[48], img[64];
		ventry *e;
		unsigned char h[16];

		if (id > 0 && (size_t)id < a->nimp)
			visited[id] = 1;
		snprintf(key, sizeof(key), "activities:%lld", id);
		digest_image(d, img);
		e = (ventry *)lookup(r, key_hash(key, strlen(key)));
		image_hash(img, strlen(img), h);
		if (e && (e->flags & HAS_IMG)) {
			e->flags |= SEEN;
			if (!memcmp(h, e->img, 16))
				continue;
		}
		snprintf(out->row, sizeof(out->row), "import %lld", id);
		snprintf(out->what, sizeof(out->what),
			 "the activities of import %lld (%llu rows now) differ from what its "
			 "event %lld recorded: rows were added, changed or deleted outside sso",
			 id, (unsigned long long)d->n, e ? e->seq : 0);
		break;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading imports");
	for (size_t i = 0; rc == 0 && !out->row[0] && i < a->nimp; i++)
		if (a->imp[i].n && !visited[i]) {
			snprintf(out->row, sizeof(out->row), "import %zu", i);
			snprintf(out->what, sizeof(out->what),
				 "%llu activities name import %zu, which the store does not "
				 "have: they were added outside sso",
				 (unsigned long long)a->imp[i].n, i);
		}
	free(visited);
	return rc;
}

/* Compare activity_quarters with the sums of the activities. */
static int verify_quarters(sso_store *s, acts *a, sso_verify *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_QUARTERS, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading activity quarters");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *quarter = sso_store__col(st, 0);
		long org = (long)sqlite3_column_int64(st, 1);
		qsum *q = a->qcap ? quarter_sum(a, quarter_key(org, quarter)) : NULL;
		long long n = sqlite3_column_int64(st, 2), p = sqlite3_column_int64(st, 3);
		double hours = sqlite3_column_double(st, 4), diff;

		if (!q) {
			rc = SQLITE_NOMEM;
			break;
		}
		q->seen = 1;
		diff = hours - q->hours;
		if (n == q->activities && p == q->participants && diff < 1e-6 && diff > -1e-6)
			continue;
		snprintf(out->row, sizeof(out->row), "%s " SSO_ORG_FMT, quarter, org);
		out->bad_org = org;
		snprintf(out->what, sizeof(out->what),
			 "activity_quarters %s of " SSO_ORG_FMT
			 " says %lld activities, %lld participants, %.2f hours; the "
			 "activities add up to %lld, %lld, %.2f: it was changed outside sso",
			 quarter, org, n, p, hours, q->activities, q->participants, q->hours);
		break;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : sso_store__error(s, rc, "reading activity quarters");
	for (size_t i = 0; rc == 0 && !out->row[0] && i < a->qcap; i++)
		if (a->q[i].key && !a->q[i].seen && a->q[i].activities) {
			long org = (long)(a->q[i].key >> 20);

			out->bad_org = org;
			snprintf(out->row, sizeof(out->row), SSO_ORG_FMT, org);
			snprintf(out->what, sizeof(out->what),
				 "activity_quarters lacks a quarter of " SSO_ORG_FMT
				 " that its %lld activities add up to: it was deleted outside sso",
				 org, a->q[i].activities);
		}
	return rc;
}

static const char SQL_NTH[] = "SELECT json_extract(?1, '$[' || ?2 || ']')";

/* The organization a row of table t belongs to, from its image; 0 if none. */
static long owner_of(sso_store *s, int t, const char *img)
{
	sqlite3_stmt *st;
	long owner = 0;
	int col = -1;

	for (int j = 0; j < rtables[t].ncols; j++)
		if (!strcmp(rtables[t].cols[j], t == T_ORGS ? "id" : "org_id"))
			col = j;
	if (col < 0 || sqlite3_prepare_v2(sso_store__db(s), SQL_NTH, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, img, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, col);
	if (sqlite3_step(st) == SQLITE_ROW)
		owner = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return owner;
}

/* A row the log recorded that no table holds any more. */
static void verify_gone(sso_store *s, sso_replay__verify *r, sso_verify *out)
{
	const ventry *e = NULL;

	/* the one the earliest event recorded, so that the finding is stable */
	for (size_t i = 0; i < r->cap; i++)
		if (r->v[i].key && (r->v[i].flags & (HAS_IMG | SEEN)) == HAS_IMG &&
		    (!e || r->v[i].seq < e->seq))
			e = &r->v[i];
	if (e) {
		char *key = NULL, *img;
		const char *colon;
		int t;

		if (!(img = logged(s, e->seq, NULL, e->key, &key)) || !key) {
			free(img);
			free(key);
			return;
		}
		colon = strchr(key, ':');
		t = -1;
		if (colon) {
			char table[16];

			snprintf(table, sizeof(table), "%.*s", (int)(colon - key), key);
			t = table_of(table);
		}
		key_name(key, out->row, sizeof(out->row));
		if (t >= 0)
			out->bad_org = owner_of(s, t, img);
		if (t >= 0)
			describe(s, t, key, img, NULL, e->seq, out->what, sizeof(out->what));
		else
			snprintf(out->what, sizeof(out->what),
				 "%s, recorded by event %lld, is missing: it was deleted outside "
				 "sso",
				 key, e->seq);
		free(img);
		free(key);
		return;
	}
}

int sso_replay__verify_tables(sso_store *s, sso_replay__verify *r, sso_verify *out)
{
	acts a;
	int rc = 0;

	if (r->bad_seq) {
		out->broken = r->bad_seq;
		out->bad_org = r->bad_org;
		snprintf(out->what, sizeof(out->what), "%s", r->bad_what);
		return 0;
	}
	for (int t = 0; rc == 0 && !out->row[0] && t < T_COUNT; t++)
		rc = verify_table(s, r, t, out);
	if (rc < 0 || out->row[0])
		return rc;
	memset(&a, 0, sizeof(a));
	rc = read_activities(s, &a);
	if (rc == 0)
		rc = verify_imports(s, r, &a, out);
	if (rc == 0 && !out->row[0])
		rc = verify_quarters(s, &a, out);
	free(a.imp);
	free(a.q);
	if (rc == 0 && !out->row[0])
		verify_gone(s, r, out);
	return rc;
}

/* ---- the baseline of an upgraded store ---- */

/* Append the lines of every row of table t that ?1 selects. */
static int put_rows_of(sso_store *s, buf *b, const char *sql, long id)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the store");
	if (id)
		sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = sso_store__col(st, SEL_KEY), *img = sso_store__col(st, SEL_IMAGE);

		if (put(b, key, strlen(key)) < 0 || put(b, "\t", 1) < 0 ||
		    put(b, img, strlen(img)) < 0 || put(b, "\n", 1) < 0) {
			sqlite3_finalize(st);
			return SSO_ENOMEM;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, "reading the store");
}

static const char SQL_ORG_IDS[] = "SELECT id FROM main.orgs ORDER BY id";
static const char SQL_MAX_DAY[] = "SELECT max(day) FROM main.events";

int sso_replay__baseline(sso_store *s)
{
	sqlite3_stmt *st, *mx = NULL;
	char day[11];
	acts a;
	buf b = {NULL, 0, 0};
	int rc = sqlite3_prepare_v2(sso_store__db(s), SQL_ORG_IDS, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading organizations");
	/* dated today, or the last event's day if the clock says earlier */
	sso_date_format(sso_store_today(s), day);
	if (sqlite3_prepare_v2(sso_store__db(s), SQL_MAX_DAY, -1, &mx, NULL) == SQLITE_OK &&
	    sqlite3_step(mx) == SQLITE_ROW && sqlite3_column_type(mx, 0) != SQLITE_NULL &&
	    strcmp(sso_store__col(mx, 0), day) > 0)
		snprintf(day, sizeof(day), "%s", sso_store__col(mx, 0));
	sqlite3_finalize(mx);
	sso_replay__tx_end(s);
	while (rc >= 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long org = (long)sqlite3_column_int64(st, 0);

		b.n = 0;
		rc = put(&b, "", 0);
		for (int t = 0; rc == 0 && t < T_COUNT; t++)
			if (rtables[t].of_org)
				rc = put_rows_of(s, &b, rtables[t].of_org, org);
		if (rc == 0)
			rc = sso_event__append_rows(s, "baseline", org, 0, "{\"schema\":3}", b.p,
						    day);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading organizations");
	b.n = 0;
	if (rc == 0)
		rc = put(&b, "", 0);
	if (rc == 0)
		rc = put_rows_of(s, &b, rtables[T_IMPORTS].all, 0);
	if (rc == 0)
		rc = put_rows_of(s, &b, rtables[T_COUNTERS].all, 0);
	memset(&a, 0, sizeof(a));
	if (rc == 0)
		rc = read_activities(s, &a);
	if (rc == 0 && (rc = sqlite3_prepare_v2(sso_store__db(s), SQL_IMPORT_IDS, -1, &st, NULL)) !=
			       SQLITE_OK) {
		st = NULL;
		rc = sso_store__error(s, rc, "reading imports");
	}
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		sso_replay__digest none = {0, 0, 0};
		char line[128], img[64];

		digest_image(id > 0 && (size_t)id < a.nimp ? &a.imp[id] : &none, img);
		snprintf(line, sizeof(line), "activities:%lld\t%s\n", id, img);
		rc = put(&b, line, strlen(line));
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading imports");
	free(a.imp);
	free(a.q);
	if (rc == 0)
		rc = sso_event__append_rows(s, "baseline", 0, 0, "{\"schema\":3}", b.p, day);
	free(b.p);
	return rc;
}

/* ---- as of a day: the tables the log says there were at its end ----
 *
 * TEMP tables orgs and apps, filled from the last image of each row in an
 * event of that day or before, shadow the stored ones: every query of the
 * library names tables unqualified, so every report reads the past without
 * knowing it. The tables whose rows are never changed once written are
 * shadowed by TEMP views of the rows recorded by then (verify checks that
 * they are what the log says, and that days never go backwards).
 */

static const char SQL_FIRST_DAY[] =
	"SELECT min(day), (SELECT min(day) FROM main.events WHERE action = 'baseline'), "
	"EXISTS (SELECT 1 FROM main.events WHERE rows IS NULL), "
	"coalesce((SELECT min(seq) FROM main.events WHERE rows IS NOT NULL), 1) FROM main.events";

/* The TEMP views of the rows written by the end of the day in sso_asof. */
#define ASOF_DAY "(SELECT day FROM temp.sso_asof)"
static const char *const asof_views[] = {
	"CREATE TEMP VIEW versions AS SELECT * FROM main.versions WHERE effective <= " ASOF_DAY,
	"CREATE TEMP VIEW votes AS SELECT * FROM main.votes WHERE recorded_on <= " ASOF_DAY,
	"CREATE TEMP VIEW documents AS SELECT * FROM main.documents WHERE day <= " ASOF_DAY,
	"CREATE TEMP VIEW imports AS SELECT * FROM main.imports WHERE day <= " ASOF_DAY,
	"CREATE TEMP VIEW events AS SELECT * FROM main.events WHERE day <= " ASOF_DAY,
	"CREATE TEMP VIEW activities AS SELECT * FROM main.activities WHERE import_id IN "
	"(SELECT id FROM main.imports WHERE day <= " ASOF_DAY ")",
};

/* activity_quarters as of the day: the stored sums when no import came
 * later; else the sums of the activities imported by then, or the stored
 * sums less those of the later imports, whichever reads fewer rows (the
 * imports say how many rows each added). */
static const char SQL_IMPORTS_SPLIT[] =
	"SELECT coalesce(sum(CASE WHEN day <= " ASOF_DAY " THEN added END), 0), "
	"coalesce(sum(CASE WHEN day > " ASOF_DAY " THEN added END), 0) FROM main.imports";
#define QUARTER_OF_DATE                                                                            \
	"substr(date, 1, 4) || 'Q' || ((CAST(substr(date, 6, 2) AS INTEGER) + 2) / 3)"
static const char SQL_QUARTERS_STORED[] =
	"CREATE TEMP VIEW activity_quarters AS SELECT * FROM main.activity_quarters";
static const char SQL_QUARTERS_SUMMED[] =
	"CREATE TEMP VIEW activity_quarters AS SELECT " QUARTER_OF_DATE " AS quarter, org_id, "
	"count(*) AS activities, sum(participants) AS participants, "
	"total(volunteer_hours) AS volunteer_hours FROM activities GROUP BY 1, 2";
static const char SQL_QUARTERS_LESS_LATER[] =
	"CREATE TEMP VIEW activity_quarters AS SELECT q.quarter AS quarter, q.org_id AS org_id, "
	"q.activities - coalesce(l.n, 0) AS activities, "
	"q.participants - coalesce(l.p, 0) AS participants, "
	"q.volunteer_hours - coalesce(l.h, 0) AS volunteer_hours "
	"FROM main.activity_quarters q LEFT JOIN (SELECT " QUARTER_OF_DATE " AS quarter, org_id, "
	"count(*) AS n, sum(participants) AS p, total(volunteer_hours) AS h "
	"FROM main.activities WHERE import_id IN (SELECT id FROM main.imports WHERE day > " ASOF_DAY
	") GROUP BY 1, 2) l ON l.quarter = q.quarter AND l.org_id = q.org_id "
	"WHERE q.activities - coalesce(l.n, 0) > 0";

/* Record the day asked for, and what the views need to know of the log. */
static int asof_day(sso_store *s, const char *day, long long first, int legacy)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s),
				    "INSERT INTO temp.sso_asof VALUES (?1, ?2, ?3)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the past from the event log");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, first);
	sqlite3_bind_int(st, 3, legacy);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0
				 : sso_store__error(s, rc, "reading the past from the event log");
}

static int run(sso_store *s, const char *sql, const char *day)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(sso_store__db(s), sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "reading the past from the event log");
	if (day && sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0
				 : sso_store__error(s, rc, "reading the past from the event log");
}

/* Has the organization of m (its column owner: %s) an event after the day
 * of sso_asof, after its baseline for a day before an upgrade? Read from the
 * index events_org_day alone. */
#define LATER_EVENT                                                                                \
	"EXISTS (SELECT 1 FROM main.events e WHERE e.org_id = m.%s AND e.day > (SELECT day FROM "  \
	"temp.sso_asof) AND e.seq > CASE WHEN (SELECT legacy FROM temp.sso_asof) THEN (SELECT "    \
	"min(b.seq) FROM main.events b WHERE b.org_id = m.%s AND b.seq >= (SELECT first FROM "     \
	"temp.sso_asof)) ELSE 0 END)"

/* Shadow table t by a TEMP view of its rows at the end of the day of
 * sso_asof: the rows whose organization (owner: the column of m naming it)
 * has an event after the day (after its baseline, for a day before an
 * upgrade) from the last image an event of theirs recorded by then, in a
 * TEMP table asof_<t>; the others as they are (verify proves a row is its
 * last event's image), if they existed by then (created: the column of the
 * day it was made, for a store upgraded after the day; else an event of
 * their organization by then). A row a day before an upgrade knows nothing
 * of takes its baseline's image: the rows as the upgrade found them, all
 * the log knows of that time. */
static int asof_table(sso_store *s, int t, const char *owner, const char *created)
{
	const rtable *rt = &rtables[t];
	char sql[4096];
	int n, rc;

	/* first each changed row's image, once */
	n = snprintf(sql, sizeof(sql),
		     "CREATE TEMP TABLE asof_img AS WITH m AS MATERIALIZED (SELECT *, '%s:' || id "
		     "AS k__ FROM main.%s m WHERE " LATER_EVENT "), a AS MATERIALIZED (SELECT day, "
		     "first, legacy FROM temp.sso_asof) SELECT i__ FROM (SELECT coalesce((SELECT "
		     "sso_image(e.rows, k__) FROM main.events e WHERE e.org_id = m.%s AND e.seq >= "
		     "a.first AND e.day <= a.day AND sso_image(e.rows, k__) IS NOT NULL ORDER BY "
		     "e.seq DESC LIMIT 1), CASE WHEN a.legacy AND m.%s <= a.day THEN (SELECT "
		     "sso_image(e.rows, k__) FROM main.events e WHERE e.org_id = m.%s AND e.seq >= "
		     "a.first ORDER BY e.seq LIMIT 1) END) AS i__ FROM m, a) WHERE i__ IS NOT NULL",
		     rt->name, rt->name, owner, owner, owner, created, owner);
	if (n <= 0 || (size_t)n >= sizeof(sql))
		return sso_error_set(SSO_EINTERNAL, "as-of query too long");
	if ((rc = run(s, sql, NULL)) < 0)
		return rc;

	/* then those rows as a table of the table's columns, indexed */
	snprintf(sql, sizeof(sql), "CREATE TEMP TABLE asof_%s AS SELECT * FROM main.%s WHERE 0",
		 rt->name, rt->name);
	if ((rc = run(s, sql, NULL)) < 0)
		return rc;
	n = snprintf(sql, sizeof(sql), "INSERT INTO temp.asof_%s SELECT ", rt->name);
	for (int j = 0; j < rt->ncols && n > 0 && (size_t)n < sizeof(sql); j++) {
		const char *sep = j ? ", " : "";

		if (!strcmp(rt->cols[j], "data")) /* recorded by its digest */
			n += snprintf(
				sql + n, sizeof(sql) - (size_t)n,
				"%s(SELECT x.data FROM main.%s x WHERE x.id = json_extract(i__, "
				"'$[0]') AND sso_digest(x.data) = json_extract(i__, '$[%d]'))",
				sep, rt->name, j);
		else
			n += snprintf(sql + n, sizeof(sql) - (size_t)n,
				      "%sjson_extract(i__, '$[%d]')", sep, j);
	}
	if (n > 0 && (size_t)n < sizeof(sql))
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " FROM temp.asof_img");
	if (n <= 0 || (size_t)n >= sizeof(sql))
		return sso_error_set(SSO_EINTERNAL, "as-of query too long");
	if ((rc = run(s, sql, NULL)) < 0 || (rc = run(s, "DROP TABLE temp.asof_img", NULL)) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "CREATE INDEX temp.asof_%s_id ON asof_%s (id)", rt->name,
		 rt->name);
	if ((rc = run(s, sql, NULL)) < 0)
		return rc;
	snprintf(sql, sizeof(sql), "CREATE INDEX temp.asof_%s_owner ON asof_%s (%s)", rt->name,
		 rt->name, owner);
	if ((rc = run(s, sql, NULL)) < 0)
		return rc;

	/* and the view that shadows the table */
	n = snprintf(sql, sizeof(sql),
		     "CREATE TEMP VIEW %s AS SELECT * FROM temp.asof_%s UNION ALL SELECT * FROM "
		     "main.%s m WHERE NOT " LATER_EVENT " AND ((SELECT legacy FROM temp.sso_asof) "
		     "AND m.%s <= (SELECT day FROM temp.sso_asof) OR EXISTS (SELECT 1 FROM "
		     "main.events e WHERE e.org_id = m.%s AND e.day <= (SELECT day FROM "
		     "temp.sso_asof)))",
		     rt->name, rt->name, rt->name, owner, owner, created, owner);
	if (n <= 0 || (size_t)n >= sizeof(sql))
		return sso_error_set(SSO_EINTERNAL, "as-of query too long");
	return run(s, sql, NULL);
}

int sso_store_as_of(sso_store *s, sso_date day)
{
	return sso_store__as_of(s, day, 1);
}

int sso_store__as_of(sso_store *s, sso_date day, int strict)
{
	char text[11], today[11], first[11] = "", base[11] = "";
	sqlite3_stmt *st;
	long long first_rows = 1, early = 0, later = 0;
	int rc, legacy = 0, before_base;

	sso_date_format(day, text);
	sso_date_format(sso_store_today(s), today);
	if (sso_store__in_tx(s))
		return sso_error_set(SSO_EINTERNAL, "--as-of inside a transaction");
	if (day > sso_store_today(s))
		return sso_error_set(SSO_EUSAGE,
				     "--as-of %s: that is after today (%s); the records cannot "
				     "say what has not happened",
				     text, today);
	if ((rc = sqlite3_prepare_v2(sso_store__db(s), SQL_FIRST_DAY, -1, &st, NULL)) != SQLITE_OK)
		return sso_store__error(s, rc, "reading the event log");
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(first, sizeof(first), "%s", sso_store__col(st, 0));
		snprintf(base, sizeof(base), "%s", sso_store__col(st, 1));
		legacy = sqlite3_column_int(st, 2);
		first_rows = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (strict && (!first[0] || strcmp(text, first) < 0))
		return sso_error_set(SSO_EUSAGE,
				     "--as-of %s: that is before the store existed (its first "
				     "event is of %s)",
				     text, first[0] ? first : "no day: it has no events");
	if (strict && legacy && base[0] && strcmp(text, base) < 0)
		return sso_error_set(SSO_EUSAGE,
				     "--as-of %s: the store was upgraded on %s, and its events "
				     "before that do not record the rows they wrote; ask for %s "
				     "or later",
				     text, base, base);
	before_base = legacy && base[0] && strcmp(text, base) < 0;
	if ((rc = run(s,
		      "CREATE TEMP TABLE sso_asof (day TEXT NOT NULL, first INTEGER NOT NULL, "
		      "legacy INTEGER NOT NULL)",
		      NULL)) < 0 ||
	    (rc = asof_day(s, text, first_rows, before_base)) < 0 ||
	    (rc = asof_table(s, T_ORGS, "id", "created_on")) < 0 ||
	    (rc = asof_table(s, T_APPS, "org_id", "submitted_on")) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(asof_views) / sizeof(*asof_views); i++)
		if ((rc = run(s, asof_views[i], NULL)) < 0)
			return rc;
	if ((rc = sqlite3_prepare_v2(sso_store__db(s), SQL_IMPORTS_SPLIT, -1, &st, NULL)) !=
	    SQLITE_OK)
		return sso_store__error(s, rc, "reading imports");
	if (sqlite3_step(st) == SQLITE_ROW) {
		early = sqlite3_column_int64(st, 0);
		later = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if ((rc = run(s,
		      !later           ? SQL_QUARTERS_STORED
		      : early <= later ? SQL_QUARTERS_SUMMED
				       : SQL_QUARTERS_LESS_LATER,
		      NULL)) < 0)
		return rc;
	sso_store__set_as_of(s, day);
	return 0;
}
