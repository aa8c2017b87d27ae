/* support.c - temporary directories, files, sample forms and diagnostics for
 * the unit tests; nothing here needs the store */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	FILE *fp = fopen(path, "rb");
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
	free(path);
	return text;
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
	case SSO_KIND_FILING:
		return filing_text;
	case SSO_KIND_GROUP:
		return group_text;
	default:
		fail_msg("no sample form of kind %s", sso_form_kind_name(kind));
	}
	return NULL;
}
