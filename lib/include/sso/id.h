/* id.h - record ids (ORG000001, APP000001, DOC000001) and archive document kinds */
#ifndef SSO_ID_H
#define SSO_ID_H

#include <stddef.h>

/*
 * A record id is a prefix and a positive number of at least SSO_ID_DIGITS
 * digits, zero-padded. Every id the library prints goes through
 * sso_id_format or one of the SSO_*_FMT printf formats below, so widening
 * ids (a province has millions of activities) is one edit here.
 */
#define SSO_ID_DIGITS 6
#define SSO_ID_NUM    "%06ld"          /* keep in step with SSO_ID_DIGITS */
#define SSO_ORG_FMT   "ORG" SSO_ID_NUM /* an organization: ORG000001 */
#define SSO_APP_FMT   "APP" SSO_ID_NUM /* an application: APP000001 */
#define SSO_DOC_FMT   "DOC" SSO_ID_NUM /* an archived document: DOC000001 */
#define SSO_ID_CAP    32               /* a buffer that holds any formatted id */

/* Parse text as an id with prefix ("ORG", "APP", "DOC"): the prefix in any
 * case, or bare digits. Returns 0 with *out set, or SSO_EUSAGE naming the text
 * and the expected form. */
int sso_id_parse(long *out, const char *text, const char *prefix);

/* Write prefix and id, zero-padded, into buf of cap bytes (SSO_ID_CAP is
 * always enough). */
void sso_id_format(char *buf, size_t cap, const char *prefix, long id);

/*
 * Document kinds of the archive (档案). A clerk attaches charter,
 * filing_form, roster, report (report to the two committees), evaluation
 * (测评结果), disclosure (信息公开) and handling (处理结果); the lifecycle
 * adds change_form, termination_form, group_form, notice, certificate, vote,
 * referral and registration itself.
 */

/* 1 if kind is any document kind, else 0. */
int sso_doc_kind_valid(const char *kind);

/* 1 if a clerk may attach kind by hand, else 0. */
int sso_doc_kind_attachable(const char *kind);

/* 1 if a document of kind carries a result (evaluation, handling). */
int sso_doc_kind_has_result(const char *kind);

/* The attachable kinds in words, for messages: "charter, filing_form, ...
 * or handling". A static string. */
const char *sso_doc_kinds_attachable(void);

#endif
