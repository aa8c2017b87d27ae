/* error.c - the per-thread detail line behind every SSO_E* code */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sso/error.h"

#define DETAIL_MAX 1024

static _Thread_local char detail[DETAIL_MAX];

const char *sso_error_last(void)
{
	return detail;
}

const char *sso_error_name(int code)
{
	switch (code) {
	case SSO_OK: return "SSO_OK";
	case SSO_EINTERNAL: return "SSO_EINTERNAL";
	case SSO_ENOMEM: return "SSO_ENOMEM";
	case SSO_EUSAGE: return "SSO_EUSAGE";
	case SSO_EINPUT: return "SSO_EINPUT";
	case SSO_ENOTFOUND: return "SSO_ENOTFOUND";
	case SSO_EREFUSED: return "SSO_EREFUSED";
	case SSO_ENOINPUT: return "SSO_ENOINPUT";
	case SSO_ECREATE: return "SSO_ECREATE";
	case SSO_EIO: return "SSO_EIO";
	case SSO_EBUSY: return "SSO_EBUSY";
	case SSO_ECONFIG: return "SSO_ECONFIG";
	}
	return code > 0 ? "SSO_OK" : "SSO_E?";
}

/* Formatted through a copy, so that the current detail may be an argument:
 * sso_error_set(SSO_ECONFIG, "%s: %s", file, sso_error_last()). */
int sso_error_set(int code, const char *fmt, ...)
{
	char tmp[DETAIL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(detail, tmp, sizeof(detail));
	return code;
}

void sso_error_prefix(const char *fmt, ...)
{
	char old[DETAIL_MAX];
	va_list ap;
	int n;

	memcpy(old, detail, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(detail))
		snprintf(detail + n, sizeof(detail) - (size_t)n, "%s", old);
}

void sso_error_clear(void)
{
	detail[0] = '\0';
}

void sso_diag_report(sso_diag *d, const char *fmt, ...)
{
	char line[DETAIL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->count++;
	if (d->fn)
		d->fn(d->payload, line);
}
