/* sso.h - libsso: the records of community social organizations, kept to the rules */
#ifndef SSO_H
#define SSO_H

/*
 * Conventions every module keeps, stated once here:
 *
 *   Names      sso_<module>_<verb>: sso_org_show, sso_tally_read, sso_idnum_check.
 *   Results    functions that can fail return int: 0 (or a count) on success,
 *              a negative SSO_E* code on failure, with one line of detail in
 *              sso_error_last() (sso/error.h). Out parameters come first, and
 *              are written only on success.
 *   Ownership  a pointer a function returns through an out parameter is the
 *              caller's, freed with the matching sso_<type>_free(); every
 *              pointer argument is borrowed for the call only, unless its
 *              comment says it is kept ("borrowed for the life of ..."). Every
 *              _free() and _clear() accepts NULL and does nothing.
 *   Strings    UTF-8, NUL-terminated; "borrowed" strings stay valid until the
 *              object that lent them is freed.
 *   Options    each options struct has an _INIT macro; those that print a
 *              table start with sso_out_options, set by SSO_OUT_OPTIONS_INIT.
 *   Misuse     a NULL where an object is required, or an index out of range,
 *              is a programmer error: an assert, not an error code.
 *   Threads    no global state but the per-thread error detail; an object is
 *              used by one thread at a time.
 */

/* The modules, in the order a reader meets them. */
#include "sso/error.h"     /* SSO_E* codes, the detail line, sso_diag */
#include "sso/id.h"        /* ORG/APP/DOC ids, document kinds */
#include "sso/date.h"      /* dates, today, periods */
#include "sso/input.h"     /* UTF-8 (or GBK) text in */
#include "sso/csv.h"       /* CSV records in, fields out */
#include "sso/ydoc.h"      /* YAML documents with positions */
#include "sso/out.h"       /* tables as CSV, TSV, YAML */
#include "sso/actrow.h"    /* the activity row and its rules */
#include "sso/config.h"    /* built-in defaults and sso.yaml */
#include "sso/valid.h"     /* ID numbers, phones, USCC, masking */
#include "sso/role.h"      /* roles and actors */
#include "sso/name.h"      /* naming rules */
#include "sso/store.h"     /* the SQLite store, actors */
#include "sso/event.h"     /* the hash-chained event log */
#include "sso/archive.h"   /* documents with their SHA-256 */
#include "sso/form.h"      /* filing, change, termination, group forms */
#include "sso/org.h"       /* organizations and applications read back */
#include "sso/lifecycle.h" /* applications moved step by step */
#include "sso/activity.h"  /* activity records in and out */
#include "sso/ledger.h"    /* the work ledger and the archive check */
#include "sso/score.h"     /* activity index, rates, targets */
#include "sso/rubric.h"    /* rubrics, evaluations, satisfaction */
#include "sso/score_out.h" /* the tables of scores */

/* The library's version, "0.1.0". */
const char *sso_version(void);

#endif
