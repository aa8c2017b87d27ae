/* sso.h - libsso: the records of community social organizations, kept to the rules */
#ifndef SSO_H
#define SSO_H

/* The modules, in the order a reader meets them. */
#include "sso/error.h"     /* SSO_E* codes, the detail line, sso_diag */
#include "sso/id.h"        /* ORG/APP/DOC ids, document kinds */
#include "sso/date.h"      /* dates, today, periods */
#include "sso/input.h"     /* UTF-8 (or GBK) text in */
#include "sso/csv.h"       /* CSV records in, fields out */
#include "sso/ydoc.h"      /* YAML documents with positions */
#include "sso/out.h"       /* tables as CSV, TSV, YAML */
#include "sso/config.h"    /* built-in defaults and sso.yaml */
#include "sso/valid.h"     /* ID numbers, phones, USCC, masking */
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

/* The library's version, "0.1.0". */
const char *sso_version(void);

#endif
