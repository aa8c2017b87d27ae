/* targets.c - organizations per community and hub organizations per street,
 * against the configured targets (Chongqing 工作目标, Shenzhen item 1) */
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "sso/score.h"
#include "store/store_impl.h"
#include "base/strmap.h"

void sso_targets_free(sso_targets *t)
{
	if (!t)
		return;
	free(t->communities);
	free(t->streets);
	free(t->areas);
	free(t);
}

/* Close an area's sums: averages, shares and whether its targets are met. */
static void area_close(const sso_config *cfg, sso_target_area *a)
{
	const int avg[2] = {cfg->urban_average, cfg->rural_average};

	a->met = 1;
	for (int k = 0; k < 2; k++) {
		a->average[k] = a->communities[k]
					? sso_num__div_round(a->orgs[k] * 10, a->communities[k])
					: 0;
		a->average_met[k] = a->orgs[k] >= (long long)avg[k] * a->communities[k];
		a->met = a->met && a->average_met[k] && a->below_min[k] == 0;
	}
	a->hub_share = a->streets ? sso_num__div_round(a->streets_with_hub * 10000, a->streets) : 0;
	a->hub_met = sso_ratio_reached(cfg->hub_street_share, a->streets_with_hub, a->streets);
	a->met = a->met && a->hub_met;
}

int sso_targets_from_counts(sso_targets **out, const sso_config *cfg, const long long *orgs,
			    const long long *hubs)
{
	sso_targets *t = calloc(1, sizeof(*t));
	size_t nc = 0, ns = 0, k = 0, s = 0;
	sso_target_area *all;

	*out = NULL;
	for (size_t d = 0; d < cfg->ndistricts; d++)
		for (size_t j = 0; j < cfg->districts[d].nstreets; j++) {
			ns++;
			nc += cfg->districts[d].streets[j].ncommunities;
		}
	if (!t || !(t->communities = calloc(nc ? nc : 1, sizeof(*t->communities))) ||
	    !(t->streets = calloc(ns ? ns : 1, sizeof(*t->streets))) ||
	    !(t->areas = calloc(cfg->ndistricts + 1, sizeof(*t->areas)))) {
		sso_targets_free(t);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	t->ncommunities = nc;
	t->nstreets = ns;
	t->nareas = cfg->ndistricts + 1;
	all = &t->areas[cfg->ndistricts];
	for (size_t d = 0; d < cfg->ndistricts; d++) {
		const sso_district *dist = &cfg->districts[d];
		sso_target_area *a = &t->areas[d];

		a->district = dist;
		for (size_t j = 0; j < dist->nstreets; j++, s++) {
			const sso_street *st = &dist->streets[j];
			sso_target_street *ts = &t->streets[s];

			ts->street = st;
			for (size_t c = 0; c < st->ncommunities; c++, k++) {
				const sso_community *cm = &st->communities[c];
				sso_target_community *tc = &t->communities[k];
				int type = cm->type == SSO_RURAL;

				tc->community = cm;
				tc->orgs = orgs[k];
				tc->min = type ? cfg->rural_min : cfg->urban_min;
				tc->met = tc->orgs >= tc->min;
				ts->communities++;
				ts->orgs += orgs[k];
				ts->hubs += hubs[k];
				a->communities[type]++;
				a->orgs[type] += orgs[k];
				a->below_min[type] += !tc->met;
			}
			ts->met = ts->hubs > 0;
			a->streets++;
			a->streets_with_hub += ts->met;
		}
		area_close(cfg, a);
		for (int x = 0; x < 2; x++) {
			all->communities[x] += a->communities[x];
			all->orgs[x] += a->orgs[x];
			all->below_min[x] += a->below_min[x];
		}
		all->streets += a->streets;
		all->streets_with_hub += a->streets_with_hub;
	}
	area_close(cfg, all);
	*out = t;
	return 0;
}

static const char SQL_COUNTS[] =
	"SELECT community, count(*), sum(hub != 0) FROM orgs WHERE status = 'active' "
	"GROUP BY community";
enum { COUNTS_COMMUNITY, COUNTS_ORGS, COUNTS_HUBS };

int sso_targets_compute(sso_targets **out, sso_store *s)
{
	const sso_config *cfg = sso_store_config(s);
	sqlite3_stmt *st = sso_store__stmt(s, STMT_TARGETS_COUNTS, SQL_COUNTS);
	long long *orgs = NULL, *hubs = NULL, outside = 0;
	sso_strmap where = {NULL, 0, 0};
	size_t nc = 0, k = 0;
	int rc;

	*out = NULL;
	if (!st)
		return SSO_EINTERNAL;
	for (size_t d = 0; d < cfg->ndistricts; d++)
		for (size_t j = 0; j < cfg->districts[d].nstreets; j++)
			nc += cfg->districts[d].streets[j].ncommunities;
	orgs = calloc(nc ? nc : 1, sizeof(*orgs));
	hubs = calloc(nc ? nc : 1, sizeof(*hubs));
	if (!orgs || !hubs) {
		free(orgs);
		free(hubs);
		return sso_error_set(SSO_ENOMEM, "out of memory");
	}
	/* community code -> its place in jurisdiction order (the store keeps codes) */
	for (size_t d = 0; d < cfg->ndistricts; d++)
		for (size_t j = 0; j < cfg->districts[d].nstreets; j++) {
			const sso_street *str = &cfg->districts[d].streets[j];

			for (size_t c = 0; c < str->ncommunities; c++, k++)
				if (sso_strmap__put(&where, str->communities[c].code,
						    strlen(str->communities[c].code), k) < 0) {
					rc = sso_error_set(SSO_ENOMEM, "out of memory");
					goto done;
				}
		}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = sso_store__col(st, COUNTS_COMMUNITY);
		size_t at;

		if (!sso_strmap__get(&where, code, strlen(code), &at)) {
			outside += sqlite3_column_int64(st, COUNTS_ORGS);
			continue;
		}
		orgs[at] = sqlite3_column_int64(st, COUNTS_ORGS);
		hubs[at] = sqlite3_column_int64(st, COUNTS_HUBS);
	}
	rc = sso_store__error(s, rc, "counting organizations per community");
	if (rc == 0)
		rc = sso_targets_from_counts(out, cfg, orgs, hubs);
	if (rc == 0)
		(*out)->outside = outside;
done:
	sqlite3_reset(st);
	sso_strmap__free(&where);
	free(orgs);
	free(hubs);
	return rc;
}
