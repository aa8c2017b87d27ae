/* test_vote.c - the all-member vote alone (sso_core, no store): numbers, then the rule */
#include <string.h>

#include "support.h"

static int check(int members, int present, int in_favour, int against, int abstain,
		 const char **field)
{
	sso_vote v = {0, members, present, in_favour, against, abstain};

	*field = "unset";
	return sso_vote_check(field, &v);
}

/* numbers that cannot be are refused, each at the key at fault */
static void impossible_numbers(void **state)
{
	const char *field;

	(void)state;
	/* more yes than members */
	assert_int_equal(check(3, 4, 4, 0, 0, &field), SSO_EINPUT);
	assert_string_equal(field, "present");
	assert_contains(sso_error_last(), "do not add up: 4 present, but only 3 members");
	/* for + against + abstain is not the number present */
	assert_int_equal(check(20, 18, 15, 2, 0, &field), SSO_EINPUT);
	assert_string_equal(field, "present");
	assert_contains(sso_error_last(), "for + against + abstain is 17, but 18 were present");
	assert_int_equal(check(20, 18, 15, 2, 2, &field), SSO_EINPUT);
	/* no members */
	assert_int_equal(check(0, 0, 0, 0, 0, &field), SSO_EINPUT);
	assert_string_equal(field, "members");
	assert_int_equal(check(-3, 0, 0, 0, 0, &field), SSO_EINPUT);
	/* a negative count, even when the sum adds up */
	assert_int_equal(check(5, 3, 4, -1, 0, &field), SSO_EINPUT);
	assert_string_equal(field, "against");
	assert_contains(sso_error_last(), "against is negative");
	assert_int_equal(check(5, -1, 0, 0, -1, &field), SSO_EINPUT);
	assert_string_equal(field, "present");
}

/* numbers that add up pass the check, whatever the vote's outcome */
static void possible_numbers(void **state)
{
	const char *field;

	(void)state;
	assert_int_equal(check(20, 18, 15, 2, 1, &field), 0);
	assert_null(field);
	assert_int_equal(check(3, 3, 3, 0, 0, &field), 0);
	/* nobody came: that fails the rule, not the check */
	assert_int_equal(check(3, 0, 0, 0, 0, &field), 0);
	assert_int_equal(sso_vote_check(NULL, &(sso_vote){0, 1, 1, 0, 1, 0}), 0);
}

/* the rule: quorum 2/3 of all members present, more than half of all members for */
static void the_rule(void **state)
{
	sso_config *cfg = support_config();
	sso_vote v = {0, 3, 2, 2, 0, 0};
	char why[256];

	(void)state;
	assert_true(sso_vote_passes(cfg, &v, why, sizeof(why)));
	assert_string_equal(why, "");
	/* below the quorum */
	v = (sso_vote){0, 3, 1, 1, 0, 0};
	assert_false(sso_vote_passes(cfg, &v, why, sizeof(why)));
	assert_contains(why, "1 of 3 members were present");
	/* a quorum, but half of all members for is not more than half */
	v = (sso_vote){0, 20, 20, 10, 10, 0};
	assert_false(sso_vote_passes(cfg, &v, why, sizeof(why)));
	assert_contains(why, "10 of 20 members voted for");
	/* most of those present is not enough when it is not most of all */
	v = (sso_vote){0, 30, 20, 15, 5, 0};
	assert_false(sso_vote_passes(cfg, &v, NULL, 0));
	v.in_favour = 16, v.against = 4;
	assert_true(sso_vote_passes(cfg, &v, NULL, 0));
	sso_config_free(cfg);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(impossible_numbers),
		cmocka_unit_test(possible_numbers),
		cmocka_unit_test(the_rule),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
