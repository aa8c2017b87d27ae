/* test_score.c - the activity index, the tally of activity records, rates,
 * targets: every formula against values computed by hand */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static sso_config *cfg;

static int setup(void **state)
{
	(void)state;
	cfg = support_config();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sso_config_free(cfg);
	return 0;
}

/* default weights 0.4/0.3/0.3, caps 12 activities and 300 participants */
static void index_formula(void **state)
{
	(void)state;
	/* f = 6/12, p = 150/300, participation = min(1, 25/10): 20 + 15 + 30 */
	assert_int_equal(sso_activity_index(cfg, 6, 150, 10), 650);
	/* f = 1, p = 1, participation 25/50: 40 + 30 + 15 */
	assert_int_equal(sso_activity_index(cfg, 12, 300, 50), 850);
	/* past both caps: f and p stay 1; participation 25/100 */
	assert_int_equal(sso_activity_index(cfg, 24, 600, 100), 775);
	/* no activity: 0, whatever the roster */
	assert_int_equal(sso_activity_index(cfg, 0, 0, 10), 0);
	/* no known roster: participation is 0; f = 3/12, p = 30/300: 10 + 3 */
	assert_int_equal(sso_activity_index(cfg, 3, 30, 0), 130);
	assert_int_equal(sso_activity_index(cfg, 3, 30, -1), 130);
	/* a half on the printed digit rounds away from zero: 10 + 1.5 + 3.75 = 15.25 */
	assert_int_equal(sso_activity_index(cfg, 3, 15, 40), 153);
	/* 1/12 and 1/300 and 1: 3.333 + 0.1 + 30 = 33.43 */
	assert_int_equal(sso_activity_index(cfg, 1, 1, 1), 334);
	/* everything at its cap */
	assert_int_equal(sso_activity_index(cfg, 100, 100000, 1), 1000);
}

static void index_configured(void **state)
{
	sso_config c = *cfg;

	(void)state;
	c.frequency_weight = 0.5;
	c.frequency_cap = 4;
	c.participants_weight = 0.5;
	c.participants_cap = 100;
	c.participation_weight = 0;
	/* 2/4 and 50/100: 25 + 25 */
	assert_int_equal(sso_activity_index(&c, 2, 50, 5), 500);
}

/* Tally text as activity records over period p with orgs A, B, C in street
 * S1 and D in S2 (district D1 for all). */
static sso_tally *tally(const char *period, const char *csv, int expect_rc)
{
	sso_tally *a;
	sso_period p;
	sso_input *in;
	support_diag d;

	support_diag_init(&d);
	assert_int_equal(sso_period_parse(&p, period), 0);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(sso_tally_add_org(a, "ORG000003", "S1", "D1", 4, 0), 0);
	assert_int_equal(sso_tally_add_org(a, "ORG000001", "S1", "D1", 10, 0), 0);
	assert_int_equal(sso_tally_add_org(a, "ORG000002", "S1", "D1", 0, 0), 0);
	assert_int_equal(sso_tally_add_org(a, "ORG000004", "S2", "D1", -1, 0), 0);
	assert_int_equal(sso_input_memory(&in, "acts.csv", csv, strlen(csv), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_tally_read(a, in, &d.diag), expect_rc);
	sso_input_free(in);
	return a;
}

static const char *quarters_csv = "activity_id,org_id,date,participants,title\n"
				  "A1,ORG000001,2025-12-31,10,the year before\n"
				  "A2,ORG000001,2026-01-01,10,first day\n"
				  "A3,ORG000001,2026-03-31,20,end of Q1\n"
				  "A4,ORG000001,2026-04-01,30,start of Q2\n"
				  "A5,ORG000001,2026-09-30,40,end of Q3\n"
				  "A6,ORG000001,2026-12-31,50,last day\n"
				  "A7,ORG000001,2027-01-01,60,the year after\n"
				  "A8,ORG000002,2026-07-01,5,one in Q3\n"
				  "A9,ORG000099,2026-05-05,5,not in the list\n";

static void period_boundaries_and_quarters(void **state)
{
	sso_tally *a = tally("2026", quarters_csv, 0);
	sso_tally_stats st;
	sso_tally_org o;

	(void)state;
	sso_tally_get_stats(&st, a);
	assert_int_equal(st.rows, 9);
	assert_int_equal(st.counted, 6);
	assert_int_equal(st.outside, 2);
	assert_int_equal(st.unknown, 1);
	assert_int_equal(st.unknown_orgs, 1);
	assert_int_equal(sso_tally_count(a), 4);
	/* org_id order, whatever the list's order */
	sso_tally_org_at(&o, a, 0);
	assert_string_equal(o.id, "ORG000001");
	assert_int_equal(o.activities, 5);
	assert_int_equal(o.participants, 150);
	assert_int_equal(o.quarters_active, 4);
	assert_true(o.active);
	assert_true(o.every_quarter);
	/* 5/12, 150/300, min(1, 30/10): 16.667 + 15 + 30 */
	assert_int_equal(o.index, 617);
	sso_tally_org_at(&o, a, 1);
	assert_string_equal(o.id, "ORG000002");
	assert_int_equal(o.activities, 1);
	assert_int_equal(o.quarters_active, 1);
	assert_true(o.active);
	assert_false(o.every_quarter);
	/* members 0: no participation; 1/12 and 5/300: 3.333 + 0.5 */
	assert_int_equal(o.index, 38);
	sso_tally_org_at(&o, a, 2);
	assert_string_equal(o.id, "ORG000003");
	assert_int_equal(o.activities, 0);
	assert_false(o.active);
	assert_int_equal(o.index, 0);
	sso_tally_free(a);
}

static void half_year_period(void **state)
{
	sso_tally *a = tally("2026H2", quarters_csv, 0);
	sso_tally_stats st;
	sso_tally_org o;

	(void)state;
	sso_tally_get_stats(&st, a);
	/* H2 keeps A5, A6 and A8 */
	assert_int_equal(st.counted, 3);
	assert_int_equal(st.outside, 6); /* A9 too: May is not in H2 */
	sso_tally_org_at(&o, a, 0);
	assert_int_equal(o.activities, 2);
	assert_int_equal(o.quarters_active, 2);
	assert_true(o.every_quarter); /* Q3 and Q4: every quarter of the half */
	sso_tally_org_at(&o, a, 1);
	assert_false(o.every_quarter);
	sso_tally_free(a);
}

static void quarter_period(void **state)
{
	sso_tally *a = tally("2026Q1", quarters_csv, 0);
	sso_tally_org o;

	(void)state;
	sso_tally_org_at(&o, a, 0);
	assert_int_equal(o.activities, 2);
	assert_int_equal(o.participants, 30);
	assert_int_equal(o.quarters_active, 1);
	assert_true(o.every_quarter);
	sso_tally_free(a);
}

static void rates_by_street(void **state)
{
	sso_tally *a = tally("2026", quarters_csv, 0);
	sso_tally_group *g;
	size_t n;

	(void)state;
	assert_int_equal(sso_tally_groups(&g, &n, a, SSO_BY_STREET), 0);
	assert_int_equal(n, 2);
	assert_string_equal(g[0].key, "S1");
	assert_int_equal(g[0].orgs, 3);
	assert_int_equal(g[0].active, 2);
	assert_int_equal(g[0].active_rate, 6667); /* 2/3 */
	assert_int_equal(g[0].every_quarter, 1);
	assert_int_equal(g[0].every_quarter_rate, 3333); /* 1/3 */
	/* mean of 61.7, 3.8 and 0: 65.5 / 3 = 21.83 */
	assert_int_equal(g[0].mean_index, 218);
	/* every organization active in the year is a target: 2 of 3 miss it */
	assert_false(g[0].year_met);
	assert_true(g[0].quarter_met); /* 1/3 >= 30% */
	assert_true(g[0].rate_met);    /* 2/3 >= 60% */
	assert_false(g[0].targets_met);
	assert_string_equal(g[1].key, "S2");
	assert_int_equal(g[1].orgs, 1);
	assert_int_equal(g[1].active_rate, 0);
	assert_false(g[1].targets_met);
	free(g);
	assert_int_equal(sso_tally_groups(&g, &n, a, SSO_BY_DISTRICT), 0);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].orgs, 4);
	assert_int_equal(g[0].active_rate, 5000);
	free(g);
	sso_tally_free(a);
}

static void targets_met_in_a_quarter(void **state)
{
	/* in a quarter, the rule "once a year" cannot fail; 60% active suffices */
	const char *csv = "activity_id,org_id,date,participants\n"
			  "A1,ORG000001,2026-01-05,3\nA2,ORG000002,2026-02-05,3\n"
			  "A3,ORG000003,2026-03-05,3\nA4,ORG000004,2026-03-06,3\n";
	sso_tally *a = tally("2026Q1", csv, 0);
	sso_tally_group *g;
	size_t n;

	(void)state;
	assert_int_equal(sso_tally_groups(&g, &n, a, SSO_BY_STREET), 0);
	assert_int_equal(g[0].active_rate, 10000);
	assert_true(g[0].targets_met);
	free(g);
	sso_tally_free(a);
	a = tally("2026", csv, 0);
	assert_int_equal(sso_tally_groups(&g, &n, a, SSO_BY_STREET), 0);
	assert_true(g[0].year_met);
	assert_false(g[0].quarter_met); /* nobody in every quarter */
	assert_false(g[0].targets_met);
	free(g);
	sso_tally_free(a);
}

static void bad_rows_named_by_line(void **state)
{
	const char *csv = "activity_id,org_id,date,participants,volunteer_hours\n"
			  "A1,ORG000001,2026-02-30,3,1\n"               /* line 2: no such day */
			  "A2,ORG000001,2026-03-01,-4,1\n"              /* line 3: negative */
			  "A3,ORG000001,2026-03-01,many,1\n"            /* line 4: not a number */
			  "A4,ORG000001,2026-03-01,4\n"                 /* line 5: ragged */
			  "\"A5\nstill A5\",ORG000001,2026-03-01,4,x\n" /* line 6: hours */
			  "A6,,2026-03-01,4,1\n"                        /* line 8: empty org */
			  "A7,ORG000001,2026-03-01,4,2.5\n";            /* line 9: fine */
	sso_tally *a;
	sso_period p;
	sso_input *in;
	support_diag d;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(sso_period_parse(&p, "2026"), 0);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(sso_tally_add_org(a, "ORG000001", "S1", "D1", 4, 0), 0);
	assert_int_equal(sso_input_memory(&in, "acts.csv", csv, strlen(csv), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_tally_read(a, in, &d.diag), SSO_EINPUT);
	assert_contains(d.text, "acts.csv:2: date '2026-02-30' is not a real date");
	assert_contains(d.text,
			"acts.csv:3: participants must be a whole number of 0 or more, not '-4'");
	assert_contains(d.text,
			"acts.csv:4: participants must be a whole number of 0 or more, not 'many'");
	assert_contains(d.text, "acts.csv:5: the row has 4 fields where the header has 5");
	assert_contains(d.text, "acts.csv:6: volunteer_hours must be a number");
	assert_contains(d.text, "acts.csv:8: org_id is empty");
	assert_int_equal(d.diag.count, 6);
	assert_contains(sso_error_last(), "6 malformed rows");
	sso_input_free(in);
	sso_tally_free(a);
}

static void broken_streams(void **state)
{
	static const struct {
		const char *csv, *error;
	} cases[] = {
		{"activity_id,org_id,participants\nA1,ORG000001,3\n",
		 "acts.csv:1: the header has no column 'date'"},
		{"activity_id,org_id,date,participants\nA1,ORG000001,\"2026-01-01,3\n",
		 "acts.csv:2: a quoted field is never closed"},
		{"activity_id,org_id,date,participants\nA1,ORG0\"01,2026-01-01,3\n",
		 "acts.csv:2: malformed quoting"},
		{"activity_id,org_id,date,participants\nA1,\xce\xc4\xbb\xaf,2026-01-01,3\n",
		 "looks like GBK"},
		{"", "no header row"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		sso_tally *a = tally("2026", cases[i].csv, SSO_EINPUT);

		assert_contains(sso_error_last(), cases[i].error);
		sso_tally_free(a);
	}
}

static void org_list(void **state)
{
	const char *list = "\xEF\xBB\xBForg_id,name,district,street,community,status,members\r\n"
			   "ORG000002,b,D1,S1,C1,active,5\r\n"
			   "ORG000001,a,D1,S2,C2,terminated,\r\n"
			   "ORG000003,c,D1,S2,C2,pending,3\r\n"
			   "ORG000004,d,D1,S2,C2,active,x\r\n"
			   "ORG000002,b2,D1,S1,C1,active,5\r\n";
	sso_tally *a;
	sso_period p;
	sso_input *in;
	support_diag d;
	sso_tally_org o;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(sso_period_parse(&p, "2026"), 0);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(sso_input_memory(&in, "orgs.csv", list, strlen(list), SSO_ENCODING_UTF8),
			 0);
	assert_int_equal(sso_tally_load_orgs(a, in, &d.diag), SSO_EINPUT);
	assert_contains(d.text, "orgs.csv:5: members must be a whole number of 0 or more, not 'x'");
	assert_contains(d.text,
			"orgs.csv:6: organization ORG000002 is listed twice (first on line 2)");
	assert_int_equal(d.diag.count, 2);
	sso_input_free(in);
	sso_tally_free(a);

	/* without the bad rows: pending is left out; terminated (it existed in
	 * the period) stays */
	support_diag_init(&d);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(sso_input_memory(&in, "orgs.csv", list, 154, SSO_ENCODING_UTF8),
			 0); /* 3 rows */
	assert_int_equal(sso_tally_load_orgs(a, in, &d.diag), 0);
	assert_int_equal(sso_tally_count(a), 2);
	sso_tally_org_at(&o, a, 0);
	assert_string_equal(o.id, "ORG000001");
	assert_int_equal(o.members, -1);
	assert_string_equal(o.street, "S2");
	sso_input_free(in);
	sso_tally_free(a);
}

/* Load list (named name) into a; returns what sso_tally_load_orgs() did. */
static int load_list(sso_tally *a, const char *name, const char *list, support_diag *d)
{
	sso_input *in;
	int rc;

	assert_int_equal(sso_input_memory(&in, name, list, strlen(list), SSO_ENCODING_UTF8), 0);
	rc = sso_tally_load_orgs(a, in, &d->diag);
	sso_input_free(in);
	return rc;
}

/* Several lists merge: an organization both describe alike (in any column
 * order, on the columns both have) once; described otherwise, refused with
 * both lists named. */
static void org_lists_merged(void **state)
{
	const char *one = "org_id,name,street,district,members,activities\n"
			  "ORG000001,a,S1,D1,5,3\nORG000002,b,S1,D1,7,0\n";
	const char *two = "street,org_id,district,members,name\n"
			  "S1,ORG000002,D1,7,b\nS2,ORG000003,D1,2,c\n";
	const char *narrow = "org_id,street,district,members\nORG000002,S1,D1,7\n";
	const char *other = "org_id,street,district,members,name\nORG000002,S1,D1,7,b2\n";
	sso_tally *a;
	sso_period p;
	support_diag d;
	sso_tally_org o;

	(void)state;
	assert_int_equal(sso_period_parse(&p, "2026"), 0);
	support_diag_init(&d);
	assert_int_equal(sso_tally_new(&a, cfg, &p), 0);
	assert_int_equal(load_list(a, "one.csv", one, &d), 0);
	assert_int_equal(load_list(a, "two.csv", two, &d), 0);
	assert_int_equal(load_list(a, "narrow.csv", narrow, &d), 0);
	assert_int_equal(sso_tally_count(a), 3);
	sso_tally_org_at(&o, a, 1);
	assert_string_equal(o.id, "ORG000002");
	assert_int_equal(o.members, 7);
	sso_tally_org_at(&o, a, 2);
	assert_string_equal(o.street, "S2");
	assert_int_equal(d.diag.count, 0);
	/* another name for ORG000002 */
	assert_int_equal(load_list(a, "other.csv", other, &d), SSO_EINPUT);
	assert_contains(d.text,
			"other.csv:2: organization ORG000002 is listed in one.csv (line 3) with "
			"other data");
	assert_int_equal(d.diag.count, 1);
	sso_tally_free(a);
}

static void targets_from_counts(void **state)
{
	/* the built-in jurisdiction: 5 urban communities in 2 streets of 和平区,
	 * 2 rural ones in 1 street of 蓟州区 */
	long long orgs[7] = {5, 12, 13, 10, 10, 2, 8};
	long long hubs[7] = {0, 1, 0, 0, 0, 0, 0};
	sso_targets *t;
	const sso_target_area *all, *d;

	(void)state;
	assert_int_equal(sso_targets_from_counts(&t, cfg, orgs, hubs), 0);
	assert_int_equal(t->ncommunities, 7);
	assert_true(t->communities[0].met); /* 5 >= 5 */
	assert_int_equal(t->communities[5].min, 2);
	assert_true(t->communities[5].met); /* rural: 2 >= 2 */
	assert_int_equal(t->nstreets, 3);
	assert_true(t->streets[0].met);
	assert_false(t->streets[1].met);
	assert_int_equal(t->nareas, 3);
	d = &t->areas[0];
	assert_string_equal(d->district->code, "120101");
	assert_int_equal(d->communities[SSO_URBAN], 5);
	assert_int_equal(d->average[SSO_URBAN], 100); /* 50 / 5 = 10.0 */
	assert_true(d->average_met[SSO_URBAN]);
	assert_int_equal(d->hub_share, 5000);
	assert_false(d->hub_met);
	all = &t->areas[2];
	assert_null(all->district);
	assert_int_equal(all->average[SSO_RURAL], 50); /* 10 / 2 */
	assert_true(all->average_met[SSO_RURAL]);
	assert_int_equal(all->streets_with_hub, 1);
	assert_int_equal(all->hub_share, 3333);
	assert_false(all->met);
	sso_targets_free(t);

	/* one urban community short: below the minimum and the average */
	orgs[0] = 4;
	hubs[3] = hubs[5] = 1;
	assert_int_equal(sso_targets_from_counts(&t, cfg, orgs, hubs), 0);
	assert_false(t->communities[0].met);
	all = &t->areas[2];
	assert_int_equal(all->below_min[SSO_URBAN], 1);
	assert_int_equal(all->average[SSO_URBAN], 98); /* 49 / 5 */
	assert_false(all->average_met[SSO_URBAN]);
	assert_true(all->hub_met); /* 3 of 3 streets */
	assert_false(all->met);
	sso_targets_free(t);

	orgs[0] = 5;
	assert_int_equal(sso_targets_from_counts(&t, cfg, orgs, hubs), 0);
	assert_true(t->areas[2].met);
	sso_targets_free(t);
}

static void printed_numbers(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(sso_score_format(b, sizeof(b), 617, 1), "61.7");
	assert_string_equal(sso_score_format(b, sizeof(b), 6667, 4), "0.6667");
	assert_string_equal(sso_score_format(b, sizeof(b), 10000, 4), "1.0000");
	assert_string_equal(sso_score_format(b, sizeof(b), 0, 1), "0.0");
	assert_string_equal(sso_score_format_milli(b, sizeof(b), 12500), "12.5");
	assert_string_equal(sso_score_format_milli(b, sizeof(b), 15000), "15");
	assert_string_equal(sso_score_format_milli(b, sizeof(b), 125), "0.125");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index_formula),
		cmocka_unit_test(index_configured),
		cmocka_unit_test(period_boundaries_and_quarters),
		cmocka_unit_test(half_year_period),
		cmocka_unit_test(quarter_period),
		cmocka_unit_test(rates_by_street),
		cmocka_unit_test(targets_met_in_a_quarter),
		cmocka_unit_test(bad_rows_named_by_line),
		cmocka_unit_test(broken_streams),
		cmocka_unit_test(org_list),
		cmocka_unit_test(org_lists_merged),
		cmocka_unit_test(targets_from_counts),
		cmocka_unit_test(printed_numbers),
	};

	return support_run(argc, argv, tests, setup, teardown);
}
