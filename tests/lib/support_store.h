/* support_store.h - store fixtures for the unit tests linked with sso */
#ifndef SSO_TEST_SUPPORT_STORE_H
#define SSO_TEST_SUPPORT_STORE_H

#include "support.h"

/* A store of its own for one test: a fresh temporary directory, the path of a
 * store in it (not created until first opened for writing) and the default
 * configuration. */
typedef struct support_store {
	char *dir;
	char *db;
	sso_config *cfg;
	char today[11]; /* SSO_TODAY while the fixture lives; "" if left alone */
} support_store;

/* A new fixture; with today (YYYY-MM-DD) not NULL, sets SSO_TODAY to it.
 * Freed, with its directory and SSO_TODAY, by support_store_free(). */
support_store *support_store_new(const char *today);
void support_store_free(support_store *f);

/* cmocka setup of a fixture (support_store_new("2026-04-01")) in *state,
 * and the teardown of a fixture a setup left in *state. */
int support_store_setup(void **state);
int support_store_teardown(void **state);

/* The same on 2026-07-15 (support_store_new("2026-07-15")): the first half
 * of 2026 over, for the tests of activity records dated in it. */
int support_store_setup_july(void **state);

/* Open the fixture's store for writing (creating it), acting as actor
 * ("ROLE:NAME") if not NULL; fails the test if it cannot. */
sso_store *support_store_open(const support_store *f, const char *actor);

/* Run SQL on the store's file through a connection of its own, as another
 * process would; fails the test on an error. */
void support_sql(const support_store *f, const char *statement);

/* The number of rows of table, read through a connection of its own. */
long support_count(const support_store *f, const char *table);

/* The first column of the first row of query q, read through a connection
 * of its own: as a number (the test fails if there is no row), or as text
 * (NULL if there is no row or it is NULL; caller frees). */
long long support_number(const support_store *f, const char *q);
char *support_text(const support_store *f, const char *q);

/* Open the fixture's store, verify its event chain into *v (the test fails
 * if sso_event_verify() does), close it. */
void support_verify(const support_store *f, sso_verify *v);

/* A new store at f->db (whatever was there removed) holding the filing of
 * examples/filing.yaml, submitted by sponsor:王秀兰: ORG000001 and
 * APP000001, its filing form, charter and roster archived (DOC000001 to
 * DOC000003), four events. */
void support_store_filed(support_store *f);

/* The first column of the first row of sql on s's own connection; -1 if no row. */
long long support_one(sso_store *s, const char *sql);

/* Submit the forms of yaml, read as "batch.yaml", with s's actor. d is
 * initialised and collects the problems; the caller clears r. Returns what
 * sso_submit() returns. */
int support_submit(sso_store *s, const char *yaml, int keep_going, support_diag *d,
		   sso_submit_result *r);

/* Import the activity records of text (len bytes, read as name) with s's
 * actor. d is initialised and collects the problems. Returns what
 * sso_activity_import() returns. */
int support_import(sso_store *s, const char *name, const char *text, size_t len, support_diag *d,
		   sso_activity_import_result *r);

/* Record the sample activity group (support_form_text(SSO_KIND_GROUP)) with
 * s's actor, a committee; returns its organization id (1 in a new store). */
long support_org_group(sso_store *s);

/* Open the fixture's store into *s as hub:张敏, once committee:刘主任 has
 * recorded the activity groups of yaml (support_form_text(SSO_KIND_GROUP)
 * if NULL); fails the test unless all are written. Returns the first
 * group's organization id (1 in a new store). */
long support_store_groups(sso_store **s, support_store *f, const char *yaml);

/* Take a filing (yaml, or support_form_text(SSO_KIND_FILING) if NULL) from
 * submission to its certificate: submitted by sponsor:王秀兰, passed by
 * committee:刘主任, approved, published and certified by street:李明 the day
 * after the notice ends. SSO_TODAY is as it was again afterwards. Returns
 * the organization's id. */
long support_org_certified(support_store *f, const char *yaml);

#endif
