/* rows.c - bad rows reported with their lines, then counted */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/rows.h"

static void tell(sso_rows *R, size_t line, const char *text)
{
	if (R->shown >= SSO_ROWS_SHOWN)
		return;
	if (R->kept) {
		R->kept[R->shown].line = line;
		size_t n = strlen(text), cap = sizeof(R->kept[R->shown].text);

		if (n >= cap) /* cut at a character */
			for (n = cap - 1; n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; n--)
				;
		memcpy(R->kept[R->shown].text, text, n);
		R->kept[R->shown].text[n] = '\0';
	} else if (R->diag) {
		sso_diag_report(R->diag, "%s:%zu: %s", R->file, line, text);
	}
	R->shown++;
}

void sso_rows__bad(sso_rows *R, size_t line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	R->bad++;
	if (R->shown >= SSO_ROWS_SHOWN || (!R->kept && !R->diag))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tell(R, line, msg);
}

void sso_rows__merge(sso_rows *R, const sso_rows *from, size_t base)
{
	for (unsigned long i = 0; from->kept && i < from->shown; i++)
		tell(R, from->kept[i].line + base, from->kept[i].text);
	R->bad += from->bad;
}

unsigned long sso_rows__summary(sso_rows *R)
{
	if (R->diag && R->bad > R->shown)
		sso_diag_report(R->diag,
				"%s: and %lu more bad rows (%lu in all, the first %lu shown)",
				R->file, R->bad - R->shown, R->bad, R->shown);
	return R->bad;
}

int sso_rows__end(sso_rows *R, const char *what)
{
	if (!sso_rows__summary(R))
		return 0;
	return sso_error_set(SSO_EINPUT, "%s: %lu bad row%s: %s", R->file, R->bad,
			     R->bad == 1 ? "" : "s", what);
}

int sso_rows__clip(const char *text, size_t len)
{
	if (len > SSO_ROWS_CLIP) {
		len = SSO_ROWS_CLIP;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	return (int)len;
}
