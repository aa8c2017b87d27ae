/* test_activity.c - activity records imported into a temporary store and
 * exported again: every export variant imports back unchanged, and the
 * tally reads the export as it reads the original */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support_store.h"

/* Two activity groups for support_store_groups(): ORG000001 and ORG000002. */
static const char groups[] =
	"kind: group\nname: 马场道社区晨练队\ncommunity: 马场道社区\ncategory: 文体娱乐\n"
	"scope: 组织居民晨练\nvenue: 马场道社区小广场\n"
	"leader: {name: 李建国, id_number: \"120101195503120410\", phone: "
	"\"13900139000\"}\n"
	"members:\n  - {name: 李建国, id_number: \"120101195503120410\", role: 队长}\n"
	"---\n"
	"kind: group\nname: 马场道社区读书会\ncommunity: 马场道社区\ncategory: 文体娱乐\n"
	"scope: 组织居民读书\nvenue: 马场道社区图书室\n"
	"leader: {name: 李建国, id_number: \"120101195503120410\", phone: "
	"\"13900139000\"}\n"
	"members:\n  - {name: 李建国, id_number: \"120101195503120410\", role: 会长}\n";

/* Export s's activities with out options into *text (caller frees). */
static size_t export(sso_store *s, sso_format format, int zh, int bom, char **text)
{
	sso_activity_export_options o = SSO_ACTIVITY_EXPORT_OPTIONS_INIT;
	support_capture c;

	o.out.format = format;
	o.out.zh_headers = zh;
	o.out.bom = bom;
	if (sso_activity_export(s, &o, support_capture_open(&c)) < 0)
		fail_msg("export: %s", sso_error_last());
	*text = support_capture_close(&c);
	return c.len;
}

/* The tally of text, by organization, printed as "id activities participants
 * quarters index;" for each. */
static void tally_text(sso_store *s, const sso_config *cfg, const char *text, size_t len, char *buf,
		       size_t cap)
{
	sso_tally *a = NULL;
	sso_period p;
	sso_input *in = NULL;
	support_diag d;
	size_t used = 0;

	support_diag_init(&d);
	assert_int_equal(sso_period_parse(&p, "2026"), 0);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(sso_tally_load_store(a, s), 0);
	assert_int_equal(sso_input_memory(&in, "t", text, len, SSO_ENCODING_UTF8), 0);
	if (sso_tally_read(a, in, &d.diag) < 0)
		fail_msg("tally: %s %s", sso_error_last(), d.text);
	buf[0] = '\0';
	for (size_t i = 0; i < sso_tally_count(a); i++) {
		sso_tally_org o;

		sso_tally_org_at(&o, a, i);
		used += (size_t)snprintf(buf + used, cap - used, "%s %lld %lld %d %d;", o.id,
					 o.activities, o.participants, o.quarters_active, o.index);
	}
	sso_input_free(in);
	sso_tally_free(a);
}

static const char clerk[] =
	"\357\273\277参与人数,活动编号,组织编号,活动日期,活动名称,志愿服务时长,note\r\n"
	" 25 ,A-001,ORG000001,2026-01-20,\"合唱排练, 第一次\",1.5,x\r\n"
	"12,A-002,org000002,2026-02-03,\"他说\"\"好\"\"\",0.00001,\r\n"
	"0,A-003,2,2026-04-10,\"两行\n标题\",,\r\n"
	"30,A-004, ORG000001 ,2026-07-01,\"tab\there back\\\\slash\",1.2345,\r\n"
	"7,A-005,ORG000002,2025-12-31,去年,2,\r\n";

static void variants_import_back_unchanged(void **state)
{
	support_store *f = *state;
	sso_store *s;
	sso_activity_import_result r;
	support_diag d;
	char *canonical = NULL, want[1024], got[1024];

	assert_int_equal(support_store_groups(&s, f, groups), 1);
	assert_int_equal(support_import(s, "clerk.csv", clerk, strlen(clerk), &d, &r), 0);
	if (r.added != 5)
		fail_msg("added %llu: %s", r.added, d.text);
	export(s, SSO_FORMAT_CSV, 0, 0, &canonical);
	assert_contains(canonical, "activity_id,org_id,date,participants,street,community,kind,"
				   "title,volunteer_hours\n");
	assert_contains(canonical, "A-001,ORG000001,2026-01-20,25,");
	assert_contains(canonical, ",\"合唱排练, 第一次\",1.5\n");
	assert_contains(canonical, ",0.00001\n"); /* not 1e-05 */
	assert_contains(canonical, "A-003,ORG000002,2026-04-10,0,");
	tally_text(s, f->cfg, clerk, strlen(clerk), want, sizeof(want));
	/* one member each; 2026 only: ORG000001 25 + 30 in Q1 and Q3, index
	 * 0.4 x 2/12 + 0.3 x 55/300 + 0.3 x min(1, 27.5/1) = 42.17; ORG000002
	 * 12 + 0 in Q1 and Q2: 6.67 + 1.2 + 30 = 37.87 */
	assert_string_equal(want, "ORG000001 2 55 2 422;ORG000002 2 12 2 379;");

	for (int v = 0; v < 8; v++) {
		sso_format format = v & 1 ? SSO_FORMAT_TSV : SSO_FORMAT_CSV;
		char *text = NULL, *again = NULL;
		size_t len = export(s, format, v & 2, v & 4, &text);
		support_store *other;
		sso_store *fresh;

		if (v & 4)
			assert_memory_equal(text, "\357\273\277", 3);
		if (v & 2)
			assert_non_null(strstr(text, "活动编号"));
		/* the tally reads it as it reads the clerk's file */
		tally_text(s, f->cfg, text, len, got, sizeof(got));
		assert_string_equal(got, want);
		/* the store it came from: every row is there already, identical */
		assert_int_equal(support_import(s, "again", text, len, &d, &r), 0);
		assert_int_equal(r.unchanged, 5);
		assert_int_equal(r.bad, 0);
		/* a fresh store with the same organizations: the same records */
		other = support_store_new(NULL); /* SSO_TODAY as it is */
		assert_int_equal(support_store_groups(&fresh, other, groups), 1);
		assert_int_equal(support_import(fresh, "variant", text, len, &d, &r), 0);
		if (r.added != 5)
			fail_msg("variant %d: added %llu: %s", v, r.added, d.text);
		export(fresh, SSO_FORMAT_CSV, 0, 0, &again);
		assert_string_equal(again, canonical);
		free(again);
		free(text);
		sso_store_close(fresh);
		support_store_free(other);
	}
	free(canonical);
	sso_store_close(s);
}

/* The import refuses what the shared rules refuse, and what needs the store
 * (an unknown organization, a date after today), each with its line; the
 * store does not change. */
static void refused_rows(void **state)
{
	support_store *f = *state;
	sso_store *s;
	sso_activity_import_result r;
	support_diag d;
	static const char bad[] = "activity_id,org_id,date,participants,volunteer_hours\n"
				  "B1,ORG000001,2026-02-30,3,\n"
				  "B2,ORG000001,2026-03-01,-3,\n"
				  "B3,ORG000001,2026-03-01,3,1e3\n"
				  "B4,ORG000009,2026-03-01,3,\n"
				  "B5,ORG000001,2026-07-16,3,\n"
				  "B6,ORG000001,2026-03-01,3,2\n";
	char *before = NULL, *after = NULL;

	assert_int_equal(support_store_groups(&s, f, groups), 1);
	export(s, SSO_FORMAT_CSV, 0, 0, &before);
	assert_int_equal(support_import(s, "bad.csv", bad, strlen(bad), &d, &r), 0);
	assert_int_equal(r.rows, 6);
	assert_int_equal(r.bad, 5);
	assert_int_equal(r.added, 0);
	assert_contains(d.text, "bad.csv:2: date '2026-02-30' is not a real date");
	assert_contains(d.text, "bad.csv:3: participants must be a whole number of 0 or more");
	assert_contains(d.text, "bad.csv:4: volunteer_hours must be a number of at least 0");
	assert_contains(d.text, "bad.csv:5: no organization ORG000009");
	assert_contains(d.text, "bad.csv:6: date 2026-07-16 is after today (2026-07-15)");
	export(s, SSO_FORMAT_CSV, 0, 0, &after);
	assert_string_equal(after, before);
	free(before);
	free(after);

	/* more than 100 bad rows: the first 100 named, then one line for the rest */
	{
		size_t cap = 64 * 151, used = 0;
		char *csv = malloc(cap);

		used += (size_t)snprintf(csv, cap, "activity_id,org_id,date,participants\n");
		for (int i = 0; i < 150; i++)
			used += (size_t)snprintf(csv + used, cap - used,
						 "N%d,ORG000001,2026-03-01,x\n", i);
		assert_int_equal(support_import(s, "many.csv", csv, used, &d, &r), 0);
		free(csv);
	}
	assert_int_equal(r.bad, 150);
	assert_int_equal(d.diag.count, 101);
	assert_contains(d.text, "many.csv:101: participants");
	assert_null(strstr(d.text, "many.csv:102:"));
	assert_contains(d.text, "many.csv: and 50 more bad rows (150 in all, the first 100 shown)");
	sso_store_close(s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(variants_import_back_unchanged,
						support_store_setup_july, support_store_teardown),
		cmocka_unit_test_setup_teardown(refused_rows, support_store_setup_july,
						support_store_teardown),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
