/* test_ledger.c - masking free texts, activity imports (idempotent, all or
 * nothing, per-quarter sums), the ledger's counts and the check on a store */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support_store.h"

static void masked(const char *in, const char *want, int changed)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", in);
	assert_int_equal(sso_mask_text(buf), changed);
	assert_string_equal(buf, want);
}

/* ID and phone numbers inside free text, and what is left alone */
static void mask_text(void **state)
{
	(void)state;
	masked("联系人13800138000", "联系人138****8000", 1);
	masked("身份证11010519491231002X。", "身份证110105********002X。", 1);
	masked("id 120101195503120410 ok", "id 120101********0410 ok", 1);
	masked("电话022-23456789转3", "电话022*****6789转3", 1);
	masked("0755-1234567", "075*****4567", 1);
	masked("订单号23800138000", "订单号23800138000", 0); /* not a mobile */
	masked("12345678901234567", "12345678901234567", 0); /* 17 digits */
	masked("1380013800012", "1380013800012", 0);         /* 13 digits */
	masked("2026-04-01 参加 25 人", "2026-04-01 参加 25 人", 0);
	masked("", "", 0);
	masked("13800138000,13900139000", "138****8000,139****9000", 1);
}

/* the records of csv, read as a.csv */
static int import(sso_store *s, const char *csv, support_diag *d, sso_activity_import_result *r)
{
	return support_import(s, "a.csv", csv, strlen(csv), d, r);
}

static void imports_are_idempotent_and_atomic(void **state)
{
	support_store *f = *state;
	sso_store *s;
	sso_activity_import_result r;
	support_diag d;
	long long events;
	static const char good[] = "activity_id,org_id,date,participants,volunteer_hours\n"
				   "a1,ORG000001,2026-01-10,10,1.5\n"
				   "a2,ORG000001,2026-03-31,20,\n"
				   "a3,ORG000001,2026-04-01,30,2\n";

	assert_int_equal(support_store_groups(&s, f, NULL), 1);
	assert_int_equal(import(s, good, &d, &r), 0);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.added, 3);
	assert_true(r.import_id > 0);
	assert_int_equal(support_one(s, "SELECT activities FROM activity_quarters "
					"WHERE quarter = '2026Q1'"),
			 2);
	assert_int_equal(support_one(s, "SELECT participants FROM activity_quarters "
					"WHERE quarter = '2026Q1'"),
			 30);
	assert_int_equal(support_one(s, "SELECT participants FROM activity_quarters "
					"WHERE quarter = '2026Q2'"),
			 30);
	events = support_one(s, "SELECT count(*) FROM events");

	/* again: nothing new, nothing written, not even an event */
	assert_int_equal(import(s, good, &d, &r), 0);
	assert_int_equal(r.added, 0);
	assert_int_equal(r.unchanged, 3);
	assert_int_equal(r.import_id, 0);
	assert_int_equal(support_one(s, "SELECT count(*) FROM events"), events);
	assert_int_equal(support_one(s, "SELECT count(*) FROM imports"), 1);

	/* a new row and a conflicting one: nothing of the file is written */
	assert_int_equal(import(s,
				"activity_id,org_id,date,participants\n"
				"a4,ORG000001,2026-05-01,5\na2,ORG000001,2026-03-31,21\n",
				&d, &r),
			 0);
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.import_id, 0);
	assert_contains(d.text,
			"a.csv:3: activity a2 conflicts with the one recorded from a.csv:3");
	assert_int_equal(support_one(s, "SELECT count(*) FROM activities"), 3);
	assert_int_equal(support_one(s, "SELECT participants FROM activity_quarters "
					"WHERE quarter = '2026Q2'"),
			 30);

	/* rows out of date order: 6000 alternating between two quarters, more
	 * than the sums' list holds before it compacts itself */
	{
		size_t cap = 64 * 6001, used = 0;
		char *csv = malloc(cap);

		used += (size_t)snprintf(csv, cap, "activity_id,org_id,date,participants\n");
		for (int i = 0; i < 6000; i++)
			used += (size_t)snprintf(csv + used, cap - used, "z%d,ORG000001,%s,%d\n", i,
						 i % 2 ? "2025-09-30" : "2025-10-01", i % 3);
		assert_int_equal(import(s, csv, &d, &r), 0);
		free(csv);
	}
	assert_int_equal(r.added, 6000);
	assert_int_equal(support_one(s, "SELECT activities FROM activity_quarters "
					"WHERE quarter = '2025Q3'"),
			 3000);
	assert_int_equal(support_one(s, "SELECT activities FROM activity_quarters "
					"WHERE quarter = '2025Q4'"),
			 3000);
	assert_int_equal(support_one(s, "SELECT sum(participants) FROM activity_quarters "
					"WHERE quarter IN ('2025Q3', '2025Q4')"),
			 6000); /* 2000 rows each of 0, 1 and 2 */
	assert_int_equal(support_one(s, "SELECT count(*) FROM activity_quarters"), 4);

	/* a file-level problem is an error of its own */
	assert_int_equal(import(s, "id,org,date\n", &d, &r), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:1: the header has no column 'activity_id'");
	sso_store_close(s);
}

static void ledger_and_check(void **state)
{
	support_store *f = *state;
	sso_store *s;
	sso_ledger_options lo;
	sso_check_options co = SSO_CHECK_OPTIONS_INIT;
	sso_check_result cr;
	sso_activity_import_result r;
	support_diag d;
	support_capture c;
	char *text;

	assert_int_equal(support_store_groups(&s, f, NULL), 1);
	assert_int_equal(import(s,
				"activity_id,org_id,date,participants\n"
				"b1,ORG000001,2026-02-01,7\nb2,ORG000001,2026-08-01,9\n",
				&d, &r),
			 SSO_OK);
	assert_int_equal(r.bad, 1); /* after today */
	assert_int_equal(import(s,
				"activity_id,org_id,date,participants\nb1,ORG000001,2026-02-01,7\n",
				&d, &r),
			 SSO_OK);
	assert_int_equal(r.added, 1);

	memset(&lo, 0, sizeof(lo));
	assert_int_equal(sso_period_parse(&lo.period, "2026"), 0); /* recorded today */
	assert_int_equal(sso_ledger_export(s, &lo, support_capture_open(&c)), 0);
	text = support_capture_close(&c);
	assert_contains(text,
			"ORG000001,马场道社区晨练队,120101,120101001,120101001002,,文体娱乐,group,"
			"budding,active,,1,李建国,139****9000,,,1,7,,,,,recorded,");
	free(text);

	/* an activity group is outside the archive rules: nothing to find */
	assert_int_equal(sso_ledger_check(s, &co, support_capture_open(&c), &cr), 0);
	text = support_capture_close(&c);
	assert_int_equal(cr.findings, 0);
	assert_int_equal(cr.orgs, 0);
	assert_true(cr.events > 0);
	assert_string_equal(text, ""); /* clean: not even the header */
	free(text);
	sso_store_close(s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mask_text),
		cmocka_unit_test_setup_teardown(imports_are_idempotent_and_atomic,
						support_store_setup_july, support_store_teardown),
		cmocka_unit_test_setup_teardown(ledger_and_check, support_store_setup_july,
						support_store_teardown),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
