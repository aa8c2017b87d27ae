/* test_name.c - the naming rules of SPEC section 7, each broken once */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static sso_config *cfg;

/* a city district (区), a county (县) and a county-level city (市) */
static int setup(void **state)
{
	char *path = support_tests_path("lib/fixtures/wenzhou.yaml");

	(void)state;
	if (sso_config_load(&cfg, path) < 0)
		fail_msg("%s", sso_error_last());
	free(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sso_config_free(cfg);
	return 0;
}

static int check(const char *name, sso_legal_form form, const char *community, const char *brand)
{
	return sso_name_check(cfg, name, form, sso_config_community(cfg, community), brand);
}

static void good_names(void **state)
{
	(void)state;
	/* a social group, with and without the community */
	assert_int_equal(check("温州市鹿城区五马街道墨池社区文艺爱好者协会", SSO_SOCIAL_GROUP,
			       "墨池社区", NULL),
			 0);
	assert_int_equal(check("温州市鹿城区五马街道书画研究会", SSO_SOCIAL_GROUP, "墨池社区",
			       NULL),
			 0);
	/* a county carries no city name */
	assert_int_equal(check("永嘉县岩头镇岩头村农技服务队", SSO_SOCIAL_GROUP, "岩头村", NULL),
			 0);
	/* nor does a county-level city */
	assert_int_equal(check("瑞安市安阳街道虹桥社区舞蹈队", SSO_SOCIAL_GROUP, "虹桥社区", NULL),
			 0);
	/* a service organization: brand, then scope, then its form */
	assert_int_equal(check("温州市鹿城区五马街道墨池社区康乐居家养老服务中心", SSO_SERVICE_ORG,
			       "墨池社区", "康乐"),
			 0);
	/* a foundation: brand and 基金会, no scope needed */
	assert_int_equal(check("温州市鹿城区五马街道墨池社区善泽基金会", SSO_FOUNDATION, "墨池社区",
			       "善泽"),
			 0);
	/* a social group may carry a brand too */
	assert_int_equal(check("温州市鹿城区五马街道红枫志愿者协会", SSO_SOCIAL_GROUP, "墨池社区",
			       "红枫"),
			 0);
}

static void broken_names(void **state)
{
	static const struct {
		const char *name;
		sso_legal_form form;
		const char *community, *brand, *reason;
	} cases[] = {
		{"鹿城区五马街道墨池社区文艺协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "must begin with the district: 温州市鹿城区"},
		{"温州市永嘉县岩头镇农技服务队", SSO_SOCIAL_GROUP, "岩头村", NULL,
		 "must begin with the district: 永嘉县"},
		{"温州市鹿城区墨池社区文艺协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "must name the street or township 五马街道"},
		{"温州市鹿城区五马街道谢池社区文艺协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "names 谢池社区, but the organization is in 墨池社区"},
		{"温州市鹿城区五马街道墨池社区文艺俱乐部", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "must end with one of: 协会"},
		{"温州市鹿城区五马街道墨池社区协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "no business scope"},
		{"温州市鹿城区五马街道墨池社区居家养老服务中心", SSO_SERVICE_ORG, "墨池社区", NULL,
		 "needs a brand"},
		{"温州市鹿城区五马街道墨池社区康居家养老服务中心", SSO_SERVICE_ORG, "墨池社区",
		 "康", "two or more Chinese characters"},
		{"温州市鹿城区五马街道墨池社区AB居家养老服务中心", SSO_SERVICE_ORG, "墨池社区",
		 "AB", "two or more Chinese characters"},
		{"温州市鹿城区五马街道墨池社区居家康乐养老服务中心", SSO_SERVICE_ORG, "墨池社区",
		 "康乐", "must stand right after the place names"},
		{"温州市鹿城区五马街道墨池社区康乐服务中心", SSO_SERVICE_ORG, "墨池社区", "康乐",
		 "no business scope"},
		{"温州市鹿城区五马街道墨池社区康乐养老协会", SSO_SERVICE_ORG, "墨池社区", "康乐",
		 "服务中心、服务社、服务站"},
		{"温州市鹿城区五马街道墨池社区善泽慈善会", SSO_FOUNDATION, "墨池社区", "善泽",
		 "must end with one of: 基金会"},
		{"温州市鹿城区五马街道墨池社区中国文艺协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "the word 中国"},
		{"温州市鹿城区五马街道全国书画协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "the word 全国"},
		{"温州市鹿城区五马街道 文艺协会", SSO_SOCIAL_GROUP, "墨池社区", NULL,
		 "contains spaces"},
		{"", SSO_SOCIAL_GROUP, "墨池社区", NULL, "empty"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int rc = check(cases[i].name, cases[i].form, cases[i].community, cases[i].brand);

		if (rc != SSO_EREFUSED)
			fail_msg("'%s' passed", cases[i].name);
		if (!strstr(sso_error_last(), cases[i].reason))
			fail_msg("'%s': '%s' does not say '%s'", cases[i].name, sso_error_last(),
				 cases[i].reason);
	}
}

static int collect(void *payload, const char *name, const char *reason, size_t line)
{
	char *out = payload;
	size_t used = strlen(out);

	snprintf(out + used, 4096 - used, "%zu %s %s\n", line, name, reason ? "fail" : "ok");
	return 0;
}

static void whole_inputs(void **state)
{
	const char *csv =
		"name,form,community,brand\n"
		"温州市鹿城区五马街道墨池社区文艺爱好者协会,social_group,墨池社区,\n"
		"温州市鹿城区五马街道墨池社区居家养老服务中心,service_org,330302001001,\n";
	const char *yaml = "kind: filing\nname: 永嘉县岩头镇岩头村农技服务队\nform: social_group\n"
			   "community: 岩头村\n---\nkind: filing\nname: x\nform: social_group\n"
			   "community: 岩头村\n";
	char out[4096] = "";
	sso_input *in = NULL;

	(void)state;
	assert_int_equal(sso_input_memory(&in, "n.csv", csv, strlen(csv), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_name_check_input(cfg, in, 1, collect, out), 1);
	sso_input_free(in);
	assert_string_equal(out, "2 温州市鹿城区五马街道墨池社区文艺爱好者协会 ok\n"
				 "3 温州市鹿城区五马街道墨池社区居家养老服务中心 fail\n");
	out[0] = '\0';
	assert_int_equal(sso_input_memory(&in, "n.yaml", yaml, strlen(yaml), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_name_check_input(cfg, in, 0, collect, out), 1);
	sso_input_free(in);
	/* each name with the line it stands on */
	assert_string_equal(out, "2 永嘉县岩头镇岩头村农技服务队 ok\n7 x fail\n");
	/* a form's bad community, or a missing key, is named where it is */
	{
		const char *bad =
			"kind: filing\nname: 甲\nform: social_group\ncommunity: 不存在社区\n";
		const char *lacking = "kind: filing\nname: 甲\ncommunity: 岩头村\n";

		assert_int_equal(sso_input_memory(&in, "b.yaml", bad, strlen(bad),
						  SSO_ENCODING_UTF8),
				 0);
		assert_int_equal(sso_name_check_input(cfg, in, 0, collect, out), SSO_EINPUT);
		assert_contains(sso_error_last(), "b.yaml:4: no community '不存在社区'");
		sso_input_free(in);
		assert_int_equal(sso_input_memory(&in, "l.yaml", lacking, strlen(lacking),
						  SSO_ENCODING_UTF8),
				 0);
		assert_int_equal(sso_name_check_input(cfg, in, 0, collect, out), SSO_EINPUT);
		assert_contains(sso_error_last(),
				"l.yaml:1: the form needs a form to check its name");
		sso_input_free(in);
	}
	/* an unknown community is bad input, with its line */
	{
		const char *bad = "name,form,community\n甲,social_group,不存在社区\n";

		assert_int_equal(sso_input_memory(&in, "n.csv", bad, strlen(bad),
						  SSO_ENCODING_UTF8),
				 0);
		assert_int_equal(sso_name_check_input(cfg, in, 1, collect, out), SSO_EINPUT);
		assert_contains(sso_error_last(), "n.csv:2: no community '不存在社区'");
		sso_input_free(in);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_names),
		cmocka_unit_test(broken_names),
		cmocka_unit_test(whole_inputs),
	};

	return support_run(argc, argv, tests, setup, teardown);
}
