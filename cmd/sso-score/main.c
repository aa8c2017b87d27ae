/* sso-score - the activity index and activity rates, rubric evaluations,
 * satisfaction evaluations and count targets of community social organizations */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sso/rubric.h"
#include "sso/score.h"
#include "sso/score_out.h"

static cli_common common;

/* The commands' options; each command's table names those it takes. */
static const char *opt_period, *opt_by, *opt_orgs, *opt_rubric, *opt_threads;
static int opt_strict;

/* Every --orgs FILE, in the order given (the ledgers of several streets). */
static const char **orgs_files;
static size_t norgs_files;
static int orgs_nomem;

static void add_orgs_file(const char *path)
{
	const char **f = realloc(orgs_files, (norgs_files + 1) * sizeof(*f));

	if (!f) {
		orgs_nomem = 1;
		return;
	}
	orgs_files = f;
	orgs_files[norgs_files++] = path;
}

/* Read every --orgs list into a, merged: an organization in two lists with
 * the same row once, with different rows an error naming both. Returns 0 or
 * a negative code, the lists' problems reported to diag. */
static int load_orgs_files(sso_tally *a, sso_diag *diag)
{
	int rc = 0;

	if (orgs_nomem)
		return sso_error_set(SSO_ENOMEM, "out of memory");
	for (size_t k = 0; k < norgs_files && rc == 0; k++) {
		sso_input *in = NULL;

		/* an sso-ledger export, always UTF-8: --encoding is for the data */
		if ((rc = sso_input_open(&in, orgs_files[k], SSO_ENCODING_UTF8)) == 0)
			rc = sso_tally_load_orgs(a, in, diag);
		sso_input_free(in);
	}
	return rc;
}

/* ---- activity ---- */

/* One line on stderr for the rows that were skipped. */
static void say_skipped(const sso_tally_stats *st, const sso_period *p)
{
	if (common.quiet || (st->outside == 0 && st->unknown == 0))
		return;
	fprintf(stderr,
		"%s: %llu rows read, %llu counted; skipped %llu outside %s and %llu from %zu%s "
		"organization%s not in the list\n",
		cli_prog, st->rows, st->counted, st->outside, p->label, st->unknown,
		st->unknown_orgs, st->unknown_orgs >= 100000 ? " or more" : "",
		st->unknown_orgs == 1 ? "" : "s");
}

static void activity_progress(void *payload, unsigned long long rows)
{
	(void)payload;
	cli_progress("rows read:", (unsigned long)rows);
}

/* The activity of every organization of the list (--orgs or the store) in
 * the period, from the activity CSV of each input in turn; one summary line
 * of the rows skipped, then the table. */
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
			fprintf(stderr,
				"%s: the organization list comes from --orgs FILE "
				"(sso-ledger export) or a store (--db PATH)\n",
				cli_prog);
		return code;
	}
	if ((rc = sso_tally_new(&a, common.cfg, &period)) < 0)
		goto done;
	if (opt_orgs) {
		rc = load_orgs_files(a, &diag);
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
		sso_tally_get_stats(&st, a);
		say_skipped(&st, &period);
		rc = sso_tally_print(a, by, &common.out, stdout);
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

static int eval_job(const sso_rubric *r, sso_input *in, sso_diag *diag)
{
	sso_eval *e = NULL;
	int rc = sso_eval_read(&e, r, in, diag);

	if (rc == 0)
		rc = sso_eval_print(e, r, &common.out, stdout);
	sso_eval_free(e);
	return rc;
}

static int satisfaction_job(const sso_rubric *r, sso_input *in, sso_diag *diag)
{
	sso_satisfaction *s = NULL;
	int rc = sso_satisfaction_read(&s, r, in, diag);

	if (rc == 0)
		rc = sso_satisfaction_print(s, r, &common.out, stdout);
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
	if ((code = cli_open_input(&common, argc == 1 ? argv[0] : NULL, &in)) != 0)
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
			fprintf(stderr,
				"%s: target missed: %lld %s communit%s below the minimum of %d\n",
				cli_prog, all->below_min[x], type[x],
				all->below_min[x] == 1 ? "y" : "ies",
				x ? cfg->rural_min : cfg->urban_min);
		if (!all->average_met[x])
			fprintf(stderr,
				"%s: target missed: %s communities have %s organizations on "
				"average; the target is %d\n",
				cli_prog, type[x],
				sso_score_format(b, sizeof(b), all->average[x], 1), avg[x]);
	}
	if (!all->hub_met)
		fprintf(stderr,
			"%s: target missed: %lld of %lld streets (%s) have a hub "
			"organization; the target is %.4g\n",
			cli_prog, all->streets_with_hub, all->streets,
			sso_score_format(b, sizeof(b), all->hub_share, 4),
			sso_ratio_value(cfg->hub_street_share));
}

/* The targets from the store, at one level; with --strict, the answer is
 * no (1) when the whole jurisdiction misses one, said on stderr. */
static int cmd_targets(int argc, char **argv)
{
	sso_targets *t = NULL;
	sso_targets_level level = SSO_TARGETS_DISTRICT;
	int rc, code;

	(void)argc;
	(void)argv;
	if (opt_by && !strcmp(opt_by, "community"))
		level = SSO_TARGETS_COMMUNITY;
	else if (opt_by && !strcmp(opt_by, "street"))
		level = SSO_TARGETS_STREET;
	else if (opt_by && strcmp(opt_by, "district"))
		return cli_usage_error("--by takes community, street or district, not '%s'",
				       opt_by);
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	rc = sso_targets_compute(&t, common.store);
	if (rc == 0)
		rc = sso_targets_print(t, level, &common.out, stdout);
	if (rc < 0) {
		code = cli_output_code(rc);
	} else {
		if (t->outside && !common.quiet)
			fprintf(stderr,
				"%s: %lld active organizations are in no community of the "
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
	{"by", "org|street|district", &opt_by, NULL, "a row per organization, street or district"},
	{"orgs", "FILE", &opt_orgs, NULL, "an organization list (sso-ledger export); repeatable"},
	{"threads", "N", &opt_threads, NULL, "threads that read a file (default 2)"},
	{0}, /* the end */
};
static const cli_opt eval_opts[] = {
	{"rubric", "NAME|FILE", &opt_rubric, NULL, "platform, comprehensive, or a YAML file"},
	{0}, /* the end */
};
static const cli_opt satisfaction_opts[] = {
	{"rubric", "NAME|FILE", &opt_rubric, NULL, "the rater groups (default satisfaction)"},
	{0}, /* the end */
};
static const cli_opt targets_opts[] = {
	{"by", "community|street|district", &opt_by, NULL, "a row per community, street, district"},
	{"strict", NULL, NULL, &opt_strict, "exit 1 if a target is missed"},
	{0}, /* the end */
};

static const cli_command commands[] = {
	{"activity",
	 "activity [--period P] [--by org | street | district] [--orgs FILE ... | --db PATH] "
	 "[--threads N] [FILE ...]",
	 "activity index (活跃指数) and rates per organization, street or district", activity_opts,
	 0, -1, cmd_activity},
	{"eval", "eval --rubric NAME | FILE [FILE]", "scores against a rubric, total and grade",
	 eval_opts, 0, 1, cmd_eval},
	{"satisfaction", "satisfaction [--rubric NAME | FILE] [FILE]",
	 "the satisfaction evaluation (满意度测评)", satisfaction_opts, 0, 1, cmd_satisfaction},
	{"targets", "targets [--db PATH] [--by community | street | district] [--strict]",
	 "organizations per community, hubs per street, against the targets", targets_opts, 0, 0,
	 cmd_targets},
	{0}, /* the end */
};

static const cli_tool tool = {
	"activity index, rubric scores, satisfaction and targets",
	commands,
	CLI_DB | CLI_CONFIG | CLI_FORMAT | CLI_BOM | CLI_HEADERS | CLI_ENCODING | CLI_QUIET,
};

int main(int argc, char **argv)
{
	cli_opt_repeat(&opt_orgs, add_orgs_file);
	return cli_main(&tool, &common, argc, argv);
}
