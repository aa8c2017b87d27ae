/* role.c - the roles of section 2 of the specification, and "ROLE:NAME" actors */
#include <stdio.h>
#include <string.h>

#include "sso/error.h"
#include "sso/name.h"
#include "sso/role.h"
#include "sso/valid.h"

static const char *const role_names[] = {"",    "sponsor",  "committee", "street",
					 "hub", "district", "analyst"};

const char *sso_role_name(sso_role role)
{
	return role_names[role];
}

int sso_actor_parse(sso_actor *out, const char *text)
{
	const char *colon = text ? strchr(text, ':') : NULL;
	size_t rlen;

	memset(out, 0, sizeof(*out));
	if (!colon || colon == text || !colon[1])
		return sso_error_set(SSO_EUSAGE, "the actor must be ROLE:NAME, like street:李明 "
						 "(roles: sponsor, "
						 "committee, street, hub, district, analyst)");
	rlen = (size_t)(colon - text);
	for (int r = SSO_ROLE_SPONSOR; r <= SSO_ROLE_ANALYST; r++)
		if (strlen(role_names[r]) == rlen && !strncmp(text, role_names[r], rlen))
			out->role = (sso_role)r;
	if (out->role == SSO_ROLE_NONE)
		return sso_error_set(SSO_EUSAGE,
				     "unknown role '%.*s': use sponsor, committee, street, hub, "
				     "district or analyst",
				     (int)rlen, text);
	if (strlen(colon + 1) >= sizeof(out->name) || strpbrk(colon + 1, "\n\r\t"))
		return sso_error_set(SSO_EUSAGE,
				     "the actor's name is too long or holds a control character");
	if (sso_blank(colon + 1))
		return sso_error_set(SSO_EUSAGE,
				     "the actor needs a name after '%.*s:', not only spaces",
				     (int)rlen, text);
	if (sso_text_visible(colon + 1, "the actor's name", 0, SSO_EUSAGE) < 0)
		return SSO_EUSAGE;
	snprintf(out->name, sizeof(out->name), "%s", colon + 1);
	return 0;
}
