/* support.c - temporary directories, files and diagnostics for the unit tests */
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

char *support_write(const char *dir, const char *name, const char *text)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	FILE *fp;

	assert_non_null(path);
	snprintf(path, len, "%s/%s", dir, name);
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
