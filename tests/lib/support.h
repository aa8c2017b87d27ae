/* support.h - helpers shared by the unit tests */
#ifndef SSO_TEST_SUPPORT_H
#define SSO_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "sso/sso.h"

/* A fresh temporary directory for the test; removed by support_rmdir(). */
char *support_tmpdir(void);
void support_rmdir(char *dir);

/* dir/name (caller frees). */
char *support_path(const char *dir, const char *name);

/* Write text to dir/name; returns the path (caller frees). */
char *support_write(const char *dir, const char *name, const char *text);

/* The whole text of the file at path, NUL-terminated (caller frees); fails
 * the test if it cannot be read. */
char *support_read(const char *path);

/* The whole text of NAME under the source tree's tests/ ($SSO_TESTS), e.g.
 * "lib/fixtures/store-v1.sql" (caller frees). */
char *support_tests_file(const char *name);

/* The path of NAME under $SSO_TESTS, e.g. "lib/fixtures/wenzhou.yaml"
 * (caller frees). */
char *support_tests_path(const char *name);

/* The path of examples/NAME in the source tree ($SSO_TESTS/../examples), and
 * its whole text (caller frees each). */
char *support_example_path(const char *name);
char *support_example(const char *name);

/* What is written to a stream, kept in memory: support_capture_open() gives
 * the stream (failing the test if it cannot), support_capture_close()
 * closes it and returns the text (caller frees). */
typedef struct support_capture {
	FILE *fp;
	char *text;
	size_t len;
} support_capture;
FILE *support_capture_open(support_capture *c);
char *support_capture_close(support_capture *c);

/* A good form of kind (filing or group) as YAML text, valid from 2026-03-01 in
 * the built-in sample jurisdiction; static, never freed. */
const char *support_form_text(sso_form_kind kind);

/* A diag that collects its lines into one buffer, separated by \n. */
typedef struct support_diag {
	sso_diag diag;
	char text[16384];
} support_diag;
void support_diag_init(support_diag *d);

/* The configuration of the built-in defaults (fails the test if it cannot load). */
sso_config *support_config(void);

/* Parse a form from text with the default configuration and the given today. */
int support_form(sso_form *f, const char *yaml, sso_date today, support_diag *d);

/*
 * main() of every unit test: run tests as cmocka_run_group_tests() would,
 * chosen and ordered by the arguments:
 *   NAME...          only the tests whose names match these fnmatch patterns
 *   --list           print the names of the tests, one a line, and run none
 *   --reverse        run them in reverse order
 *   --shuffle[=N]    in an order shuffled with seed N (printed when not given)
 *   --each           each test alone in a process of its own, then all of them
 *                    reversed, then shuffled (a test that needs what another
 *                    left behind fails one of these)
 * Returns what main() returns: 0 if every test passed.
 */
int support_run_group(int argc, char **argv, const struct CMUnitTest *tests, size_t n,
		      CMFixtureFunction setup, CMFixtureFunction teardown);
#define support_run(argc, argv, tests, setup, teardown)                                            \
	support_run_group((argc), (argv), (tests), sizeof(tests) / sizeof(*(tests)), (setup),      \
			  (teardown))

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("'%s' does not contain '%s'", (hay), (needle));                   \
	} while (0)

#endif
