/* fuzz_score.c - sso-score's inputs from any bytes: a rubric, then activity
 * records, evaluation rows and ratings; scored or refused, never a crash.
 * The first byte picks the input; the rest is its text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sso/sso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sso_config *cfg;

static void activity(const char *text, size_t len)
{
	sso_tally *a = NULL;
	sso_input *in = NULL;
	sso_diag d = {NULL, NULL, 0};
	sso_period p;
	int rc;

	if (sso_period_parse(&p, "2026") < 0 || sso_tally_new(&a, cfg, &p) < 0)
		abort();
	for (int i = 1; i <= 3; i++) {
		char id[16];

		snprintf(id, sizeof(id), "ORG%06d", i);
		if (sso_tally_add_org(a, id, i < 3 ? "S1" : "S2", "D1", i - 1, 0) < 0)
			abort();
	}
	if (sso_input_memory(&in, "fuzz.csv", text, len, SSO_ENCODING_UTF8) < 0)
		abort();
	rc = sso_tally_read(a, in, &d);
	if (rc == 0) {
		sso_tally_group *g = NULL;
		size_t n;
		sso_tally_stats st;

		sso_tally_get_stats(&st, a);
		if (st.counted + st.outside + st.unknown != st.rows)
			abort(); /* a good stream accounts for every row */
		for (size_t i = 0; i < sso_tally_count(a); i++) {
			sso_tally_org o;

			sso_tally_org_at(&o, a, i);
			if (o.index < 0 || o.index > 1000 || o.quarters_active > 4)
				abort();
		}
		if (sso_tally_groups(&g, &n, a, SSO_BY_STREET) < 0)
			abort();
		free(g);
	} else if (rc != SSO_EINPUT) {
		abort();
	}
	sso_input_free(in);
	sso_tally_free(a);
}

static void scores(const char *text, size_t len, const char *rubric, int ratings)
{
	sso_rubric *r = NULL;
	sso_input *in = NULL;
	sso_diag d = {NULL, NULL, 0};
	int rc;

	if (sso_rubric_load(&r, rubric, NULL) < 0 ||
	    sso_input_memory(&in, "fuzz.csv", text, len, SSO_ENCODING_UTF8) < 0)
		abort();
	if (ratings) {
		sso_satisfaction *s = NULL;

		rc = sso_satisfaction_read(&s, r, in, &d);
		for (size_t i = 0; rc == 0 && i < s->n; i++)
			if (s->rows[i].result < 0 || s->rows[i].result > 1000)
				abort();
		sso_satisfaction_free(s);
	} else {
		sso_eval *e = NULL;

		rc = sso_eval_read(&e, r, in, &d);
		for (size_t i = 0; rc == 0 && i < e->n; i++)
			if (e->rows[i].total < 0 || e->rows[i].total > r->top / 100 ||
			    !e->rows[i].grade)
				abort();
		sso_eval_free(e);
	}
	if (rc != 0 && rc != SSO_EINPUT)
		abort();
	sso_input_free(in);
	sso_rubric_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	sso_rubric *r = NULL;
	int rc;

	if (!cfg && sso_config_load(&cfg, NULL) < 0)
		abort();
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		rc = sso_rubric_parse(&r, "fuzz.yaml", text, size - 1);
		if (rc == 0 && (r->nitems == 0 || r->top <= 0))
			abort(); /* a rubric that loads has items and a top */
		if (rc != 0 && rc != SSO_EINPUT)
			abort();
		sso_rubric_free(r);
		break;
	case 1: activity(text, size - 1); break;
	case 2: scores(text, size - 1, "platform", 0); break;
	case 3: scores(text, size - 1, "satisfaction", 1); break;
	}
	return 0;
}
