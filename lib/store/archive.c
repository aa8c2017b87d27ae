/* archive.c - documents of an organization's archive, stored with their SHA-256 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/event_impl.h"
#include "base/hash.h"
#include "base/json.h"
#include "sso/archive.h"
#include "sso/error.h"
#include "sso/id.h"
#include "store/replay_impl.h"
#include "sso/valid.h"
#include "store/store_impl.h"

#define CHUNK (256 * 1024)

static const char SQL_DOC[] =
	"INSERT INTO documents (org_id, kind, name, size, sha256, app_id, day, at, actor, dated, "
	"result) VALUES (?1, ?2, ?3, 0, '', ?4, ?5, ?6, ?7, ?8, ?9)";
enum { /* its parameters */
       DOC_ORG = 1,
       DOC_KIND,
       DOC_NAME,
       DOC_APP,
       DOC_DAY,
       DOC_AT,
       DOC_ACTOR,
       DOC_DATED,
       DOC_RESULT
};
static const char SQL_CHUNK[] = "INSERT INTO chunks (doc_id, seq, data) VALUES (?1, ?2, ?3)";
static const char SQL_SEAL[] = "UPDATE documents SET size = ?2, sha256 = ?3 WHERE id = ?1";
static const char SQL_ORG_EXISTS[] = "SELECT 1 FROM orgs WHERE id = ?1";

/* A document being written: its row first, then its chunks, then its size
 * and hash, then the event. */
typedef struct writer {
	sso_store *s;
	const sso_attach_options *opts; /* dated, result; NULL for the lifecycle's */
	long doc_id;
	long long size;
	int seq;
	sso_sha256 h;
} writer;

/* Start a document: its row, with no size or hash yet, inside the open
 * transaction; w->doc_id is its id. Returns 0 or an error. */
static int writer_open(writer *w, sso_store *s, long org_id, const char *kind, const char *name,
		       long app_id, const sso_attach_options *opts)
{
	sqlite3_stmt *st = sso_store__stmt(s, STMT_ARCHIVE_DOC, SQL_DOC);
	char day[11], at[32], dated[11];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	memset(w, 0, sizeof(*w));
	w->s = s;
	w->opts = opts;
	sso_hash__init(&w->h);
	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(sso_store_today(s), day);
	sso_date_format(opts && opts->dated ? opts->dated : sso_store_today(s), dated);
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_bind_int64(st, DOC_ORG, org_id);
	sqlite3_bind_text(st, DOC_KIND, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, DOC_NAME, name, -1, SQLITE_TRANSIENT);
	if (app_id)
		sqlite3_bind_int64(st, DOC_APP, app_id);
	sqlite3_bind_text(st, DOC_DAY, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, DOC_AT, at, -1, SQLITE_TRANSIENT);
	sso_store__bind_text(st, DOC_ACTOR, sso_store__actor_text(s));
	sqlite3_bind_text(st, DOC_DATED, dated, -1, SQLITE_TRANSIENT);
	sso_store__bind_text(st, DOC_RESULT, opts ? opts->result : NULL);
	if ((rc = sso_store__exec(s, st, "adding a document")) < 0)
		return rc;
	w->doc_id = (long)sqlite3_last_insert_rowid(sso_store__db(s));
	return 0;
}

static int writer_chunk(writer *w, const void *data, size_t len)
{
	sqlite3_stmt *st = sso_store__stmt(w->s, STMT_ARCHIVE_CHUNK, SQL_CHUNK);

	if (!st)
		return SSO_EINTERNAL;
	sso_hash__update(&w->h, data, len);
	w->size += (long long)len;
	sqlite3_bind_int64(st, 1, w->doc_id);
	sqlite3_bind_int(st, 2, w->seq++);
	sqlite3_bind_blob(st, 3, data, (int)len, SQLITE_STATIC);
	return sso_store__exec(w->s, st, "storing a document");
}

/* Finish a document: record its size and SHA-256 in its row, then append the
 * "archive" event that carries them (and its date and result, if given).
 * Returns 0 or a store error. */
static int writer_seal(writer *w, long org_id, const char *kind, const char *name, long app_id)
{
	sqlite3_stmt *st = sso_store__stmt(w->s, STMT_ARCHIVE_SEAL, SQL_SEAL);
	char sha[65], *details = NULL;
	sso_json j;
	int rc;

	if (!st)
		return SSO_EINTERNAL;
	sso_hash__hex(&w->h, sha);
	sqlite3_bind_int64(st, 1, w->doc_id);
	sqlite3_bind_int64(st, 2, w->size);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_TRANSIENT);
	if ((rc = sso_store__exec(w->s, st, "storing a document")) < 0)
		return rc;
	if ((rc = sso_json__begin(&j)) < 0)
		return rc;
	sso_json__int(&j, "doc", w->doc_id);
	sso_json__str(&j, "kind", kind);
	sso_json__str(&j, "name", name);
	sso_json__int(&j, "size", w->size);
	sso_json__str(&j, "sha256", sha);
	if (w->opts && w->opts->dated) {
		char dated[11];

		sso_date_format(w->opts->dated, dated);
		sso_json__str(&j, "dated", dated);
	}
	if (w->opts && w->opts->result)
		sso_json__str(&j, "result", w->opts->result);
	if ((rc = sso_json__end(&j, &details)) < 0)
		return rc;
	rc = sso_event__append(w->s, "archive", org_id, app_id, details);
	free(details);
	return rc;
}

int sso_archive_put(long *doc_id, sso_store *s, long org_id, const char *kind, const char *name,
		    const void *data, size_t len, long app_id)
{
	writer w;
	int rc;

	if ((rc = writer_open(&w, s, org_id, kind, name, app_id, NULL)) < 0)
		return rc;
	for (size_t off = 0; off < len || (len == 0 && off == 0); off += CHUNK) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;

		if ((rc = writer_chunk(&w, (const char *)data + off, n)) < 0)
			return rc;
		if (len == 0)
			break;
	}
	if ((rc = writer_seal(&w, org_id, kind, name, app_id)) < 0)
		return rc;
	if (doc_id)
		*doc_id = w.doc_id;
	return 0;
}

/* Who may attach, and what an attachment must say of itself. */
static int attach_allowed(sso_store *s, const char *kind, const sso_attach_options *o)
{
	const sso_actor *a = sso_store_actor(s);
	int with_result = sso_doc_kind_has_result(kind);

	if (!sso_doc_kind_valid(kind))
		return sso_error_set(SSO_EUSAGE, "unknown document kind '%s': use %s", kind,
				     sso_doc_kinds_attachable());
	if (a->role == SSO_ROLE_NONE)
		return sso_error_set(SSO_EUSAGE,
				     "a write needs an actor: --as ROLE:NAME or $SSO_ACTOR");
	if (a->role != SSO_ROLE_COMMITTEE && a->role != SSO_ROLE_STREET &&
	    a->role != SSO_ROLE_HUB && a->role != SSO_ROLE_DISTRICT)
		return sso_error_set(SSO_EREFUSED,
				     "the archive is kept by the hub organization, the committee, "
				     "the "
				     "street or the district; you act as %s:%s",
				     sso_role_name(a->role), a->name);
	if (!strcmp(kind, "evaluation") && (!o->result || !*o->result))
		return sso_error_set(SSO_EUSAGE, "an evaluation needs its result: --result TEXT "
						 "(优秀, 合格, 92 ...), which the ledger reports");
	if (o->result && !with_result)
		return sso_error_set(SSO_EUSAGE,
				     "--result belongs to an evaluation or a handling, "
				     "not a %s",
				     kind);
	if (o->result && (strlen(o->result) > 200 || strpbrk(o->result, "\n\r\t")))
		return sso_error_set(SSO_EUSAGE, "--result is one line of at most 200 bytes");
	if (o->dated > sso_store_today(s))
		return sso_error_set(SSO_EUSAGE, "--date is after today: a document cannot be of a "
						 "day still to come");
	if (o->name && (!*o->name || strlen(o->name) > 255 || strpbrk(o->name, "/\n\r")))
		return sso_error_set(SSO_EUSAGE,
				     "--name is a file name of 1 to 255 bytes without '/'");
	return 0;
}

/* Open what attach reads: standard input for "-", else a regular file (not a
 * device such as /dev/zero, a FIFO or a folder) of at most max bytes. Sets
 * *left to the bytes to read: a file's size at open, so that one that grows
 * (the store's own -wal) ends; max + 1 for standard input, to tell it went
 * over. Returns 0 with *fd open, or SSO_ENOINPUT / SSO_EINPUT saying why. */
static int attach_source(int *fd, long long *left, const char *path, int max)
{
	struct stat sb;

	*fd = -1;
	if (!strcmp(path, "-")) {
		*fd = STDIN_FILENO;
		*left = (long long)max + 1;
		return 0;
	}
	if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return sso_error_set(SSO_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return sso_error_set(SSO_ENOINPUT,
				     "%s: is not a regular file (a device, a FIFO or a folder): "
				     "attach a file, or '-' for standard input",
				     path);
	}
	if (sb.st_size > max) {
		close(*fd);
		*fd = -1;
		return sso_error_set(SSO_EINPUT,
				     "%s: is %lld bytes, more than archive.document_max_bytes "
				     "(%d); "
				     "nothing was written",
				     path, (long long)sb.st_size, max);
	}
	/* a regular file never blocks; reads wait as usual from here */
	fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) & ~O_NONBLOCK);
	*left = sb.st_size;
	return 0;
}

int sso_archive_attach(long *doc_id, sso_store *s, const char *org, const char *kind,
		       const char *path, const sso_attach_options *opts)
{
	static const sso_attach_options defaults = SSO_ATTACH_OPTIONS_INIT;
	sqlite3_stmt *st;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *buf = NULL;
	long org_id;
	writer w;
	int fd = -1, rc;
	long long left = 0; /* bytes that may still be read, one more than allowed for stdin */

	if (!opts)
		opts = &defaults;
	if (opts->name)
		base = opts->name;
	else if (!strcmp(path, "-"))
		base = "stdin";
	if ((rc = attach_allowed(s, kind, opts)) < 0)
		return rc;
	if ((rc = sso_id_parse(&org_id, org, "ORG")) < 0)
		return rc;
	if ((rc = attach_source(&fd, &left, path, sso_store_config(s)->document_max_bytes)) < 0)
		return rc;
	if (!(buf = malloc(CHUNK))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = sso_store_begin(s)) < 0)
		goto done;
	if (!(st = sso_store__stmt(s, STMT_ARCHIVE_ORG_EXISTS, SQL_ORG_EXISTS))) {
		rc = SSO_EINTERNAL;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no organization %s in %s",
						       org, sso_store_file(s))
				       : sso_store__error(s, rc, "reading organizations");
		goto fail;
	}
	if ((rc = sso_replay__check_org(s, org_id)) < 0 ||
	    (rc = writer_open(&w, s, org_id, kind, base, 0, opts)) < 0)
		goto fail;
	for (;;) {
		size_t got = 0;

		/* fill a whole chunk, so that chunk boundaries do not depend on reads */
		while (got < CHUNK && left > 0) {
			size_t want = CHUNK - got < (size_t)left ? CHUNK - got : (size_t)left;
			ssize_t n = read(fd, buf + got, want);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = sso_error_set(SSO_EIO, "%s: cannot read: %s", path,
						   strerror(errno));
				goto fail;
			}
			if (n == 0)
				break;
			got += (size_t)n;
			left -= n;
		}
		if (left == 0 && fd == STDIN_FILENO) {
			rc = sso_error_set(SSO_EINPUT,
					   "-: standard input holds more than "
					   "archive.document_max_bytes "
					   "(%d); nothing was written",
					   sso_store_config(s)->document_max_bytes);
			goto fail;
		}
		if (got == 0 && w.seq > 0)
			break;
		if ((rc = writer_chunk(&w, buf, got)) < 0)
			goto fail;
		if (got < CHUNK)
			break;
	}
	if ((rc = writer_seal(&w, org_id, kind, base, 0)) < 0)
		goto fail;
	if ((rc = sso_store_commit(s)) < 0)
		goto done;
	if (doc_id)
		*doc_id = w.doc_id;
	goto done;
fail:
	sso_store_rollback(s);
done:
	if (fd > STDIN_FILENO)
		close(fd);
	free(buf);
	return rc;
}

/* ---- reading the archive back ---- */

static const char SQL_LIST[] =
	"SELECT id, org_id, kind, name, size, sha256, dated, result, app_id, day, at, actor "
	"FROM documents WHERE (?1 IS NULL OR org_id = ?1) AND (?2 IS NULL OR kind = ?2) "
	"ORDER BY id";
/* Its columns, which are also the printed columns (cols[] below), in order. */
enum {
	LIST_DOC,
	LIST_ORG,
	LIST_KIND,
	LIST_NAME,
	LIST_SIZE,
	LIST_SHA,
	LIST_DATED,
	LIST_RESULT,
	LIST_APP,
	LIST_DAY,
	LIST_AT,
	LIST_ACTOR,
	LIST_NCOLS
};
enum { LIST_BY_ORG = 1, LIST_BY_KIND }; /* its parameters */

int sso_archive_list(sso_store *s, const sso_archive_list_options *o, FILE *fp)
{
	static const sso_column cols[LIST_NCOLS] = {
		{"doc", "文档编号", SSO_COL_TEXT},   {"org_id", "组织编号", SSO_COL_TEXT},
		{"kind", "类别", SSO_COL_TEXT},      {"name", "文件名", SSO_COL_TEXT},
		{"size", "大小", SSO_COL_NUMBER},    {"sha256", "SHA-256", SSO_COL_TEXT},
		{"dated", "文档日期", SSO_COL_TEXT}, {"result", "结果", SSO_COL_TEXT},
		{"app", "申请", SSO_COL_TEXT},       {"day", "归档日期", SSO_COL_TEXT},
		{"at", "归档时间", SSO_COL_TEXT},    {"actor", "归档人", SSO_COL_TEXT},
	};
	static const int texts[] = {LIST_NAME, LIST_RESULT, LIST_ACTOR};
	char *masked[3] = {NULL, NULL, NULL};
	size_t caps[3] = {0, 0, 0};
	sqlite3_stmt *st;
	sso_table *t = NULL;
	long org = 0;
	int rc;

	if (o->org && (rc = sso_id_parse(&org, o->org, "ORG")) < 0)
		return rc;
	if (o->kind && !sso_doc_kind_valid(o->kind))
		return sso_error_set(SSO_EUSAGE, "unknown document kind '%s'", o->kind);
	/* record who saw the personal data before showing it */
	if (o->unmask) {
		char what[64] = "archive";

		if (org)
			snprintf(what, sizeof(what), "archive " SSO_ORG_FMT, org);
		if ((rc = sso_event__record(s, "unmask", 0, 0, "shown", what)) < 0)
			return rc;
	}
	if (!(st = sso_store__stmt(s, STMT_ARCHIVE_LIST, SQL_LIST)))
		return SSO_EINTERNAL;
	if (org)
		sqlite3_bind_int64(st, LIST_BY_ORG, org);
	sso_store__bind_text(st, LIST_BY_KIND, o->kind);
	rc = sso_table_new(&t, fp, &o->out, cols, LIST_NCOLS);
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char doc[32], orgid[32], app[32] = "";
		const char *v[LIST_NCOLS];

		sso_id_format(doc, sizeof(doc), "DOC", (long)sqlite3_column_int64(st, LIST_DOC));
		sso_id_format(orgid, sizeof(orgid), "ORG",
			      (long)sqlite3_column_int64(st, LIST_ORG));
		if (sqlite3_column_type(st, LIST_APP) != SQLITE_NULL)
			sso_id_format(app, sizeof(app), "APP",
				      (long)sqlite3_column_int64(st, LIST_APP));
		v[LIST_DOC] = doc;
		v[LIST_ORG] = orgid;
		v[LIST_APP] = app;
		/* the others printed as they are stored */
		for (int i = LIST_KIND; i <= LIST_RESULT; i++)
			v[i] = sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
									 : sso_store__col(st, i);
		for (int i = LIST_DAY; i <= LIST_ACTOR; i++)
			v[i] = sso_store__col(st, i);
		/* a file's name may be someone's number: 身份证110105194912310029.txt */
		rc = 0;
		for (int i = 0; i < 3 && !o->unmask && rc == 0; i++)
			if (v[texts[i]] &&
			    (rc = sso_mask_copy(v[texts[i]], &masked[i], &caps[i])) == 0)
				v[texts[i]] = masked[i];
		if (rc == 0)
			rc = sso_table_row(t, v);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = sso_store__error(s, rc, "reading the archive");
	sqlite3_reset(st);
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	for (int i = 0; i < 3; i++)
		free(masked[i]);
	return rc;
}

/* The documents and their chunks in one ordered pass: chunks are keyed by
 * (doc_id, seq), so this reads the archive front to back. */
static const char SQL_REHASH[] =
	"SELECT d.id, d.org_id, d.kind, d.name, d.size, d.sha256, c.seq, c.data "
	"FROM documents d LEFT JOIN chunks c ON c.doc_id = d.id ORDER BY d.id, c.seq";
enum { RH_ID, RH_ORG, RH_KIND, RH_NAME, RH_SIZE, RH_SHA, RH_CHUNK_SEQ, RH_CHUNK_DATA };

/* Compare the document just read with what was recorded of it. */
static int rehash_finish(sso_sha256 *h, sso_archive_doc *doc, long long size, long long chunks,
			 long long gap, sso_archive_doc_fn fn, void *payload)
{
	char got[65];

	sso_hash__hex(h, got);
	if (strcmp(got, doc->sha256) == 0 && size == doc->size && !gap)
		return 0;
	if (gap)
		snprintf(doc->problem, sizeof(doc->problem),
			 "part %lld of its %lld stored parts is missing", gap, chunks);
	else if (size != doc->size)
		snprintf(doc->problem, sizeof(doc->problem),
			 "%lld bytes stored, %lld recorded; SHA-256 %.12s..., recorded %.12s...",
			 size, doc->size, got, doc->sha256);
	else
		snprintf(doc->problem, sizeof(doc->problem),
			 "its bytes hash to %.12s..., not the recorded %.12s...", got, doc->sha256);
	return fn(payload, doc);
}

int sso_archive_rehash(sso_store *s, sso_archive_doc_fn fn, void *payload, unsigned long long *docs)
{
	sqlite3 *db = sso_store__db(s);
	sqlite3_stmt *st = NULL;
	sso_archive_doc doc;
	sso_sha256 h;
	long long size = 0, chunks = 0, gap = 0;
	char kind[64] = "", name[256] = "", sha[65] = "";
	long cur = 0;
	int rc;

	*docs = 0;
	memset(&doc, 0, sizeof(doc));
	/* a statement of its own: it is a long, rare pass */
	if ((rc = sqlite3_prepare_v2(db, SQL_REHASH, -1, &st, NULL)) != SQLITE_OK)
		return sso_store__error(s, rc, "reading the archive");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id = (long)sqlite3_column_int64(st, RH_ID);
		const void *data;
		int n;

		if (id != cur) {
			if (cur &&
			    (rc = rehash_finish(&h, &doc, size, chunks, gap, fn, payload)) < 0)
				goto done;
			cur = id;
			(*docs)++;
			sso_hash__init(&h);
			size = chunks = gap = 0;
			snprintf(kind, sizeof(kind), "%s", sso_store__col(st, RH_KIND));
			snprintf(name, sizeof(name), "%s", sso_store__col(st, RH_NAME));
			snprintf(sha, sizeof(sha), "%s", sso_store__col(st, RH_SHA));
			doc.id = id;
			doc.org_id = (long)sqlite3_column_int64(st, RH_ORG);
			doc.kind = kind;
			doc.name = name;
			doc.size = sqlite3_column_int64(st, RH_SIZE);
			doc.sha256 = sha;
		}
		if (sqlite3_column_type(st, RH_CHUNK_SEQ) == SQLITE_NULL)
			continue; /* a document without any stored part */
		if (sqlite3_column_int64(st, RH_CHUNK_SEQ) != chunks && !gap)
			gap = chunks + 1;
		chunks++;
		data = sqlite3_column_blob(st, RH_CHUNK_DATA); /* before its size, as SQLite asks */
		n = sqlite3_column_bytes(st, RH_CHUNK_DATA);
		size += n;
		sso_hash__update(&h, data, (size_t)n);
	}
	if (rc != SQLITE_DONE) {
		rc = sso_store__error(s, rc, "reading the archive");
		goto done;
	}
	rc = cur ? rehash_finish(&h, &doc, size, chunks, gap, fn, payload) : 0;
done:
	sqlite3_finalize(st);
	return rc;
}
