/* work_impl.h - what the modules of work/ share with each other (private) */
#ifndef SSO_WORK_IMPL_H
#define SSO_WORK_IMPL_H

#include <stddef.h>

#include "sso/out.h"

/*
 * An organization existed in a period: it was there by the period's end and
 * had not ended before its start. An SQL condition on the orgs table with
 * the period's end bound to ?1 and its start to ?2 (YYYY-MM-DD), used by
 * the ledger's rows and the tally's organization list alike.
 */
#define SSO_SQL_EXISTED_IN_PERIOD "created_on <= ?1 AND (ended_on IS NULL OR ended_on >= ?2)"

/* The columns of the work ledger (sso-ledger export), in printed order:
 * their keys and Chinese headers, for readers of the ledger (sso-score's
 * organization list). Static; *n is set to their number. */
const sso_column *sso_ledger__columns(size_t *n);

#endif
