/* fuzz_name.c - sso-name's inputs (CSV and YAML) and the name normalizer from any bytes */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sso_config *cfg;

static int ignore(void *payload, const char *name, const char *reason, size_t line)
{
	(void)payload, (void)name, (void)reason, (void)line;
	return 0;
}

/* The normalizer on the bytes as one name: a key for any UTF-8 (and the key
 * of a key is itself), a refusal of the rest; the invisible-character check
 * never fails otherwise. */
static void one_name(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1), *key = NULL, *again = NULL;
	int rc;

	if (!name)
		abort();
	memcpy(name, data, size);
	name[size] = '\0';
	rc = sso_text_visible(name, "the name", (int)(size & 1), SSO_EINPUT);
	if (rc != 0 && rc != SSO_EINPUT)
		abort();
	(void)sso_text_has_space(name);
	rc = sso_name_key(&key, name);
	if (rc == 0) {
		if (sso_name_key(&again, key) != 0 || strcmp(again, key))
			abort(); /* NFKC is idempotent */
	} else if (rc != SSO_EINPUT || key) {
		abort();
	}
	free(again);
	free(key);
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!cfg && sso_config_load(&cfg, NULL) < 0)
		abort();
	one_name(data, size);
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
