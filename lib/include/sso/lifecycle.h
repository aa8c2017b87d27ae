/* lifecycle.h - applications and the steps that move them (Tianjin 第二条, 第三条) */
#ifndef SSO_LIFECYCLE_H
#define SSO_LIFECYCLE_H

#include <stddef.h>

#include "sso/error.h"
#include "sso/form.h"
#include "sso/input.h"
#include "sso/states.h" /* the state table: states, steps, who takes them */
#include "sso/store.h"
#include "sso/vote.h" /* the all-member vote's rule */

/* ---- on the store ---- */

typedef struct sso_submit_options {
	int keep_going; /* write the good documents of a batch; exit 65 if any was bad */
	/* called after each document with the number read so far; may be NULL */
	void (*progress)(void *payload, unsigned long done);
	void *payload;
} sso_submit_options;

#define SSO_SUBMIT_OPTIONS_INIT                                                                    \
	{                                                                                          \
		0, NULL, NULL                                                                      \
	}

/* What happened to one document of a submission. */
typedef struct sso_submitted {
	long app; /* 0 for an activity group, which needs no application */
	long org;
	const char *state; /* "submitted", or "active" for a group */
} sso_submitted;

typedef struct sso_submit_result {
	size_t documents; /* read */
	size_t written;   /* written (all or none, unless keep_going) */
	size_t bad;       /* with bad data (reported to diag) */
	size_t refused;   /* refused by a rule or role (reported to diag) */
	size_t count;     /* entries of items, in input order, once written */
	sso_submitted *items;
} sso_submit_result;

/* Submit every form of n YAML streams (filing, change, termination, group)
 * in one transaction. Each bad or refused document is reported to diag;
 * without keep_going nothing is written if any is. Returns 0 (see result),
 * or a negative code when an input cannot be read or the store fails
 * (nothing written). The caller clears result with sso_submit_result_clear(). */
int sso_submit(sso_store *s, sso_input **ins, size_t n, const sso_submit_options *opts,
	       sso_diag *diag, sso_submit_result *result);

/* Free what a submission's result holds and zero it; NULL is fine. */
void sso_submit_result_clear(sso_submit_result *r);

/* What a step did. */
typedef struct sso_step_result {
	long app, org;
	sso_app_state state;    /* the state after the step */
	char notice_end[11];    /* publish: the last day of the notice */
	char certificate[128];  /* certify of a filing: the certificate number */
	char commendation[128]; /* certify of a termination: its commendation, if any */
	char *notice;           /* publish: the notice text (caller frees) */
} sso_step_result;

/* Take a step on an application (id APP...): check the actor's role, the
 * state and the notice period, then move it and record the event, in one
 * transaction. reason is required for return, reject and object. Returns 0,
 * SSO_EREFUSED (nothing changed; the detail says why), SSO_ENOTFOUND,
 * SSO_EUSAGE, or a store error. */
int sso_app_step(sso_store *s, const char *app, sso_step step, const char *reason,
		 sso_step_result *out);

/* Resubmit a returned application with its corrected form (one document of
 * in). Problems with the form are reported to diag (SSO_EINPUT). */
int sso_app_resubmit(sso_store *s, const char *app, sso_input *in, sso_diag *diag,
		     sso_step_result *out);

/* Free the notice a step's result holds and zero it; NULL is fine. */
void sso_step_result_clear(sso_step_result *r);

/* Record an all-member vote (全体成员会议) of a filed organization. *passed
 * says whether it passes the rule, and why says how it fell short. Returns 0,
 * SSO_EINPUT (impossible numbers), SSO_EREFUSED, SSO_ENOTFOUND or an error. */
int sso_vote_record(sso_store *s, const char *org, const sso_vote *v, int *passed, char *why,
		    size_t cap);

/* The same with reason (NULL: none, not blank): why the vote's member count
 * differs from the roster's, recorded in the vote event's details and the
 * archived record, so that the nightly check's vote_roster_mismatch is
 * silent for it. Returns as sso_vote_record(), or SSO_EUSAGE for a blank
 * reason. */
int sso_vote_record_reason(sso_store *s, const char *org, const sso_vote *v, const char *reason,
			   int *passed, char *why, size_t cap);

/* Organization steps; each checks role and state, writes and records its
 * event in one transaction. Return 0, SSO_EREFUSED (nothing changed),
 * SSO_ENOTFOUND, SSO_EINPUT (a bad USCC) or a store error. */
int sso_org_revoke(sso_store *s, const char *org, const char *reason); /* street */
int sso_org_refer(sso_store *s, const char *org);                      /* street */
int sso_org_register(sso_store *s, const char *org, const char *uscc); /* district */
int sso_org_stage(sso_store *s, const char *org, sso_stage stage);     /* street */

/* Promote an activity group to a filing application (committee). overlay, if
 * not NULL, is a filing form supplying what the group's data lacks (charter,
 * form, category, ...). Problems are reported to diag. */
int sso_org_promote(sso_store *s, const char *group, sso_input *overlay, sso_diag *diag,
		    sso_step_result *out);

#endif
