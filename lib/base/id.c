/* id.c - record ids and the archive's document kinds */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sso/error.h"
#include "sso/id.h"

int sso_id_parse(long *out, const char *text, const char *prefix)
{
	size_t plen = strlen(prefix);
	const char *p = text;
	char *end;
	long v;

	if (!strncasecmp(p, prefix, plen))
		p += plen;
	if (!isdigit((unsigned char)*p))
		goto bad;
	errno = 0;
	v = strtol(p, &end, 10);
	if (*end || v <= 0 || errno == ERANGE)
		goto bad;
	*out = v;
	return 0;
bad:
	return sso_error_set(SSO_EUSAGE, "'%s' is not an id like %s%0*d", text, prefix,
			     SSO_ID_DIGITS, 1);
}

void sso_id_format(char *buf, size_t cap, const char *prefix, long id)
{
	snprintf(buf, cap, "%s" SSO_ID_NUM, prefix, id);
}

/* The attachable kinds first; ATTACHABLE counts them. */
static const char *const kinds[] = {"charter",    "filing_form", "roster",
				    "report",     "evaluation",  "disclosure",
				    "handling",   "change_form", "termination_form",
				    "group_form", "notice",      "certificate",
				    "vote",       "referral",    "registration",
				    NULL};
enum { ATTACHABLE = 7 };

static int kind_index(const char *kind)
{
	for (int i = 0; kinds[i]; i++)
		if (!strcmp(kinds[i], kind))
			return i;
	return -1;
}

int sso_doc_kind_valid(const char *kind)
{
	return kind_index(kind) >= 0;
}

int sso_doc_kind_attachable(const char *kind)
{
	int i = kind_index(kind);

	return i >= 0 && i < ATTACHABLE;
}

int sso_doc_kind_has_result(const char *kind)
{
	return !strcmp(kind, "evaluation") || !strcmp(kind, "handling");
}

const char *sso_doc_kinds_attachable(void)
{
	return "charter, filing_form, roster, report, evaluation, disclosure or handling";
}
