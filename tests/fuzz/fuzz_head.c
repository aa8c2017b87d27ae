/* fuzz_head.c - sso-ledger verify --head's SEQ:HASH from any bytes */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	sso_head h;
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rc = sso_event_head_parse(&h, text);
	if (rc != 0 && rc != SSO_EUSAGE)
		abort();
	/* what it takes is a number and 64 lowercase hex digits, as printed */
	if (rc == 0 &&
	    (h.seq < 0 || strlen(h.hash) != 64 || strspn(h.hash, "0123456789abcdef") != 64))
		abort();
	free(text);
	return 0;
}
