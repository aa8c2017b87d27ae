/* json.c - event details as JSON objects, escaped by the book */
#include <stdlib.h>

#include "base/json.h"
#include "sso/error.h"

int sso_json__begin(sso_json *j)
{
	j->buf = NULL;
	j->len = 0;
	j->n = 0;
	j->fp = open_memstream(&j->buf, &j->len);
	if (!j->fp)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	putc('{', j->fp);
	return 0;
}

static void put_string(FILE *fp, const char *s)
{
	putc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			putc(*p, fp);
	}
	putc('"', fp);
}

static void key(sso_json *j, const char *k)
{
	if (j->n++)
		putc(',', j->fp);
	put_string(j->fp, k);
	putc(':', j->fp);
}

void sso_json__str(sso_json *j, const char *k, const char *value)
{
	key(j, k);
	if (value)
		put_string(j->fp, value);
	else
		fputs("null", j->fp);
}

void sso_json__int(sso_json *j, const char *k, long long value)
{
	key(j, k);
	fprintf(j->fp, "%lld", value);
}

int sso_json__end(sso_json *j, char **out)
{
	int bad;

	putc('}', j->fp);
	bad = ferror(j->fp);
	fclose(j->fp);
	if (bad) {
		free(j->buf);
		*out = NULL;
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	*out = j->buf;
	return 0;
}

void sso_json__abandon(sso_json *j)
{
	fclose(j->fp); /* closing a memory stream sets its buffer: free it after */
	free(j->buf);
	j->buf = NULL;
}
