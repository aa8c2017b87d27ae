/* test_support.c - the store fixtures of support_store.c do what they say:
 * other tests build on them without checking */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support_store.h"

static int setup(void **state)
{
	*state = support_store_new("2026-04-01");
	return 0;
}

static void certified_filing(void **state)
{
	support_store *f = *state;
	sso_store *s;
	sso_verify v;

	assert_int_equal(support_org_certified(f, NULL), 1);
	/* SSO_TODAY is the fixture's again */
	assert_non_null(getenv("SSO_TODAY"));
	assert_string_equal(getenv("SSO_TODAY"), "2026-04-01");
	s = support_store_open(f, NULL);
	assert_int_equal(support_one(s, "SELECT count(*) FROM orgs "
					"WHERE id = 1 AND status = 'active' AND tier = 'filed'"),
			 1);
	assert_int_equal(support_one(s, "SELECT count(*) FROM apps WHERE state = 'done'"), 1);
	assert_int_equal(sso_event_verify(&v, s), 0);
	assert_int_equal(v.broken, 0);
	assert_int_equal(v.bad_org, 0);
	sso_store_close(s);
	/* a second one, from a form of the caller's */
	{
		char *text = support_example("filing.yaml");
		char *at = strstr(text, "文艺爱好者协会\n");

		assert_non_null(at);
		memcpy(at, "合唱爱好者协会", strlen("合唱爱好者协会"));
		assert_int_equal(support_org_certified(f, text), 2);
		free(text);
	}
	assert_int_equal(support_count(f, "orgs"), 2);
}

static void recorded_group(void **state)
{
	support_store *f = *state;
	sso_store *s = support_store_open(f, "committee:刘主任");

	assert_int_equal(support_org_group(s), 1);
	assert_int_equal(support_one(s, "SELECT count(*) FROM orgs WHERE status = 'active'"), 1);
	assert_int_equal(support_one(s, "SELECT count(*) FROM apps"), 0);
	sso_store_close(s);
}

static void fresh_directory(void **state)
{
	support_store *f = *state;

	assert_int_equal(strncmp(f->db, f->dir, strlen(f->dir)), 0);
	assert_int_equal(access(f->db, F_OK), -1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(certified_filing, setup, support_store_teardown),
		cmocka_unit_test_setup_teardown(recorded_group, setup, support_store_teardown),
		cmocka_unit_test_setup_teardown(fresh_directory, setup, support_store_teardown),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
