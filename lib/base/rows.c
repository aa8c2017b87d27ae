/* rows.c - bad rows reported with their lines, then counted */
#include <stdarg.h>
#include <stdio.h>

#include "base/rows.h"

void sso_rows__bad(sso_rows *R, size_t line, const char *fmt, ...)
{
	R->bad++;
	if (R->diag && R->bad <= SSO_ROWS_SHOWN) {
		char msg[512];
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		sso_diag_report(R->diag, "%s:%zu: %s", R->file, line, msg);
	}
}

int sso_rows__end(sso_rows *R, const char *what)
{
	if (!R->bad)
		return 0;
	if (R->diag && R->bad > SSO_ROWS_SHOWN)
		sso_diag_report(R->diag, "%s: %lu bad rows in all (the first %d shown)", R->file,
				R->bad, SSO_ROWS_SHOWN);
	return sso_error_set(SSO_EINPUT, "%s: %lu bad row%s: %s", R->file, R->bad,
			     R->bad == 1 ? "" : "s", what);
}
