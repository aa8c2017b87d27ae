/* org.h - organizations and applications as records: ids, reading, listing */
#ifndef SSO_ORG_H
#define SSO_ORG_H

#include <stddef.h>

#include "sso/form.h"
#include "sso/id.h"
#include "sso/out.h"
#include "sso/store.h"

/* What sso-file show prints of an organization or an application. */
typedef struct sso_org_show_options {
	sso_out_options out;
	int unmask;  /* print ID and phone numbers whole (logged as an event) */
	int version; /* a version to show instead of the current one; 0 = current */
} sso_org_show_options;

#define SSO_ORG_SHOW_OPTIONS_INIT                                                                  \
	{                                                                                          \
		SSO_OUT_OPTIONS_AS(SSO_FORMAT_YAML), 0, 0                                          \
	}

/* Print one organization (id ORG...) or application (APP...) to fp. Returns
 * 0, SSO_ENOTFOUND, SSO_EUSAGE, or an I/O error. With unmask, an event records
 * who saw what (the store must be open for writing). */
int sso_org_show(sso_store *s, const char *id, const sso_org_show_options *opts, FILE *fp);

typedef struct sso_org_list_options {
	sso_out_options out;
	int apps;           /* list applications instead of organizations */
	const char *state;  /* applications in this state (implies apps) */
	const char *street; /* code or name */
	const char *tier;   /* group, filed, registered */
	const char *status; /* pending, active, ... */
	const char *kind;   /* applications of this kind */
	int unmask;         /* names, leaders and reasons whole (logged as an event) */
} sso_org_list_options;

#define SSO_ORG_LIST_OPTIONS_INIT                                                                  \
	{                                                                                          \
		SSO_OUT_OPTIONS_INIT, 0, NULL, NULL, NULL, NULL, NULL, 0                           \
	}

/* Print organizations (in id order) or applications (in id order) as a
 * table with id first; ID and phone numbers in the free texts (names,
 * leaders, reasons) masked unless unmask, which an event records (the store
 * open for writing). Returns 0, SSO_EUSAGE for a bad filter, or an error. */
int sso_org_list(sso_store *s, const sso_org_list_options *opts, FILE *fp);

typedef struct sso_org_history_options {
	sso_out_options out;
	int events; /* the organization's events instead of its versions */
	int unmask; /* events' actors and details whole (logged as an event) */
} sso_org_history_options;

#define SSO_ORG_HISTORY_OPTIONS_INIT                                                               \
	{                                                                                          \
		SSO_OUT_OPTIONS_INIT, 0, 0                                                         \
	}

/* Print an organization's versions (version, app, effective, name, changed
 * keys) or its events; ID and phone numbers in names, actors and details
 * masked unless unmask, which an event records (the store open for
 * writing). Returns 0, SSO_ENOTFOUND, or an error. */
int sso_org_history(sso_store *s, const char *org, const sso_org_history_options *opts, FILE *fp);

#endif
