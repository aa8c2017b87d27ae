/* test_date.c - day numbers, strict parsing, today, periods */
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void round_trip(void **state)
{
	char buf[11];

	(void)state;
	/* every day of four centuries goes out and comes back */
	for (sso_date d = sso_date_from_ymd(1900, 1, 1); d < sso_date_from_ymd(2300, 1, 1); d++) {
		sso_date back;

		sso_date_format(d, buf);
		assert_int_equal(sso_date_parse(&back, buf, 10), 0);
		assert_int_equal(back, d);
	}
	assert_int_equal(sso_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(sso_date_from_ymd(2026, 4, 9) - sso_date_from_ymd(2026, 4, 1), 8);
}

static void strict_parse(void **state)
{
	static const char *const bad[] = {"2026-02-29", "2024-02-30",  "2026-13-01", "2026-00-10",
					  "2026-04-31", "2026-4-1",    "2026/04/01", "20260401",
					  "1899-12-31", "2026-04-01x", "",           "abcd-ef-gh"};
	sso_date d;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (sso_date_parse(&d, bad[i], strlen(bad[i])) != SSO_EINPUT)
			fail_msg("'%s' was taken as a date", bad[i]);
	assert_int_equal(sso_date_parse(&d, "2024-02-29", 10), 0);
	assert_int_equal(sso_date_parse(&d, "2000-02-29", 10), 0);
	assert_int_equal(sso_date_parse(&d, "1900-02-29", 10), SSO_EINPUT);
	assert_int_equal(sso_date_parse(&d, "2026-02-30", 10), SSO_EINPUT);
	assert_contains(sso_error_last(), "not a real date");
}

static void today_from_environment(void **state)
{
	sso_date d;

	(void)state;
	setenv("SSO_TODAY", "2026-04-01", 1);
	assert_int_equal(sso_date_today(&d), 0);
	assert_int_equal(d, sso_date_from_ymd(2026, 4, 1));
	setenv("SSO_TODAY", "2026-04-31", 1);
	assert_int_equal(sso_date_today(&d), SSO_EUSAGE);
	assert_contains(sso_error_last(), "SSO_TODAY");
	unsetenv("SSO_TODAY");
	assert_int_equal(sso_date_today(&d), 0);
	assert_true(d > sso_date_from_ymd(2020, 1, 1));
}

static void periods(void **state)
{
	sso_period p;

	(void)state;
	assert_int_equal(sso_period_parse(&p, "2026"), 0);
	assert_int_equal(p.from, sso_date_from_ymd(2026, 1, 1));
	assert_int_equal(p.to, sso_date_from_ymd(2026, 12, 31));
	assert_int_equal(p.quarters, 4);
	assert_int_equal(sso_period_parse(&p, "2026H1"), 0);
	assert_int_equal(p.to, sso_date_from_ymd(2026, 6, 30));
	assert_int_equal(p.quarters, 2);
	assert_int_equal(sso_period_parse(&p, "2026H2"), 0);
	assert_int_equal(p.from, sso_date_from_ymd(2026, 7, 1));
	assert_int_equal(p.to, sso_date_from_ymd(2026, 12, 31));
	assert_int_equal(sso_period_parse(&p, "2026Q3"), 0);
	assert_int_equal(p.from, sso_date_from_ymd(2026, 7, 1));
	assert_int_equal(p.to, sso_date_from_ymd(2026, 9, 30));
	assert_int_equal(p.quarters, 1);
	assert_int_equal(p.first_quarter, sso_date_quarter(sso_date_from_ymd(2026, 8, 15)));
	assert_string_equal(p.label, "2026Q3");
	assert_int_equal(sso_period_parse(&p, "2024Q1"), 0);
	assert_int_equal(p.to, sso_date_from_ymd(2024, 3, 31));
	for (const char *const *b = (const char *const[]){"2026H3", "2026Q5", "26", "2026-01", "H1",
							  "2026Q", NULL};
	     *b; b++)
		assert_int_equal(sso_period_parse(&p, *b), SSO_EUSAGE);
	assert_contains(sso_error_last(), "2026H1");
}

static void quarters(void **state)
{
	(void)state;
	assert_int_equal(sso_date_quarter(sso_date_from_ymd(2026, 3, 31)) + 1,
			 sso_date_quarter(sso_date_from_ymd(2026, 4, 1)));
	assert_int_equal(sso_date_quarter(sso_date_from_ymd(2026, 12, 31)) + 1,
			 sso_date_quarter(sso_date_from_ymd(2027, 1, 1)));
	assert_int_equal(sso_date_quarter(sso_date_from_ymd(2026, 1, 1)),
			 sso_date_quarter(sso_date_from_ymd(2026, 3, 15)));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(strict_parse),
		cmocka_unit_test(today_from_environment),
		cmocka_unit_test(periods),
		cmocka_unit_test(quarters),
	};

	return support_run(argc, argv, tests, NULL, NULL);
}
