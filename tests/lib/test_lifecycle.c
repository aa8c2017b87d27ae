/* test_lifecycle.c - the state table of SPEC section 4, every cell, and the vote rule */
#include <string.h>

#include "support.h"

/*
 * The table as SPEC.md section 4 gives it, written out here independently of
 * the library's own table: for each step, the states it starts from, the role
 * that may take it there (0: anyone), and where it goes.
 */
static const struct expect {
	sso_step step;
	sso_app_state from;
	sso_role role;
	sso_app_state to;
} allowed[] = {
	{SSO_STEP_PASS, SSO_SUBMITTED, SSO_ROLE_COMMITTEE, SSO_REVIEWED},
	{SSO_STEP_RETURN, SSO_SUBMITTED, SSO_ROLE_COMMITTEE, SSO_RETURNED},
	{SSO_STEP_RETURN, SSO_REVIEWED, SSO_ROLE_STREET, SSO_RETURNED},
	{SSO_STEP_RETURN, SSO_APPROVED, SSO_ROLE_STREET, SSO_RETURNED},
	{SSO_STEP_RETURN, SSO_OBJECTED, SSO_ROLE_STREET, SSO_RETURNED},
	{SSO_STEP_RESUBMIT, SSO_RETURNED, SSO_ROLE_SPONSOR, SSO_SUBMITTED},
	{SSO_STEP_REJECT, SSO_SUBMITTED, SSO_ROLE_COMMITTEE, SSO_REJECTED},
	{SSO_STEP_REJECT, SSO_REVIEWED, SSO_ROLE_STREET, SSO_REJECTED},
	{SSO_STEP_REJECT, SSO_OBJECTED, SSO_ROLE_STREET, SSO_REJECTED},
	{SSO_STEP_APPROVE, SSO_REVIEWED, SSO_ROLE_STREET, SSO_APPROVED},
	{SSO_STEP_APPROVE, SSO_OBJECTED, SSO_ROLE_STREET, SSO_APPROVED},
	{SSO_STEP_PUBLISH, SSO_APPROVED, SSO_ROLE_STREET, SSO_IN_NOTICE},
	{SSO_STEP_OBJECT, SSO_IN_NOTICE, 0, SSO_OBJECTED},
	{SSO_STEP_CERTIFY, SSO_IN_NOTICE, SSO_ROLE_STREET, SSO_DONE},
};

static const struct expect *find(sso_step step, sso_app_state from, sso_role role)
{
	for (size_t i = 0; i < sizeof(allowed) / sizeof(*allowed); i++)
		if (allowed[i].step == step && allowed[i].from == from &&
		    (allowed[i].role == 0 || allowed[i].role == role))
			return &allowed[i];
	return NULL;
}

/* every (state, step, role): allowed exactly where the table says */
static void every_cell(void **state)
{
	int allowed_count = 0, refused_count = 0;

	(void)state;
	for (int from = 0; from < SSO_APP_STATES; from++)
		for (int step = 0; step < SSO_STEPS; step++)
			for (int role = SSO_ROLE_SPONSOR; role <= SSO_ROLE_ANALYST; role++) {
				const struct expect *e =
					find((sso_step)step, (sso_app_state)from, (sso_role)role);
				sso_app_state to = SSO_DONE;
				int rc = sso_lifecycle_rule((sso_app_state)from, (sso_step)step,
							    (sso_role)role, &to);

				if (e) {
					if (rc != 0)
						fail_msg("%s %s by %s: refused (%s), but allowed",
							 sso_app_state_name((sso_app_state)from),
							 sso_step_name((sso_step)step),
							 sso_role_name((sso_role)role),
							 sso_error_last());
					assert_int_equal(to, e->to);
					allowed_count++;
				} else {
					if (rc != SSO_EREFUSED)
						fail_msg("%s %s by %s: allowed, but refused by the "
							 "table",
							 sso_app_state_name((sso_app_state)from),
							 sso_step_name((sso_step)step),
							 sso_role_name((sso_role)role));
					refused_count++;
				}
			}
	/* object is open to all six roles, the other 13 rows to one each */
	assert_int_equal(allowed_count, 13 + 6);
	assert_int_equal(refused_count, SSO_APP_STATES * SSO_STEPS * 6 - 19);
}

/* final states take no step at all */
static void final_states(void **state)
{
	(void)state;
	for (int step = 0; step < SSO_STEPS; step++)
		for (int role = SSO_ROLE_SPONSOR; role <= SSO_ROLE_ANALYST; role++) {
			sso_app_state to;

			assert_int_equal(sso_lifecycle_rule(SSO_DONE, (sso_step)step,
							    (sso_role)role, &to),
					 SSO_EREFUSED);
			assert_int_equal(sso_lifecycle_rule(SSO_REJECTED, (sso_step)step,
							    (sso_role)role, &to),
					 SSO_EREFUSED);
		}
}

/* a refusal says what the state is and what the step needs */
static void refusal_messages(void **state)
{
	sso_app_state to;

	(void)state;
	assert_int_equal(sso_lifecycle_rule(SSO_SUBMITTED, SSO_STEP_APPROVE, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "it is submitted");
	assert_contains(sso_error_last(), "reviewed or objected");
	assert_int_equal(sso_lifecycle_rule(SSO_SUBMITTED, SSO_STEP_PASS, SSO_ROLE_STREET, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "committee");
	assert_contains(sso_error_last(), "you act as street");
	/* return after review is the street's, not the committee's */
	assert_int_equal(sso_lifecycle_rule(SSO_REVIEWED, SSO_STEP_RETURN, SSO_ROLE_COMMITTEE, &to),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "street office");
}

static int passes(sso_config *cfg, int members, int present, int in_favour)
{
	sso_vote v = {0, members, present, in_favour, present - in_favour, 0};

	return sso_vote_passes(cfg, &v, NULL, 0);
}

/* quorum present/members >= 2/3 exactly; in favour for/members > 1/2 */
static void vote_boundaries(void **state)
{
	sso_config *cfg = support_config();
	char why[256];
	sso_vote v = {0, 20, 13, 13, 0, 0};

	(void)state;
	/* 2 of 3 present is exactly two thirds: a quorum (0.6667 would refuse it) */
	assert_true(passes(cfg, 3, 2, 2));
	assert_false(passes(cfg, 3, 1, 1));
	/* 14 of 20 is 0.7: a quorum; 13 of 20 is 0.65: not */
	assert_true(passes(cfg, 20, 14, 11));
	assert_false(passes(cfg, 20, 13, 13));
	assert_false(sso_vote_passes(cfg, &v, why, sizeof(why)));
	assert_contains(why, "13 of 20 members were present");
	/* more than half of all members: 11 of 20 passes, 10 of 20 does not */
	assert_true(passes(cfg, 20, 20, 11));
	assert_false(passes(cfg, 20, 20, 10));
	v = (sso_vote){0, 20, 20, 10, 10, 0};
	assert_false(sso_vote_passes(cfg, &v, why, sizeof(why)));
	assert_contains(why, "10 of 20 members voted for");
	/* half of the present is not enough when it is not half of all */
	assert_false(passes(cfg, 30, 20, 15));
	assert_true(passes(cfg, 30, 20, 16));
	/* 6 of 9 present is exactly 2/3 */
	assert_true(passes(cfg, 9, 6, 5));
	assert_false(passes(cfg, 9, 5, 5));
	sso_config_free(cfg);
}

static void state_names(void **state)
{
	sso_app_state s;

	(void)state;
	for (int i = 0; i < SSO_APP_STATES; i++) {
		assert_int_equal(sso_app_state_parse(&s, sso_app_state_name((sso_app_state)i)), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(sso_app_state_parse(&s, "pending"), SSO_EUSAGE);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_cell),       cmocka_unit_test(final_states),
		cmocka_unit_test(refusal_messages), cmocka_unit_test(vote_boundaries),
		cmocka_unit_test(state_names),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
