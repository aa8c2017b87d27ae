/* test_mask.c - the free-text masker: every form the validators accept, the
 * ways clerks write them, and the numbers that are nobody's */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* in masked by sso_mask_text is want, and it says whether it changed */
static void masked(const char *in, const char *want, int changed)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", in);
	assert_int_equal(sso_mask_text(buf), changed);
	assert_string_equal(buf, want);
	assert_int_equal(strlen(buf), strlen(in));
}

/* Write s with its ASCII digits, X, *, -, parentheses and spaces in full
 * width (０-９, Ｘ, ＊, －, （）, U+3000). */
static void full_width(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 4 < cap; s++) {
		if (*s >= '0' && *s <= '9')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc%c",
					      (char)(0x90 + *s - '0'));
		else if (*s == 'X')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc\xb8");
		else if (*s == '*')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc\x8a");
		else if (*s == '-')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc\x8d");
		else if (*s == '(')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc\x88");
		else if (*s == ')')
			o += (size_t)snprintf(out + o, cap - o, "\xef\xbc\x89");
		else if (*s == ' ')
			o += (size_t)snprintf(out + o, cap - o, "\xe3\x80\x80");
		else
			out[o++] = *s;
	}
	out[o] = '\0';
}

/* number inside a sentence comes out as want inside it, in ASCII and in full
 * width */
static void in_text(const char *number, const char *want)
{
	char in[256], out[256], fin[768], fout[768];

	snprintf(in, sizeof(in), "联系人王秀兰，电话%s。", number);
	snprintf(out, sizeof(out), "联系人王秀兰，电话%s。", want);
	masked(in, out, 1);
	full_width(in, fin, sizeof(fin));
	full_width(out, fout, sizeof(fout));
	masked(fin, fout, 1);
	/* at the very start and the very end of a text, and beside letters */
	masked(number, want, 1);
	snprintf(in, sizeof(in), "Tel%s,ok", number);
	snprintf(out, sizeof(out), "Tel%s,ok", want);
	masked(in, out, 1);
}

/* A pseudo-random number, the same in every run. */
static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

/* every phone number the validator accepts, generated in each of its shapes
 * and checked against it, is masked as sso_mask_phone masks it */
static void every_phone_the_validator_accepts(void **state)
{
	unsigned seed = 11;
	int tried = 0;

	(void)state;
	for (int i = 0; i < 4000; i++) {
		char phone[32], want[32];
		int len = 7 + (int)(next(&seed) % 7),
		    dash = (int)(next(&seed) % 3) ? 0 : 3 + (int)(next(&seed) % 2);
		int o = 0;

		for (int k = 0; k < len; k++) {
			if (dash && k == dash)
				phone[o++] = '-';
			phone[o++] = (char)('0' + next(&seed) % 10);
		}
		phone[o] = '\0';
		if (next(&seed) % 2)
			phone[0] = next(&seed) % 2 ? '0' : '1';
		if (sso_phone_check(phone) < 0)
			continue;
		tried++;
		sso_mask_phone(phone, want, sizeof(want));
		in_text(phone, want);
	}
	assert_true(tried > 300);
	/* each shape once, by hand */
	in_text("13800138000", "138****8000");
	in_text("19912345678", "199****5678");
	in_text("022-23456789", "022*****6789");
	in_text("0577-8812345", "057*****2345");
	in_text("02223456789", "022****6789");
	in_text("0755123456", "075***3456");
	in_text("075512345678", "075*****5678");
}

/* mobiles written with dashes or spaces, after +86, 86 or 0086 */
static void mobiles_as_written(void **state)
{
	(void)state;
	in_text("138-0013-8000", "138******8000");
	in_text("138 0013 8000", "138******8000");
	in_text("138\u30000013\u30008000", "138\uff0a****\uff0a8000");
	in_text("+8613800138000", "+86138****8000");
	in_text("+86 13800138000", "+86 138****8000");
	in_text("+86-13800138000", "+86-138****8000");
	in_text("+86 138 0013 8000", "+86 138******8000");
	in_text("8613800138000", "86138****8000");
	in_text("86-138-0013-8000", "86-138******8000");
	in_text("008613800138000", "0086138****8000");
	in_text("(13800138000)", "(138****8000)");
	masked("13800138000,13900139000", "138****8000,139****9000", 1);
	masked("13800138000X", "138****8000X", 1); /* an X is an ID number's, not a mobile's */
	masked("手机13800138000或13900139000转", "手机138****8000或139****9000转", 1);
}

/* landlines as written: dash or none, parentheses, spaces, an extension */
static void landlines_as_written(void **state)
{
	(void)state;
	in_text("(022)23456789", "(022*****6789");
	in_text("(022) 23456789", "(022******6789");
	in_text("022 23456789", "022*****6789");
	in_text("022-2345-6789", "022******6789");
	in_text("0755-1234567", "075*****4567");
	masked("电话022-23456789转3", "电话022*****6789转3", 1);
	in_text("+86 22 23456789", "+86 22 2***6789");
	in_text("+86-755-1234567", "+86-755****4567");
	in_text("0086 22 2345 6789", "0086 22 2****6789");
	masked("（022）23456789", "（022\uff0a****6789", 1);
}

/* a real date of birth and a check character: every ID number, whole,
 * spaced, with a small x, in full width */
static void id_numbers(void **state)
{
	unsigned seed = 7;

	(void)state;
	for (int i = 0; i < 500; i++) {
		char id[19], want[19], spaced[32], spaced_want[32];
		sso_date today = sso_date_from_ymd(2026, 4, 1);

		snprintf(id, sizeof(id), "%d%05u%04u%02u%02u%03u", 1 + (int)(next(&seed) % 8),
			 next(&seed) % 100000, 1900 + next(&seed) % 126, 1 + next(&seed) % 12,
			 1 + next(&seed) % 28, next(&seed) % 1000);
		id[17] = sso_idnum_check_char(id);
		id[18] = '\0';
		assert_int_equal(sso_idnum_check(id, today), 0);
		sso_mask_idnum(id, want, sizeof(want));
		in_text(id, want);
		snprintf(spaced, sizeof(spaced), "%.6s %.8s %.4s", id, id + 6, id + 14);
		/* the spaces between are starred too */
		snprintf(spaced_want, sizeof(spaced_want), "%.6s**********%.4s", id, id + 14);
		in_text(spaced, spaced_want);
	}
	in_text("11010519491231002X", "110105********002X");
	in_text("11010519491231002x", "110105********002x");
	in_text("110105 19491231 002X", "110105**********002X");
	in_text("110105-19491231-002X", "110105**********002X");
	masked("身份证110105194912310029.txt", "身份证110105********0029.txt", 1);
	/* a mistyped check character is still someone's number */
	in_text("110105194912310021", "110105********0021");
}

/* numbers that are nobody's: dates, counts, money, ids, codes, certificates */
static void not_personal(void **state)
{
	static const char *const texts[] = {
		"2026-04-09",
		"2026-04-09 至 2026-04-30，参加 25 人，共 3 场",
		"20260409",
		"活动经费 12,345.67 元，13800138000.50 元，¥1380013800",
		"ORG000001 APP000001 ORG1380013",
		"统一社会信用代码 51120101MJ00000011",
		"51120101MJ0000001X",
		"证书 120101-2026-0001，120101001-2026-0012",
		"订单号23800138000",
		"12345678901234567",
		"1380013800012",
		"12800138000",
		"110105194913310029", /* no 31st of the 13th month */
		"910105194912310029", /* no province 9 */
		"23456789",
		"022-2345",
		"第 1 季度 3 次 138 人",
		/* a SHA-256 that holds a mobile's digits, in an event's details */
		"{\"sha256\":\"13800138000d3349d083af8dfc2c186c5356489ac452cbd7aec502223456789\"}",
		"",
	};
	unsigned seed = 3;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		masked(texts[i], texts[i], 0);
	/* social organizations' credit codes, with their check characters */
	for (int i = 0; i < 500; i++) {
		char code[19];

		snprintf(code, sizeof(code), "5%u%06uMJ%07u", 1 + next(&seed) % 3,
			 110000 + next(&seed) % 500000 % 600000, next(&seed) * 97u % 10000000);
		code[17] = sso_uscc_check_char(code);
		code[18] = '\0';
		assert_int_equal(sso_uscc_check(code), 0);
		masked(code, code, 0);
	}
	/* an all-digit credit code whose check adds up is not an ID number */
	{
		char code[19] = "52120101194912310";

		code[17] = sso_uscc_check_char(code);
		if (code[17] != sso_idnum_check_char(code))
			masked(code, code, 0);
	}
}

/* the copy is masked, the text it came from is not */
static void copy_masked(void **state)
{
	char *buf = NULL;
	size_t cap = 0;
	const char *text = "联系人13800138000";

	(void)state;
	assert_int_equal(sso_mask_copy(text, &buf, &cap), 0);
	assert_string_equal(buf, "联系人138****8000");
	assert_string_equal(text, "联系人13800138000");
	free(buf);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_phone_the_validator_accepts),
		cmocka_unit_test(mobiles_as_written),
		cmocka_unit_test(landlines_as_written),
		cmocka_unit_test(id_numbers),
		cmocka_unit_test(not_personal),
		cmocka_unit_test(copy_masked),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
