/* score_out.c - the tables of scores, drawn with the out module: activity,
 * evaluations, satisfaction and targets, as sso-score prints them */
#include <stdio.h>
#include <stdlib.h>

#include "sso/error.h"
#include "sso/score_out.h"

#define NCOLS(a) (sizeof(a) / sizeof(*(a)))

/* v as a decimal integer in b; returns b. */
static const char *num(char *b, size_t size, long long v)
{
	snprintf(b, size, "%lld", v);
	return b;
}

/* The one way a table of this file is drawn: its header, what rows() puts
 * in it from data, its end. Returns 0 or the first error (SSO_ENOMEM,
 * SSO_EIO). */
static int draw(FILE *fp, const sso_out_options *o, const sso_column *cols, size_t ncols,
		int (*rows)(sso_table *, const void *), const void *data)
{
	sso_table *t = NULL;
	int rc = sso_table_new(&t, fp, o, cols, ncols);

	if (rc == 0)
		rc = rows(t, data);
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	return rc;
}

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
static int org_rows(sso_table *t, const void *data)
{
	sso_tally *a = (sso_tally *)data;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sso_tally_count(a); i++) {
		sso_tally_org o;
		char n[4][24];
		const char *v[7];

		sso_tally_org_at(&o, a, i);
		v[0] = o.id;
		v[1] = num(n[0], sizeof(n[0]), o.activities);
		v[2] = num(n[1], sizeof(n[1]), o.participants);
		v[3] = num(n[2], sizeof(n[2]), o.quarters_active);
		v[4] = o.active ? "1" : "0";
		v[5] = o.every_quarter ? "1" : "0";
		v[6] = sso_score_format(n[3], sizeof(n[3]), o.index, 1);
		rc = sso_table_row(t, v);
	}
	return rc;
}

/* The groups of a tally, for group_rows. */
typedef struct groups {
	const sso_tally_group *g;
	size_t n;
} groups;

static int group_rows(sso_table *t, const void *data)
{
	const groups *gs = data;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < gs->n; i++) {
		const sso_tally_group *g = &gs->g[i];
		char b[6][24];
		const char *v[8];

		v[0] = g->key;
		v[1] = num(b[0], sizeof(b[0]), g->orgs);
		v[2] = num(b[1], sizeof(b[1]), g->active);
		v[3] = sso_score_format(b[3], sizeof(b[3]), g->active_rate, 4);
		v[4] = num(b[2], sizeof(b[2]), g->every_quarter);
		v[5] = sso_score_format(b[4], sizeof(b[4]), g->every_quarter_rate, 4);
		v[6] = sso_score_format(b[5], sizeof(b[5]), g->mean_index, 1);
		v[7] = g->targets_met ? "1" : "0";
		rc = sso_table_row(t, v);
	}
	return rc;
}

/* One row per street or district; the first column is named after it. */
static int print_groups(sso_tally *a, sso_tally_by by, const sso_out_options *opts, FILE *fp)
{
	sso_column cols[NCOLS(group_cols)];
	sso_tally_group *g;
	groups gs;
	int rc = sso_tally_groups(&g, &gs.n, a, by);

	if (rc < 0)
		return rc;
	for (size_t k = 0; k < NCOLS(cols); k++)
		cols[k] = group_cols[k];
	cols[0].key = by == SSO_BY_DISTRICT ? "district" : "street";
	cols[0].zh = by == SSO_BY_DISTRICT ? "区" : "街道";
	gs.g = g;
	rc = draw(fp, opts, cols, NCOLS(cols), group_rows, &gs);
	free(g);
	return rc;
}

int sso_tally_print(sso_tally *a, sso_tally_by by, const sso_out_options *o, FILE *fp)
{
	if (by == SSO_BY_ORG)
		return draw(fp, o, org_cols, NCOLS(org_cols), org_rows, a);
	return print_groups(a, by, o, fp);
}

/* ---- evaluations ---- */

/* The columns and one row's cells of a table whose columns follow a
 * rubric's items, and the evaluation (data) its rows come from. */
typedef struct cells {
	size_t n;
	sso_column *cols;
	const char **v;
	char (*buf)[32];
	const sso_rubric *r;
	const void *data;
} cells;

/* Room for r's items and extra columns more, the items' columns from
 * cols[first] on. Returns 0 or SSO_ENOMEM; cells_free() in either case. */
static int cells_new(cells *c, const sso_rubric *r, size_t first, size_t extra, const void *data)
{
	c->n = r->nitems + extra;
	c->cols = calloc(c->n, sizeof(*c->cols));
	c->v = calloc(c->n, sizeof(*c->v));
	c->buf = calloc(c->n, sizeof(*c->buf));
	c->r = r;
	c->data = data;
	if (!c->cols || !c->v || !c->buf)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t k = 0; k < r->nitems; k++)
		c->cols[first + k] =
			(sso_column){r->items[k].key, r->items[k].label, SSO_COL_NUMBER};
	return 0;
}

static void cells_free(cells *c)
{
	free(c->cols);
	free(c->v);
	free(c->buf);
}

static int eval_rows(sso_table *t, const void *data)
{
	const cells *c = data;
	const sso_eval *e = c->data;
	size_t n = c->r->nitems;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < e->n; i++) {
		const sso_eval_row *row = &e->rows[i];

		c->v[0] = row->id;
		for (size_t k = 0; k < n; k++)
			c->v[k + 1] = row->scores[k] < 0
					      ? NULL
					      : sso_score_format_milli(c->buf[k], sizeof(c->buf[k]),
								       row->scores[k]);
		c->v[n + 1] = sso_score_format(c->buf[n], sizeof(c->buf[n]), row->total, 1);
		c->v[n + 2] = row->grade ? row->grade->key : NULL;
		c->v[n + 3] = row->grade ? row->grade->label : NULL;
		rc = sso_table_row(t, c->v);
	}
	return rc;
}

/* The id column, the rubric's items, total, grade and its label; a score
 * not given (negative) is empty. */
int sso_eval_print(const sso_eval *e, const sso_rubric *r, const sso_out_options *o, FILE *fp)
{
	size_t n = r->nitems;
	cells c;
	int rc = cells_new(&c, r, 1, 4, e);

	if (rc == 0) {
		c.cols[0] = (sso_column){e->id_column, e->id_column, SSO_COL_TEXT};
		c.cols[n + 1] = (sso_column){"total", "总分", SSO_COL_NUMBER};
		c.cols[n + 2] = (sso_column){"grade", "等级", SSO_COL_TEXT};
		c.cols[n + 3] = (sso_column){"grade_label", "等级名称", SSO_COL_TEXT};
		rc = draw(fp, o, c.cols, c.n, eval_rows, &c);
	}
	cells_free(&c);
	return rc;
}

static int satisfaction_rows(sso_table *t, const void *data)
{
	const cells *c = data;
	const sso_satisfaction *s = c->data;
	size_t n = c->r->nitems;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		const sso_satisfaction_row *row = &s->rows[i];

		c->v[0] = row->org;
		c->v[1] = num(c->buf[0], sizeof(c->buf[0]), row->raters);
		for (size_t k = 0; k < n; k++)
			c->v[k + 2] = row->mean[k] < 0
					      ? NULL
					      : sso_score_format(c->buf[k + 1], sizeof(c->buf[0]),
								 row->mean[k], 1);
		c->v[n + 2] = sso_score_format(c->buf[n + 1], sizeof(c->buf[0]), row->result, 1);
		rc = sso_table_row(t, c->v);
	}
	return rc;
}

/* org_id, raters, the mean of each rater group (empty if absent), the
 * weighted result; one decimal. */
int sso_satisfaction_print(const sso_satisfaction *s, const sso_rubric *r, const sso_out_options *o,
			   FILE *fp)
{
	cells c;
	int rc = cells_new(&c, r, 2, 3, s);

	if (rc == 0) {
		c.cols[0] = (sso_column){"org_id", "组织编号", SSO_COL_TEXT};
		c.cols[1] = (sso_column){"raters", "测评人数", SSO_COL_NUMBER};
		c.cols[r->nitems + 2] = (sso_column){"satisfaction", "满意度", SSO_COL_NUMBER};
		rc = draw(fp, o, c.cols, c.n, satisfaction_rows, &c);
	}
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

static int community_rows(sso_table *tab, const void *data)
{
	const sso_targets *t = data;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->ncommunities; i++) {
		const sso_target_community *c = &t->communities[i];
		char n[2][24];
		const char *v[8];

		v[0] = c->community->code;
		v[1] = c->community->name;
		v[2] = c->community->street->code;
		v[3] = c->community->street->district->code;
		v[4] = c->community->type == SSO_RURAL ? "rural" : "urban";
		v[5] = num(n[0], sizeof(n[0]), c->orgs);
		v[6] = num(n[1], sizeof(n[1]), c->min);
		v[7] = c->met ? "1" : "0";
		rc = sso_table_row(tab, v);
	}
	return rc;
}

static int street_rows(sso_table *tab, const void *data)
{
	const sso_targets *t = data;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->nstreets; i++) {
		const sso_target_street *s = &t->streets[i];
		char n[3][24];
		const char *v[7];

		v[0] = s->street->code;
		v[1] = s->street->name;
		v[2] = s->street->district->code;
		v[3] = num(n[0], sizeof(n[0]), s->communities);
		v[4] = num(n[1], sizeof(n[1]), s->orgs);
		v[5] = num(n[2], sizeof(n[2]), s->hubs);
		v[6] = s->met ? "1" : "0";
		rc = sso_table_row(tab, v);
	}
	return rc;
}

/* One row per district, then the whole jurisdiction as "total": urban and
 * rural columns side by side (five each), then the hubs. */
static int district_rows(sso_table *tab, const void *data)
{
	const sso_targets *t = data;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->nareas; i++) {
		const sso_target_area *a = &t->areas[i];
		char n[13][24];
		const char *v[17];
		int k = 0;

		v[0] = a->district ? a->district->code : "total";
		v[1] = a->district ? a->district->name : "合计";
		for (int x = 0; x < 2; x++) {
			v[2 + 5 * x] = num(n[k], sizeof(n[k]), a->communities[x]), k++;
			v[3 + 5 * x] = num(n[k], sizeof(n[k]), a->orgs[x]), k++;
			v[4 + 5 * x] = num(n[k], sizeof(n[k]), a->below_min[x]), k++;
			v[5 + 5 * x] = sso_score_format(n[k], sizeof(n[k]), a->average[x], 1);
			k++;
			v[6 + 5 * x] = a->below_min[x] == 0 && a->average_met[x] ? "1" : "0";
		}
		v[12] = num(n[k], sizeof(n[k]), a->streets), k++;
		v[13] = num(n[k], sizeof(n[k]), a->streets_with_hub), k++;
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
		int (*rows)(sso_table *, const void *);
	} levels[] = {
		[SSO_TARGETS_COMMUNITY] = {community_cols, NCOLS(community_cols), community_rows},
		[SSO_TARGETS_STREET] = {street_cols, NCOLS(street_cols), street_rows},
		[SSO_TARGETS_DISTRICT] = {district_cols, NCOLS(district_cols), district_rows},
	};

	return draw(fp, o, levels[level].cols, levels[level].ncols, levels[level].rows, t);
}
