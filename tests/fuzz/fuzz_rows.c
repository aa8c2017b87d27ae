/* fuzz_rows.c - an event's rows field, as the verifying replay reads it,
 * from any bytes (a store's contents are input too) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/replay_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	sso_replay__verify *r;
	sso_event ev;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (sso_replay__verify_new(&r) < 0) {
		free(text);
		return 0;
	}
	memset(&ev, 0, sizeof(ev));
	ev.seq = 1;
	ev.day = "2026-04-09";
	ev.action = "certify";
	ev.org_id = 1;
	ev.app_id = 1;
	ev.rows = text;
	/* twice, the second dated earlier: the day rule and the replacing of
	 * every key's image run on what the first left */
	if (sso_replay__verify_event(r, &ev) < 0)
		abort();
	ev.seq = 2;
	ev.day = text[0] ? "2026-04-01" : "2026-05-01";
	if (sso_replay__verify_event(r, &ev) < 0)
		abort();
	sso_replay__verify_free(r);
	free(text);
	return 0;
}
