/* test_input.c - UTF-8 checked, BOM dropped, GBK detected or converted, NUL refused */
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Read all of an input in reads of at most chunk bytes. Returns the code of
 * the read that failed, or 0 with the text in out. */
static int slurp(const char *data, size_t len, sso_encoding enc, size_t chunk, char *out,
		 size_t cap)
{
	sso_input *in = NULL;
	size_t used = 0;
	long n;

	assert_int_equal(sso_input_memory(&in, "t.txt", data, len, enc), 0);
	while ((n = sso_input_read(in, out + used, chunk < cap - used ? chunk : cap - used)) > 0)
		used += (size_t)n;
	out[used] = '\0';
	sso_input_free(in);
	return n < 0 ? (int)n : 0;
}

static void utf8_passes(void **state)
{
	const char *text = "名称,人数\n睦南道社区文艺爱好者协会,20\n𠀀 four-byte\n";
	char out[256];

	(void)state;
	/* whatever the read size, no character is cut and all comes through */
	for (size_t chunk = 4; chunk <= 64; chunk++) {
		assert_int_equal(slurp(text, strlen(text), SSO_ENCODING_UTF8, chunk, out,
				       sizeof(out)),
				 0);
		assert_string_equal(out, text);
	}
}

static void bom_dropped(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(slurp("\xEF\xBB\xBFname\n", 8, SSO_ENCODING_UTF8, 64, out, sizeof(out)),
			 0);
	assert_string_equal(out, "name\n");
}

static void gbk_detected(void **state)
{
	/* "睦南道社区" in GBK, on line 2 */
	const char text[] = "name\n\xC4\xC0\xC4\xCF\xB5\xC0\xC9\xE7\xC7\xF8\n";
	char out[64];

	(void)state;
	assert_int_equal(slurp(text, sizeof(text) - 1, SSO_ENCODING_UTF8, 64, out, sizeof(out)),
			 SSO_EINPUT);
	assert_contains(sso_error_last(), "t.txt:2:");
	assert_contains(sso_error_last(), "looks like GBK");
	assert_contains(sso_error_last(), "--encoding gbk");
	/* and converted when asked */
	assert_int_equal(slurp(text, sizeof(text) - 1, SSO_ENCODING_GBK, 64, out, sizeof(out)), 0);
	assert_string_equal(out, "name\n睦南道社区\n");
	/* converted in small reads too: a character cut by a read waits for the next */
	assert_int_equal(slurp(text, sizeof(text) - 1, SSO_ENCODING_GBK, 8, out, sizeof(out)), 0);
	assert_string_equal(out, "name\n睦南道社区\n");
}

static void not_utf8_not_gbk(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
	} bad[] = {
		{"a\xC0\xAF", 3},         /* overlong */
		{"a\xED\xA0\x80", 4},     /* a surrogate */
		{"a\xF4\x90\x80\x80", 5}, /* past U+10FFFF */
		{"a\xE6\x96", 3},         /* cut at the end */
		{"\xFF\xFE", 2},
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int rc = slurp(bad[i].bytes, bad[i].len, SSO_ENCODING_UTF8, 64, out, sizeof(out));

		if (rc != SSO_EINPUT)
			fail_msg("case %zu passed as UTF-8", i);
		assert_contains(sso_error_last(), "t.txt:1:");
	}
}

static void nul_refused(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(slurp("ab\ncd\0ef", 8, SSO_ENCODING_UTF8, 64, out, sizeof(out)),
			 SSO_EINPUT);
	assert_contains(sso_error_last(), "t.txt:2: contains a NUL byte");
}

static void long_input(void **state)
{
	size_t len = 3 * 1024 * 1024, lines = 0;
	char *text = malloc(len + 1), *out = malloc(len + 16);

	(void)state;
	/* three megabytes of mixed text, then one bad byte: the line is right */
	for (size_t i = 0; i < len; i++)
		text[i] = (i % 100 == 99) ? '\n' : 'a' + (char)(i % 26);
	for (size_t i = 0; i + 3 <= len; i += 1000) {
		memcpy(text + i, "\xE5\x8D\x8F", 3); /* 协 */
		if (text[i + 3] == '\n')
			text[i + 3] = 'x';
	}
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(slurp(text, len, SSO_ENCODING_UTF8, 100000, out, len + 16), 0);
	assert_memory_equal(out, text, len);
	text[len - 1] = '\x80';
	assert_int_equal(slurp(text, len, SSO_ENCODING_UTF8, 100000, out, len + 16), SSO_EINPUT);
	{
		char want[64];

		snprintf(want, sizeof(want), "t.txt:%zu:", lines + 1);
		assert_contains(sso_error_last(), want);
	}
	free(text);
	free(out);
}

static void encodings(void **state)
{
	sso_encoding e;

	(void)state;
	assert_int_equal(sso_encoding_parse(&e, "GBK"), 0);
	assert_int_equal(e, SSO_ENCODING_GBK);
	assert_int_equal(sso_encoding_parse(&e, "utf-8"), 0);
	assert_int_equal(e, SSO_ENCODING_UTF8);
	assert_int_equal(sso_encoding_parse(&e, "big5"), SSO_EUSAGE);
}

static void missing_file(void **state)
{
	sso_input *in = NULL;

	(void)state;
	assert_int_equal(sso_input_open(&in, "/nonexistent/x.yaml", SSO_ENCODING_UTF8),
			 SSO_ENOINPUT);
	assert_null(in);
	assert_contains(sso_error_last(), "/nonexistent/x.yaml: cannot open");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_passes),  cmocka_unit_test(bom_dropped),
		cmocka_unit_test(gbk_detected), cmocka_unit_test(not_utf8_not_gbk),
		cmocka_unit_test(nul_refused),  cmocka_unit_test(long_input),
		cmocka_unit_test(encodings),    cmocka_unit_test(missing_file),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
