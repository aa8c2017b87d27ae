/* fuzz_mask.c - the free-text masker on any bytes: it never reads or writes
 * past the text, never changes its length, and masks a copy as it masks in
 * place */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *copy = NULL;
	size_t cap = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (sso_mask_copy(text, &copy, &cap) == 0) {
		if (strlen(copy) != strlen(text))
			abort(); /* masking keeps the length */
		sso_mask_text(text);
		if (strcmp(copy, text) != 0)
			abort(); /* the copy is masked as the text in place is */
	}
	free(copy);
	free(text);
	return 0;
}
