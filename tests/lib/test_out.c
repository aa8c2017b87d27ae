/* test_out.c - tables as CSV, TSV and YAML; BOM and Chinese headers; YAML that
 * reads back as the text it was */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const sso_column cols[] = {
	{"id", "编号", SSO_COL_TEXT},          {"code", "代码", SSO_COL_TEXT},
	{"members", "成员数", SSO_COL_NUMBER}, {"hub", "枢纽型", SSO_COL_BOOL},
	{"note", "备注", SSO_COL_TEXT},
};

static char *table(sso_format format, int bom, int zh, int rows)
{
	sso_out_options o = {format, bom, zh};
	const char *r1[] = {"ORG000001", "120101001001", "20", "1", "合唱, 舞蹈"};
	const char *r2[] = {"ORG000002", "true", NULL, "0", "line one\nline \"two\""};
	support_capture c;
	sso_table *t = NULL;

	assert_int_equal(sso_table_new(&t, support_capture_open(&c), &o, cols, 5), 0);
	if (rows) {
		assert_int_equal(sso_table_row(t, r1), 0);
		assert_int_equal(sso_table_row(t, r2), 0);
	}
	assert_int_equal(sso_table_end(t), 0);
	sso_table_free(t);
	return support_capture_close(&c);
}

static void csv(void **state)
{
	char *out = table(SSO_FORMAT_CSV, 0, 0, 1);

	(void)state;
	assert_string_equal(out, "id,code,members,hub,note\n"
				 "ORG000001,120101001001,20,1,\"合唱, 舞蹈\"\n"
				 "ORG000002,true,,0,\"line one\nline \"\"two\"\"\"\n");
	free(out);
}

static void tsv(void **state)
{
	char *out = table(SSO_FORMAT_TSV, 0, 0, 1);

	(void)state;
	assert_string_equal(out, "id\tcode\tmembers\thub\tnote\n"
				 "ORG000001\t120101001001\t20\t1\t合唱, 舞蹈\n"
				 "ORG000002\ttrue\t\t0\tline one\\nline \"two\"\n");
	free(out);
}

static void bom_and_chinese_headers(void **state)
{
	char *out = table(SSO_FORMAT_CSV, 1, 1, 0);

	(void)state;
	assert_string_equal(out, "\xEF\xBB\xBF编号,代码,成员数,枢纽型,备注\n");
	free(out);
}

/* YAML: codes and words like true stay text; numbers and booleans typed */
static void yaml_reads_back(void **state)
{
	char *out = table(SSO_FORMAT_YAML, 0, 0, 1);
	sso_ydoc *doc = NULL;
	const sso_ynode *root, *first, *second;

	(void)state;
	assert_int_equal(sso_ydoc_parse(&doc, "out.yaml", out, strlen(out)), 0);
	root = sso_ydoc_root(doc);
	assert_int_equal(root->type, SSO_YSEQ);
	assert_int_equal(root->count, 2);
	first = root->kids[0];
	second = root->kids[1];
	assert_true(sso_ynode_get(first, "code")->quoted); /* 120101001001 stays a code */
	assert_string_equal(sso_ynode_get(first, "code")->str, "120101001001");
	assert_false(sso_ynode_get(first, "members")->quoted);
	assert_string_equal(sso_ynode_get(first, "hub")->str, "true");
	assert_string_equal(sso_ynode_get(second, "hub")->str, "false");
	assert_true(sso_ynode_get(second, "code")->quoted); /* the text "true" */
	assert_true(sso_ynode_is_null(sso_ynode_get(second, "members")));
	assert_string_equal(sso_ynode_get(second, "note")->str, "line one\nline \"two\"");
	sso_ydoc_free(doc);
	free(out);
}

static void yaml_empty(void **state)
{
	char *out = table(SSO_FORMAT_YAML, 0, 0, 0);
	sso_ydoc *doc = NULL;

	(void)state;
	assert_int_equal(sso_ydoc_parse(&doc, "out.yaml", out, strlen(out)), 0);
	assert_int_equal(sso_ydoc_root(doc)->type, SSO_YSEQ); /* an empty list, not nothing */
	assert_int_equal(sso_ydoc_root(doc)->count, 0);
	sso_ydoc_free(doc);
	free(out);
}

static void full_output(void **state)
{
	sso_out_options o = SSO_OUT_OPTIONS_INIT;
	const char *r[] = {"a", "b", "1", "1", "x"};
	FILE *fp = fopen("/dev/full", "w");
	sso_table *t = NULL;
	int rc = 0;

	(void)state;
	if (!fp)
		skip();
	assert_int_equal(sso_table_new(&t, fp, &o, cols, 5), 0);
	for (int i = 0; i < 10000 && rc == 0; i++)
		rc = sso_table_row(t, r);
	if (rc == 0)
		rc = sso_table_end(t);
	assert_int_equal(rc, SSO_EIO);
	sso_table_free(t);
	fclose(fp);
}

static void formats(void **state)
{
	sso_format f;

	(void)state;
	assert_int_equal(sso_format_parse(&f, "tsv"), 0);
	assert_int_equal(f, SSO_FORMAT_TSV);
	assert_int_equal(sso_format_parse(&f, "json"), SSO_EUSAGE);
	assert_contains(sso_error_last(), "use csv, tsv or yaml");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv),
		cmocka_unit_test(tsv),
		cmocka_unit_test(bom_and_chinese_headers),
		cmocka_unit_test(yaml_reads_back),
		cmocka_unit_test(yaml_empty),
		cmocka_unit_test(full_output),
		cmocka_unit_test(formats),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
