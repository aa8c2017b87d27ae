/* version.c - the version libsso was built as */
#include "sso/sso.h"

const char *sso_version(void)
{
	return SSO_VERSION;
}
