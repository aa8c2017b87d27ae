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

/* The key two names are compared by: NFKC, so a Kangxi radical, a CJK
 * compatibility ideograph, full-width letters and digits are the ordinary
 * characters; text NFKC leaves alone is its own key. */
static void name_keys(void **state)
{
	static const char *const same[][2] = {
		{"睦南道社区\u2F42艺协会",
		 "睦南道社区文艺协会"},                    /* ⽂ U+2F42, the Kangxi radical */
		{"\uFF21\uFF22\uFF23读书会", "ABC读书会"}, /* full-width ＡＢＣ */
		{"第\uFF11\uFF12队", "第12队"},            /* full-width digits */
		{"\u2F08\u5B50", "人子"},                  /* ⼈ U+2F08 */
		{"\u3231", "(株)"},                        /* ㈱, a compatibility character */
		{"文艺协会", "文艺协会"},
	};
	char *key = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(*same); i++) {
		assert_int_equal(sso_name_key(&key, same[i][0]), 0);
		assert_string_equal(key, same[i][1]);
		free(key);
	}
	/* the key of a key is itself */
	assert_int_equal(sso_name_key(&key, "\u2F42"), 0);
	{
		char *again = NULL;

		assert_int_equal(sso_name_key(&again, key), 0);
		assert_string_equal(again, key);
		free(again);
	}
	free(key);
	/* text that is not UTF-8 has no key */
	assert_int_equal(sso_name_key(&key, "\xC3("), SSO_EINPUT);
	assert_null(key);
}

/* Control characters (Cc) and format characters (Cf), which print as
 * nothing, are refused, each named by its code point; a reason keeps its
 * line breaks and tabs. */
static void invisible_characters(void **state)
{
	static const struct {
		const char *text, *code;
	} bad[] = {
		{"文\u200B艺", "U+200B"},   /* zero-width space */
		{"文\u200C艺", "U+200C"},   /* zero-width non-joiner */
		{"文\u200D艺", "U+200D"},   /* zero-width joiner */
		{"文\uFEFF艺", "U+FEFF"},   /* BOM, zero-width no-break space */
		{"文\u202E艺", "U+202E"},   /* right-to-left override */
		{"文\u2066艺", "U+2066"},   /* left-to-right isolate */
		{"文\u00AD艺", "U+00AD"},   /* soft hyphen */
		{"文\x1B[2J艺", "U+001B"},  /* ESC */
		{"文\a艺", "U+0007"},       /* BEL */
		{"文\x7F艺", "U+007F"},     /* DEL */
		{"文\xC2\x85艺", "U+0085"}, /* NEL, a C1 control */
		{"文\u2028艺", "U+2028"},   /* line separator */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_int_equal(sso_text_visible(bad[i].text, "the name", 0, SSO_EINPUT),
				 SSO_EINPUT);
		assert_contains(sso_error_last(), "the name holds an invisible character");
		assert_contains(sso_error_last(), bad[i].code);
		assert_int_equal(sso_text_visible(bad[i].text, "the reason", 1, SSO_EUSAGE),
				 SSO_EUSAGE);
	}
	assert_int_equal(sso_text_visible("文艺 ABC ⽂ １２", "the name", 0, SSO_EINPUT), 0);
	assert_int_equal(sso_text_visible(NULL, "the name", 0, SSO_EINPUT), 0);
	assert_int_equal(sso_text_visible("一行\n两行\t", "the reason", 1, SSO_EINPUT), 0);
	assert_int_equal(sso_text_visible("一行\n两行", "the name", 0, SSO_EINPUT), SSO_EINPUT);
	assert_contains(sso_error_last(), "U+000A");
	assert_int_equal(sso_text_visible("\xC3(", "the name", 0, SSO_EINPUT), SSO_EINPUT);
	assert_contains(sso_error_last(), "not UTF-8");
	/* spaces of every kind */
	assert_true(sso_text_has_space("文艺\u00A0协会"));
	assert_true(sso_text_has_space("文艺\u3000协会"));
	assert_true(sso_text_has_space("文艺\u2002协会"));
	assert_false(sso_text_has_space("文艺协会"));
}

/* The naming rules refuse what prints as nothing, and spaces of any kind;
 * a name with characters NFKC changes is checked as typed. */
static void names_that_look_alike(void **state)
{
	(void)state;
	assert_int_equal(check("温州市鹿城区五马街道墨池社区文\u200B艺爱好者协会", SSO_SOCIAL_GROUP,
			       "墨池社区", NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "invisible character U+200B");
	assert_int_equal(check("温州市鹿城区五马街道墨池社区文艺\x1B爱好者协会", SSO_SOCIAL_GROUP,
			       "墨池社区", NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "U+001B");
	assert_int_equal(check("温州市鹿城区五马街道墨池社区文艺\u00A0爱好者协会", SSO_SOCIAL_GROUP,
			       "墨池社区", NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the name contains spaces");
	/* accepted as typed: it is compared with others by its key */
	assert_int_equal(check("温州市鹿城区五马街道墨池社区\u2F42艺爱好者协会", SSO_SOCIAL_GROUP,
			       "墨池社区", NULL),
			 0);
	/* a forbidden word in compatibility characters is still found: ㊥ (U+32A5) is 中 */
	assert_int_equal(check("温州市鹿城区五马街道墨池社区\u32A5国文艺爱好者协会",
			       SSO_SOCIAL_GROUP, "墨池社区", NULL),
			 SSO_EREFUSED);
	assert_contains(sso_error_last(), "the word 中国");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_names),           cmocka_unit_test(broken_names),
		cmocka_unit_test(whole_inputs),         cmocka_unit_test(name_keys),
		cmocka_unit_test(invisible_characters), cmocka_unit_test(names_that_look_alike),
	};

	return support_run(argc, argv, tests, setup, teardown);
}
