/* store.c - one SQLite file per jurisdiction: WAL, busy timeout, migrations */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sso/error.h"
#include "sso/valid.h"
#include "store/store_impl.h"
#include "store/event_impl.h"
#include "store/replay_impl.h"

extern const char *const sso_schema[];
extern const int sso_schema_count;

struct sso_store {
	sqlite3 *db;
	char *path;
	const sso_config *cfg;
	sso_date today;
	int writing; /* opened for writing */
	sso_actor actor;
	char actor_text[160];
	int in_tx;
	int reading;    /* inside sso_store__read_begin() */
	sso_date as_of; /* sso_store_as_of(): 0 if none */
	int upgrading;  /* writing an upgrade's baseline */
	struct sso_replay__state *replay;
	struct {
		const char *sql;
		sqlite3_stmt *st; /* NULL until first used */
	} cache[STMT_COUNT];
};

const char *sso_store_path(const char *explicit_path)
{
	const char *env = getenv("SSO_DB");

	if (explicit_path)
		return explicit_path;
	if (env && *env)
		return env;
	return "sso.db";
}

int sso_store__error(sso_store *s, int rc, const char *what)
{
	const char *msg = s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	const char *path = s ? s->path : "";
	int sys = s && s->db ? sqlite3_system_errno(s->db) : 0;

	/* what the system said decides, whatever SQLite's code for it */
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN ||
	    (rc & 0xff) == SQLITE_FULL) {
		if (sys == ENOSPC || sys == EDQUOT || sys == EFBIG)
			rc = SQLITE_FULL;
		else if (sys == EROFS || ((sys == EACCES || sys == EPERM) && s && s->writing))
			rc = SQLITE_READONLY;
	}
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE: return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return sso_error_set(SSO_EBUSY,
				     "%s: the store is busy: another process kept it locked past "
				     "the timeout of %d ms; try again",
				     path, s && s->cfg ? s->cfg->busy_timeout_ms : 0);
	case SQLITE_FULL:
		return sso_error_set(SSO_EIO, "%s: %s: the disk is full; nothing was written", path,
				     what);
	case SQLITE_READONLY:
		return sso_error_set(SSO_EIO, "%s: %s: the store is read-only; nothing was written",
				     path, what);
	case SQLITE_IOERR: return sso_error_set(SSO_EIO, "%s: %s: I/O error: %s", path, what, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return sso_error_set(SSO_EIO, "%s: is not an sso store, or it is damaged: %s", path,
				     msg);
	case SQLITE_CANTOPEN:
		return sso_error_set(SSO_ENOINPUT, "%s: cannot open the store: %s", path, msg);
	case SQLITE_NOMEM: return sso_error_set(SSO_ENOMEM, "out of memory");
	default: return sso_error_set(SSO_EINTERNAL, "%s: %s: %s", path, what, msg);
	}
}

sqlite3_stmt *sso_store__stmt(sso_store *s, sso_stmt_id id, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	assert(id >= 0 && id < STMT_COUNT);
	if ((st = s->cache[id].st)) {
		assert(s->cache[id].sql == sql || !strcmp(s->cache[id].sql, sql));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		sso_store__error(s, rc, "preparing a statement");
		if (sso_error_last()[0] && (rc & 0xff) != SQLITE_BUSY)
			sso_error_set(SSO_EINTERNAL, "%s: cannot prepare '%.60s': %s", s->path, sql,
				      sqlite3_errmsg(s->db));
		return NULL;
	}
	s->cache[id].sql = sql;
	s->cache[id].st = st;
	return st;
}

int sso_store__exec(sso_store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	rc = rc == SQLITE_DONE ? 0 : sso_store__error(s, rc, what);
	sqlite3_reset(st);
	return rc;
}

int sso_store__bind_text(sqlite3_stmt *st, int i, const char *text)
{
	return text ? sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, i);
}

const char *sso_store__col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

sqlite3 *sso_store__db(sso_store *s)
{
	return s->db;
}

const char *sso_store__actor_text(sso_store *s)
{
	if (s->upgrading)
		return "sso:upgrade"; /* the baseline of an upgrade is the program's */
	return s->actor.role ? s->actor_text : NULL;
}

int sso_store__in_tx(sso_store *s)
{
	return s->in_tx;
}

static int exec_sql(sso_store *s, const char *sql, const char *what)
{
	char *err = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);

	sqlite3_free(err);
	return rc == SQLITE_OK ? 0 : sso_store__error(s, rc, what);
}

int sso_store_schema_latest(void)
{
	return sso_schema_count;
}

/* PRAGMA application_id of an sso store: "SSO1" in ASCII. Stores made before
 * it was set have 0 and the sso schema; a write stamps them. */
#define SSO_APPLICATION_ID 0x53534f31

static const char SQL_USER_VERSION[] = "PRAGMA user_version";
enum { USER_VERSION_VALUE };

int sso_store_schema_version(sso_store *s)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, SQL_USER_VERSION, -1, &st, NULL) != SQLITE_OK)
		return sso_store__error(s, sqlite3_errcode(s->db), "reading the schema version");
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int(st, USER_VERSION_VALUE);
		/* a negative version would read as an error code: no sso wrote it */
		if (v < 0)
			v = sso_error_set(SSO_EIO,
					  "%s: the store's schema version is %d, which no sso "
					  "writes: it is damaged or not an sso store",
					  s->path, v);
	} else
		v = sso_store__error(s, sqlite3_errcode(s->db), "reading the schema version");
	sqlite3_finalize(st);
	return v;
}

/* A store from before events recorded their rows (schema 3) must verify
 * as it is before its baseline records those rows as the truth. */
static int check_before_upgrade(sso_store *s)
{
	sso_verify v;
	int rc = sso_event_verify(&v, s);

	if (rc < 0)
		return rc;
	if (v.broken || v.bad_org || v.bad_doc || v.row[0])
		return sso_error_set(SSO_EIO,
				     "%s: cannot upgrade the store: it does not verify (%s); "
				     "nothing was written",
				     s->path, v.what);
	return 0;
}

/* Apply the schema files the store does not have yet, in one transaction;
 * a store from before schema 3 gets its baseline events. */
static int migrate(sso_store *s)
{
	char pragma[64];
	int v, rc, from;

	if ((rc = sso_store_begin(s)) < 0)
		return rc;
	v = sso_store_schema_version(s);
	if (v < 0) {
		rc = v;
		goto fail;
	}
	if (v > sso_schema_count) {
		rc = sso_error_set(SSO_EIO,
				   "%s: the store has schema version %d, newer than this program's "
				   "%d: use a newer sso",
				   s->path, v, sso_schema_count);
		goto fail;
	}
	from = v;
	for (; v < sso_schema_count; v++)
		if ((rc = exec_sql(s, sso_schema[v], "applying the schema")) < 0)
			goto fail;
	/* the migrations' own updates are not events; the baseline records all */
	sso_replay__tx_end(s);
	if (from > 0 && from < 3) {
		s->upgrading = 1;
		if ((rc = check_before_upgrade(s)) == 0)
			rc = sso_replay__baseline(s);
		s->upgrading = 0;
		if (rc < 0)
			goto fail;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", sso_schema_count);
	if ((rc = exec_sql(s, pragma, "recording the schema version")) < 0)
		goto fail;
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", SSO_APPLICATION_ID);
	if ((rc = exec_sql(s, pragma, "recording the application id")) < 0)
		goto fail;
	return sso_store_commit(s);
fail:
	sso_store_rollback(s);
	return rc;
}

/* What a file holds, read before anything is written to it. */
typedef enum store_kind { KIND_SSO, KIND_OLD_SSO, KIND_EMPTY, KIND_FOREIGN } store_kind;

static const char SQL_APP_ID[] = "PRAGMA application_id";
static const char SQL_TABLES[] =
	"SELECT count(*), count(*) FILTER (WHERE type = 'table' AND name IN "
	"('events', 'orgs', 'documents')) FROM sqlite_master";

/* Tell an sso store (by its application_id, or by its tables for one made
 * before the id was set) from an empty file and from another program's
 * database. Returns 0 with *out set, or a negative code. */
static int store_kind_of(sso_store *s, int version, store_kind *out)
{
	sqlite3_stmt *st = NULL;
	int rc, app = 0, all = 0, ours = 0;

	if ((rc = sqlite3_prepare_v2(s->db, SQL_APP_ID, -1, &st, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sso_store__error(s, rc, "reading the application id");
	}
	app = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if ((rc = sqlite3_prepare_v2(s->db, SQL_TABLES, -1, &st, NULL)) != SQLITE_OK ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return sso_store__error(s, rc, "reading the store's tables");
	}
	all = sqlite3_column_int(st, 0);
	ours = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (app == SSO_APPLICATION_ID)
		*out = KIND_SSO;
	else if (app == 0 && all == 0 && version == 0)
		*out = KIND_EMPTY;
	else if (app == 0 && ours == 3 && version > 0)
		*out = KIND_OLD_SSO;
	else
		*out = KIND_FOREIGN;
	return 0;
}

/* A store's file, as stat() saw it, that sso must not use: another hard
 * link (two paths give two WALs, and committed writes are lost), or an
 * empty file someone else could have planted. Returns 0 or SSO_EIO. */
static int check_file(const char *path, const struct stat *sb, int created)
{
	if (sb->st_nlink > 1)
		return sso_error_set(
			SSO_EIO,
			"%s: the store has %ju hard links: each path would get its own "
			"WAL and committed writes would be lost; keep one path (remove "
			"the other links) or use a copy",
			path, (uintmax_t)sb->st_nlink);
	if (!created && sb->st_size == 0 &&
	    (sb->st_uid != geteuid() || (sb->st_mode & (S_IWGRP | S_IWOTH))))
		return sso_error_set(SSO_EIO,
				     "%s: an empty file %s: sso does not make a store in it; "
				     "remove it, or name another path with --db",
				     path,
				     sb->st_uid != geteuid()
					     ? "owned by another user"
					     : "that its group or others may write");
	return 0;
}

/* In a read-only folder SQLite cannot make the -shm index, and without it
 * it reads the main file alone: a -wal beside it holds committed writes that
 * would be missed. Returns 0, or SSO_EIO saying so. */
static int check_wal_readable(const char *path)
{
	char wal[4096], shm[4096];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	if (stat(wal, &sb) != 0 || sb.st_size == 0 || stat(shm, &sb) == 0)
		return 0;
	return sso_error_set(SSO_EIO,
			     "%s: the store has a write-ahead log (%s) with committed writes, "
			     "but no -shm index, and its folder is read-only: reading it would "
			     "show stale data; make the folder writable (or copy the store with "
			     "its -wal to one that is) and try again",
			     path, wal);
}

static int configure(sso_store *s)
{
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, s->cfg->busy_timeout_ms);
	if (sso_replay__attach(s) < 0)
		return SSO_EINTERNAL;
	return exec_sql(s, "PRAGMA foreign_keys = ON", "configuring the store");
}

/* For a write, once the file is known to be an sso store (or empty): the
 * write-ahead log and full syncs. Switching to WAL writes the file's header,
 * so it never happens to a file that is refused. */
static int configure_writes(sso_store *s)
{
	int rc;

	if ((rc = exec_sql(s, "PRAGMA journal_mode = WAL", "switching to WAL")) < 0)
		return rc;
	return exec_sql(s, "PRAGMA synchronous = FULL", "configuring the store");
}

static int open_immutable(sso_store *s, const char *path)
{
	size_t len = strlen(path), o = 0;
	char *escaped = malloc(3 * len + 1), *uri;
	int rc;

	if (!escaped)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		if (path[i] == '%' || path[i] == '?' || path[i] == '#') {
			snprintf(escaped + o, 4, "%%%02X", (unsigned char)path[i]);
			o += 3;
		} else {
			escaped[o++] = path[i];
		}
	}
	escaped[o] = '\0';
	uri = sqlite3_mprintf("file:%s?immutable=1", escaped);
	free(escaped);
	if (!uri)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	rc = sqlite3_open_v2(uri, &s->db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	sqlite3_free(uri);
	if (rc != SQLITE_OK)
		return sso_store__error(s, rc, "opening the store");
	return configure(s);
}

/* What sso_store_open() does once the file is open at schema version v:
 * refuse another program's database (and, for a read, an empty file or one
 * that needs an upgrade: a read never writes); for a write, stamp an old
 * store's application id and apply the schema it lacks. Returns 0 or a
 * negative code with the reason. */
static int open_checked(sso_store *s, sso_store_mode mode, int v)
{
	store_kind kind;
	int rc;

	if ((rc = store_kind_of(s, v, &kind)) < 0)
		return rc;
	if (kind == KIND_FOREIGN)
		return sso_error_set(SSO_EIO,
				     "%s: is not an sso store (another program's SQLite database): "
				     "nothing was read or written; name the store with --db",
				     s->path);
	if (mode == SSO_STORE_READ && kind == KIND_EMPTY)
		return sso_error_set(SSO_ENOINPUT,
				     "%s: is an empty file, not an sso store yet (a write such as "
				     "'sso-file submit' makes one; --db or $SSO_DB names another)",
				     s->path);
	if (v > sso_schema_count)
		return sso_error_set(SSO_EIO,
				     "%s: the store has schema version %d, newer than this "
				     "program's %d: use a newer sso",
				     s->path, v, sso_schema_count);
	if (mode == SSO_STORE_READ) {
		if (v < sso_schema_count)
			return sso_error_set(SSO_EIO,
					     "%s: the store has schema version %d, older than this "
					     "program's %d, and a read does not upgrade it: run a "
					     "write (such as 'sso-ledger attach') once to upgrade "
					     "it",
					     s->path, v, sso_schema_count);
		return 0;
	}
	if ((rc = configure_writes(s)) < 0)
		return rc;
	/* migrate() stamps the application id in its own transaction */
	if (v < sso_schema_count)
		return migrate(s);
	if (kind == KIND_OLD_SSO) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", SSO_APPLICATION_ID);
		return exec_sql(s, pragma, "recording the application id");
	}
	return 0;
}

int sso_store_open(sso_store **out, const char *path, sso_store_mode mode, const sso_config *cfg)
{
	sso_store *s = calloc(1, sizeof(*s));
	struct stat sb;
	int rc, flags, created = 0;

	*out = NULL;
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	s->cfg = cfg;
	if ((rc = sso_date_today(&s->today)) < 0)
		goto fail;
	if (stat(path, &sb) != 0) {
		int fd;

		if (mode != SSO_STORE_WRITE) {
			rc = sso_error_set(SSO_ENOINPUT,
					   "%s: no store here (a write such as 'sso-file submit' "
					   "creates one; --db or $SSO_DB names another)",
					   path);
			goto fail;
		}
		/* create it ourselves, so that it is private to its owner from the start */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			rc = sso_error_set(SSO_ECREATE, "%s: cannot create the store: %s", path,
					   strerror(errno));
			goto fail;
		}
		if (fd >= 0)
			close(fd);
		created = fd >= 0;
		if (!created && stat(path, &sb) == 0 && (rc = check_file(path, &sb, 0)) < 0)
			goto fail;
	} else if (!S_ISREG(sb.st_mode)) {
		rc = sso_error_set(SSO_ENOINPUT, "%s: is not a file", path);
		goto fail;
	} else if ((rc = check_file(path, &sb, 0)) < 0) {
		goto fail;
	}
	s->writing = mode != SSO_STORE_READ;
	flags = (mode == SSO_STORE_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = sso_store__error(s, rc, "opening the store");
		goto fail;
	}
	if (mode != SSO_STORE_READ && sqlite3_db_readonly(s->db, "main") == 1) {
		rc = sso_error_set(SSO_EIO, "%s: the store is read-only; nothing was written",
				   path);
		goto fail;
	}
	if ((rc = configure(s)) < 0)
		goto fail;
	rc = sso_store_schema_version(s);
	if (rc == SSO_ENOINPUT && mode == SSO_STORE_READ) {
		/* a read-only directory: the WAL index cannot be made; no writer can
		 * be at work here either, so read the file as it is */
		sqlite3_close(s->db);
		s->db = NULL;
		if ((rc = check_wal_readable(path)) < 0 || (rc = open_immutable(s, path)) < 0)
			goto fail;
		rc = sso_store_schema_version(s);
	}
	if (rc < 0)
		goto fail;
	if ((rc = open_checked(s, mode, rc)) < 0 || (rc = sso_replay__columns_listed(s)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	sso_store_close(s);
	return rc;
}

void sso_store_close(sso_store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		sso_store_rollback(s);
	sso_store__read_end(s, s->reading);
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(s->cache[i].st);
	sso_replay__detach(s);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

void sso_store_set_actor(sso_store *s, const sso_actor *actor)
{
	s->actor = *actor;
	snprintf(s->actor_text, sizeof(s->actor_text), "%s:%s", sso_role_name(actor->role),
		 actor->name);
}

const sso_actor *sso_store_actor(const sso_store *s)
{
	return &s->actor;
}

const sso_config *sso_store_config(const sso_store *s)
{
	return s->cfg;
}

sso_date sso_store_today(const sso_store *s)
{
	return s->today;
}

const char *sso_store_file(const sso_store *s)
{
	return s->path;
}

struct sso_replay__state **sso_store__replay(sso_store *s)
{
	return &s->replay;
}

void sso_store__set_as_of(sso_store *s, sso_date day)
{
	s->as_of = day;
}

sso_date sso_store_as_of_day(const sso_store *s)
{
	return s->as_of;
}

int sso_store_begin(sso_store *s)
{
	int rc;

	if (s->as_of)
		return sso_error_set(SSO_EUSAGE, "--as-of is for reading; a write happens today");
	if (s->in_tx || s->reading)
		return sso_error_set(SSO_EINTERNAL, "a transaction is already open");
	rc = exec_sql(s, "BEGIN IMMEDIATE", "starting a transaction");
	if (rc == 0)
		s->in_tx = 1;
	return rc;
}

int sso_store_commit(sso_store *s)
{
	int rc;

	if (sso_replay__pending(s)) {
		sso_store_rollback(s);
		return sso_error_set(SSO_EINTERNAL,
				     "%s: rows were written without an event to record them; "
				     "nothing was written",
				     s->path);
	}
	rc = exec_sql(s, "COMMIT", "committing");

	if (rc < 0) {
		sso_store_rollback(s);
		return rc;
	}
	s->in_tx = 0;
	sso_replay__tx_end(s);
	return 0;
}

int sso_store__read_begin(sso_store *s)
{
	int rc;

	if (s->in_tx || s->reading)
		return 0; /* already reading from one snapshot */
	/* A deferred transaction takes its snapshot at the first read and
	 * keeps it: in WAL mode writers go on, and this reader never sees
	 * half of their work. */
	if ((rc = exec_sql(s, "BEGIN DEFERRED", "starting to read")) < 0)
		return rc;
	s->reading = 1;
	return 1;
}

void sso_store__read_end(sso_store *s, int opened)
{
	if (opened <= 0 || !s->reading)
		return;
	for (int i = 0; i < STMT_COUNT; i++)
		if (s->cache[i].st)
			sqlite3_reset(s->cache[i].st);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	s->reading = 0;
}

void sso_store_rollback(sso_store *s)
{
	if (!s->in_tx)
		return;
	for (int i = 0; i < STMT_COUNT; i++)
		if (s->cache[i].st)
			sqlite3_reset(s->cache[i].st);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
	sso_replay__tx_end(s);
}
