/* test_valid.c - ID numbers, phones, USCC check characters, masking */
#include <string.h>

#include "support.h"

static sso_date today(void)
{
	return sso_date_from_ymd(2026, 4, 1);
}

static void id_check_characters(void **state)
{
	(void)state;
	/* the example of SPEC.md: check character X */
	assert_int_equal(sso_idnum_check_char("11010519491231002"), 'X');
	assert_int_equal(sso_idnum_check("11010519491231002X", today()), 0);
	assert_int_equal(sso_idnum_check("11010519491231002x", today()), 0);
	/* GB 11643's own example: 11010519491231002X; and another worked one */
	assert_int_equal(sso_idnum_check_char("44052418800101001"), '4');
	assert_int_equal(sso_idnum_check("120101195503120410", today()), 0);
	/* every wrong check character is named with the right one */
	for (const char *c = "0123456789"; *c; c++) {
		char id[19] = "11010519491231002X";

		id[17] = *c;
		assert_int_equal(sso_idnum_check(id, today()), SSO_EINPUT);
		assert_contains(sso_error_last(), "check character is X");
	}
}

static void id_shapes(void **state)
{
	(void)state;
	assert_int_equal(sso_idnum_check("1101051949123100", today()), SSO_EINPUT);
	assert_contains(sso_error_last(), "18 characters, not 16");
	assert_int_equal(sso_idnum_check("1101051949123100AX", today()), SSO_EINPUT);
	assert_contains(sso_error_last(), "17 digits");
	/* 1949-13-31 is no date; the check character is right for the digits */
	{
		char id[19] = "110105194913310020";

		id[17] = sso_idnum_check_char(id);
		assert_int_equal(sso_idnum_check(id, today()), SSO_EINPUT);
		assert_contains(sso_error_last(), "no real date of birth");
	}
	/* 2023-02-29 does not exist; 2024-02-29 does */
	{
		char a[19] = "11010520230229002", b[19] = "11010520240229002";

		a[17] = sso_idnum_check_char(a), a[18] = 0;
		b[17] = sso_idnum_check_char(b), b[18] = 0;
		assert_int_equal(sso_idnum_check(a, today()), SSO_EINPUT);
		assert_int_equal(sso_idnum_check(b, today()), 0);
	}
	/* born after today */
	{
		char id[19] = "11010520300101002";

		id[17] = sso_idnum_check_char(id), id[18] = 0;
		assert_int_equal(sso_idnum_check(id, today()), SSO_EINPUT);
		assert_contains(sso_error_last(), "in the future");
	}
	/* no province begins with 0 or 9 */
	{
		char id[19] = "01010519491231002";

		id[17] = sso_idnum_check_char(id), id[18] = 0;
		assert_int_equal(sso_idnum_check(id, today()), SSO_EINPUT);
		assert_contains(sso_error_last(), "province");
	}
}

static void phones(void **state)
{
	(void)state;
	assert_int_equal(sso_phone_check("13800138000"), 0);
	assert_int_equal(sso_phone_check("19912345678"), 0);
	assert_int_equal(sso_phone_check("022-23456789"), 0);
	assert_int_equal(sso_phone_check("0577-8812345"), 0);
	assert_int_equal(sso_phone_check("02223456789"), 0);
	assert_int_equal(sso_phone_check("12800138000"), SSO_EINPUT); /* no 12x mobiles */
	assert_int_equal(sso_phone_check("1380013800"), SSO_EINPUT);  /* 10 digits */
	assert_int_equal(sso_phone_check("138001380001"), SSO_EINPUT);
	assert_int_equal(sso_phone_check("23456789"), SSO_EINPUT); /* no area code */
	assert_int_equal(sso_phone_check("022-2345"), SSO_EINPUT);
	assert_int_equal(sso_phone_check("1380013800a"), SSO_EINPUT);
	/* the message shows the number masked: it is someone's, even mistyped */
	assert_contains(sso_error_last(), "'138****800a'");
	assert_int_equal(sso_phone_check("138001380001"), SSO_EINPUT);
	assert_null(strstr(sso_error_last(), "138001380001"));
}

static void uscc(void **state)
{
	(void)state;
	/* a code of the shape civil affairs gives a social group (51 + division + ...),
	 * its check character worked out by hand from the GB 32100 weights */
	assert_int_equal(sso_uscc_check_char("51100000500000894"), 'A');
	assert_int_equal(sso_uscc_check("51100000500000894A"), 0);
	/* the well-known example of GB 32100 */
	assert_int_equal(sso_uscc_check("91350100M000100Y43"), 0);
	assert_int_equal(sso_uscc_check("91350100M000100Y44"), SSO_EINPUT);
	assert_contains(sso_error_last(), "check character is 3, not 4");
	assert_int_equal(sso_uscc_check("91350100M000100Y4"), SSO_EINPUT);
	assert_contains(sso_error_last(), "18 characters");
	/* I, O, S, V, Z are not in its alphabet */
	assert_int_equal(sso_uscc_check("9135010OM00100Y433"), SSO_EINPUT);
	assert_contains(sso_error_last(), "other than I, O, S, V and Z");
}

static void masking(void **state)
{
	char buf[64];

	(void)state;
	sso_mask_idnum("110101199001011234", buf, sizeof(buf));
	assert_string_equal(buf, "110101********1234");
	sso_mask_phone("13812345678", buf, sizeof(buf));
	assert_string_equal(buf, "138****5678");
	sso_mask_phone("022-23456789", buf, sizeof(buf));
	assert_string_equal(buf, "022*****6789");
	/* too short to show head and tail: nothing of it but stars */
	sso_mask_idnum("1234", buf, sizeof(buf));
	assert_string_equal(buf, "****");
	sso_mask_phone("1234567", buf, sizeof(buf));
	assert_string_equal(buf, "*****67");
	/* a small buffer is never overrun */
	sso_mask_idnum("110101199001011234", buf, 5);
	assert_string_equal(buf, "1101");
}

static void chinese_characters(void **state)
{
	size_t chars, han;

	(void)state;
	sso_utf8_count("康乐", strlen("康乐"), &chars, &han);
	assert_int_equal(chars, 2);
	assert_int_equal(han, 2);
	sso_utf8_count("康A", strlen("康A"), &chars, &han);
	assert_int_equal(chars, 2);
	assert_int_equal(han, 1);
	sso_utf8_count("〇一", strlen("〇一"), &chars, &han);
	assert_int_equal(han, 2);
	sso_utf8_count("，。", strlen("，。"), &chars, &han); /* punctuation is not Han */
	assert_int_equal(han, 0);
}

static void blank_texts(void **state)
{
	(void)state;
	assert_true(sso_blank(NULL));
	assert_true(sso_blank(""));
	assert_true(sso_blank(" \t "));
	assert_true(sso_blank("\u3000 \u3000"));
	assert_false(sso_blank(" 理由 "));
	assert_false(sso_blank("\u3000x"));
	assert_false(sso_blank("\xe3\x80")); /* a cut-off character is not a space */
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_check_characters),
		cmocka_unit_test(id_shapes),
		cmocka_unit_test(phones),
		cmocka_unit_test(uscc),
		cmocka_unit_test(masking),
		cmocka_unit_test(chinese_characters),
		cmocka_unit_test(blank_texts),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
