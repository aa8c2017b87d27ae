/* test_config.c - defaults, key-by-key overrides, unknown keys, bad values */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

/* the directory load() writes its sso.yaml in: a new one for each test */
static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = support_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	support_rmdir(dir);
	dir = NULL;
	return 0;
}

static int load(const char *text, sso_config **cfg)
{
	char *path = support_write(dir, "sso.yaml", text);
	int rc = sso_config_load(cfg, path);

	free(path);
	return rc;
}

static void defaults(void **state)
{
	sso_config *cfg = support_config();
	const sso_community *c;

	(void)state;
	assert_string_equal(cfg->source, "built-in defaults");
	assert_int_equal(cfg->notice_days, 7);
	assert_int_equal(cfg->vote_quorum.num * 3, cfg->vote_quorum.den * 2); /* exactly 2/3 */
	assert_int_equal(cfg->vote_in_favour.num * 2, cfg->vote_in_favour.den);
	assert_int_equal(cfg->report_max_age_days, 183);
	assert_int_equal(cfg->evaluation_max_age_days, 366);
	assert_int_equal(cfg->stuck_days, 30);
	assert_int_equal(cfg->archive_required.count, 3);
	assert_int_equal(cfg->categories.count, 8);
	assert_true(sso_config_has_category(cfg, "文体娱乐"));
	assert_false(sso_config_has_category(cfg, "体育"));
	assert_true(cfg->frequency_weight == 0.4 && cfg->frequency_cap == 12);
	assert_true(cfg->participants_cap == 300 && cfg->participation_weight == 0.3);
	assert_int_equal(cfg->urban_min, 5);
	assert_int_equal(cfg->urban_average, 10);
	assert_int_equal(cfg->rural_min, 2);
	assert_int_equal(cfg->rural_average, 5);
	assert_true(sso_ratio_reached(cfg->hub_street_share, 85, 100));
	assert_false(sso_ratio_reached(cfg->hub_street_share, 84, 100));
	/* the sample jurisdiction, found by code and by name */
	c = sso_config_community(cfg, "120101001001");
	assert_non_null(c);
	assert_string_equal(c->name, "睦南道社区");
	assert_ptr_equal(sso_config_community(cfg, "睦南道社区"), c);
	assert_string_equal(c->street->name, "五大道街道");
	assert_string_equal(c->street->district->name, "和平区");
	assert_int_equal(sso_config_community(cfg, "北关村")->type, SSO_RURAL);
	assert_null(sso_config_community(cfg, "不存在社区"));
	assert_contains(sso_error_last(), "no community '不存在社区'");
	assert_non_null(sso_config_street(cfg, "小白楼街道"));
	assert_non_null(sso_config_district(cfg, "120119"));
	sso_config_free(cfg);
}

/* a file overrides only the keys it names */
static void key_by_key(void **state)
{
	sso_config *cfg = NULL;

	(void)state;
	assert_int_equal(load("notice_days: 10\narchive: {stuck_days: 5}\n", &cfg), 0);
	assert_int_equal(cfg->notice_days, 10);
	assert_int_equal(cfg->stuck_days, 5);
	assert_int_equal(cfg->report_max_age_days, 183); /* untouched */
	assert_int_equal(cfg->archive_required.count, 3);
	assert_non_null(sso_config_community(cfg, "睦南道社区")); /* the sample stays */
	sso_config_free(cfg);
	assert_int_equal(load("termination_vote: {quorum: 0.75}\n", &cfg), 0);
	assert_true(sso_ratio_reached(cfg->vote_quorum, 3, 4));
	assert_false(sso_ratio_reached(cfg->vote_quorum, 2, 3));
	assert_true(sso_ratio_exceeded(cfg->vote_in_favour, 3, 5)); /* in favour untouched */
	sso_config_free(cfg);
}

/* another city's jurisdiction (tests/lib/fixtures/wenzhou.yaml) */
static void own_jurisdiction(void **state)
{
	char *path = support_tests_path("lib/fixtures/wenzhou.yaml");
	sso_config *cfg = NULL;

	(void)state;
	assert_int_equal(sso_config_load(&cfg, path), 0);
	free(path);
	assert_string_equal(cfg->city, "温州市");
	assert_int_equal(cfg->ndistricts, 3);
	assert_null(sso_config_community(cfg, "睦南道社区")); /* replaced, not merged */
	assert_non_null(sso_config_community(cfg, "岩头村"));
	sso_config_free(cfg);
}

/* each bad configuration: exit 78's code, with the file, line and what */
static void refusals(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"notice_dayz: 7\n", ":1:1: unknown key 'notice_dayz'"},
		{"archive:\n  stuck: 3\n", ":2:3: unknown key 'stuck' in archive"},
		{"notice_days: seven\n", "'notice_days' must be a whole number"},
		{"notice_days: 0\n", "at least 1"},
		{"termination_vote: {quorum: 1.5}\n", "'quorum' must be a share from 0 to 1"},
		{"termination_vote: {quorum: 2/0}\n", "'quorum' must be a share"},
		{"categories: []\n", "categories: the list is empty"},
		{"categories: [a, a]\n", "lists 'a' twice"},
		{"activity_index: {frequency: {weight: 0.5}}\n", "weights add up to 1.1"},
		{"activity_index: {frequency: {cap: 0}}\n", "'cap' must be a number"},
		{"certificate: {pattern: \"{street}-{year}\"}\n",
		 ":1:24: certificate.pattern must contain {seq}"},
		{"certificate: {pattern: \"{road}-{seq}\"}\n",
		 ":1:24: certificate.pattern: unknown placeholder '{road}'"},
		{"notice:\n  template: \"{nam}\"\n",
		 ":2:13: notice.template: unknown placeholder '{nam}'"},
		{"archive:\n  required: [charter, minutes]\n",
		 ":2:23: archive.required: unknown document kind 'minutes'"},
		{"jurisdiction: {districts: [{code: \"1\", name: 甲区, streets: []}]}\n",
		 "needs a list of streets"},
		{"jurisdiction:\n  districts:\n    - {code: \"1\", name: 甲区, streets: [{code: "
		 "\"11\", name: 乙街道, "
		 "communities: [{code: \"111\", name: 丙社区, type: town}]}]}\n",
		 "community type must be urban or rural"},
		{"jurisdiction:\n  districts:\n    - {code: \"1\", name: 甲区, streets: [{code: "
		 "\"11\", name: 乙街道, "
		 "communities: [{code: \"111\", name: 丙社区}, {code: \"111\", name: 丁社区}]}]}\n",
		 "two communities have the code 111"},
		{"notice_days: [7]\n", "'notice_days' must be a whole number"},
		{"- a\n- b\n", "must be a mapping"},
		{"notice_days: 7\nnotice_days: 8\n", "key 'notice_days' is given twice"},
		{"a: &x 1\nb: *x\n", "aliases"},
		{"notice_days: 7\n---\nnotice_days: 8\n", "more than one YAML document"},
		{"notice_days: [\n", "YAML"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sso_config *cfg = NULL;
		int rc = load(cases[i].text, &cfg);

		if (rc != SSO_ECONFIG)
			fail_msg("case %zu: %s (%s): got %s", i, cases[i].text, sso_error_last(),
				 sso_error_name(rc));
		assert_null(cfg);
		assert_contains(sso_error_last(), "sso.yaml");
		assert_contains(sso_error_last(), cases[i].want);
	}
}

static void missing_file(void **state)
{
	sso_config *cfg = NULL;

	(void)state;
	assert_int_equal(sso_config_load(&cfg, "/nonexistent/sso.yaml"), SSO_ENOINPUT);
	assert_contains(sso_error_last(), "/nonexistent/sso.yaml");
}

static void path_order(void **state)
{
	char cwd[4096], *here = support_tmpdir();

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(here), 0);
	unsetenv("SSO_CONFIG");
	assert_null(sso_config_path(NULL));
	free(support_write(here, "sso.yaml", "notice_days: 9\n"));
	assert_string_equal(sso_config_path(NULL), "sso.yaml");
	setenv("SSO_CONFIG", "/etc/other.yaml", 1);
	assert_string_equal(sso_config_path(NULL), "/etc/other.yaml");
	assert_string_equal(sso_config_path("given.yaml"), "given.yaml");
	unsetenv("SSO_CONFIG");
	assert_int_equal(chdir(cwd), 0);
	support_rmdir(here);
}

/* examples/sso.yaml shows every key at its built-in value: loading it changes nothing */
static void example_is_the_defaults(void **state)
{
	char *path = support_example_path("sso.yaml");
	sso_config *d = support_config(), *e = NULL;

	(void)state;
	if (sso_config_load(&e, path) < 0)
		fail_msg("%s", sso_error_last());
	free(path);
	assert_string_equal(e->city, d->city);
	assert_int_equal(e->ndistricts, d->ndistricts);
	for (size_t i = 0; i < d->ndistricts; i++)
		for (size_t j = 0; j < d->districts[i].nstreets; j++)
			for (size_t k = 0; k < d->districts[i].streets[j].ncommunities; k++) {
				const sso_community *c = &d->districts[i].streets[j].communities[k];
				const sso_community *x = sso_config_community(e, c->code);

				assert_non_null(x);
				assert_string_equal(x->name, c->name);
				assert_int_equal(x->type, c->type);
			}
	assert_int_equal(e->notice_days, d->notice_days);
	assert_memory_equal(&e->vote_quorum, &d->vote_quorum, sizeof(sso_ratio));
	assert_memory_equal(&e->vote_in_favour, &d->vote_in_favour, sizeof(sso_ratio));
	assert_int_equal(e->report_max_age_days, d->report_max_age_days);
	assert_int_equal(e->evaluation_max_age_days, d->evaluation_max_age_days);
	assert_int_equal(e->stuck_days, d->stuck_days);
	assert_int_equal(e->archive_required.count, d->archive_required.count);
	assert_int_equal(e->categories.count, d->categories.count);
	assert_true(e->frequency_weight == d->frequency_weight &&
		    e->frequency_cap == d->frequency_cap);
	assert_true(e->participants_weight == d->participants_weight &&
		    e->participants_cap == d->participants_cap);
	assert_true(e->participation_weight == d->participation_weight);
	assert_memory_equal(&e->active_rate, &d->active_rate, sizeof(sso_ratio));
	assert_memory_equal(&e->hub_street_share, &d->hub_street_share, sizeof(sso_ratio));
	assert_int_equal(e->urban_min, d->urban_min);
	assert_int_equal(e->rural_average, d->rural_average);
	assert_int_equal(e->suffix_social_group.count, d->suffix_social_group.count);
	assert_int_equal(e->forbidden_words.count, d->forbidden_words.count);
	assert_string_equal(e->certificate_pattern, d->certificate_pattern);
	assert_string_equal(e->notice_template, d->notice_template);
	assert_int_equal(e->busy_timeout_ms, d->busy_timeout_ms);
	sso_config_free(d);
	sso_config_free(e);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test_setup_teardown(key_by_key, setup, teardown),
		cmocka_unit_test(own_jurisdiction),
		cmocka_unit_test_setup_teardown(refusals, setup, teardown),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(path_order),
		cmocka_unit_test(example_is_the_defaults),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
