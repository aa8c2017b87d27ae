/* sso-file - move community social organizations through filing (备案), change,
 * termination, revocation and registration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cli_common common;

/* The commands' options; each command's table names those it takes. */
static const char *opt_reason, *opt_return, *opt_reject, *opt_uscc, *opt_date;
static const char *opt_vote[5]; /* --members --present --for --against --abstain */
static int opt_pass, opt_keep_going, opt_events;
static sso_org_list_options list_opts = SSO_ORG_LIST_OPTIONS_INIT;

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

static void submit_progress(void *payload, unsigned long done)
{
	(void)payload;
	cli_progress("documents read:", done);
}

/* Submit every document of every input as one batch; print a line for each
 * written, and one line on stderr for the bad or refused ones. */
static int cmd_submit(int argc, char **argv)
{
	sso_submit_options o = SSO_SUBMIT_OPTIONS_INIT;
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_submit_result res;
	sso_input **ins = NULL;
	size_t nin = 0;
	int rc, code;

	o.keep_going = opt_keep_going;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if ((code = cli_open_inputs(&common, argc, argv, &ins, &nin)) != 0)
		return code;
	/* standard input is read whole before the store is locked */
	if ((code = cli_spool_inputs(ins, nin)) != 0) {
		cli_free_inputs(ins, nin);
		return code;
	}
	if (cli_progress_wanted(&common))
		o.progress = submit_progress;
	rc = sso_submit(common.store, ins, nin, &o, &diag, &res);
	if (o.progress)
		cli_progress(NULL, (unsigned long)-1);
	cli_free_inputs(ins, nin);
	if (rc < 0) {
		code = cli_fail(rc);
	} else {
		for (size_t k = 0; k < res.count; k++)
			print_app_line(res.items[k].app, res.items[k].org, res.items[k].state,
				       NULL);
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
	return code;
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
		/* printed masked (a scope may hold a phone); archived whole */
		if (!common.unmask)
			sso_mask_text(r.notice);
		fputs(r.notice, stdout);
		code = 0;
	} else {
		print_app_line(r.app, r.org, sso_app_state_name(r.state),
			       r.certificate[0] ? r.certificate : NULL);
		code = 0;
	}
	sso_step_result_clear(&r);
	return code;
}

/* Return the application with --return, reject it with --reject, or else
 * take step on it. */
static int step_unless_sent_back(const char *app, sso_step step)
{
	if (opt_return)
		return run_step(app, SSO_STEP_RETURN, opt_return);
	if (opt_reject)
		return run_step(app, SSO_STEP_REJECT, opt_reject);
	return run_step(app, step, NULL);
}

/* review: --pass, --return or --reject, one of them */
static int cmd_review(int argc, char **argv)
{
	(void)argc;
	if (opt_pass + !!opt_return + !!opt_reject != 1)
		return cli_usage_error("review takes one of --pass, --return, --reject");
	return step_unless_sent_back(argv[0], SSO_STEP_PASS);
}

/* approve: approves, or with --return or --reject does that instead */
static int cmd_approve(int argc, char **argv)
{
	(void)argc;
	if (opt_return && opt_reject)
		return cli_usage_error("approve takes --return or --reject, not both");
	return step_unless_sent_back(argv[0], SSO_STEP_APPROVE);
}

static int cmd_publish(int argc, char **argv)
{
	(void)argc;
	return run_step(argv[0], SSO_STEP_PUBLISH, NULL);
}

static int cmd_certify(int argc, char **argv)
{
	(void)argc;
	return run_step(argv[0], SSO_STEP_CERTIFY, NULL);
}

static int cmd_object(int argc, char **argv)
{
	(void)argc;
	if (!opt_reason)
		return cli_usage_error("object needs --reason REASON");
	return run_step(argv[0], SSO_STEP_OBJECT, opt_reason);
}

/* A step that takes a form: fn on id with the form read from path (when
 * path is NULL: from standard input if stdin_default, else none), printing
 * the application's line. With stdin_default, a form whose problems were
 * printed already is only EXIT_DATAERR. */
static int form_step(const char *id, const char *path, int stdin_default,
		     int (*fn)(sso_store *, const char *, sso_input *, sso_diag *,
			       sso_step_result *))
{
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_step_result r;
	sso_input *in = NULL;
	int rc, code;

	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if ((path || stdin_default) && (code = cli_open_input(&common, path, &in)) != 0)
		return code;
	/* the library reads the form before it locks the store; a pipe is read
	 * whole here all the same, as submit's */
	if (in && (code = cli_spool_inputs(&in, 1)) != 0) {
		sso_input_free(in);
		return code;
	}
	rc = fn(common.store, id, in, &diag, &r);
	sso_input_free(in);
	if (stdin_default && rc == SSO_EINPUT && diag.count)
		code = EXIT_DATAERR; /* the form's problems are printed already */
	else if (rc < 0)
		code = cli_fail(rc);
	else
		print_app_line(r.app, r.org, sso_app_state_name(r.state), NULL), code = 0;
	sso_step_result_clear(&r);
	return code;
}

/* the corrected form from FILE, or standard input as everywhere */
static int cmd_resubmit(int argc, char **argv)
{
	return form_step(argv[0], argc == 2 ? argv[1] : NULL, 1, sso_app_resubmit);
}

/* ---- steps on organizations ---- */

/* Print "ORG<TAB>what" for a step that went, or say why it did not. */
static int org_result(int rc, const char *org, const char *what)
{
	if (rc < 0)
		return cli_fail(rc);
	printf("%s\t%s\n", org, what);
	return 0;
}

/* The vote's counts, whole numbers. Returns 0 or EXIT_USAGE, having said
 * which is wrong. */
static int vote_counts(int n[5])
{
	static const char *const names[5] = {"members", "present", "for", "against", "abstain"};
	char *end;
	long v;

	for (int k = 0; k < 5; k++) {
		if (!opt_vote[k])
			return cli_usage_error("vote needs --%s N", names[k]);
		v = strtol(opt_vote[k], &end, 10);
		if (*end || end == opt_vote[k] || v < 0 || v > 10000000)
			return cli_usage_error("--%s takes a whole number, not '%s'", names[k],
					       opt_vote[k]);
		n[k] = (int)v;
	}
	return 0;
}

/* Record an all-member vote and print whether it passed: a vote that did
 * not pass is recorded all the same, and answers no (1). */
static int cmd_vote(int argc, char **argv)
{
	char why[256] = "", org[32];
	int n[5], code, passed = 0, rc;
	sso_vote v;
	long id;

	(void)argc;
	if ((code = vote_counts(n)) != 0)
		return code;
	if (!opt_date)
		return cli_usage_error("vote needs --date YYYY-MM-DD (the date of the meeting)");
	if (sso_date_parse(&v.date, opt_date, strlen(opt_date)) < 0)
		return cli_usage_error("--date: %s", sso_error_last());
	v.members = n[0], v.present = n[1], v.in_favour = n[2];
	v.against = n[3], v.abstain = n[4];
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	rc = sso_vote_record_reason(common.store, argv[0], &v, opt_reason, &passed, why,
				    sizeof(why));
	if (rc < 0)
		return cli_fail(rc);
	sso_id_parse(&id, argv[0], "ORG");
	sso_id_format(org, sizeof(org), "ORG", id);
	if (passed)
		printf("%s\tpassed\n", org);
	else
		printf("%s\tnot passed\t%s\n", org, why);
	/* a vote that fails is recorded all the same (the meeting was held);
	 * its answer is "no", so that `vote ... && submit termination` reads right */
	return passed ? 0 : EXIT_NO;
}

static int cmd_revoke(int argc, char **argv)
{
	int code;

	(void)argc;
	if (!opt_reason)
		return cli_usage_error("revoke needs --reason REASON");
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return org_result(sso_org_revoke(common.store, argv[0], opt_reason), argv[0], "revoked");
}

static int cmd_refer(int argc, char **argv)
{
	int code;

	(void)argc;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return org_result(sso_org_refer(common.store, argv[0]), argv[0], "referred");
}

static int cmd_register(int argc, char **argv)
{
	int code;

	(void)argc;
	if (!opt_uscc)
		return cli_usage_error("register needs --uscc CODE");
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return org_result(sso_org_register(common.store, argv[0], opt_uscc), argv[0], "registered");
}

static int cmd_stage(int argc, char **argv)
{
	sso_stage stage;
	int code;

	(void)argc;
	if (sso_stage_parse(&stage, argv[1]) < 0)
		return cli_usage_error("%s", sso_error_last());
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	return org_result(sso_org_stage(common.store, argv[0], stage), argv[0],
			  sso_stage_name(stage));
}

/* the group's filing form from FILE, or none */
static int cmd_promote(int argc, char **argv)
{
	return form_step(argv[0], argc == 2 ? argv[1] : NULL, 0, sso_org_promote);
}

/* ---- reading ---- */

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
	return cli_output_code(sso_org_show(common.store, id, &o, stdout));
}

static int cmd_show(int argc, char **argv)
{
	(void)argc;
	return show(argv[0], 0);
}

static int cmd_list(int argc, char **argv)
{
	int code;

	(void)argc;
	(void)argv;
	list_opts.out = common.out;
	list_opts.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_output_code(sso_org_list(common.store, &list_opts, stdout));
}

static int cmd_history(int argc, char **argv)
{
	sso_org_history_options o = SSO_ORG_HISTORY_OPTIONS_INIT;
	int code, version;
	char *end;

	if (argc == 2) {
		version = (int)strtol(argv[1], &end, 10);
		if (*end || version < 1 || opt_events)
			return cli_usage_error("history ORG VERSION prints one version; its events "
					       "are in history ORG --events");
		return show(argv[0], version);
	}
	o.out = common.out;
	o.events = opt_events;
	o.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_output_code(sso_org_history(common.store, argv[0], &o, stdout));
}

/* ---- the command table: what parses, runs and prints --help ---- */

static const cli_opt submit_opts[] = {
	{"keep-going", NULL, NULL, &opt_keep_going, "write the good documents, report the bad"},
	{0}, /* the end */
};
static const cli_opt review_opts[] = {
	{"pass", NULL, NULL, &opt_pass, "pass the initial review"},
	{"return", "reason", &opt_return, NULL, "return it to the sponsor, saying why"},
	{"reject", "reason", &opt_reject, NULL, "reject it (final), saying why"},
	{0}, /* the end */
};
static const cli_opt approve_opts[] = {
	{"return", "reason", &opt_return, NULL, "return it to the sponsor instead, saying why"},
	{"reject", "reason", &opt_reject, NULL, "reject it (final) instead, saying why"},
	{0}, /* the end */
};
static const cli_opt reason_opts[] = {
	{"reason", "reason", &opt_reason, NULL, "why"}, {0}, /* the end */
};
static const cli_opt vote_opts[] = {
	{"members", "n", &opt_vote[0], NULL, "all members of the organization"},
	{"present", "n", &opt_vote[1], NULL, "members at the meeting"},
	{"for", "n", &opt_vote[2], NULL, "votes for the termination"},
	{"against", "n", &opt_vote[3], NULL, "votes against"},
	{"abstain", "n", &opt_vote[4], NULL, "abstentions"},
	{"reason", "text", &opt_reason, NULL, "why --members differs from the roster"},
	{"date", "YYYY-MM-DD", &opt_date, NULL, "the date of the meeting"},
	{0}, /* the end */
};
static const cli_opt register_opts[] = {
	{"uscc", "code", &opt_uscc, NULL, "the unified social credit code (统一社会信用代码)"},
	{0}, /* the end */
};
static const cli_opt list_opts_table[] = {
	{"apps", NULL, NULL, &list_opts.apps, "applications instead of organizations"},
	{"state", "state", &list_opts.state, NULL, "applications in this state"},
	{"kind", "kind", &list_opts.kind, NULL, "applications of this kind"},
	{"street", "street", &list_opts.street, NULL, "of this street (code or name)"},
	{"tier", "tier", &list_opts.tier, NULL, "organizations of this tier"},
	{"status", "status", &list_opts.status, NULL, "organizations of this status"},
	{0}, /* the end */
};
static const cli_opt history_opts[] = {
	{"events", NULL, NULL, &opt_events, "its events instead of its versions"},
	{0}, /* the end */
};

static const cli_command commands[] = {
	{"submit", "submit [--keep-going] [--encoding gbk] [file ...]",
	 "submit filing, change, termination and group forms", submit_opts, 0, -1, cmd_submit},
	{"resubmit", "resubmit APP [file]", "resubmit a returned application, corrected", NULL, 1,
	 2, cmd_resubmit},
	{"review", "review APP --pass | --return reason | --reject reason",
	 "the committee's initial review (初审)", review_opts, 1, 1, cmd_review},
	{"approve", "approve APP [--return reason | --reject reason]",
	 "the street office approves (审核同意), returns or rejects", approve_opts, 1, 1,
	 cmd_approve},
	{"publish", "publish APP", "start the public notice (公示) and print it", NULL, 1, 1,
	 cmd_publish},
	{"object", "object APP --reason reason", "object during the notice", reason_opts, 1, 1,
	 cmd_object},
	{"certify", "certify APP", "certify after the notice (备案证书)", NULL, 1, 1, cmd_certify},
	{"vote",
	 "vote ORG --members n --present n --for n --against n --abstain n --date YYYY-MM-DD "
	 "[--reason text]",
	 "record an all-member vote (全体成员会议)", vote_opts, 1, 1, cmd_vote},
	{"revoke", "revoke ORG --reason reason", "end a filed organization for cause", reason_opts,
	 1, 1, cmd_revoke},
	{"refer", "refer ORG", "refer a mature organization to the district", NULL, 1, 1,
	 cmd_refer},
	{"register", "register ORG --uscc code", "the district registers a referred organization",
	 register_opts, 1, 1, cmd_register},
	{"stage", "stage ORG budding | growing | mature", "classify an organization's stage", NULL,
	 2, 2, cmd_stage},
	{"promote", "promote GROUP [file]", "turn an activity group into a filing", NULL, 1, 2,
	 cmd_promote},
	{"show", "show ORG | APP [--unmask]", "print an organization or an application", NULL, 1, 1,
	 cmd_show},
	{"list",
	 "list [--apps] [--state state] [--kind kind] [--street street] [--tier tier] "
	 "[--status status] [--unmask]",
	 "list organizations or applications", list_opts_table, 0, 0, cmd_list},
	{"history", "history ORG [version] [--events] [--unmask]",
	 "an organization's versions, one version, or its events", history_opts, 1, 2, cmd_history},
	{0}, /* the end */
};

static const cli_tool tool = {
	"the filing lifecycle of community social organizations",
	commands,
	CLI_ALL,
};

int main(int argc, char **argv)
{
	return cli_main(&tool, &common, argc, argv);
}
