/* template.c - placeholders in the certificate pattern and the notice text */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sso/error.h"
#include "base/template.h"

int sso_template__fill(char **out, const char *tpl, const char *const *names,
		       const char *const *values, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = NULL;
	const char *p = tpl;
	int rc = 0;

	if (out) {
		*out = NULL;
		if (!(fp = open_memstream(&buf, &len)))
			return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	while (*p) {
		const char *close, *colon;
		size_t name_len, i;
		int width = 0;

		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			if (fp)
				putc(*p, fp);
			p += 2;
			continue;
		}
		if (*p != '{') {
			if (fp)
				putc(*p, fp);
			p++;
			continue;
		}
		close = strchr(p, '}');
		if (!close) {
			rc = sso_error_set(SSO_EINPUT, "a '{' is never closed with '}'");
			goto done;
		}
		colon = memchr(p, ':', (size_t)(close - p));
		name_len = (size_t)((colon ? colon : close) - (p + 1));
		if (colon) {
			char *end;
			long w = strtol(colon + 1, &end, 10);

			if (end != close || w < 1 || w > 20) {
				rc = sso_error_set(SSO_EINPUT,
						   "'{%.*s}': the width after ':' must be 1 to 20",
						   (int)(close - p - 1), p + 1);
				goto done;
			}
			width = (int)w;
		}
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == name_len && !memcmp(names[i], p + 1, name_len))
				break;
		if (i == n) {
			rc = sso_error_set(SSO_EINPUT, "unknown placeholder '{%.*s}'",
					   (int)name_len, p + 1);
			goto done;
		}
		if (fp && values) {
			const char *v = values[i] ? values[i] : "";

			for (int pad = width - (int)strlen(v); pad > 0; pad--)
				putc('0', fp);
			fputs(v, fp);
		}
		p = close + 1;
	}
done:
	if (fp) {
		fclose(fp);
		if (rc == 0)
			*out = buf;
		else
			free(buf);
	}
	return rc;
}
