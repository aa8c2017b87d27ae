/* sso-score - the activity index and activity rates, rubric evaluations,
 * satisfaction evaluations and count targets of community social organizations */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sso/rubric.h"
#include "sso/score.h"

static cli_common common;

/* The commands' options; each command's table names those it takes. */
static const char *opt_period, *opt_by, *opt_orgs, *opt_rubric, *opt_threads;
static int opt_strict;

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

static sso_column group_cols[] = {
	{"street", "街道", SSO_COL_TEXT},
	{"orgs", "组织数", SSO_COL_NUMBER},
	{"active", "活跃组织数", SSO_COL_NUMBER},
	{"active_rate", "活跃率", SSO_COL_NUMBER},
	{"every_quarter", "每季度活跃组织数", SSO_COL_NUMBER},
	{"every_quarter_rate", "每季度活跃率", SSO_COL_NUMBER},
	{"mean_index", "平均活跃指数", SSO_COL_NUMBER},
	{"targets_met", "达标", SSO_COL_BOOL},
};

#define NCOLS(a) (sizeof(a) / sizeof(*(a)))

static int print_orgs(sso_tally *a)
{
	sso_table *t;
	int rc = sso_table_new(&t, stdout, &common.out, org_cols, NCOLS(org_cols));

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

static int print_groups(sso_tally *a, sso_tally_by by)
{
	sso_tally_group *g;
	sso_table *t;
	size_t n;
	int rc = sso_tally_groups(a, by, &g, &n);

	if (rc < 0)
		return rc;
	group_cols[0].key = by == SSO_BY_DISTRICT ? "district" : "street";
	group_cols[0].zh = by == SSO_BY_DISTRICT ? "区" : "街道";
	rc = sso_table_new(&t, stdout, &common.out, group_cols, NCOLS(group_cols));
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

/* One line on stderr for the rows that were skipped. */
static void say_skipped(const sso_tally_stats *st, const sso_period *p)
{
	if (common.quiet || (st->outside == 0 && st->unknown == 0))
		return;
	fprintf(stderr,
		"%s: %llu rows read, %llu counted; skipped %llu outside %s and %llu from %zu%s "
		"organization%s not in the list\n",
		cli_prog, st->rows, st->counted, st->outside, p->label, st->unknown, st->unknown_orgs,
		st->unknown_orgs >= 100000 ? " or more" : "", st->unknown_orgs == 1 ? "" : "s");
}

static void activity_progress(void *payload, unsigned long long rows)
{
	(void)payload;
	cli_progress("rows read:", (unsigned long)rows);
}

static int cmd_activity(int argc, char **argv)
{
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_tally_by by = SSO_BY_ORG;
	sso_tally_stats st;
	sso_tally *a = NULL;
	sso_period period;
	int rc = 0, code, threads;
	char *end;

	if (opt_orgs && common.db)
		return cli_usage_error("--orgs and --db both name the organization list: give one");
	if (opt_by && !strcmp(opt_by, "street"))
		by = SSO_BY_STREET;
	else if (opt_by && !strcmp(opt_by, "district"))
		by = SSO_BY_DISTRICT;
	else if (opt_by && strcmp(opt_by, "org"))
		return cli_usage_error("--by takes org, street or district, not '%s'", opt_by);
	if (opt_period) {
		if ((rc = sso_period_parse(&period, opt_period)) < 0)
			return cli_fail(rc);
	} else {
		sso_date today;

		if ((rc = sso_date_today(&today)) < 0)
			return cli_fail(rc);
		sso_period_year(&period, today);
	}
	if (opt_threads) {
		threads = (int)strtol(opt_threads, &end, 10);
		if (*end || end == opt_threads || threads < 1)
			return cli_usage_error("--threads takes a number from 1, not '%s'",
					       opt_threads);
	} else {
		threads = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
	}

	if (opt_orgs) {
		if ((code = cli_load_config(&common)) != 0)
			return code;
	} else if ((code = cli_open(&common, SSO_STORE_READ)) != 0) {
		if (!common.db && !getenv("SSO_DB"))
			fprintf(stderr, "%s: the organization list comes from --orgs FILE "
					"(sso-ledger export) or a store (--db PATH)\n",
				cli_prog);
		return code;
	}
	if ((rc = sso_tally_new(&a, common.cfg, &period)) < 0)
		goto done;
	if (opt_orgs) {
		sso_input *in = NULL;

		/* an sso-ledger export, always UTF-8: --encoding is for the data */
		if ((rc = sso_input_open(&in, opt_orgs, SSO_ENCODING_UTF8)) == 0)
			rc = sso_tally_load_orgs(a, in, &diag);
		sso_input_free(in);
	} else {
		rc = sso_tally_load_store(a, common.store);
	}
	/* every input, in turn; a file may be read by two threads */
	if (rc == 0 && cli_progress_wanted(&common))
		sso_tally_set_progress(a, activity_progress, NULL);
	for (int k = 0; rc == 0 && (k < argc || k == 0); k++)
		rc = sso_tally_read_path(a, k < argc ? argv[k] : NULL, common.encoding, threads,
					 &diag);
	if (cli_progress_wanted(&common))
		cli_progress(NULL, (unsigned long)-1);
	if (rc == 0) {
		sso_tally_get_stats(a, &st);
		say_skipped(&st, &period);
		rc = by == SSO_BY_ORG ? print_orgs(a) : print_groups(a, by);
	}
done:
	sso_tally_free(a);
	return cli_output_code(rc);
}

/* ---- eval ---- */

/* The rubric (loaded after the configuration, which may name directories). */
static int load_rubric(sso_rubric **r, const char *name)
{
	int rc, code;

	if ((code = cli_load_config(&common)) != 0)
		return code;
	if ((rc = sso_rubric_load(r, name, common.cfg)) < 0)
		return cli_fail(rc);
	return 0;
}

static int one_input(int argc, char **argv, sso_input **in)
{
	int rc;

	if ((rc = sso_input_open(in, argc == 1 ? argv[0] : NULL, common.encoding)) < 0)
		return cli_fail(rc);
	return 0;
}

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

static int print_eval(const sso_rubric *r, const sso_eval *e)
{
	size_t n = r->nitems;
	sso_table *t = NULL;
	cells c;
	int rc = cells_new(&c, n + 4);

	if (rc == 0) {
		c.cols[0] = (sso_column){e->id_column, e->id_column, SSO_COL_TEXT};
		for (size_t k = 0; k < n; k++)
			c.cols[k + 1] = (sso_column){r->items[k].key, r->items[k].label, SSO_COL_NUMBER};
		c.cols[n + 1] = (sso_column){"total", "总分", SSO_COL_NUMBER};
		c.cols[n + 2] = (sso_column){"grade", "等级", SSO_COL_TEXT};
		c.cols[n + 3] = (sso_column){"grade_label", "等级名称", SSO_COL_TEXT};
		rc = sso_table_new(&t, stdout, &common.out, c.cols, c.n);
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

static int eval_job(const sso_rubric *r, sso_input *in, sso_diag *diag)
{
	sso_eval *e = NULL;
	int rc = sso_eval_read(&e, r, in, diag);

	if (rc == 0)
		rc = print_eval(r, e);
	sso_eval_free(e);
	return rc;
}

static int print_satisfaction(const sso_rubric *r, const sso_satisfaction *s)
{
	size_t n = r->nitems;
	sso_table *t = NULL;
	cells c;
	int rc = cells_new(&c, n + 3);

	if (rc == 0) {
		c.cols[0] = (sso_column){"org_id", "组织编号", SSO_COL_TEXT};
		c.cols[1] = (sso_column){"raters", "测评人数", SSO_COL_NUMBER};
		for (size_t k = 0; k < n; k++)
			c.cols[k + 2] = (sso_column){r->items[k].key, r->items[k].label, SSO_COL_NUMBER};
		c.cols[n + 2] = (sso_column){"satisfaction", "满意度", SSO_COL_NUMBER};
		rc = sso_table_new(&t, stdout, &common.out, c.cols, c.n);
	}
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		const sso_satisfaction_row *row = &s->rows[i];

		c.v[0] = row->org;
		snprintf(c.buf[0], sizeof(c.buf[0]), "%lld", row->raters);
		c.v[1] = c.buf[0];
		for (size_t k = 0; k < n; k++)
			c.v[k + 2] = row->mean[k] < 0 ? NULL
						      : sso_score_format(c.buf[k + 1], sizeof(c.buf[0]),
									 row->mean[k], 1);
		c.v[n + 2] = sso_score_format(c.buf[n + 1], sizeof(c.buf[0]), row->result, 1);
		rc = sso_table_row(t, c.v);
	}
	if (rc == 0)
		rc = sso_table_end(t);
	sso_table_free(t);
	cells_free(&c);
	return rc;
}

static int satisfaction_job(const sso_rubric *r, sso_input *in, sso_diag *diag)
{
	sso_satisfaction *s = NULL;
	int rc = sso_satisfaction_read(&s, r, in, diag);

	if (rc == 0)
		rc = print_satisfaction(r, s);
	sso_satisfaction_free(s);
	return rc;
}

/* eval and satisfaction: options, one input, a rubric, the job, teardown.
 * rubric is the default when --rubric is not given (NULL: it is required). */
static int with_rubric(int argc, char **argv, const char *rubric,
		       int (*job)(const sso_rubric *, sso_input *, sso_diag *))
{
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_rubric *r = NULL;
	sso_input *in = NULL;
	int code;

	if (!opt_rubric && !rubric)
		return cli_usage_error("eval needs --rubric NAME|FILE (built-in: platform, "
				       "comprehensive, satisfaction)");
	if ((code = one_input(argc, argv, &in)) != 0)
		return code;
	if ((code = load_rubric(&r, opt_rubric ? opt_rubric : rubric)) != 0) {
		sso_input_free(in);
		return code;
	}
	code = cli_output_code(job(r, in, &diag));
	sso_rubric_free(r);
	sso_input_free(in);
	return code;
}

static int cmd_eval(int argc, char **argv)
{
	return with_rubric(argc, argv, NULL, eval_job);
}

static int cmd_satisfaction(int argc, char **argv)
{
	return with_rubric(argc, argv, "satisfaction", satisfaction_job);
}

/* ---- targets ---- */

static const sso_column community_cols[] = {
	{"community", "社区", SSO_COL_TEXT},     {"community_name", "社区名称", SSO_COL_TEXT},
	{"street", "街道", SSO_COL_TEXT},        {"district", "区", SSO_COL_TEXT},
	{"type", "类型", SSO_COL_TEXT},          {"orgs", "组织数", SSO_COL_NUMBER},
	{"min", "最低数", SSO_COL_NUMBER},       {"min_met", "达标", SSO_COL_BOOL},
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

static int print_targets(const sso_targets *t, int level)
{
	sso_table *tab;
	int rc;

	if (level == 0) {
		rc = sso_table_new(&tab, stdout, &common.out, community_cols, NCOLS(community_cols));
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
	} else if (level == 1) {
		rc = sso_table_new(&tab, stdout, &common.out, street_cols, NCOLS(street_cols));
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
	} else {
		rc = sso_table_new(&tab, stdout, &common.out, district_cols, NCOLS(district_cols));
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
	}
	if (rc == 0)
		rc = sso_table_end(tab);
	sso_table_free(tab);
	return rc;
}

/* Say on stderr which targets the whole jurisdiction misses. */
static void say_missed(const sso_targets *t)
{
	const sso_target_area *all = &t->areas[t->nareas - 1];
	const sso_config *cfg = common.cfg;
	static const char *const type[2] = {"urban", "rural"};
	const int avg[2] = {cfg->urban_average, cfg->rural_average};
	char b[24];

	for (int x = 0; x < 2; x++) {
		if (all->below_min[x])
			fprintf(stderr, "%s: target missed: %lld %s communit%s below the minimum of %d\n",
				cli_prog, all->below_min[x], type[x], all->below_min[x] == 1 ? "y" : "ies",
				x ? cfg->rural_min : cfg->urban_min);
		if (!all->average_met[x])
			fprintf(stderr, "%s: target missed: %s communities have %s organizations on "
					"average; the target is %d\n",
				cli_prog, type[x], sso_score_format(b, sizeof(b), all->average[x], 1), avg[x]);
	}
	if (!all->hub_met)
		fprintf(stderr, "%s: target missed: %lld of %lld streets (%s) have a hub "
				"organization; the target is %.4g\n",
			cli_prog, all->streets_with_hub, all->streets,
			sso_score_format(b, sizeof(b), all->hub_share, 4),
			sso_ratio_value(cfg->hub_street_share));
}

static int cmd_targets(int argc, char **argv)
{
	sso_targets *t = NULL;
	int rc, code, level = 2;

	(void)argc;
	(void)argv;
	if (opt_by && !strcmp(opt_by, "community"))
		level = 0;
	else if (opt_by && !strcmp(opt_by, "street"))
		level = 1;
	else if (opt_by && strcmp(opt_by, "district"))
		return cli_usage_error("--by takes community, street or district, not '%s'", opt_by);
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	rc = sso_targets_compute(&t, common.store);
	if (rc == 0)
		rc = print_targets(t, level);
	if (rc < 0) {
		code = cli_output_code(rc);
	} else {
		if (t->outside && !common.quiet)
			fprintf(stderr, "%s: %lld active organizations are in no community of the "
					"configured jurisdiction and are not counted\n",
				cli_prog, t->outside);
		code = 0;
		if (opt_strict && !t->areas[t->nareas - 1].met) {
			say_missed(t);
			code = EXIT_NO;
		}
	}
	sso_targets_free(t);
	return code;
}

/* ---- the command table: what parses, runs and prints --help ---- */

static const cli_opt activity_opts[] = {
	{"period", "P", &opt_period, NULL, "2026, 2026H1, 2026Q3 ... (default the year of today)"},
	{"by", "org|street|district", &opt_by, NULL, "one row per organization, street or district"},
	{"orgs", "FILE", &opt_orgs, NULL, "the organization list (sso-ledger export)"},
	{"threads", "N", &opt_threads, NULL, "threads that read a file (default 2)"},
	{NULL},
};
static const cli_opt eval_opts[] = {
	{"rubric", "NAME|FILE", &opt_rubric, NULL, "platform, comprehensive, or a YAML file"},
	{NULL},
};
static const cli_opt satisfaction_opts[] = {
	{"rubric", "NAME|FILE", &opt_rubric, NULL, "the rater groups (default satisfaction)"},
	{NULL},
};
static const cli_opt targets_opts[] = {
	{"by", "community|street|district", &opt_by, NULL, "one row per community, street or district"},
	{"strict", NULL, NULL, &opt_strict, "exit 1 if a target is missed"},
	{NULL},
};

static const cli_command commands[] = {
	{"activity",
	 "activity [--period P] [--by org | street | district] [--orgs FILE | --db PATH] "
	 "[--threads N] [FILE ...]",
	 "activity index (活跃指数) and rates per organization, street or district",
	 activity_opts, 0, -1, cmd_activity},
	{"eval", "eval --rubric NAME | FILE [FILE]", "scores against a rubric, total and grade",
	 eval_opts, 0, 1, cmd_eval},
	{"satisfaction", "satisfaction [--rubric NAME | FILE] [FILE]",
	 "the satisfaction evaluation (满意度测评)", satisfaction_opts, 0, 1, cmd_satisfaction},
	{"targets", "targets [--db PATH] [--by community | street | district] [--strict]",
	 "organizations per community, hubs per street, against the targets", targets_opts, 0, 0,
	 cmd_targets},
	{NULL},
};

static const cli_tool tool = {
	"activity index, rubric scores, satisfaction and targets",
	commands,
	CLI_DB | CLI_CONFIG | CLI_FORMAT | CLI_BOM | CLI_HEADERS | CLI_ENCODING | CLI_QUIET,
};

int main(int argc, char **argv)
{
	int code;

	cli_init(argv[0]);
	code = cli_dispatch(&tool, &common, argc, argv);
	return cli_finish(&common, code);
}
