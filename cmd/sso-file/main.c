/* sso-file - move community social organizations through filing (备案), change,
 * termination, revocation and registration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cli_common common;

static const char *const synopsis[] = {
	"submit [--keep-going] [--encoding gbk] [FILE ...]",
	"resubmit APP [FILE]",
	"review APP --pass | --return REASON | --reject REASON",
	"approve APP [--return REASON | --reject REASON]",
	"publish APP",
	"object APP --reason REASON",
	"certify APP",
	"vote ORG --members N --present N --for N --against N --abstain N --date YYYY-MM-DD",
	"revoke ORG --reason REASON",
	"refer ORG",
	"register ORG --uscc CODE",
	"stage ORG budding|growing|mature",
	"promote GROUP [FILE]",
	"show ORG|APP [--unmask] [--format yaml|csv|tsv]",
	"list [--apps] [--state S] [--kind K] [--street X] [--tier T] [--status S]",
	"history ORG [VERSION] [--events] [--unmask]",
};

static const char *current_synopsis = "";

static void help(void)
{
	printf("usage: sso-file %s\n\n"
	       "common options: --db PATH  --config PATH  --as ROLE:NAME  --format csv|tsv|yaml\n"
	       "                --bom  --headers zh  --unmask  --encoding gbk  -q  --help  --version\n"
	       "See sso-file(1).\n",
	       current_synopsis);
}

/* Parse options: the command's own (handled by own()) and the common ones.
 * Returns optind, or -exit_code. */
static int parse(int argc, char **argv, const char *shortopts, const struct option *extra,
		 int (*own)(int opt, const char *arg), const char *syn)
{
	struct option opts[32] = {CLI_COMMON_LONG};
	size_t n = 0, k = 0;
	int opt;

	current_synopsis = syn;
	while (opts[n].name)
		n++;
	for (k = 0; extra && extra[k].name && n + 1 < sizeof(opts) / sizeof(*opts); k++)
		opts[n++] = extra[k];
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (cli_common_option(&common, opt, optarg, help))
			continue;
		if (opt == '?' || opt == ':') {
			if (optopt)
				return -cli_usage_error("-%c: unknown option or missing value; usage: sso-file %s",
							optopt, syn);
			return -cli_usage_error("%s: unknown option or missing value; usage: sso-file %s",
						argv[optind - 1], syn);
		}
		if (!own || own(opt, optarg) != 0)
			return -cli_usage_error("usage: sso-file %s", syn);
	}
	return optind;
}

static int need_args(int have, int want_min, int want_max, const char *syn)
{
	if (have < want_min || have > want_max)
		return cli_usage_error("usage: sso-file %s", syn);
	return 0;
}

/* Print "APP<TAB>ORG<TAB>state" as submit and the steps do. */
static void print_app_line(long app, long org, const char *state, const char *extra)
{
	char a[32] = "-", o[32];

	if (app)
		sso_id_format(a, sizeof(a), "APP", app);
	sso_id_format(o, sizeof(o), "ORG", org);
	printf("%s\t%s\t%s%s%s\n", a, o, state, extra ? "\t" : "", extra ? extra : "");
}

/* ---- submit ---- */

static sso_submit_options submit_opts = SSO_SUBMIT_OPTIONS_INIT;

static int submit_own(int opt, const char *arg)
{
	(void)arg;
	if (opt != 'k')
		return -1;
	submit_opts.keep_going = 1;
	return 0;
}

static void submit_progress(void *payload, unsigned long done)
{
	(void)payload;
	cli_progress("documents read:", done);
}

static int cmd_submit(int argc, char **argv)
{
	static const struct option own[] = {{"keep-going", no_argument, NULL, 'k'}, {0}};
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_submit_result res;
	sso_input **ins = NULL;
	size_t nin = 0;
	int i, rc, code;

	if ((i = parse(argc, argv, "qhk", own, submit_own, synopsis[0])) < 0)
		return -i;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if ((code = cli_open_inputs(&common, argc - i, argv + i, &ins, &nin)) != 0)
		return cli_finish(&common, code);
	if (cli_progress_wanted(&common))
		submit_opts.progress = submit_progress;
	rc = sso_submit(common.store, ins, nin, &submit_opts, &diag, &res);
	if (submit_opts.progress)
		cli_progress(NULL, (unsigned long)-1);
	cli_free_inputs(ins, nin);
	if (rc < 0) {
		code = cli_fail(rc);
	} else {
		for (size_t k = 0; k < res.count; k++)
			print_app_line(res.items[k].app, res.items[k].org, res.items[k].state, NULL);
		if (res.bad || res.refused) {
			if (!common.quiet)
				fprintf(stderr, "%s: %zu of %zu documents %s; %s\n", cli_prog,
					res.bad + res.refused, res.documents,
					res.bad ? "are bad" : "were refused",
					res.written ? "the others were written"
						    : "nothing was written");
			code = res.bad ? EXIT_DATAERR : EXIT_NO;
		} else {
			code = 0;
		}
	}
	sso_submit_result_clear(&res);
	return cli_finish(&common, code);
}

/* ---- steps on applications ---- */

static int run_step(const char *app, sso_step step, const char *reason)
{
	sso_step_result r;
	int rc, code;

	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	rc = sso_app_step(common.store, app, step, reason, &r);
	if (rc < 0) {
		code = cli_fail(rc);
	} else if (step == SSO_STEP_PUBLISH) {
		fputs(r.notice, stdout);
		code = 0;
	} else {
		print_app_line(r.app, r.org, sso_app_state_name(r.state),
			       r.certificate[0] ? r.certificate : NULL);
		code = 0;
	}
	sso_step_result_clear(&r);
	return cli_finish(&common, code);
}

static const char *opt_reason, *opt_return, *opt_reject;
static int opt_pass;

static int step_own(int opt, const char *arg)
{
	switch (opt) {
	case 'p': opt_pass = 1; return 0;
	case 'R': opt_return = arg; return 0;
	case 'J': opt_reject = arg; return 0;
	case 'r': opt_reason = arg; return 0;
	}
	return -1;
}

static const struct option step_opts[] = {
	{"pass", no_argument, NULL, 'p'},
	{"return", required_argument, NULL, 'R'},
	{"reject", required_argument, NULL, 'J'},
	{"reason", required_argument, NULL, 'r'},
	{0},
};

/* review and approve: one of pass/approve, --return, --reject */
static int review_or_approve(int argc, char **argv, int is_review)
{
	const char *syn = synopsis[is_review ? 2 : 3];
	int i = parse(argc, argv, "qh", step_opts, step_own, syn), n;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 1, syn))
		return EXIT_USAGE;
	n = opt_pass + !!opt_return + !!opt_reject;
	if (n > 1 || (is_review && n == 0) || (!is_review && opt_pass) || opt_reason)
		return cli_usage_error("usage: sso-file %s", syn);
	if (opt_return)
		return run_step(argv[i], SSO_STEP_RETURN, opt_return);
	if (opt_reject)
		return run_step(argv[i], SSO_STEP_REJECT, opt_reject);
	return run_step(argv[i], is_review ? SSO_STEP_PASS : SSO_STEP_APPROVE, NULL);
}

static int cmd_review(int argc, char **argv)
{
	return review_or_approve(argc, argv, 1);
}

static int cmd_approve(int argc, char **argv)
{
	return review_or_approve(argc, argv, 0);
}

/* publish, certify: APP and nothing else */
static int simple_step(int argc, char **argv, sso_step step, const char *syn)
{
	int i = parse(argc, argv, "qh", NULL, NULL, syn);

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 1, syn))
		return EXIT_USAGE;
	return run_step(argv[i], step, NULL);
}

static int cmd_publish(int argc, char **argv)
{
	return simple_step(argc, argv, SSO_STEP_PUBLISH, synopsis[4]);
}

static int cmd_certify(int argc, char **argv)
{
	return simple_step(argc, argv, SSO_STEP_CERTIFY, synopsis[6]);
}

static int cmd_object(int argc, char **argv)
{
	int i = parse(argc, argv, "qh", step_opts, step_own, synopsis[5]);

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 1, synopsis[5]) || !opt_reason || opt_pass || opt_return ||
	    opt_reject)
		return cli_usage_error("usage: sso-file %s", synopsis[5]);
	return run_step(argv[i], SSO_STEP_OBJECT, opt_reason);
}

static int cmd_resubmit(int argc, char **argv)
{
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_step_result r;
	sso_input *in = NULL;
	int i = parse(argc, argv, "qh", NULL, NULL, synopsis[1]), rc, code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 2, synopsis[1]))
		return EXIT_USAGE;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	/* the corrected form from FILE, or standard input as everywhere */
	if ((rc = sso_input_open(&in, argc - i == 2 ? argv[i + 1] : NULL, common.encoding)) < 0)
		return cli_finish(&common, cli_fail(rc));
	rc = sso_app_resubmit(common.store, argv[i], in, &diag, &r);
	sso_input_free(in);
	if (rc == SSO_EINPUT && diag.count)
		code = EXIT_DATAERR; /* the form's problems are printed already */
	else if (rc < 0)
		code = cli_fail(rc);
	else
		print_app_line(r.app, r.org, sso_app_state_name(r.state), NULL), code = 0;
	sso_step_result_clear(&r);
	return cli_finish(&common, code);
}

/* ---- steps on organizations ---- */

static const char *opt_uscc, *opt_date;
static int vote_n[5] = {-1, -1, -1, -1, -1};

static int org_own(int opt, const char *arg)
{
	char *end;
	long v;

	switch (opt) {
	case 'r': opt_reason = arg; return 0;
	case 'u': opt_uscc = arg; return 0;
	case 'd': opt_date = arg; return 0;
	}
	if (opt >= 2000 && opt < 2005) {
		v = strtol(arg, &end, 10);
		if (*end || end == arg || v < 0 || v > 10000000) {
			cli_usage_error("--%s takes a whole number, not '%s'",
					(const char *[]){"members", "present", "for", "against",
							 "abstain"}[opt - 2000],
					arg);
			return -1;
		}
		vote_n[opt - 2000] = (int)v;
		return 0;
	}
	return -1;
}

static const struct option org_opts[] = {
	{"reason", required_argument, NULL, 'r'},   {"uscc", required_argument, NULL, 'u'},
	{"date", required_argument, NULL, 'd'},     {"members", required_argument, NULL, 2000},
	{"present", required_argument, NULL, 2001}, {"for", required_argument, NULL, 2002},
	{"against", required_argument, NULL, 2003}, {"abstain", required_argument, NULL, 2004},
	{0},
};

static int org_result(int rc, const char *org, const char *what)
{
	int code;

	if (rc < 0) {
		code = cli_fail(rc);
	} else {
		printf("%s\t%s\n", org, what);
		code = 0;
	}
	return cli_finish(&common, code);
}

static int org_prologue(int argc, char **argv, int nargs, const char *syn, int *i)
{
	int code;

	*i = parse(argc, argv, "qh", org_opts, org_own, syn);
	if (*i < 0)
		return -*i;
	if (need_args(argc - *i, nargs, nargs, syn))
		return EXIT_USAGE;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return 0;
}

static int cmd_vote(int argc, char **argv)
{
	char why[256] = "", org[32];
	sso_vote v;
	int i, code, passed = 0, rc;
	long id;

	i = parse(argc, argv, "qh", org_opts, org_own, synopsis[7]);
	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 1, synopsis[7]))
		return EXIT_USAGE;
	for (int k = 0; k < 5; k++)
		if (vote_n[k] < 0)
			return cli_usage_error("usage: sso-file %s", synopsis[7]);
	if (!opt_date)
		return cli_usage_error("vote needs --date YYYY-MM-DD (the date of the meeting)");
	if (sso_date_parse(&v.date, opt_date, strlen(opt_date)) < 0)
		return cli_usage_error("--date: %s", sso_error_last());
	v.members = vote_n[0], v.present = vote_n[1], v.in_favour = vote_n[2];
	v.against = vote_n[3], v.abstain = vote_n[4];
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	rc = sso_vote_record(common.store, argv[i], &v, &passed, why, sizeof(why));
	if (rc < 0)
		return cli_finish(&common, cli_fail(rc));
	sso_id_parse(&id, argv[i], "ORG");
	sso_id_format(org, sizeof(org), "ORG", id);
	if (passed)
		printf("%s\tpassed\n", org);
	else
		printf("%s\tnot passed\t%s\n", org, why);
	/* a vote that fails is recorded all the same (the meeting was held);
	 * its answer is "no", so that `vote ... && submit termination` reads right */
	return cli_finish(&common, passed ? 0 : EXIT_NO);
}

static int cmd_revoke(int argc, char **argv)
{
	int i, code = org_prologue(argc, argv, 1, synopsis[8], &i);

	if (code)
		return code;
	if (!opt_reason)
		return cli_finish(&common, cli_usage_error("usage: sso-file %s", synopsis[8]));
	return org_result(sso_org_revoke(common.store, argv[i], opt_reason), argv[i], "revoked");
}

static int cmd_refer(int argc, char **argv)
{
	int i, code = org_prologue(argc, argv, 1, synopsis[9], &i);

	if (code)
		return code;
	return org_result(sso_org_refer(common.store, argv[i]), argv[i], "referred");
}

static int cmd_register(int argc, char **argv)
{
	int i, code = org_prologue(argc, argv, 1, synopsis[10], &i);

	if (code)
		return code;
	if (!opt_uscc)
		return cli_finish(&common, cli_usage_error("usage: sso-file %s", synopsis[10]));
	return org_result(sso_org_register(common.store, argv[i], opt_uscc), argv[i],
			  "registered");
}

static int cmd_stage(int argc, char **argv)
{
	sso_stage stage;
	int i, code;

	i = parse(argc, argv, "qh", NULL, NULL, synopsis[11]);
	if (i < 0)
		return -i;
	if (need_args(argc - i, 2, 2, synopsis[11]))
		return EXIT_USAGE;
	if (sso_stage_parse(&stage, argv[i + 1]) < 0)
		return cli_usage_error("%s", sso_error_last());
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return org_result(sso_org_stage(common.store, argv[i], stage), argv[i],
			  sso_stage_name(stage));
}

static int cmd_promote(int argc, char **argv)
{
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_step_result r;
	sso_input *in = NULL;
	int i = parse(argc, argv, "qh", NULL, NULL, synopsis[12]), rc, code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 2, synopsis[12]))
		return EXIT_USAGE;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if (argc - i == 2 && (rc = sso_input_open(&in, argv[i + 1], common.encoding)) < 0)
		return cli_finish(&common, cli_fail(rc));
	rc = sso_org_promote(common.store, argv[i], in, &diag, &r);
	sso_input_free(in);
	if (rc < 0)
		code = cli_fail(rc);
	else
		print_app_line(r.app, r.org, sso_app_state_name(r.state), NULL), code = 0;
	sso_step_result_clear(&r);
	return cli_finish(&common, code);
}

/* ---- reading ---- */

static sso_org_list_options list_opts = SSO_ORG_LIST_OPTIONS_INIT;
static int opt_events;

static int read_own(int opt, const char *arg)
{
	switch (opt) {
	case 'a': list_opts.apps = 1; return 0;
	case 's': list_opts.state = arg; return 0;
	case 'k': list_opts.kind = arg; return 0;
	case 'S': list_opts.street = arg; return 0;
	case 't': list_opts.tier = arg; return 0;
	case 'u': list_opts.status = arg; return 0;
	case 'e': opt_events = 1; return 0;
	}
	return -1;
}

static const struct option read_opts[] = {
	{"apps", no_argument, NULL, 'a'},           {"state", required_argument, NULL, 's'},
	{"kind", required_argument, NULL, 'k'},     {"street", required_argument, NULL, 'S'},
	{"tier", required_argument, NULL, 't'},     {"status", required_argument, NULL, 'u'},
	{"events", no_argument, NULL, 'e'},         {0},
};

/* Print one organization or application, or (version > 0) one version of an
 * organization's data. */
static int show(const char *id, int version)
{
	sso_org_show_options o = SSO_ORG_SHOW_OPTIONS_INIT;
	int code;

	o.out = common.out;
	if (!common.format_given)
		o.out.format = SSO_FORMAT_YAML;
	o.unmask = common.unmask;
	o.version = version;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_finish_output(&common, sso_org_show(common.store, id, &o, stdout));
}

static int cmd_show(int argc, char **argv)
{
	int i = parse(argc, argv, "qh", NULL, NULL, synopsis[13]);

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 1, synopsis[13]))
		return EXIT_USAGE;
	return show(argv[i], 0);
}

static int cmd_list(int argc, char **argv)
{
	int i = parse(argc, argv, "qh", read_opts, read_own, synopsis[14]), code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 0, synopsis[14]))
		return EXIT_USAGE;
	list_opts.out = common.out;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_finish_output(&common, sso_org_list(common.store, &list_opts, stdout));
}

static int cmd_history(int argc, char **argv)
{
	sso_org_history_options o = SSO_ORG_HISTORY_OPTIONS_INIT;
	int i = parse(argc, argv, "qh", read_opts, read_own, synopsis[15]), code, version;
	char *end;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 1, 2, synopsis[15]))
		return EXIT_USAGE;
	if (argc - i == 2) {
		version = (int)strtol(argv[i + 1], &end, 10);
		if (*end || version < 1 || opt_events)
			return cli_usage_error("usage: sso-file %s", synopsis[15]);
		return show(argv[i], version);
	}
	o.out = common.out;
	o.events = opt_events;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_finish_output(&common, sso_org_history(common.store, argv[i], &o, stdout));
}

static const cli_command commands[] = {
	{"submit", cmd_submit, "submit [--keep-going] [--encoding gbk] [FILE ...]"},
	{"resubmit", cmd_resubmit, "resubmit APP [FILE]"},
	{"review", cmd_review, "review APP --pass | --return REASON | --reject REASON"},
	{"approve", cmd_approve, "approve APP [--return REASON | --reject REASON]"},
	{"publish", cmd_publish, "publish APP"},
	{"object", cmd_object, "object APP --reason REASON"},
	{"certify", cmd_certify, "certify APP"},
	{"vote", cmd_vote, "vote ORG --members N --present N --for N --against N --abstain N --date D"},
	{"revoke", cmd_revoke, "revoke ORG --reason REASON"},
	{"refer", cmd_refer, "refer ORG"},
	{"register", cmd_register, "register ORG --uscc CODE"},
	{"stage", cmd_stage, "stage ORG budding|growing|mature"},
	{"promote", cmd_promote, "promote GROUP [FILE]"},
	{"show", cmd_show, "show ORG|APP [--unmask] [--format yaml|csv|tsv]"},
	{"list", cmd_list, "list [--apps] [--state S] [--kind K] [--street X] [--tier T] [--status S]"},
	{"history", cmd_history, "history ORG [VERSION] [--events] [--unmask]"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	cli_init(argv[0]);
	return cli_dispatch(commands, argc, argv,
			    "the filing lifecycle of community social organizations");
}
