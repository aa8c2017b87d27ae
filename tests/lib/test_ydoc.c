/* test_ydoc.c - YAML documents with positions; what is refused and where */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static int parse(const char *text, sso_ydoc **doc)
{
	return sso_ydoc_parse(doc, "d.yaml", text, strlen(text));
}

static void positions(void **state)
{
	sso_ydoc *doc = NULL;
	const sso_ynode *root, *v;

	(void)state;
	assert_int_equal(parse("# comment\nname: 协会\nmembers:\n  - {name: 王秀兰}\n", &doc), 0);
	root = sso_ydoc_root(doc);
	assert_int_equal(root->type, SSO_YMAP);
	assert_int_equal(root->line, 2);
	v = sso_ynode_get(root, "name");
	assert_int_equal(v->line, 2);
	assert_int_equal(v->col, 7);
	v = sso_ynode_get(root, "members");
	assert_int_equal(v->type, SSO_YSEQ);
	assert_int_equal(v->count, 1);
	assert_int_equal(v->kids[0]->line, 4);
	assert_int_equal(sso_ynode_get(v->kids[0], "name")->col, 12);
	assert_null(sso_ynode_get(root, "absent"));
	assert_null(sso_ynode_get(v, "name")); /* not a mapping */
	sso_ydoc_free(doc);
}

static void scalars(void **state)
{
	sso_ydoc *doc = NULL;
	const sso_ynode *root;

	(void)state;
	assert_int_equal(parse("a: ~\nb:\nc: ''\nd: \"null\"\ne: |\n  x\n  y\n", &doc), 0);
	root = sso_ydoc_root(doc);
	assert_true(sso_ynode_is_null(sso_ynode_get(root, "a")));
	assert_true(sso_ynode_is_null(sso_ynode_get(root, "b")));
	assert_false(sso_ynode_is_null(sso_ynode_get(root, "c"))); /* quoted empty text */
	assert_false(sso_ynode_is_null(sso_ynode_get(root, "d")));
	assert_string_equal(sso_ynode_get(root, "e")->str, "x\ny\n");
	assert_true(sso_ynode_get(root, "e")->quoted);
	sso_ydoc_free(doc);
}

static void refused(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"a: &x 1\nb: *x\n", "d.yaml:2:4: aliases (*x) are not accepted"},
		{"a: 1\nb: 2\na: 3\n", "d.yaml:3:1: key 'a' is given twice (first on line 1)"},
		{"? [a, b]\n: 1\n", "d.yaml:1:3: a mapping key must be plain text"},
		{"a: [1, 2\n", "d.yaml:2:1: YAML:"},
		{"a: 'x\0y'\n", "NUL"},
	};
	char deep[1024];
	sso_ydoc *doc = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		size_t len = i == 4 ? 10 : strlen(cases[i].text);

		if (sso_ydoc_parse(&doc, "d.yaml", cases[i].text, len) != SSO_EINPUT)
			fail_msg("case %zu was accepted", i);
		assert_contains(sso_error_last(), cases[i].want);
		assert_null(doc);
	}
	/* 64 levels deep is the limit */
	memset(deep, '[', 70);
	deep[70] = '\0';
	assert_int_equal(parse(deep, &doc), SSO_EINPUT);
	assert_contains(sso_error_last(), "nested deeper than 64 levels");
	memset(deep, '[', 60);
	memset(deep + 60, ']', 60);
	deep[120] = '\0';
	assert_int_equal(parse(deep, &doc), 0);
	sso_ydoc_free(doc);
}

/* A reader of the documents of text, read as s.yaml from *in (which the
 * caller frees after the reader). */
static sso_yreader *reader(const char *text, sso_input **in)
{
	sso_yreader *r = NULL;

	assert_int_equal(sso_input_memory(in, "s.yaml", text, strlen(text), SSO_ENCODING_UTF8), 0);
	assert_int_equal(sso_yreader_new(&r, *in), 0);
	return r;
}

static void streams(void **state)
{
	sso_input *in = NULL;
	sso_yreader *r = reader("a: 1\n---\nb: 2\n---\n---\nc: [\n", &in);
	sso_ydoc *doc = NULL;

	(void)state;
	assert_int_equal(sso_yreader_next(&doc, r), 1);
	assert_non_null(sso_ynode_get(sso_ydoc_root(doc), "a"));
	sso_ydoc_free(doc);
	assert_int_equal(sso_yreader_next(&doc, r), 1);
	assert_int_equal(sso_ydoc_root(doc)->line, 3);
	sso_ydoc_free(doc);
	assert_int_equal(sso_yreader_next(&doc, r), 1); /* an empty document */
	assert_true(sso_ynode_is_null(sso_ydoc_root(doc)));
	sso_ydoc_free(doc);
	assert_int_equal(sso_yreader_next(&doc, r), SSO_EINPUT);
	assert_contains(sso_error_last(), "s.yaml:7:1:");
	assert_int_equal(sso_yreader_next(&doc, r), 0); /* the stream cannot go on */
	sso_yreader_free(r);
	sso_input_free(in);
}

/* after a duplicated key, the next document of the stream is still read */
static void recovers_after_a_bad_document(void **state)
{
	sso_input *in = NULL;
	sso_yreader *r = reader("a: 1\na: 2\n---\nb: 3\n", &in);
	sso_ydoc *doc = NULL;

	(void)state;
	assert_int_equal(sso_yreader_next(&doc, r), SSO_EINPUT);
	assert_int_equal(sso_yreader_next(&doc, r), 1);
	assert_non_null(sso_ynode_get(sso_ydoc_root(doc), "b"));
	sso_ydoc_free(doc);
	sso_yreader_free(r);
	sso_input_free(in);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(positions),
		cmocka_unit_test(scalars),
		cmocka_unit_test(refused),
		cmocka_unit_test(streams),
		cmocka_unit_test(recovers_after_a_bad_document),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
