/* test_form.c - forms read and checked: every problem named with its line */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static sso_date today(void)
{
	return sso_date_from_ymd(2026, 4, 1);
}

/* the sample filing of support.c: the cases below replace pieces of it */
#define GOOD_FILING support_form_text(SSO_KIND_FILING)

static void good_filing(void **state)
{
	support_diag d;
	sso_form f;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(support_form(&f, GOOD_FILING, today(), &d), 0);
	assert_string_equal(d.text, "");
	assert_int_equal(f.kind, SSO_KIND_FILING);
	assert_string_equal(f.data.community, "120101001001"); /* the name became the code */
	assert_int_equal(f.data.nmembers, 2);
	assert_true(f.data.leader.party_member);
	assert_int_equal(f.data.stage, SSO_BUDDING);
	sso_form_clear(&f);
}

/* Replace the first occurrence of what in GOOD_FILING with with. */
static char *variant(const char *what, const char *with)
{
	const char *good = GOOD_FILING;
	const char *at = strstr(good, what);
	size_t len = strlen(good) - strlen(what) + strlen(with) + 1;
	char *out = malloc(len);

	assert_non_null(at);
	snprintf(out, len, "%.*s%s%s", (int)(at - good), good, with, at + strlen(what));
	return out;
}

static void bad_filings(void **state)
{
	static const struct {
		const char *what, *with, *want;
	} cases[] = {
		{"kind: filing\n", "kind: filing\nsponsr: x\n",
		 "form.yaml:2:1: unknown key 'sponsr' in a filing form"},
		{"form: social_group", "form: club", "form.yaml:3:7: form must be social_group"},
		{"category: 文体娱乐", "category: 体育",
		 "category '体育' is not one of the configuration's categories"},
		{"community: 睦南道社区", "community: 某某社区",
		 "form.yaml:5:12: community: no community '某某社区'"},
		{"founded: 2026-03-01", "founded: 2026-02-30",
		 "founded: '2026-02-30' is not a real date"},
		{"founded: 2026-03-01", "founded: 2026-05-01",
		 "founded 2026-05-01 is in the future"},
		{"party_member: true}", "party_member: maybe}",
		 "party_member must be true or false"},
		{"  - {name: 李建国, id_number: \"120101195503120410\"}",
		 "  - {name: 李建国, id_number: \"120101195503120411\"}",
		 "form.yaml:14:28: member 2 李建国: ID number check character is 0, not 1"},
		{"sponsor: {name: 王秀兰, id_number: \"11010519491231002X\", phone: "
		 "\"13800138000\"}",
		 "sponsor: {name: 王秀兰, id_number: \"11010519491231002X\", phone: "
		 "\"1380013800\"}",
		 "sponsor 王秀兰: phone number '138***3800' is neither"},
		{"name: 天津市和平区五大道街道睦南道社区文艺爱好者协会",
		 "name: 和平区睦南道社区文艺爱好者协会",
		 "breaks the naming rules: the name must begin with the district: 天津市和平区"},
		{"  - {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\"}\n",
		 "", "the leader 王秀兰 is not on the roster"},
		{"  - {name: 李建国, id_number: \"120101195503120410\"}",
		 "  - {name: 李建国, id_number: \"11010519491231002X\"}",
		 "members 1 and 2 have the same ID number"},
		{"charter: 第一条 ……\n", "", "a filing needs 'charter'"},
		{"scope: 文艺活动\n", "scope: [a]\n", "scope must be text, not a list"},
		{"charter: 第一条 ……\n", "charter_file: nonexistent.txt\n",
		 "charter_file: ./nonexistent.txt: cannot open"},
		{"charter: 第一条 ……\n", "charter: a\ncharter_file: b.txt\n",
		 "give charter or charter_file, not both"},
		{"kind: filing", "kind: filling",
		 "kind must be filing, change, termination or group, not 'filling'"},
		/* short IDs: read only within the text (the fuzzer's first find) */
		{"  - {name: 李建国, id_number: \"120101195503120410\"}",
		 "  - {name: 李建国, id_number: \"12x\"}",
		 "member 2 李建国: ID number must be 18 characters, not 3"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *yaml = variant(cases[i].what, cases[i].with);
		support_diag d;
		sso_form f;
		int rc;

		support_diag_init(&d);
		rc = support_form(&f, yaml, today(), &d);
		if (rc != SSO_EINPUT)
			fail_msg("case %zu was accepted: %s", i, yaml);
		if (!strstr(d.text, cases[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, d.text, cases[i].want);
		sso_form_clear(&f);
		free(yaml);
	}
}

/* a key given with a bad value is named once, where it stands, not again as
 * missing; the form is refused all the same */
static void bad_value_named_once(void **state)
{
	static const struct {
		const char *what, *with, *want, *not_also;
	} cases[] = {
		{"form: social_group", "form: club", "form must be", "needs 'form'"},
		{"scope: 文艺活动", "scope: [a]", "scope must be text", "needs 'scope'"},
		{"charter: 第一条 ……", "charter: \"\"", "charter is empty", "needs 'charter'"},
		{"charter: 第一条 ……", "charter_file: nonexistent.txt", "cannot open",
		 "needs 'charter'"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *yaml = variant(cases[i].what, cases[i].with);
		support_diag d;
		sso_form f;

		support_diag_init(&d);
		if (support_form(&f, yaml, today(), &d) != SSO_EINPUT)
			fail_msg("case %zu was accepted: %s", i, yaml);
		if (!strstr(d.text, cases[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, d.text, cases[i].want);
		if (strstr(d.text, cases[i].not_also))
			fail_msg("case %zu: '%s' also says '%s'", i, d.text, cases[i].not_also);
		sso_form_clear(&f);
		free(yaml);
	}
}

/* all the problems of one document are named, not only the first */
static void every_problem(void **state)
{
	char *a = variant("category: 文体娱乐", "category: 体育");
	char *b;
	support_diag d;
	sso_form f;

	(void)state;
	b = malloc(strlen(a) + 64);
	snprintf(b, strlen(a) + 64, "%s", a);
	{
		char *at = strstr(b, "founded: 2026-03-01");
		memcpy(at, "founded: 2026-99-01", 19);
	}
	support_diag_init(&d);
	assert_int_equal(support_form(&f, b, today(), &d), SSO_EINPUT);
	assert_int_equal(d.diag.count, 2);
	assert_contains(d.text, "体育");
	assert_contains(d.text, "2026-99-01");
	sso_form_clear(&f);
	free(a);
	free(b);
}

static void change_and_termination(void **state)
{
	support_diag d;
	sso_form f;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: change\norg: ORG000001\nreason: 迁移\n"
				      "changes: {venue: 新场所}\n",
				      today(), &d),
			 0);
	assert_int_equal(f.org, 1);
	assert_int_equal(f.data.has, SSO_F_VENUE);
	sso_form_clear(&f);

	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: change\norg: ORG000001\nreason: x\n"
				      "changes: {form: foundation}\n",
				      today(), &d),
			 SSO_EINPUT);
	assert_contains(d.text, "the legal form cannot change");
	sso_form_clear(&f);

	support_diag_init(&d);
	assert_int_equal(support_form(&f, "kind: change\norg: 12x\nchanges: {}\n", today(), &d),
			 SSO_EINPUT);
	assert_contains(d.text, "org must be an organization id like ORG000001");
	assert_contains(d.text, "a change form needs a reason");
	assert_contains(d.text, "needs changes");
	sso_form_clear(&f);

	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: termination\norg: ORG000002\nreason: 解散\n"
				      "vote: {date: 2026-03-01, members: 20, present: 18, for: 15, "
				      "against: 2, abstain: 1}\ncommendation: 表扬信\n",
				      today(), &d),
			 0);
	assert_true(f.has_vote);
	assert_int_equal(f.vote.in_favour, 15);
	assert_string_equal(f.commendation, "表扬信");
	sso_form_clear(&f);

	/* numbers that cannot be */
	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: termination\norg: ORG000002\nreason: x\n"
				      "vote: {date: 2026-03-01, members: 20, present: 21, for: 15, "
				      "against: 5, abstain: 1}\n",
				      today(), &d),
			 SSO_EINPUT);
	assert_contains(d.text, "21 present, but only 20 members");
	sso_form_clear(&f);
	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: termination\norg: ORG000002\nreason: x\n"
				      "vote: {date: 2026-03-01, members: 20, present: 18, for: 15, "
				      "against: 2, abstain: 0}\n",
				      today(), &d),
			 SSO_EINPUT);
	assert_contains(d.text, "for + against + abstain is 17, but 18 were present");
	sso_form_clear(&f);
	support_diag_init(&d);
	assert_int_equal(support_form(&f,
				      "kind: termination\norg: ORG000002\nreason: x\n"
				      "vote: {date: 2026-03-01, members: -3, present: 1, for: 1, "
				      "against: 0, abstain: 0}\n",
				      today(), &d),
			 SSO_EINPUT);
	assert_contains(d.text, "members must be a whole number, 0 or more, not '-3'");
	sso_form_clear(&f);
}

/* written out and read back, a form is the same */
static void round_trip(void **state)
{
	support_diag d;
	sso_form f, g;
	char *yaml = NULL, *again = NULL;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(support_form(&f, GOOD_FILING, today(), &d), 0);
	assert_int_equal(sso_form_yaml(&yaml, &f), 0);
	assert_int_equal(sso_form_from_yaml(&g, yaml, "stored"), 0);
	assert_int_equal(sso_form_yaml(&again, &g), 0);
	assert_string_equal(yaml, again);
	assert_string_equal(g.data.name, f.data.name);
	assert_string_equal(g.data.members[1].id_number, "120101195503120410");
	assert_int_equal(g.data.founded, f.data.founded);
	sso_form_clear(&f);
	sso_form_clear(&g);
	free(yaml);
	free(again);
}

static void roster_csv(void **state)
{
	support_diag d;
	sso_form f;
	char *csv = NULL;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(support_form(&f, GOOD_FILING, today(), &d), 0);
	assert_int_equal(sso_orgdata_roster_csv(&csv, &f.data), 0);
	assert_string_equal(csv, "name,id_number,phone,role,party_member\n"
				 "王秀兰,11010519491231002X,13800138000,,0\n"
				 "李建国,120101195503120410,,,0\n");
	free(csv);
	sso_form_clear(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_filing),
		cmocka_unit_test(bad_filings),
		cmocka_unit_test(bad_value_named_once),
		cmocka_unit_test(every_problem),
		cmocka_unit_test(change_and_termination),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(roster_csv),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
