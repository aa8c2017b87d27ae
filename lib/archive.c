/* archive.c - documents of an organization's archive, stored with their SHA-256 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "event_impl.h"
#include "hash.h"
#include "json.h"
#include "sso/archive.h"
#include "sso/error.h"
#include "sso/org.h"
#include "store_impl.h"

#define CHUNK (256 * 1024)

static const char *const kinds[] = {
	"charter", "filing_form", "roster", "report", "evaluation", "disclosure", "handling",
	"change_form", "termination_form", "group_form", "notice", "certificate", "vote",
	"referral", "registration", NULL};

static const char SQL_DOC[] =
	"INSERT INTO documents (org_id, kind, name, size, sha256, app_id, day, at, actor) "
	"VALUES (?1, ?2, ?3, 0, '', ?4, ?5, ?6, ?7)";
static const char SQL_CHUNK[] = "INSERT INTO chunks (doc_id, seq, data) VALUES (?1, ?2, ?3)";
static const char SQL_SEAL[] = "UPDATE documents SET size = ?2, sha256 = ?3 WHERE id = ?1";
static const char SQL_ORG_EXISTS[] = "SELECT 1 FROM orgs WHERE id = ?1";

int sso_archive_kind_valid(const char *kind)
{
	for (const char *const *k = kinds; *k; k++)
		if (!strcmp(*k, kind))
			return 1;
	return 0;
}

/* A document being written: its row first, then its chunks, then its size
 * and hash, then the event. */
typedef struct writer {
	sso_store *s;
	long doc_id;
	long long size;
	int seq;
	sso_sha256 h;
} writer;

static int writer_open(writer *w, sso_store *s, long org_id, const char *kind, const char *name,
		       long app_id)
{
	sqlite3_stmt *st = sso_store__stmt(s, SQL_DOC);
	char day[11], at[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	memset(w, 0, sizeof(*w));
	w->s = s;
	sso_hash__init(&w->h);
	if (!st)
		return SSO_EINTERNAL;
	sso_date_format(sso_store_today(s), day);
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_bind_int64(st, 1, org_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
	if (app_id)
		sqlite3_bind_int64(st, 4, app_id);
	sqlite3_bind_text(st, 5, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
	sso_store__bind_text(st, 7, sso_store__actor_text(s));
	if ((rc = sso_store__exec(s, st, "adding a document")) < 0)
		return rc;
	w->doc_id = (long)sqlite3_last_insert_rowid(sso_store__db(s));
	return 0;
}

static int writer_chunk(writer *w, const void *data, size_t len)
{
	sqlite3_stmt *st = sso_store__stmt(w->s, SQL_CHUNK);

	if (!st)
		return SSO_EINTERNAL;
	sso_hash__update(&w->h, data, len);
	w->size += (long long)len;
	sqlite3_bind_int64(st, 1, w->doc_id);
	sqlite3_bind_int(st, 2, w->seq++);
	sqlite3_bind_blob(st, 3, data, (int)len, SQLITE_STATIC);
	return sso_store__exec(w->s, st, "storing a document");
}

static int writer_seal(writer *w, long org_id, const char *kind, const char *name, long app_id)
{
	sqlite3_stmt *st = sso_store__stmt(w->s, SQL_SEAL);
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
	if ((rc = sso_json__end(&j, &details)) < 0)
		return rc;
	rc = sso_event__append(w->s, "archive", org_id, app_id, details);
	free(details);
	return rc;
}

int sso_archive_put(sso_store *s, long org_id, const char *kind, const char *name,
		    const void *data, size_t len, long app_id, long *doc_id)
{
	writer w;
	int rc;

	if ((rc = writer_open(&w, s, org_id, kind, name, app_id)) < 0)
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

int sso_archive_attach(sso_store *s, const char *org, const char *kind, const char *path,
		       long *doc_id)
{
	sqlite3_stmt *st;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *buf = NULL;
	long org_id;
	writer w;
	int fd = -1, rc;

	if (!sso_archive_kind_valid(kind))
		return sso_error_set(SSO_EUSAGE,
				     "unknown document kind '%s': use charter, filing_form, roster, "
				     "report, evaluation, disclosure or handling",
				     kind);
	if ((rc = sso_id_parse(&org_id, org, "ORG")) < 0)
		return rc;
	fd = !strcmp(path, "-") ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sso_error_set(SSO_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
	if (!(buf = malloc(CHUNK))) {
		rc = sso_error_set(SSO_ENOMEM, "out of memory");
		goto done;
	}
	if ((rc = sso_store_begin(s)) < 0)
		goto done;
	if (!(st = sso_store__stmt(s, SQL_ORG_EXISTS))) {
		rc = SSO_EINTERNAL;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, org_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? sso_error_set(SSO_ENOTFOUND, "no organization %s in %s", org,
						       sso_store_file(s))
				       : sso_store__error(s, rc, "reading organizations");
		goto fail;
	}
	if ((rc = writer_open(&w, s, org_id, kind, base, 0)) < 0)
		goto fail;
	for (;;) {
		size_t got = 0;

		/* fill a whole chunk, so that chunk boundaries do not depend on reads */
		while (got < CHUNK) {
			ssize_t n = read(fd, buf + got, CHUNK - got);

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
