/* states.h - the application state table of SPEC section 4: states, steps, who takes them */
#ifndef SSO_STATES_H
#define SSO_STATES_H

#include "sso/role.h"

typedef enum sso_app_state {
	SSO_SUBMITTED = 0,
	SSO_REVIEWED,  /* passed the committee's initial review (初审) */
	SSO_APPROVED,  /* approved by the street office (审核同意) */
	SSO_IN_NOTICE, /* in public notice (公示) until its end date */
	SSO_OBJECTED,  /* an objection was raised during the notice */
	SSO_RETURNED,  /* back to the sponsor for correction */
	SSO_REJECTED,  /* final */
	SSO_DONE,      /* certified; final */
} sso_app_state;

#define SSO_APP_STATES 8

/* The name of a state ("in_notice"), a literal. state must be in range. */
const char *sso_app_state_name(sso_app_state state);

/* Parse a state's name into *out. Returns 0 or SSO_EUSAGE naming the states. */
int sso_app_state_parse(sso_app_state *out, const char *text);

/* The steps of section 4's table, after submission. */
typedef enum sso_step {
	SSO_STEP_PASS = 0, /* review --pass (committee) */
	SSO_STEP_RETURN,   /* --return: committee before review, street after */
	SSO_STEP_REJECT,   /* --reject: committee before review, street after */
	SSO_STEP_APPROVE,  /* approve (street) */
	SSO_STEP_PUBLISH,  /* publish: start the notice (street) */
	SSO_STEP_OBJECT,   /* object during the notice (anyone) */
	SSO_STEP_CERTIFY,  /* certify after the notice (street) */
	SSO_STEP_RESUBMIT, /* resubmit a returned application (sponsor) */
} sso_step;

#define SSO_STEPS 8

/* The name of a step ("review", the event's action), a literal. step must be
 * in range. */
const char *sso_step_name(sso_step step);

/* Does the step need a reason (return, reject, object)? 1 or 0. */
int sso_step_needs_reason(sso_step step);

/* The state table itself: may an actor with role take step on an application
 * in state from? Returns 0 with *to set, or SSO_EREFUSED with a detail that
 * says what the state is and what the step needs. Dates (the notice period)
 * are checked by sso_app_step(), not here. */
int sso_lifecycle_rule(sso_app_state from, sso_step step, sso_role role, sso_app_state *to);

/* Who a role is, in words for a refusal ("the street office (街道办事处/乡镇政府)");
 * "anyone" for SSO_ROLE_NONE. A literal. */
const char *sso_role_text(sso_role role);

#endif
