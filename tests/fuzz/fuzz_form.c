/* fuzz_form.c - forms from any bytes: no crash, no leak, and a form that reads
 * cleanly is written out and read back to the same text */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sso_config *cfg;

static int contains(const uint8_t *data, size_t size, const char *word)
{
	size_t n = strlen(word);

	for (size_t i = 0; i + n <= size; i++)
		if (!memcmp(data + i, word, n))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sso_diag diag = {NULL, NULL, 0};
	sso_input *in = NULL;
	sso_yreader *r = NULL;
	sso_ydoc *doc = NULL;
	int n = 0;

	if (!cfg && sso_config_load(&cfg, NULL) < 0)
		abort();
	/* a charter_file could name any file of the machine: not what is fuzzed */
	if (contains(data, size, "charter_file"))
		return 0;
	if (sso_input_memory(&in, "fuzz.yaml", data, size, SSO_ENCODING_UTF8) < 0 ||
	    sso_yreader_new(&r, in) < 0)
		abort();
	while (n++ < 32 && sso_yreader_next(&doc, r) == 1) {
		sso_form f, g;
		char *yaml = NULL, *again = NULL;

		if (sso_form_read(&f, doc, cfg, sso_date_from_ymd(2026, 4, 1), &diag) == 0) {
			if (sso_form_yaml(&yaml, &f) < 0 ||
			    sso_form_from_yaml(&g, yaml, "back") < 0 ||
			    sso_form_yaml(&again, &g) < 0 || strcmp(yaml, again) != 0)
				abort(); /* what was accepted must survive the store */
			sso_form_clear(&g);
		}
		free(yaml);
		free(again);
		sso_form_clear(&f);
		sso_ydoc_free(doc);
		doc = NULL;
	}
	sso_yreader_free(r);
	sso_input_free(in);
	return 0;
}
