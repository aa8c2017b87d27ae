/* archive.h - documents of an organization's archive (档案), with their SHA-256 */
#ifndef SSO_ARCHIVE_H
#define SSO_ARCHIVE_H

#include <stddef.h>
#include <stdio.h>

#include "sso/id.h"
#include "sso/out.h"
#include "sso/store.h"

/* Document kinds are in sso/id.h (sso_doc_kind_valid). */

/* Store len bytes as a document of kind for org_id, inside the caller's open
 * transaction, and record an "archive" event with its SHA-256. app_id may be
 * 0. Returns 0 (with *doc_id if not NULL) or an error. */
int sso_archive_put(long *doc_id, sso_store *s, long org_id, const char *kind, const char *name,
		    const void *data, size_t len, long app_id);

/* What an attached document says of itself besides its bytes. */
typedef struct sso_attach_options {
	const char *name;   /* its name in the archive; default the file's base name */
	sso_date dated;     /* the date it is of (a report's, an evaluation's); 0: today */
	const char *result; /* an evaluation's result (required), a handling's outcome */
} sso_attach_options;

#define SSO_ATTACH_OPTIONS_INIT                                                                    \
	{                                                                                          \
		NULL, 0, NULL                                                                      \
	}

/* Attach a file (streamed in chunks, never loaded whole; "-" is standard
 * input) to an organization's archive in a transaction of its own, recording
 * an "archive" event with its SHA-256, date and result. org is an id like
 * ORG000001; opts may be NULL. The hub, committee, street and district may
 * attach. Returns 0 (with *doc_id if not NULL), SSO_EUSAGE (unknown kind, an
 * evaluation without result, a date after today), SSO_EREFUSED (role),
 * SSO_ENOTFOUND, SSO_ENOINPUT (the file), or a store error. */
int sso_archive_attach(long *doc_id, sso_store *s, const char *org, const char *kind,
		       const char *path, const sso_attach_options *opts);

typedef struct sso_archive_list_options {
	sso_out_options out;
	const char *org;  /* one organization's documents; NULL: all */
	const char *kind; /* of one kind; NULL: all */
	int unmask;       /* names, results and actors whole (logged as an event) */
} sso_archive_list_options;

#define SSO_ARCHIVE_LIST_OPTIONS_INIT                                                              \
	{                                                                                          \
		SSO_OUT_OPTIONS_INIT, NULL, NULL, 0                                                \
	}

/* Print the documents (not their bytes) in id order: doc, org_id, kind, name,
 * size, sha256, dated, result, app, day, at, actor; ID and phone numbers in
 * the name (身份证110105194912310029.txt), result and actor masked unless
 * unmask, which an event records (the store open for writing). Returns 0,
 * SSO_EUSAGE, or an I/O or store error. */
int sso_archive_list(sso_store *s, const sso_archive_list_options *opts, FILE *fp);

/* A document whose stored bytes do not match its record, borrowed for the
 * duration of a callback. */
typedef struct sso_archive_doc {
	long id, org_id;
	const char *kind, *name, *sha256;
	long long size;
	char problem[256]; /* what does not match, in words */
} sso_archive_doc;

typedef int (*sso_archive_doc_fn)(void *payload, const sso_archive_doc *doc);

/* Re-hash every stored document from its chunks, in id order, and call fn
 * for each whose bytes, size or parts differ from its record. *docs counts
 * the documents read. Returns 0, fn's negative code, or a store error. */
int sso_archive_rehash(sso_store *s, sso_archive_doc_fn fn, void *payload,
		       unsigned long long *docs);

#endif
