/* score_out.c - the tables of scores, drawn with the out module: activity,
 * evaluations, satisfaction and targets, as sso-score prints them */
#include <stdio.h>
#include <stdlib.h>

#include "sso/error.h"
#include "sso/score_out.h"

#define NCOLS(a) (sizeof(a) / sizeof(*(a)))

/* ---- activity ---- */

static const sso_column org_cols[] = {
    {"org_id", "组织编号", SSO_COL_TEXT},
    {"activities", "活动次数", SSO_COL_NUMBER},
    {"participants", "参与人次", SSO_COL_NUMBER},
    {"quarters_active", "活跃季度数", SSO_COL_NUMBER},
    {"active", "活跃", SSO_COL_BOOL},
    {"every_quarter", "每季度活跃", SSO_COL_BOOL},
    {"index", "活跃指数", SSO_COL_NUMBER},
};

static const sso_column group_cols[] = {
    {"street", "街道", SSO_COL_TEXT},
    {"orgs", "组织数", SSO_COL_NUMBER},
    {"active", "活跃组织数", SSO_COL_NUMBER},
    {"active_rate", "活跃率", SSO_COL_NUMBER},
    {"every_quarter", "每季度活跃组织数", SSO_COL_NUMBER},
    {"every_quarter_rate", "每季度活跃率", SSO_COL_NUMBER},
    {"mean_index", "平均活跃指数", SSO_COL_NUMBER},
    {"targets_met", "达标", SSO_COL_BOOL},
};

/* One row per organization, in org_id order. */
static int print_orgs(sso_tally *a, const sso_out_options *opts, FILE *fp)
{
	sso_table *t;
	int rc = sso_table_new(&t, fp, opts, org_cols, NCOLS(org_cols));

	for (size_t i = 0; rc == 0 && i < sso_tally_count(a); i++) {
		sso_tally_org o;
		char n[4][24], idx[24];
		const char *v[7];

		sso_tally_org_at(a, i, &o);
		snprintf(n[0], sizeof(n[0]), "%lld", o.activities);
		snprintf(n[1], sizeof(n[1]), "%lld", o.participants);
		snprintf(n[2], sizeof(n[2]), "%d", o.quarters_active);
		v[0] = o.id;
		v[1] = n[0];
		v[2] = n[1];
		v[3] = n[2];
		v[4] = o.active ? "1" : "0";
		v[5] = o.every_quarter ? "1" : "0";
		v[6] = sso_score_format(idx, sizeof(idx), o.index, 1);
		rc = sso_table_row(t, v);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	return rc;
}

/* One row per street or district; the first column is named after it. */
static int print_groups(sso_tally *a, sso_tally_by by, const sso_out_options *opts, FILE *fp)
{
	sso_column cols[NCOLS(group_cols)];
	sso_tally_group *g;
	sso_table *t;
	size_t n;
	int rc = sso_tally_groups(a, by, &g, &n);

	if (rc < 0)
		return rc;
	for (size_t k = 0; k < NCOLS(cols); k++)
		cols[k] = group_cols[k];
	cols[0].key = by == SSO_BY_DISTRICT ? "district" : "street";
	cols[0].zh = by == SSO_BY_DISTRICT ? "区" : "街道";
	rc = sso_table_new(&t, fp, opts, cols, NCOLS(cols));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char b[6][24];
		const char *v[8];

		snprintf(b[0], sizeof(b[0]), "%lld", g[i].orgs);
		snprintf(b[1], sizeof(b[1]), "%lld", g[i].active);
		snprintf(b[2], sizeof(b[2]), "%lld", g[i].every_quarter);
		v[0] = g[i].key;
		v[1] = b[0];
		v[2] = b[1];
		v[3] = sso_score_format(b[3], sizeof(b[3]), g[i].active_rate, 4);
		v[4] = b[2];
		v[5] = sso_score_format(b[4], sizeof(b[4]), g[i].every_quarter_rate, 4);
		v[6] = sso_score_format(b[5], sizeof(b[5]), g[i].mean_index, 1);
		v[7] = g[i].targets_met ? "1" : "0";
		rc = sso_table_row(t, v);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	free(g);
	return rc;
}

int sso_tally_print(sso_tally *a, sso_tally_by by, const sso_out_options *o, FILE *fp)
{
	return by == SSO_BY_ORG ? print_orgs(a, o, fp) : print_groups(a, by, o, fp);
}

/* ---- evaluations ---- */

/* The columns and one row's cells of a table whose columns follow a
 * rubric's items. */
typedef struct cells {
	size_t n;
	sso_column *cols;
	const char **v;
	char (*buf)[32];
} cells;

static int cells_new(cells *c, size_t n)
{
	c->n = n;
	c->cols = calloc(n, sizeof(*c->cols));
	c->v = calloc(n, sizeof(*c->v));
	c->buf = calloc(n, sizeof(*c->buf));
	return c->cols && c->v && c->buf ? 0 : sso_error_set(SSO_ENOMEM, "out of memory");
}

static void cells_free(cells *c)
{
	free(c->cols);
	free(c->v);
	free(c->buf);
}

/* The id column, the rubric's items, total, grade and its label; a score
 * not given (negative) is empty. */
int sso_eval_print(const sso_eval *e, const sso_rubric *r, const sso_out_options *o, FILE *fp)
{
	size_t n = r->nitems;
	sso_table *t = NULL;
	cells c;
	int rc = cells_new(&c, n + 4);

	if (rc == 0) {
		c.cols[0] = (sso_column){e->id_column, e->id_column, SSO_COL_TEXT};
		for (size_t k = 0; k < n; k++)
			c.cols[k + 1] =
			    (sso_column){r->items[k].key, r->items[k].label, SSO_COL_NUMBER};
		c.cols[n + 1] = (sso_column){"total", "总分", SSO_COL_NUMBER};
		c.cols[n + 2] = (sso_column){"grade", "等级", SSO_COL_TEXT};
		c.cols[n + 3] = (sso_column){"grade_label", "等级名称", SSO_COL_TEXT};
		rc = sso_table_new(&t, fp, o, c.cols, c.n);
	}
	for (size_t i = 0; rc == 0 && i < e->n; i++) {
		const sso_eval_row *row = &e->rows[i];

		c.v[0] = row->id;
		for (size_t k = 0; k < n; k++)
			c.v[k + 1] = row->scores[k] < 0
			                 ? NULL
			                 : sso_score_format_milli(c.buf[k], sizeof(c.buf[k]),
			                                          row->scores[k]);
		c.v[n + 1] = sso_score_format(c.buf[n], sizeof(c.buf[n]), row->total, 1);
		c.v[n + 2] = row->grade ? row->grade->key : NULL;
		c.v[n + 3] = row->grade ? row->grade->label : NULL;
		rc = sso_table_row(t, c.v);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	cells_free(&c);
	return rc;
}

/* org_id, raters, the mean of each rater group (empty if absent), the
 * weighted result; one decimal. */
int sso_satisfaction_print(const sso_satisfaction *s, const sso_rubric *r, const sso_out_options *o,
                           FILE *fp)
{
	size_t n = r->nitems;
	sso_table *t = NULL;
	cells c;
	int rc = cells_new(&c, n + 3);

	if (rc == 0) {
		c.cols[0] = (sso_column){"org_id", "组织编号", SSO_COL_TEXT};
		c.cols[1] = (sso_column){"raters", "测评人数", SSO_COL_NUMBER};
		for (size_t k = 0; k < n; k++)
			c.cols[k + 2] =
			    (sso_column){r->items[k].key, r->items[k].label, SSO_COL_NUMBER};
		c.cols[n + 2] = (sso_column){"satisfaction", "满意度", SSO_COL_NUMBER};
		rc = sso_table_new(&t, fp, o, c.cols, c.n);
	}
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		const sso_satisfaction_row *row = &s->rows[i];

		c.v[0] = row->org;
		snprintf(c.buf[0], sizeof(c.buf[0]), "%lld", row->raters);
		c.v[1] = c.buf[0];
		for (size_t k = 0; k < n; k++)
			c.v[k + 2] =
			    row->mean[k] < 0
			        ? NULL
			        : sso_score_format(c.buf[k + 1], sizeof(c.buf[0]), row->mean[k], 1);
		c.v[n + 2] = sso_score_format(c.buf[n + 1], sizeof(c.buf[0]), row->result, 1);
		rc = sso_table_row(t, c.v);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	cells_free(&c);
	return rc;
}

/* ---- targets ---- */

static const sso_column community_cols[] = {
    {"community", "社区", SSO_COL_TEXT}, {"community_name", "社区名称", SSO_COL_TEXT},
    {"street", "街道", SSO_COL_TEXT},    {"district", "区", SSO_COL_TEXT},
    {"type", "类型", SSO_COL_TEXT},      {"orgs", "组织数", SSO_COL_NUMBER},
    {"min", "最低数", SSO_COL_NUMBER},   {"min_met", "达标", SSO_COL_BOOL},
};

static const sso_column street_cols[] = {
    {"street", "街道", SSO_COL_TEXT},          {"street_name", "街道名称", SSO_COL_TEXT},
    {"district", "区", SSO_COL_TEXT},          {"communities", "社区数", SSO_COL_NUMBER},
    {"orgs", "组织数", SSO_COL_NUMBER},        {"hubs", "枢纽型组织数", SSO_COL_NUMBER},
    {"hub_met", "有枢纽型组织", SSO_COL_BOOL},
};

static const sso_column district_cols[] = {
    {"district", "区", SSO_COL_TEXT},
    {"district_name", "区名称", SSO_COL_TEXT},
    {"urban_communities", "城市社区数", SSO_COL_NUMBER},
    {"urban_orgs", "城市社区组织数", SSO_COL_NUMBER},
    {"urban_below_min", "城市社区未达最低数", SSO_COL_NUMBER},
    {"urban_average", "城市社区平均数", SSO_COL_NUMBER},
    {"urban_met", "城市社区达标", SSO_COL_BOOL},
    {"rural_communities", "农村社区数", SSO_COL_NUMBER},
    {"rural_orgs", "农村社区组织数", SSO_COL_NUMBER},
    {"rural_below_min", "农村社区未达最低数", SSO_COL_NUMBER},
    {"rural_average", "农村社区平均数", SSO_COL_NUMBER},
    {"rural_met", "农村社区达标", SSO_COL_BOOL},
    {"streets", "街道数", SSO_COL_NUMBER},
    {"streets_with_hub", "有枢纽型组织的街道数", SSO_COL_NUMBER},
    {"hub_share", "枢纽型组织覆盖率", SSO_COL_NUMBER},
    {"hub_met", "枢纽型组织达标", SSO_COL_BOOL},
    {"targets_met", "达标", SSO_COL_BOOL},
};

static int community_rows(sso_table *tab, const sso_targets *t)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->ncommunities; i++) {
		const sso_target_community *c = &t->communities[i];
		char n[2][24];
		const char *v[8];

		snprintf(n[0], sizeof(n[0]), "%lld", c->orgs);
		snprintf(n[1], sizeof(n[1]), "%d", c->min);
		v[0] = c->community->code;
		v[1] = c->community->name;
		v[2] = c->community->street->code;
		v[3] = c->community->street->district->code;
		v[4] = c->community->type == SSO_RURAL ? "rural" : "urban";
		v[5] = n[0];
		v[6] = n[1];
		v[7] = c->met ? "1" : "0";
		rc = sso_table_row(tab, v);
	}
	return rc;
}

static int street_rows(sso_table *tab, const sso_targets *t)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->nstreets; i++) {
		const sso_target_street *s = &t->streets[i];
		char n[3][24];
		const char *v[7];

		snprintf(n[0], sizeof(n[0]), "%lld", s->communities);
		snprintf(n[1], sizeof(n[1]), "%lld", s->orgs);
		snprintf(n[2], sizeof(n[2]), "%lld", s->hubs);
		v[0] = s->street->code;
		v[1] = s->street->name;
		v[2] = s->street->district->code;
		v[3] = n[0];
		v[4] = n[1];
		v[5] = n[2];
		v[6] = s->met ? "1" : "0";
		rc = sso_table_row(tab, v);
	}
	return rc;
}

/* One row per district, then the whole jurisdiction as "total": urban and
 * rural columns side by side (five each), then the hubs. */
static int district_rows(sso_table *tab, const sso_targets *t)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->nareas; i++) {
		const sso_target_area *a = &t->areas[i];
		char n[13][24];
		const char *v[17];
		int k = 0;

		v[0] = a->district ? a->district->code : "total";
		v[1] = a->district ? a->district->name : "合计";
		for (int x = 0; x < 2; x++) {
			snprintf(n[k], sizeof(n[k]), "%lld", a->communities[x]);
			v[2 + 5 * x] = n[k++];
			snprintf(n[k], sizeof(n[k]), "%lld", a->orgs[x]);
			v[3 + 5 * x] = n[k++];
			snprintf(n[k], sizeof(n[k]), "%lld", a->below_min[x]);
			v[4 + 5 * x] = n[k++];
			v[5 + 5 * x] = sso_score_format(n[k], sizeof(n[k]), a->average[x], 1);
			k++;
			v[6 + 5 * x] = a->below_min[x] == 0 && a->average_met[x] ? "1" : "0";
		}
		snprintf(n[k], sizeof(n[k]), "%lld", a->streets);
		v[12] = n[k++];
		snprintf(n[k], sizeof(n[k]), "%lld", a->streets_with_hub);
		v[13] = n[k++];
		v[14] = sso_score_format(n[k], sizeof(n[k]), a->hub_share, 4);
		v[15] = a->hub_met ? "1" : "0";
		v[16] = a->met ? "1" : "0";
		rc = sso_table_row(tab, v);
	}
	return rc;
}

int sso_targets_print(const sso_targets *t, sso_targets_level level, const sso_out_options *o,
                      FILE *fp)
{
	static const struct {
		const sso_column *cols;
		size_t ncols;
		int (*rows)(sso_table *, const sso_targets *);
	} levels[] = {
	    [SSO_TARGETS_COMMUNITY] = {community_cols, NCOLS(community_cols), community_rows},
	    [SSO_TARGETS_STREET] = {street_cols, NCOLS(street_cols), street_rows},
	    [SSO_TARGETS_DISTRICT] = {district_cols, NCOLS(district_cols), district_rows},
	};
	sso_table *tab;
	int rc = sso_table_new(&tab, fp, o, levels[level].cols, levels[level].ncols);

	if (rc == 0)
		rc = levels[level].rows(tab, t);
	if (rc == 0)
		rc = sso_table_end(tab);
	sso_table_free(tab);
	return rc;
}
