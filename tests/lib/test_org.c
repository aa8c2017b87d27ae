/* test_org.c - organizations read back from a store: show, list and history of a
 * filing submitted, then certified */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support_store.h"

static const char filing[] =
	"kind: filing\n"
	"name: 天津市和平区五大道街道睦南道社区文艺爱好者协会\n"
	"form: social_group\n"
	"category: 文体娱乐\n"
	"community: \"120101001001\"\n"
	"scope: 组织社区居民开展合唱、舞蹈等文艺活动\n"
	"venue: 睦南道社区党群服务中心活动室\n"
	"founded: 2026-03-01\n"
	"sponsor: {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\"}\n"
	"leader: {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\", "
	"party_member: true}\n"
	"party_org: none\n"
	"hub: false\n"
	"charter: 第一条 本会由社区居民自愿组成。\n"
	"members:\n"
	"  - {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\", role: "
	"会长}\n"
	"  - {name: 李建国, id_number: \"120101195503120410\", role: 成员}\n";

/* Submit the filing as its sponsor: APP000001 for ORG000001. */
static void submit_filing(support_store *f)
{
	sso_store *s = support_store_open(f, "sponsor:王秀兰");
	sso_submit_result r;
	support_diag d;

	if (support_submit(s, filing, 0, &d, &r) != 0 || r.written != 1)
		fail_msg("submit: %s %s", sso_error_last(), d.text);
	assert_int_equal(r.items[0].app, 1);
	assert_int_equal(r.items[0].org, 1);
	sso_submit_result_clear(&r);
	sso_store_close(s);
}

/* What one call printed: 0 and the text (caller frees), or the error code
 * with *text NULL. */
typedef int (*printer)(sso_store *s, const void *opts, FILE *fp);

/* as street:李明 on 2026-04-09, the day the filing is certified on */
static int capture(support_store *f, printer fn, const void *opts, char **text)
{
	sso_store *s;
	support_capture c;
	int rc;

	setenv("SSO_TODAY", "2026-04-09", 1);
	s = support_store_open(f, "street:李明");
	rc = fn(s, opts, support_capture_open(&c));
	*text = support_capture_close(&c);
	sso_store_close(s);
	setenv("SSO_TODAY", f->today, 1);
	if (rc != 0) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

static const char *show_id;

static int do_show(sso_store *s, const void *opts, FILE *fp)
{
	return sso_org_show(s, show_id, opts, fp);
}

static int do_list(sso_store *s, const void *opts, FILE *fp)
{
	return sso_org_list(s, opts, fp);
}

static int do_history(sso_store *s, const void *opts, FILE *fp)
{
	return sso_org_history(s, show_id, opts, fp);
}

static char *show(support_store *f, const char *id, const sso_org_show_options *o)
{
	char *text = NULL;

	show_id = id;
	if (capture(f, do_show, o, &text) != 0)
		fail_msg("show %s: %s", id, sso_error_last());
	return text;
}

/* a submitted filing: a pending organization at version 0, its application
 * submitted, personal data masked */
static void submitted(void **state)
{
	support_store *f = *state;
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	char *t;

	submit_filing(f);
	t = show(f, "ORG000001", &o);
	assert_contains(t, "id: ORG000001\n");
	assert_contains(t, "name: 天津市和平区五大道街道睦南道社区文艺爱好者协会\n");
	assert_contains(t, "status: pending\n");
	assert_contains(t, "version: 0\n");
	assert_contains(t, "certificate: ~\n");
	assert_contains(t, "community_name: 睦南道社区\n");
	assert_contains(t, "venue: 睦南道社区党群服务中心活动室\n");
	assert_contains(t, "roster:\n");
	assert_contains(t, "applications:\n- id: APP000001\n  kind: filing\n  state: submitted\n");
	assert_contains(t, "110105********002X");
	assert_null(strstr(t, "11010519491231002X"));
	assert_null(strstr(t, "13800138000"));
	/* the leader once, as a mapping: the column's name is not printed too */
	assert_null(strstr(t, "leader: 王秀兰"));
	free(t);

	t = show(f, "APP000001", &o);
	assert_contains(t, "id: APP000001\nkind: filing\norg: ORG000001\nstate: submitted\n");
	assert_contains(t, "notice_end: ~\n");
	assert_contains(t, "form:\n  name: 天津市和平区五大道街道睦南道社区文艺爱好者协会\n");
	/* the form's legal form and hub are shown (they were once left out) */
	assert_contains(t, "  form: social_group\n");
	assert_contains(t, "  hub: false\n");
	assert_contains(t, "  roster:\n");
	assert_null(strstr(t, "13800138000"));
	free(t);

	o.out.format = SSO_FORMAT_CSV;
	t = show(f, "APP000001", &o);
	assert_contains(t, "id,kind,org,name,state,");
	assert_contains(t,
			"APP000001,filing,ORG000001,天津市和平区五大道街道睦南道社区文艺爱好者协会,"
			"submitted,2026-04-01,");
	free(t);
	t = show(f, "ORG000001", &o);
	assert_contains(t, "id,name,tier,status,stage,form,category,certificate,uscc,");
	assert_contains(t,
			"ORG000001,天津市和平区五大道街道睦南道社区文艺爱好者协会,,pending,budding,"
			"social_group,文体娱乐,,,120101,120101001,120101001001,0,");
	free(t);
}

/* a certified filing: filed, active, version 1 with a certificate; its
 * history has the version and the events */
static void certified(void **state)
{
	support_store *f = *state;
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	sso_org_list_options l = SSO_ORG_LIST_OPTIONS_INIT;
	sso_org_history_options h = SSO_ORG_HISTORY_OPTIONS_INIT;
	char *t = NULL;

	assert_int_equal(support_org_certified(f, filing), 1);
	t = show(f, "ORG000001", &o);
	assert_contains(t, "tier: filed\n");
	assert_contains(t, "status: active\n");
	assert_contains(t, "version: 1\n");
	assert_contains(t, "certificate: \"120101001-2026-0001\"\n");
	assert_contains(t, "filed_on: \"2026-04-09\"\n");
	assert_contains(t, "state: done\n");
	free(t);
	t = show(f, "APP000001", &o);
	assert_contains(t, "state: done\n");
	assert_contains(t, "notice_end: \"2026-04-08\"\n");
	free(t);
	/* a version it does not have */
	o.version = 2;
	show_id = "ORG000001";
	assert_int_equal(capture(f, do_show, &o, &t), SSO_ENOTFOUND);
	assert_contains(sso_error_last(), "has no version 2");
	o.version = 1;
	t = show(f, "ORG000001", &o);
	assert_contains(t, "version: 1\n");
	free(t);

	/* list: one organization, one application, CSV with id first */
	assert_int_equal(capture(f, do_list, &l, &t), 0);
	assert_contains(t, "id,name,tier,status");
	assert_contains(t,
			"\nORG000001,天津市和平区五大道街道睦南道社区文艺爱好者协会,filed,active,");
	free(t);
	l.apps = 1;
	assert_int_equal(capture(f, do_list, &l, &t), 0);
	assert_contains(t, "\nAPP000001,filing,ORG000001,"
			   "天津市和平区五大道街道睦南道社区文艺爱好者协会,done,"
			   "2026-04-01,2026-04-09,2026-04-01,2026-04-08,\n");
	free(t);
	l.state = "submitted";
	assert_int_equal(capture(f, do_list, &l, &t), 0);
	assert_null(strstr(t, "APP000001"));
	free(t);
	l.state = "certified";
	assert_int_equal(capture(f, do_list, &l, &t), SSO_EUSAGE);

	/* history: the version, then the events of each step */
	show_id = "ORG000001";
	assert_int_equal(capture(f, do_history, &h, &t), 0);
	assert_contains(t, "org,version,app,effective,name,change\n");
	assert_contains(t, "ORG000001,1,APP000001,2026-04-09,"
			   "天津市和平区五大道街道睦南道社区文艺爱好者协会,"
			   "filed\n");
	free(t);
	h.events = 1;
	assert_int_equal(capture(f, do_history, &h, &t), 0);
	assert_contains(t, "sponsor:王秀兰,submit,ORG000001,APP000001");
	assert_contains(t, "committee:刘主任,review,ORG000001,APP000001");
	assert_contains(t, "street:李明,certify,ORG000001,APP000001");
	free(t);
}

/* unmasked, the personal data is shown and who saw it is recorded */
static void unmask_recorded(void **state)
{
	support_store *f = *state;
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	sso_org_history_options h = SSO_ORG_HISTORY_OPTIONS_INIT;
	char *t;

	submit_filing(f);
	o.unmask = 1;
	t = show(f, "APP000001", &o);
	assert_contains(t, "id_number: \"11010519491231002X\"");
	free(t);
	h.events = 1;
	show_id = "ORG000001";
	assert_int_equal(capture(f, do_history, &h, &t), 0);
	assert_contains(t, "street:李明,unmask,ORG000001,APP000001");
	free(t);
}

/* text with its one from replaced by to (caller frees) */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	assert_non_null(at);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* Count the unmask events of sso-file list --apps --unmask. */
static int count_list_unmasks(void *payload, const sso_event *ev)
{
	if (!strcmp(ev->action, "unmask") && strstr(ev->details, "applications"))
		++*(int *)payload;
	return 0;
}

/* ID and phone numbers inside free texts are masked in show, list and
 * history; unmasked, each read is recorded first */
static void free_texts_masked(void **state)
{
	support_store *f = *state;
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	sso_org_list_options l = SSO_ORG_LIST_OPTIONS_INIT;
	sso_org_history_options h = SSO_ORG_HISTORY_OPTIONS_INIT;
	/* the venue and a role as clerks write them */
	char *venue = replaced(filing, "党群服务中心活动室", "电话02223456789"),
	     *form = replaced(venue, "role: 成员", "role: 联系人139-0013-9000"), *t;
	sso_store *s = support_store_open(f, "sponsor:王秀兰");
	sso_submit_result r;
	support_diag d;
	int listed = 0;

	if (support_submit(s, form, 0, &d, &r) != 0 || r.written != 1)
		fail_msg("submit: %s %s", sso_error_last(), d.text);
	sso_submit_result_clear(&r);
	sso_store_close(s);
	free(venue);
	free(form);

	t = show(f, "ORG000001", &o);
	assert_contains(t, "venue: 睦南道社区电话022****6789");
	assert_contains(t, "role: 联系人139******9000");
	assert_null(strstr(t, "02223456789"));
	free(t);
	l.apps = 1;
	assert_int_equal(capture(f, do_list, &l, &t), 0);
	free(t);
	h.events = 1;
	show_id = "ORG000001";
	h.unmask = 1;
	assert_int_equal(capture(f, do_history, &h, &t), 0);
	assert_contains(t, "street:李明,unmask,ORG000001,,\"{\"\"shown\"\":\"\"ORG000001 "
			   "events\"\"}\"");
	free(t);
	l.unmask = 1;
	assert_int_equal(capture(f, do_list, &l, &t), 0);
	free(t);
	s = support_store_open(f, NULL);
	assert_int_equal(sso_event_each(s, 0, 0, 0, count_list_unmasks, &listed), 0);
	sso_store_close(s);
	assert_int_equal(listed, 1);
	o.unmask = 1;
	t = show(f, "ORG000001", &o);
	assert_contains(t, "venue: 睦南道社区电话02223456789");
	assert_contains(t, "role: 联系人139-0013-9000");
	free(t);
}

/* what is not there, and what is not an id */
static void not_found(void **state)
{
	support_store *f = *state;
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	sso_org_history_options h = SSO_ORG_HISTORY_OPTIONS_INIT;
	char *t = NULL;

	submit_filing(f);
	show_id = "ORG000002";
	assert_int_equal(capture(f, do_show, &o, &t), SSO_ENOTFOUND);
	assert_contains(sso_error_last(), "no organization ORG000002");
	show_id = "APP000009";
	assert_int_equal(capture(f, do_show, &o, &t), SSO_ENOTFOUND);
	assert_contains(sso_error_last(), "no application APP000009");
	show_id = "XYZ";
	assert_int_equal(capture(f, do_show, &o, &t), SSO_EUSAGE);
	show_id = "ORG000002";
	assert_int_equal(capture(f, do_history, &h, &t), SSO_ENOTFOUND);
	assert_null(t);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(submitted, support_store_setup,
						support_store_teardown),
		cmocka_unit_test_setup_teardown(certified, support_store_setup,
						support_store_teardown),
		cmocka_unit_test_setup_teardown(unmask_recorded, support_store_setup,
						support_store_teardown),
		cmocka_unit_test_setup_teardown(free_texts_masked, support_store_setup,
						support_store_teardown),
		cmocka_unit_test_setup_teardown(not_found, support_store_setup,
						support_store_teardown),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
