/* test_base.c - the private helpers of base/ (sso_core, no store): growing
 * arrays, and quoting a bad text at most SSO_ROWS_CLIP bytes long */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/rows.h"
#include "sso/id.h"
#include "support.h"

/* from nothing to the first size, then doubling; the contents survive */
static void grows_by_doubling(void **state)
{
	int *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(SSO_GROW(a, cap, 1, 8), 0);
	assert_non_null(a);
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		a[i] = i * 3;
	assert_int_equal(SSO_GROW(a, cap, 8, 8), 0); /* room already */
	assert_int_equal(cap, 8);
	assert_int_equal(SSO_GROW(a, cap, 9, 8), 0);
	assert_int_equal(cap, 16);
	assert_int_equal(SSO_GROW(a, cap, 100, 8), 0); /* several doublings at once */
	assert_int_equal(cap, 128);
	for (int i = 0; i < 8; i++)
		assert_int_equal(a[i], i * 3);
	free(a);
}

/* a size that cannot be allocated is SSO_ENOMEM, and the array is as it was */
static void too_large_is_refused(void **state)
{
	char *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(SSO_GROW(a, cap, 4, 4), 0);
	memcpy(a, "abc", 4);
	assert_int_equal(SSO_GROW(a, cap, SIZE_MAX, 4), SSO_ENOMEM);
	assert_int_equal(cap, 4);
	assert_string_equal(a, "abc");
	assert_int_equal(sso_grow__array(&a, &cap, SIZE_MAX / 2, 16, 4), SSO_ENOMEM);
	assert_int_equal(cap, 4);
	free(a);
}

/* a short text whole; a long one cut at SSO_ROWS_CLIP bytes, never inside a
 * UTF-8 character */
static void clips_at_a_character(void **state)
{
	char text[200];

	(void)state;
	assert_int_equal(sso_rows__clip("short", 5), 5);
	memset(text, 'a', sizeof(text));
	assert_int_equal(sso_rows__clip(text, sizeof(text)), SSO_ROWS_CLIP);
	/* 58 ASCII bytes, then 中 (3 bytes) across the limit: cut before it */
	memcpy(text + 58, "\xe4\xb8\xad", 3);
	assert_int_equal(sso_rows__clip(text, sizeof(text)), 58);
	/* a character that ends right at the limit stays */
	memset(text, 'a', sizeof(text));
	memcpy(text + 57, "\xe4\xb8\xad", 3);
	assert_int_equal(sso_rows__clip(text, sizeof(text)), SSO_ROWS_CLIP);
}

/* a record id: ORG and digits in any case, or digits; nothing past a long */
static void record_ids(void **state)
{
	long id = 0;

	(void)state;
	assert_int_equal(sso_id_parse(&id, "org000042", "ORG"), 0);
	assert_int_equal(id, 42);
	assert_int_equal(sso_id_parse(&id, "7", "ORG"), 0);
	assert_int_equal(id, 7);
	assert_int_equal(sso_id_parse(&id, "ORG0", "ORG"), SSO_EUSAGE);
	assert_int_equal(sso_id_parse(&id, "ORG12x", "ORG"), SSO_EUSAGE);
	assert_int_equal(sso_id_parse(&id, "ORG99999999999999999999999", "ORG"), SSO_EUSAGE);
	assert_int_equal(id, 7);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_by_doubling),
		cmocka_unit_test(too_large_is_refused),
		cmocka_unit_test(clips_at_a_character),
		cmocka_unit_test(record_ids),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
