/* fuzz_name.c - sso-name's inputs (CSV and YAML) from any bytes */
#include <stdint.h>
#include <stdlib.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sso_config *cfg;

static int ignore(void *payload, const char *name, const char *reason, size_t line)
{
	(void)payload, (void)name, (void)reason, (void)line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!cfg && sso_config_load(&cfg, NULL) < 0)
		abort();
	for (int csv = 0; csv <= 1; csv++) {
		sso_input *in = NULL;
		int rc;

		if (sso_input_memory(&in, "fuzz", data, size, SSO_ENCODING_UTF8) < 0)
			abort();
		rc = sso_name_check_input(cfg, in, csv, ignore, NULL);
		if (rc < 0 && rc != SSO_EINPUT && rc != SSO_ENOMEM)
			abort();
		sso_input_free(in);
	}
	return 0;
}
