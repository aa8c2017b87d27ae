/* test_states.c - the state table alone (sso_core, no store): each rule refuses what breaks it */
#include <string.h>

#include "support.h"

/* a step the table does not start from that state is refused, and nothing moves */
static void step_from_wrong_state(void **state)
{
	sso_app_state to = SSO_DONE;

	(void)state;
	/* certify only from in_notice: not straight after approval */
	assert_int_equal(sso_lifecycle_rule(SSO_APPROVED, SSO_STEP_CERTIFY, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_int_equal(to, SSO_DONE);
	assert_contains(sso_error_last(), "it is approved: certify needs it in_notice");
	/* publish needs approved, even by the street */
	assert_int_equal(sso_lifecycle_rule(SSO_REVIEWED, SSO_STEP_PUBLISH, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "publish needs it approved");
	/* resubmit only a returned application */
	assert_int_equal(sso_lifecycle_rule(SSO_SUBMITTED, SSO_STEP_RESUBMIT, SSO_ROLE_SPONSOR,
					    &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "resubmit needs it returned");
	/* an objection only during the notice: not twice, not before it */
	assert_int_equal(sso_lifecycle_rule(SSO_OBJECTED, SSO_STEP_OBJECT, SSO_ROLE_SPONSOR, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "object needs it in_notice");
	assert_int_equal(sso_lifecycle_rule(SSO_APPROVED, SSO_STEP_OBJECT, SSO_ROLE_SPONSOR, &to),
			 SSO_EREFUSED);
	/* approve not twice */
	assert_int_equal(sso_lifecycle_rule(SSO_APPROVED, SSO_STEP_APPROVE, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	/* return may start from four states: all of them are named */
	assert_int_equal(sso_lifecycle_rule(SSO_IN_NOTICE, SSO_STEP_RETURN, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "submitted or reviewed or approved or objected");
	/* nothing leaves a final state */
	for (int step = 0; step < SSO_STEPS; step++) {
		assert_int_equal(sso_lifecycle_rule(SSO_DONE, (sso_step)step, SSO_ROLE_STREET, &to),
				 SSO_EREFUSED);
		assert_int_equal(sso_lifecycle_rule(SSO_REJECTED, (sso_step)step, SSO_ROLE_STREET,
						    &to),
				 SSO_EREFUSED);
	}
}

/* the right state, the wrong role: refused with who may */
static void wrong_role(void **state)
{
	sso_app_state to = SSO_DONE;

	(void)state;
	assert_int_equal(sso_lifecycle_rule(SSO_SUBMITTED, SSO_STEP_PASS, SSO_ROLE_SPONSOR, &to),
			 SSO_EREFUSED);
	assert_int_equal(to, SSO_DONE);
	assert_contains(sso_error_last(), "the residents'/village committee");
	assert_contains(sso_error_last(), "you act as sponsor");
	/* after review, return is the street's: the committee is refused */
	assert_int_equal(sso_lifecycle_rule(SSO_REVIEWED, SSO_STEP_RETURN, SSO_ROLE_COMMITTEE, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the street office");
	/* the district does not certify, nor does the hub approve */
	assert_int_equal(sso_lifecycle_rule(SSO_IN_NOTICE, SSO_STEP_CERTIFY, SSO_ROLE_DISTRICT,
					    &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "you act as district");
	assert_int_equal(sso_lifecycle_rule(SSO_REVIEWED, SSO_STEP_APPROVE, SSO_ROLE_HUB, &to),
			 SSO_EREFUSED);
	/* an actor with no role takes no step that needs one */
	assert_int_equal(sso_lifecycle_rule(SSO_APPROVED, SSO_STEP_PUBLISH, SSO_ROLE_NONE, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "you act as nobody");
	/* only the sponsor resubmits */
	assert_int_equal(sso_lifecycle_rule(SSO_RETURNED, SSO_STEP_RESUBMIT, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the sponsor");
}

/* allowed steps go where the table says */
static void allowed_moves(void **state)
{
	sso_app_state to;

	(void)state;
	assert_int_equal(sso_lifecycle_rule(SSO_SUBMITTED, SSO_STEP_PASS, SSO_ROLE_COMMITTEE, &to),
			 0);
	assert_int_equal(to, SSO_REVIEWED);
	assert_int_equal(sso_lifecycle_rule(SSO_OBJECTED, SSO_STEP_APPROVE, SSO_ROLE_STREET, &to),
			 0);
	assert_int_equal(to, SSO_APPROVED);
	assert_int_equal(sso_lifecycle_rule(SSO_RETURNED, SSO_STEP_RESUBMIT, SSO_ROLE_SPONSOR, &to),
			 0);
	assert_int_equal(to, SSO_SUBMITTED);
	/* anyone objects during the notice, an analyst too */
	for (int role = SSO_ROLE_SPONSOR; role <= SSO_ROLE_ANALYST; role++) {
		to = SSO_DONE;
		assert_int_equal(sso_lifecycle_rule(SSO_IN_NOTICE, SSO_STEP_OBJECT, (sso_role)role,
						    &to),
				 0);
		assert_int_equal(to, SSO_OBJECTED);
	}
}

/* names: every state and step has one, parsing gives it back, others are refused */
static void names(void **state)
{
	sso_app_state s = SSO_DONE;

	(void)state;
	for (int i = 0; i < SSO_APP_STATES; i++) {
		assert_int_equal(sso_app_state_parse(&s, sso_app_state_name((sso_app_state)i)), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(sso_app_state_name(SSO_IN_NOTICE), "in_notice");
	s = SSO_DONE;
	assert_int_equal(sso_app_state_parse(&s, "certified"), SSO_EUSAGE);
	assert_int_equal(s, SSO_DONE);
	assert_contains(sso_error_last(), "unknown state 'certified'");
	assert_int_equal(sso_app_state_parse(&s, "Submitted"), SSO_EUSAGE);
	assert_string_equal(sso_step_name(SSO_STEP_PASS), "review");
	assert_string_equal(sso_step_name(SSO_STEP_RESUBMIT), "resubmit");
	for (int i = 0; i < SSO_STEPS; i++)
		for (int j = 0; j < i; j++)
			assert_string_not_equal(sso_step_name((sso_step)i),
						sso_step_name((sso_step)j));
}

/* return, reject and object need a reason; the others do not */
static void reasons(void **state)
{
	(void)state;
	assert_true(sso_step_needs_reason(SSO_STEP_RETURN));
	assert_true(sso_step_needs_reason(SSO_STEP_REJECT));
	assert_true(sso_step_needs_reason(SSO_STEP_OBJECT));
	assert_false(sso_step_needs_reason(SSO_STEP_PASS));
	assert_false(sso_step_needs_reason(SSO_STEP_APPROVE));
	assert_false(sso_step_needs_reason(SSO_STEP_PUBLISH));
	assert_false(sso_step_needs_reason(SSO_STEP_CERTIFY));
	assert_false(sso_step_needs_reason(SSO_STEP_RESUBMIT));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(step_from_wrong_state),
		cmocka_unit_test(wrong_role),
		cmocka_unit_test(allowed_moves),
		cmocka_unit_test(names),
		cmocka_unit_test(reasons),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
