/* archive.h - documents of an organization's archive (档案), with their SHA-256 */
#ifndef SSO_ARCHIVE_H
#define SSO_ARCHIVE_H

#include <stddef.h>

#include "sso/store.h"

/*
 * Kinds a clerk attaches: charter, filing_form, roster, report (report to the
 * two committees), evaluation (测评结果), disclosure (信息公开), handling
 * (处理结果). Kinds the lifecycle adds itself: change_form, termination_form,
 * group_form, notice, certificate, vote, referral, registration.
 */
int sso_archive_kind_valid(const char *kind);

/* Store len bytes as a document of kind for org_id, inside the caller's open
 * transaction, and record an "archive" event with its SHA-256. app_id may be
 * 0. Returns 0 (with *doc_id if not NULL) or an error. */
int sso_archive_put(sso_store *s, long org_id, const char *kind, const char *name,
		    const void *data, size_t len, long app_id, long *doc_id);

/* Attach a file (streamed in chunks, never loaded whole) to an organization's
 * archive in a transaction of its own. org is an id like ORG000001. Returns 0
 * (with *doc_id if not NULL), SSO_EUSAGE (unknown kind), SSO_ENOTFOUND,
 * SSO_ENOINPUT (the file), or a store error. */
int sso_archive_attach(sso_store *s, const char *org, const char *kind, const char *path,
		       long *doc_id);

#endif
