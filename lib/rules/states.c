/* states.c - the state table of SPEC section 4: which step moves which state, and by whom */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "sso/error.h"
#include "sso/states.h"

static const char *const state_names[SSO_APP_STATES] = {"submitted", "reviewed", "approved",
							"in_notice", "objected", "returned",
							"rejected",  "done"};
static const char *const step_names[SSO_STEPS] = {"review",  "return", "reject",  "approve",
						  "publish", "object", "certify", "resubmit"};

const char *sso_app_state_name(sso_app_state state)
{
	assert((unsigned)state < SSO_APP_STATES);
	return state_names[state];
}

int sso_app_state_parse(sso_app_state *out, const char *text)
{
	assert(out && text);
	for (int i = 0; i < SSO_APP_STATES; i++)
		if (!strcmp(text, state_names[i])) {
			*out = (sso_app_state)i;
			return 0;
		}
	return sso_error_set(SSO_EUSAGE,
			     "unknown state '%s': use submitted, reviewed, approved, in_notice, "
			     "objected, returned, rejected or done",
			     text);
}

const char *sso_step_name(sso_step step)
{
	assert((unsigned)step < SSO_STEPS);
	return step_names[step];
}

int sso_step_needs_reason(sso_step step)
{
	return step == SSO_STEP_RETURN || step == SSO_STEP_REJECT || step == SSO_STEP_OBJECT;
}

#define S(x)   (1u << (x))
#define ANYONE SSO_ROLE_NONE /* role: any */

/* One row per (step, states, role): the table of the specification. */
static const struct rule {
	sso_step step;
	unsigned from; /* bits of sso_app_state */
	sso_role role;
	sso_app_state to;
} rules[] = {
	{SSO_STEP_PASS, S(SSO_SUBMITTED), SSO_ROLE_COMMITTEE, SSO_REVIEWED},
	{SSO_STEP_RETURN, S(SSO_SUBMITTED), SSO_ROLE_COMMITTEE, SSO_RETURNED},
	{SSO_STEP_RETURN, S(SSO_REVIEWED) | S(SSO_APPROVED) | S(SSO_OBJECTED), SSO_ROLE_STREET,
	 SSO_RETURNED},
	{SSO_STEP_REJECT, S(SSO_SUBMITTED), SSO_ROLE_COMMITTEE, SSO_REJECTED},
	{SSO_STEP_REJECT, S(SSO_REVIEWED) | S(SSO_OBJECTED), SSO_ROLE_STREET, SSO_REJECTED},
	{SSO_STEP_APPROVE, S(SSO_REVIEWED) | S(SSO_OBJECTED), SSO_ROLE_STREET, SSO_APPROVED},
	{SSO_STEP_PUBLISH, S(SSO_APPROVED), SSO_ROLE_STREET, SSO_IN_NOTICE},
	{SSO_STEP_OBJECT, S(SSO_IN_NOTICE), ANYONE, SSO_OBJECTED},
	{SSO_STEP_CERTIFY, S(SSO_IN_NOTICE), SSO_ROLE_STREET, SSO_DONE},
	{SSO_STEP_RESUBMIT, S(SSO_RETURNED), SSO_ROLE_SPONSOR, SSO_SUBMITTED},
};

const char *sso_role_text(sso_role r)
{
	switch (r) {
	case SSO_ROLE_SPONSOR: return "the sponsor (发起人)";
	case SSO_ROLE_COMMITTEE: return "the residents'/village committee (居/村委会)";
	case SSO_ROLE_STREET: return "the street office (街道办事处/乡镇政府)";
	case SSO_ROLE_DISTRICT: return "the district bureau (区民政局)";
	case SSO_ROLE_HUB: return "the hub organization";
	default: return "anyone";
	}
}

/* The role as the actor gave it (--as street:...), "nobody" for none. */
static const char *role_word(sso_role r)
{
	return r == SSO_ROLE_NONE ? "nobody" : sso_role_name(r);
}

/* The states of mask, "reviewed or objected". */
static void states_text(unsigned mask, char *buf, size_t cap)
{
	size_t used = 0;
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < SSO_APP_STATES; i++)
		if (mask & S(i)) {
			int w = snprintf(buf + used, cap - used, "%s%s", n++ ? " or " : "",
					 state_names[i]);
			if (w < 0 || (size_t)w >= cap - used)
				break;
			used += (size_t)w;
		}
}

int sso_lifecycle_rule(sso_app_state from, sso_step step, sso_role role, sso_app_state *to)
{
	unsigned states = 0;
	const struct rule *by_state = NULL;
	char need[128];

	assert(to && (unsigned)from < SSO_APP_STATES && (unsigned)step < SSO_STEPS);
	for (size_t i = 0; i < sizeof(rules) / sizeof(*rules); i++) {
		const struct rule *r = &rules[i];

		if (r->step != step)
			continue;
		states |= r->from;
		if (!(r->from & S(from)))
			continue;
		by_state = r;
		if (r->role == ANYONE || r->role == role) {
			*to = r->to;
			return 0;
		}
	}
	if (by_state)
		return sso_error_set(SSO_EREFUSED,
				     "it is %s: to %s it now is for %s; you act as %s",
				     state_names[from], step_names[step],
				     sso_role_text(by_state->role), role_word(role));
	states_text(states, need, sizeof(need));
	return sso_error_set(SSO_EREFUSED, "it is %s: %s needs it %s", state_names[from],
			     step_names[step], need);
}
