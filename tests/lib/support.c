/* support.c - temporary directories, files, sample forms, diagnostics and the
 * test runner of the unit tests; nothing here needs the store */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

char *support_tmpdir(void)
{
	char *dir = strdup("/tmp/sso-test-XXXXXX");

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

void support_rmdir(char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

char *support_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);

	assert_non_null(path);
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

char *support_write(const char *dir, const char *name, const char *text)
{
	char *path = support_path(dir, name);
	FILE *fp;

	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void collect(void *payload, const char *line)
{
	support_diag *d = payload;
	size_t used = strlen(d->text);

	snprintf(d->text + used, sizeof(d->text) - used, "%s\n", line);
}

void support_diag_init(support_diag *d)
{
	d->diag.fn = collect;
	d->diag.payload = d;
	d->diag.count = 0;
	d->text[0] = '\0';
}

sso_config *support_config(void)
{
	sso_config *cfg = NULL;

	if (sso_config_load(&cfg, NULL) < 0)
		fail_msg("defaults: %s", sso_error_last());
	return cfg;
}

int support_form(sso_form *f, const char *yaml, sso_date today, support_diag *d)
{
	sso_config *cfg = support_config();
	sso_ydoc *doc = NULL;
	int rc;

	memset(f, 0, sizeof(*f));
	rc = sso_ydoc_parse(&doc, "form.yaml", yaml, strlen(yaml));
	if (rc == 0)
		rc = sso_form_read(f, doc, cfg, today, &d->diag);
	else
		sso_diag_report(&d->diag, "%s", sso_error_last());
	sso_ydoc_free(doc);
	sso_config_free(cfg);
	return rc;
}

char *support_read(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *text;
	long len;

	if (!fp)
		fail_msg("%s: cannot open", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len >= 0);
	rewind(fp);
	text = malloc((size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, fp), (size_t)len);
	text[len] = '\0';
	fclose(fp);
	return text;
}

char *support_tests_path(const char *name)
{
	const char *tests = getenv("SSO_TESTS");

	return support_path(tests ? tests : "tests", name);
}

char *support_tests_file(const char *name)
{
	char *path = support_tests_path(name), *text;

	text = support_read(path);
	free(path);
	return text;
}

char *support_example_path(const char *name)
{
	const char *tests = getenv("SSO_TESTS");
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s/../examples", tests ? tests : "tests");
	return support_path(dir, name);
}

char *support_example(const char *name)
{
	char *path = support_example_path(name), *text;

	text = support_read(path);
	free(path);
	return text;
}

FILE *support_capture_open(support_capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->text, &c->len);
	assert_non_null(c->fp);
	return c->fp;
}

char *support_capture_close(support_capture *c)
{
	assert_int_equal(fclose(c->fp), 0);
	c->fp = NULL;
	return c->text;
}

/*
 * test_form.c edits the filing by replacing pieces of it and names the lines
 * and columns of what it broke: change the text there too. The group is the
 * one test_ledger.c finds in the ledger.
 */
static const char filing_text[] =
	"kind: filing\n"
	"name: 天津市和平区五大道街道睦南道社区文艺爱好者协会\n"
	"form: social_group\n"
	"category: 文体娱乐\n"
	"community: 睦南道社区\n"
	"scope: 文艺活动\n"
	"venue: 活动室\n"
	"founded: 2026-03-01\n"
	"sponsor: {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\"}\n"
	"leader: {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\", "
	"party_member: true}\n"
	"charter: 第一条 ……\n"
	"members:\n"
	"  - {name: 王秀兰, id_number: \"11010519491231002X\", phone: \"13800138000\"}\n"
	"  - {name: 李建国, id_number: \"120101195503120410\"}\n";

static const char group_text[] =
	"kind: group\nname: 马场道社区晨练队\ncommunity: 马场道社区\ncategory: 文体娱乐\n"
	"scope: 组织居民晨练\nvenue: 马场道社区小广场\n"
	"leader: {name: 李建国, id_number: \"120101195503120410\", phone: \"13900139000\"}\n"
	"members:\n  - {name: 李建国, id_number: \"120101195503120410\", role: 队长}\n";

const char *support_form_text(sso_form_kind kind)
{
	switch (kind) {
	case SSO_KIND_FILING: return filing_text;
	case SSO_KIND_GROUP: return group_text;
	default: fail_msg("no sample form of kind %s", sso_form_kind_name(kind));
	}
	return NULL;
}

/* ---- the runner: which tests, in which order, together or alone ---- */

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s [--list | --each | --reverse | --shuffle[=SEED]] [NAME...]\n",
		prog);
	return 2;
}

/* xorshift64: the same order for the same seed on every machine */
static unsigned long long next_random(unsigned long long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void shuffle(struct CMUnitTest *t, size_t n, unsigned long long seed)
{
	unsigned long long x = seed ? seed : 1;

	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(next_random(&x) % i);
		struct CMUnitTest tmp = t[i - 1];

		t[i - 1] = t[j];
		t[j] = tmp;
	}
}

static void reverse(struct CMUnitTest *t, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		struct CMUnitTest tmp = t[i];

		t[i] = t[n - 1 - i];
		t[n - 1 - i] = tmp;
	}
}

static int run(const struct CMUnitTest *t, size_t n, CMFixtureFunction setup,
	       CMFixtureFunction teardown)
{
	return _cmocka_run_group_tests("tests", t, n, setup, teardown);
}

/* Run the n tests of t in a child process: a test sees only what its own
 * fixtures and the group's build, never what a test before it left. Returns
 * the child's status: 0 if every test passed. */
static int run_apart(const struct CMUnitTest *t, size_t n, CMFixtureFunction setup,
		     CMFixtureFunction teardown)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		exit(run(t, n, setup, teardown) ? 1 : 0);
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int support_run_group(int argc, char **argv, const struct CMUnitTest *tests, size_t n,
		      CMFixtureFunction setup, CMFixtureFunction teardown)
{
	struct CMUnitTest *t;
	size_t m = 0;
	int list = 0, each = 0, rev = 0, shuf = 0, names = 0, rc = 0;
	unsigned long long seed = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--list") == 0)
			list = 1;
		else if (strcmp(argv[i], "--each") == 0)
			each = 1;
		else if (strcmp(argv[i], "--reverse") == 0)
			rev = 1;
		else if (strcmp(argv[i], "--shuffle") == 0)
			shuf = 1;
		else if (strncmp(argv[i], "--shuffle=", 10) == 0) {
			char *end;

			shuf = 1;
			seed = strtoull(argv[i] + 10, &end, 10);
			if (*end || !argv[i][10])
				return usage(argv[0]);
		} else if (argv[i][0] == '-')
			return usage(argv[0]);
		else
			names++;
	}
	t = malloc((n ? n : 1) * sizeof(*t));
	assert_non_null(t);
	/* the tests named (fnmatch patterns, as cmocka_set_test_filter takes), or all */
	for (size_t k = 0; k < n; k++) {
		int want = names == 0;

		for (int i = 1; i < argc && !want; i++)
			want = argv[i][0] != '-' && fnmatch(argv[i], tests[k].name, 0) == 0;
		if (want)
			t[m++] = tests[k];
	}
	if (names && m == 0) {
		fprintf(stderr, "%s: no test matches\n", argv[0]);
		free(t);
		return 2;
	}
	if ((shuf || each) && seed == 0)
		seed = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 16);
	if (list) {
		for (size_t k = 0; k < m; k++)
			printf("%s\n", t[k].name);
	} else if (each) {
		int failed = 0;

		/* each test alone, then all of them backwards and in a shuffled order */
		for (size_t k = 0; k < m; k++)
			if (run_apart(&t[k], 1, setup, teardown)) {
				fprintf(stderr, "FAILED alone: %s %s\n", argv[0], t[k].name);
				failed++;
			}
		reverse(t, m);
		if (run_apart(t, m, setup, teardown)) {
			fprintf(stderr, "FAILED in reverse order: %s --reverse\n", argv[0]);
			failed++;
		}
		reverse(t, m);
		shuffle(t, m, seed);
		if (run_apart(t, m, setup, teardown)) {
			fprintf(stderr, "FAILED in shuffled order: %s --shuffle=%llu\n", argv[0],
				seed);
			failed++;
		}
		printf("%zu test(s) alone, reversed and shuffled (--shuffle=%llu): %d failed\n", m,
		       seed, failed);
		rc = failed > 0;
	} else {
		if (rev)
			reverse(t, m);
		if (shuf) {
			shuffle(t, m, seed);
			printf("shuffled: --shuffle=%llu repeats this order\n", seed);
		}
		rc = run(t, m, setup, teardown);
	}
	free(t);
	return rc;
}
