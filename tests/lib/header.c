/* header.c - the public header compiles alone, under -std=c11 -pedantic */
#include "sso/sso.h"

int main(void)
{
	return sso_version() ? 0 : 1;
}
