/* fuzz_config.c - configurations from any bytes: loaded or refused, never a crash */
#include <stdint.h>
#include <stdlib.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sso_config *cfg = NULL;
	int rc = sso_config_load_text(&cfg, "fuzz.yaml", (const char *)data, size);

	if (rc == 0) {
		/* a loaded configuration answers its lookups */
		for (size_t i = 0; i < cfg->ndistricts; i++)
			if (sso_config_district(cfg, cfg->districts[i].code) == NULL)
				abort();
		sso_config_free(cfg);
	} else if (rc != SSO_ECONFIG && rc != SSO_ENOMEM) {
		abort(); /* bad text is a configuration error, nothing else */
	}
	return 0;
}
