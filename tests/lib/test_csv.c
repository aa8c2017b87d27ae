/* test_csv.c - RFC 4180 records with their lines; headers; fields out */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

typedef struct rows {
	char text[4096]; /* "line:field|field\n" per record */
} rows;

static int collect(void *payload, const sso_csv_row *row)
{
	rows *r = payload;
	size_t used = strlen(r->text);

	used += (size_t)snprintf(r->text + used, sizeof(r->text) - used, "%zu:", row->line);
	for (size_t i = 0; i < row->count; i++)
		used += (size_t)snprintf(r->text + used, sizeof(r->text) - used, "%s%s",
					 i ? "|" : "", row->fields[i]);
	snprintf(r->text + used, sizeof(r->text) - used, "\n");
	return 0;
}

static int parse(const char *text, char sep, rows *r)
{
	sso_input *in = NULL;
	int rc;

	r->text[0] = '\0';
	assert_int_equal(sso_input_memory(&in, "a.csv", text, strlen(text), SSO_ENCODING_UTF8), 0);
	rc = sso_csv_read(in, sep, collect, r);
	sso_input_free(in);
	return rc;
}

static void rfc4180(void **state)
{
	rows r;

	(void)state;
	assert_int_equal(parse("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n", ',', &r), 0);
	assert_string_equal(r.text, "1:a|b|c\n2:1|x,y|say \"hi\"\n");
	/* a newline inside quotes: the next record's line counts it */
	assert_int_equal(parse("a,b\n\"line one\nline two\",2\n3,4\n", ',', &r), 0);
	assert_string_equal(r.text, "1:a|b\n2:line one\nline two|2\n4:3|4\n");
	/* CRLF, blank lines, no final newline */
	assert_int_equal(parse("a,b\r\n\r\n1,2\r\n\n3,4", ',', &r), 0);
	assert_string_equal(r.text, "1:a|b\n3:1|2\n5:3|4\n");
	/* spaces belong to the field; empty fields stay */
	assert_int_equal(parse(" a , b ,\n", ',', &r), 0);
	assert_string_equal(r.text, "1: a | b |\n");
	/* a BOM does not reach the first header */
	assert_int_equal(parse("\xEF\xBB\xBFname,x\n", ',', &r), 0);
	assert_string_equal(r.text, "1:name|x\n");
	/* TSV */
	assert_int_equal(parse("a\tb\n1\t2,3\n", '\t', &r), 0);
	assert_string_equal(r.text, "1:a|b\n2:1|2,3\n");
}

static void malformed(void **state)
{
	rows r;

	(void)state;
	assert_int_equal(parse("a,b\n1,\"open\n2,3\n", ',', &r), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:2: a quoted field is never closed");
	assert_int_equal(parse("a,b\n1,2\nx\"y,3\n", ',', &r), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:3: malformed quoting");
	assert_int_equal(parse("a,b\n\"x\"y,3\n", ',', &r), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:2:");
}

static void huge_field(void **state)
{
	size_t len = 20u << 20;
	char *text = malloc(len + 16);
	rows r;

	(void)state;
	memcpy(text, "a\n\"", 3);
	memset(text + 3, 'x', len);
	text[len + 3] = '\0';
	assert_int_equal(parse(text, ',', &r), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:2: a field longer than 16 MB");
	free(text);
}

static int stop_at_two(void *payload, const sso_csv_row *row)
{
	(void)payload;
	if (row->line == 2)
		return sso_error_set(SSO_EINPUT, "stopped at %zu", row->line);
	return 0;
}

static void callback_stops(void **state)
{
	sso_input *in = NULL;
	const char *text = "a\n1\n2\n";

	(void)state;
	assert_int_equal(sso_input_memory(&in, "a.csv", text, strlen(text), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_csv_read(in, ',', stop_at_two, NULL), SSO_EINPUT);
	assert_string_equal(sso_error_last(), "stopped at 2");
	sso_input_free(in);
}

static void headers(void **state)
{
	char *f1[] = {"date", "org_id", "activity_id", "extra"};
	char *f2[] = {"org_id", "org_id"};
	size_t l1[] = {4, 6, 11, 5}, l2[] = {6, 6};
	sso_csv_row h1 = {1, 4, f1, l1, 0}, h2 = {1, 2, f2, l2, 0};
	sso_csv_column cols[] = {{"activity_id", 1, 0}, {"org_id", 1, 0}, {"title", 0, 0}};

	(void)state;
	assert_int_equal(sso_csv_header(&h1, cols, 3, "a.csv"), 0);
	assert_int_equal(cols[0].index, 2);
	assert_int_equal(cols[1].index, 1);
	assert_int_equal(cols[2].index, -1);
	cols[2].required = 1;
	assert_int_equal(sso_csv_header(&h1, cols, 3, "a.csv"), SSO_EINPUT);
	assert_contains(sso_error_last(), "a.csv:1: the header has no column 'title'");
	assert_int_equal(sso_csv_header(&h2, cols + 1, 1, "a.csv"), SSO_EINPUT);
	assert_contains(sso_error_last(), "names column 'org_id' twice");
}

static void fields_out(void **state)
{
	support_capture c;
	FILE *fp = support_capture_open(&c);
	char *buf;

	(void)state;
	sso_csv_put(fp, ',', "plain", (size_t)-1);
	putc('|', fp);
	sso_csv_put(fp, ',', "a,b", (size_t)-1);
	putc('|', fp);
	sso_csv_put(fp, ',', "say \"hi\"", (size_t)-1);
	putc('|', fp);
	sso_csv_put(fp, ',', "two\nlines", (size_t)-1);
	putc('|', fp);
	sso_csv_put(fp, '\t', "a\tb\\c\nd", (size_t)-1);
	buf = support_capture_close(&c);
	assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|a\\tb\\\\c\\nd");
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc4180),    cmocka_unit_test(malformed),
		cmocka_unit_test(huge_field), cmocka_unit_test(callback_stops),
		cmocka_unit_test(headers),    cmocka_unit_test(fields_out),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
