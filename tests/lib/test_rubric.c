/* test_rubric.c - rubrics: the built-in ones, validation that names file and
 * line, totals, grade bands at their edges, evaluations, satisfaction */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static sso_rubric *load(const char *name)
{
	sso_rubric *r = NULL;

	assert_int_equal(sso_rubric_load(&r, name, NULL), 0);
	return r;
}

static void builtins_load(void **state)
{
	long long sum = 0;
	sso_rubric *r;

	(void)state;
	for (const char *const *n = sso_rubric_builtins; *n; n++) {
		r = load(*n);
		assert_string_equal(r->name, *n);
		sso_rubric_free(r);
	}
	/* the platform guide: 8 items, 15/10/10/10/12/18/20/5, 100 points */
	r = load("platform");
	assert_int_equal(r->nitems, 8);
	{
		const long long want[8] = {15, 10, 10, 10, 12, 18, 20, 5};

		for (size_t i = 0; i < 8; i++) {
			assert_int_equal(r->items[i].max, want[i] * 1000);
			sum += r->items[i].max;
		}
	}
	assert_int_equal(sum, 100000);
	assert_int_equal(r->ngrades, 3);
	assert_string_equal(r->grades[0].label, "示范型");
	sso_rubric_free(r);
	/* the twelve Shenzhen dimensions, 100 points */
	r = load("comprehensive");
	assert_int_equal(r->nitems, 12);
	assert_int_equal(r->top, 100000);
	sso_rubric_free(r);
	r = load("satisfaction");
	assert_int_equal(r->method, SSO_RUBRIC_WEIGHTED);
	assert_int_equal(r->items[0].weight, 400);
	assert_int_equal(r->items[2].weight, 200);
	assert_int_equal(sso_rubric_item_find(r, "居民代表"), 1);
	assert_int_equal(sso_rubric_item_find(r, "辖区单位"), 2);
	assert_int_equal(sso_rubric_item_find(r, "nobody"), -1);
	sso_rubric_free(r);
}

static void band_edges(void **state)
{
	sso_rubric *r = load("platform");

	(void)state;
	assert_string_equal(sso_rubric_grade_of(r, 1000)->key, "demonstration");
	assert_string_equal(sso_rubric_grade_of(r, 900)->key, "demonstration");
	assert_string_equal(sso_rubric_grade_of(r, 899)->key, "complete");
	assert_string_equal(sso_rubric_grade_of(r, 750)->key, "complete");
	assert_string_equal(sso_rubric_grade_of(r, 749)->key, "improvement");
	/* the guide's "74分以下" leaves 74.5 between its bands: it is below 75 */
	assert_string_equal(sso_rubric_grade_of(r, 745)->key, "improvement");
	assert_string_equal(sso_rubric_grade_of(r, 0)->key, "improvement");
	sso_rubric_free(r);
}

static void totals(void **state)
{
	sso_rubric *r = load("platform");
	long long s[8] = {15000, 10000, 10000, 10000, 12000, 18000, 15000, 0}, t;

	(void)state;
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 900);
	/* 74.95 is printed 75.0 (half away from zero), and graded as printed */
	s[6] = 0;
	s[7] = 4950;
	s[5] = 18000;
	s[0] = 15000;
	s[1] = s[2] = s[3] = 10000;
	s[4] = 7000; /* 15+10+10+10+7+18+0+4.95 = 74.95 */
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 750);
	assert_string_equal(sso_rubric_grade_of(r, t)->key, "complete");
	s[7] = 4900; /* 74.9 */
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 749);
	assert_string_equal(sso_rubric_grade_of(r, t)->key, "improvement");
	s[7] = -1;
	assert_int_equal(sso_rubric_total(r, s, &t), SSO_EINPUT);
	sso_rubric_free(r);
}

static void scaled_and_weighted(void **state)
{
	const char *text = "name: t\ntitle: T\nscale: 100\nitems:\n"
			   "  - {key: a, label: A, max: 50}\n  - {key: b, label: B, max: 70}\n"
			   "grades:\n  - {min: 60, key: pass, label: 合格}\n"
			   "  - {min: 0, key: fail, label: 不合格}\n";
	long long s[3] = {40000, 40000, 0}, t;
	sso_rubric *r;

	(void)state;
	assert_int_equal(sso_rubric_parse(&r, "t.yaml", text, strlen(text)), 0);
	assert_int_equal(r->top, 100000);
	/* 80 of 120 on a scale of 100: 66.67 */
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 667);
	sso_rubric_free(r);

	r = load("satisfaction");
	/* all three groups: 0.4 x 80 + 0.4 x 70 + 0.2 x 85.5 = 77.1 */
	s[0] = 80000, s[1] = 70000, s[2] = 85500;
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 771);
	/* no local unit: the weights renormalise to 1/2, 1/2 */
	s[2] = -1;
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 750);
	/* only the unit */
	s[0] = s[1] = -1, s[2] = 61000;
	assert_int_equal(sso_rubric_total(r, s, &t), 0);
	assert_int_equal(t, 610);
	s[2] = -1;
	assert_int_equal(sso_rubric_total(r, s, &t), SSO_EINPUT);
	sso_rubric_free(r);
}

/* A rubric that must be refused, and what the message must say. */
static void refused(const char *text, const char *msg)
{
	sso_rubric *r = NULL;

	assert_int_equal(sso_rubric_parse(&r, "bad.yaml", text, strlen(text)), SSO_EINPUT);
	assert_null(r);
	assert_contains(sso_error_last(), msg);
}

static void validation(void **state)
{
	(void)state;
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"  - {key: a, label: B, max: 5}\n",
		"bad.yaml:5:");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"  - {key: a, label: B, max: 5}\n",
		"item key 'a' is used twice (first on line 4)");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: -5}\n", "bad.yaml:4:");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 0}\n",
		"max must be more than 0");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: ten}\n",
		"max must be a number");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"grades:\n  - {min: 2, key: lo, label: L}\n  - {min: 3, key: hi, label: H}\n",
		"bad.yaml:7:");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"grades:\n  - {min: 2, key: lo, label: L}\n  - {min: 3, key: hi, label: H}\n",
		"each min must be below the one before (line 6)");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"grades:\n  - {min: 3, key: hi, label: H}\n  - {min: 1, key: lo, label: L}\n",
		"bad.yaml:7: the last grade must have min 0");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"grades:\n  - {min: 6, key: hi, label: H}\n  - {min: 0, key: lo, label: L}\n",
		"min is above the highest total, 5");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5}\n"
		"grades:\n  - {min: 3, key: g, label: H}\n  - {min: 0, key: g, label: L}\n",
		"grade key 'g' is used twice");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5, colour: red}\n",
		"bad.yaml:4:32: unknown key 'colour' in an item");
	refused("name: x\ntitle: X\ntotal: 5\nitems:\n  - {key: a, label: A, max: 5}\n",
		"bad.yaml:3:1: unknown key 'total' in a rubric");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5, weight: 1}\n",
		"a weight belongs only to a rubric with method weighted_mean");
	refused("name: x\ntitle: X\nmethod: weighted_mean\nitems:\n  - {key: a, label: A, max: "
		"5}\n",
		"item a needs a weight");
	refused("name: x\ntitle: X\nitems: []\n", "bad.yaml:3: a rubric needs items");
	refused("name: x\nitems:\n  - {key: a, label: A, max: 5}\n", "the rubric needs a title");
	refused("name: x\ntitle: X\nitems:\n  - {key: A-1, label: A, max: 5}\n",
		"must be lower-case letters");
	refused("name: x\ntitle: X\nitems:\n  - {key: total, label: A, max: 5}\n",
		"the name of an output column");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: 同, max: 5}\n"
		"  - {key: b, label: 同, max: 5}\n",
		"the name '同' also names item a");
	refused("name: x\ntitle: X\nitems:\n  - {key: a, label: A, max: 5\n", "bad.yaml:");
}

static void load_from_file_and_path(void **state)
{
	char *dir = support_tmpdir(), *path, cfgtext[512];
	sso_rubric *r = NULL;
	sso_config *cfg;

	(void)state;
	path = support_write(dir, "mine.yaml",
			     "name: mine\ntitle: M\nitems:\n  - {key: a, label: A, max: 5}\n");
	assert_int_equal(sso_rubric_load(&r, path, NULL), 0);
	assert_string_equal(r->name, "mine");
	assert_string_equal(r->file, path);
	sso_rubric_free(r);
	free(path);
	/* a name found in the configured directory before the built-ins */
	path = support_write(dir, "platform.yaml",
			     "name: platform\ntitle: ours\nitems:\n  - {key: a, label: A, max: "
			     "5}\n");
	free(path);
	snprintf(cfgtext, sizeof(cfgtext), "rubrics:\n  path: [%s]\n", dir);
	path = support_write(dir, "sso.yaml", cfgtext);
	assert_int_equal(sso_config_load(&cfg, path), 0);
	assert_int_equal(sso_rubric_load(&r, "platform", cfg), 0);
	assert_string_equal(r->title, "ours");
	sso_rubric_free(r);
	assert_int_equal(sso_rubric_load(&r, "comprehensive", cfg), 0);
	assert_int_equal(r->nitems, 12);
	sso_rubric_free(r);
	sso_config_free(cfg);
	free(path);
	assert_int_equal(sso_rubric_load(&r, "nonesuch", NULL), SSO_EUSAGE);
	assert_contains(sso_error_last(), "platform, comprehensive, satisfaction");
	assert_int_equal(sso_rubric_load(&r, "/nonexistent/x.yaml", NULL), SSO_ENOINPUT);
	support_rmdir(dir);
}

/* Score csv with the rubric (its grades are borrowed by *e's rows: free it
 * after *e). */
static int eval_text(sso_eval **e, const sso_rubric *r, const char *csv, support_diag *d)
{
	sso_input *in;
	int rc;

	support_diag_init(d);
	assert_int_equal(sso_input_memory(&in, "scores.csv", csv, strlen(csv), SSO_ENCODING_UTF8),
			 0);
	rc = sso_eval_read(e, r, in, &d->diag);
	sso_input_free(in);
	return rc;
}

static const char *platform_header =
	"street,name,physical_operation,professional_operation,dedicated_funds,party_building,"
	"cultivation,hub_role,professional_service,social_evaluation\n";

static void eval_rows(void **state)
{
	char csv[2048];
	support_diag d;
	sso_eval *e;
	sso_rubric *r = load("platform");

	(void)state;
	snprintf(csv, sizeof(csv), "%s%s", platform_header,
		 "S1,甲,15,10,10,10,12,18,15,0\n"
		 "S2,乙,14,9,8,8,10,14,12,4.5\n"
		 "S3,丙,12,8,8,8,10,12,12,4.9\n");
	assert_int_equal(eval_text(&e, r, csv, &d), 0);
	assert_string_equal(e->id_column, "street");
	assert_int_equal(e->n, 3);
	assert_int_equal(e->rows[0].total, 900);
	assert_string_equal(e->rows[0].grade->key, "demonstration");
	assert_int_equal(e->rows[1].total, 795);
	assert_string_equal(e->rows[1].grade->key, "complete");
	assert_int_equal(e->rows[2].total, 749);
	assert_string_equal(e->rows[2].grade->key, "improvement");
	assert_int_equal(e->rows[1].scores[7], 4500);
	sso_eval_free(e);
	sso_rubric_free(r);
}

static void eval_bad_rows(void **state)
{
	char csv[2048];
	support_diag d;
	sso_eval *e = NULL;
	sso_rubric *r = load("platform");

	(void)state;
	snprintf(csv, sizeof(csv), "%s%s", platform_header,
		 "S1,甲,16,10,10,10,12,18,15,0\n" /* line 2: above 15 */
		 "S2,乙,-1,9,8,8,10,14,12,4.5\n"  /* line 3: negative */
		 "S3,丙,12,8,8,8,10,12,12,good\n" /* line 4: not a number */
		 "S4,丁,12,8,8,8,10,12,12\n"      /* line 5: ragged */
		 ",戊,12,8,8,8,10,12,12,1\n"      /* line 6: no id */
		 "S6,己,12,8,8,8,10,12,,1\n"      /* line 7: empty score */
		 "S7,庚,12,8,8,8,10,12,12,1\n"    /* fine */
		 "S7,辛,12,8,8,8,10,12,12,1\n");  /* line 9: twice */
	assert_int_equal(eval_text(&e, r, csv, &d), SSO_EINPUT);
	assert_null(e);
	assert_contains(d.text, "scores.csv:2: physical_operation: the score 16 is above the "
				"item's maximum, 15");
	assert_contains(d.text, "scores.csv:3: physical_operation: the score -1 is negative");
	assert_contains(d.text, "scores.csv:4: social_evaluation: 'good' is not a score");
	assert_contains(d.text, "scores.csv:5: the row has 9 fields where the header has 10");
	assert_contains(d.text, "scores.csv:6: the subject's id (column street) is empty");
	assert_contains(d.text, "scores.csv:7: professional_service: no score");
	assert_contains(d.text, "scores.csv:9: S7 is scored twice (first on line 8)");
	assert_int_equal(d.diag.count, 7);

	/* a missing item column stops at the header */
	assert_int_equal(eval_text(&e, r, "street,physical_operation\nS1,3\n", &d), SSO_EINPUT);
	assert_contains(sso_error_last(),
			"scores.csv:1: the header has no column 'professional_operation'");
	sso_rubric_free(r);
}

static void satisfaction(void **state)
{
	const char *csv = "org_id,rater_group,score\n"
			  "ORG000002,committee,90\n"
			  "ORG000001,两委,80\n"
			  "ORG000001,居民代表,70\n"
			  "ORG000001,居民代表,75\n"
			  "ORG000001,unit,85.5\n"
			  "ORG000002,resident_rep,95\n";
	sso_rubric *r = load("satisfaction");
	sso_satisfaction *s = NULL;
	sso_input *in;
	support_diag d;

	(void)state;
	support_diag_init(&d);
	assert_int_equal(sso_input_memory(&in, "s.csv", csv, strlen(csv), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_satisfaction_read(&s, r, in, &d.diag), 0);
	sso_input_free(in);
	assert_int_equal(s->n, 2);
	assert_string_equal(s->rows[0].org, "ORG000001");
	assert_int_equal(s->rows[0].raters, 4);
	assert_int_equal(s->rows[0].mean[0], 800);
	assert_int_equal(s->rows[0].mean[1], 725); /* (70 + 75) / 2 */
	assert_int_equal(s->rows[0].mean[2], 855);
	/* 0.4 x 80 + 0.4 x 72.5 + 0.2 x 85.5 = 32 + 29 + 17.1 */
	assert_int_equal(s->rows[0].result, 781);
	assert_int_equal(s->rows[1].mean[2], -1);
	assert_int_equal(s->rows[1].result, 925); /* (90 + 95) / 2 */
	sso_satisfaction_free(s);

	csv = "org_id,rater_group,score\nORG1,committee,101\nORG1,neighbours,50\nORG1,unit,\n";
	support_diag_init(&d);
	assert_int_equal(sso_input_memory(&in, "s.csv", csv, strlen(csv), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_satisfaction_read(&s, r, in, &d.diag), SSO_EINPUT);
	sso_input_free(in);
	assert_null(s);
	assert_contains(d.text,
			"s.csv:2: committee: the score 101 is above the item's maximum, 100");
	assert_contains(d.text, "s.csv:3: rater_group 'neighbours' is none of committee (两委)");
	assert_contains(d.text, "s.csv:4: score is empty");
	sso_rubric_free(r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtins_load), cmocka_unit_test(band_edges),
		cmocka_unit_test(totals),        cmocka_unit_test(scaled_and_weighted),
		cmocka_unit_test(validation),    cmocka_unit_test(load_from_file_and_path),
		cmocka_unit_test(eval_rows),     cmocka_unit_test(eval_bad_rows),
		cmocka_unit_test(satisfaction),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
