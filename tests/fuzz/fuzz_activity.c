/* fuzz_activity.c - activity CSV from any bytes, imported into a store of
 * live organizations: refused or written whole, never a crash, and the chain
 * still verifies afterwards */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sso_config *cfg;
static sso_store *store;
static unsigned long runs;

/* A store on /dev/shm with three filed organizations (ORG000001..3). */
static void setup(void)
{
	static const char form[] =
		"kind: filing\nname: 天津市和平区五大道街道睦南道社区%s队\nform: social_group\n"
		"category: 文体娱乐\ncommunity: 睦南道社区\nscope: 活动\nvenue: 活动室\n"
		"sponsor: {unit: 睦南道社区居委会}\n"
		"leader: {name: 王秀兰, id_number: \"11010519491231002X\", phone: "
		"\"13800138000\"}\n"
		"charter: 第一条\nmembers: [{name: 王秀兰, id_number: "
		"\"11010519491231002X\"}]\n---\n";
	static const char *const names[] = {"合唱", "舞蹈", "书画"};
	char path[64], text[4096], app[16];
	size_t used = 0;
	sso_actor a;
	sso_input *in = NULL;
	sso_submit_options o = SSO_SUBMIT_OPTIONS_INIT;
	sso_submit_result r;
	sso_diag d = {NULL, NULL, 0};
	sso_step_result sr;

	snprintf(path, sizeof(path), "/dev/shm/sso-fuzz-%d.db", (int)getpid());
	unlink(path);
	setenv("SSO_TODAY", "2026-01-01", 1);
	if (sso_config_load(&cfg, NULL) < 0 ||
	    sso_store_open(&store, path, SSO_STORE_WRITE, cfg) < 0)
		abort();
	for (int i = 0; i < 3; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, form, names[i]);
	sso_actor_parse(&a, "sponsor:甲");
	sso_store_set_actor(store, &a);
	if (sso_input_memory(&in, "setup", text, used, SSO_ENCODING_UTF8) < 0 ||
	    sso_submit(store, &in, 1, &o, &d, &r) < 0 || r.written != 3)
		abort();
	sso_submit_result_clear(&r);
	sso_input_free(in);
	for (int i = 1; i <= 3; i++) {
		static const struct {
			const char *actor;
			sso_step step;
		} steps[] = {{"committee:乙", SSO_STEP_PASS},
			     {"street:丙", SSO_STEP_APPROVE},
			     {"street:丙", SSO_STEP_PUBLISH}};

		snprintf(app, sizeof(app), "APP%06d", i);
		for (int k = 0; k < 3; k++) {
			sso_actor_parse(&a, steps[k].actor);
			sso_store_set_actor(store, &a);
			if (sso_app_step(store, app, steps[k].step, NULL, &sr) < 0)
				abort();
			sso_step_result_clear(&sr);
		}
	}
	sso_store_close(store);
	setenv("SSO_TODAY", "2026-06-30", 1);
	if (sso_store_open(&store, path, SSO_STORE_WRITE, cfg) < 0)
		abort();
	sso_actor_parse(&a, "street:丙");
	sso_store_set_actor(store, &a);
	for (int i = 1; i <= 3; i++) {
		snprintf(app, sizeof(app), "APP%06d", i);
		if (sso_app_step(store, app, SSO_STEP_CERTIFY, NULL, &sr) < 0)
			abort();
		sso_step_result_clear(&sr);
	}
	sso_actor_parse(&a, "hub:丁");
	sso_store_set_actor(store, &a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sso_activity_import_options o = SSO_ACTIVITY_IMPORT_OPTIONS_INIT;
	sso_activity_import_result r;
	sso_diag d = {NULL, NULL, 0};
	sso_input *in = NULL;
	int rc;

	if (!store)
		setup();
	if (sso_input_memory(&in, "fuzz.csv", data, size, SSO_ENCODING_UTF8) < 0)
		abort();
	o.keep_going = size % 2; /* both ways of handling bad rows */
	rc = sso_activity_import(&r, store, in, &o, &d);
	sso_input_free(in);
	if (rc < 0 && rc != SSO_EINPUT && rc != SSO_ENOMEM)
		abort(); /* bad bytes are bad input, never a store error */
	if (++runs % 4096 == 0) {
		sso_verify v;

		if (sso_event_verify(&v, store) < 0 || v.broken || v.bad_org || v.bad_doc)
			abort(); /* what was written is whole */
	}
	return 0;
}
