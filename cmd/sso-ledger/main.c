/* sso-ledger - the archive (档案), the nightly archive check, the half-yearly work
 * ledger (工作台账) and the activity records of community social organizations */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cli_common common;

enum {
	S_ATTACH, S_LIST, S_CHECK, S_EXPORT, S_ACT_IMPORT, S_ACT_EXPORT, S_VERIFY,
};

static const char *const synopsis[] = {
	[S_ATTACH] = "attach ORG KIND FILE [--date YYYY-MM-DD] [--result TEXT] [--name NAME]",
	[S_LIST] = "list [ORG] [--kind KIND]",
	[S_CHECK] = "check [--deep]",
	[S_EXPORT] = "export --period P [--street X | --district X] [--events] [--unmask]",
	[S_ACT_IMPORT] = "activities import [--keep-going] [--encoding gbk] [FILE ...]",
	[S_ACT_EXPORT] = "activities export [--period P] [--street X | --district X] [--unmask]",
	[S_VERIFY] = "verify",
};

static const char *current_synopsis = "";

static void help(void)
{
	printf("usage: sso-ledger %s\n\n"
	       "common options: --db PATH  --config PATH  --as ROLE:NAME  --format csv|tsv|yaml\n"
	       "                --bom  --headers zh  --unmask  --encoding gbk  -q  --help  --version\n"
	       "See sso-ledger(1).\n",
	       current_synopsis);
}

/* The options of all subcommands; each takes the ones its synopsis names. */
static struct {
	const char *date, *result, *name, *kind, *period, *street, *district;
	int deep, events, keep_going;
} opt;

static int own(int o, const char *arg)
{
	switch (o) {
	case 'd': opt.date = arg; return 0;
	case 'r': opt.result = arg; return 0;
	case 'n': opt.name = arg; return 0;
	case 'k': opt.kind = arg; return 0;
	case 'p': opt.period = arg; return 0;
	case 'S': opt.street = arg; return 0;
	case 'D': opt.district = arg; return 0;
	case 'e': opt.events = 1; return 0;
	case 'g': opt.keep_going = 1; return 0;
	case 'z': opt.deep = 1; return 0;
	}
	return -1;
}

/* Parse the options a subcommand accepts (names, a NULL-terminated list of
 * long option names) and the common ones. Returns optind, or -exit_code. */
static int parse(int argc, char **argv, int which, const char *const *names)
{
	static const struct option all[] = {
		{"date", required_argument, NULL, 'd'},     {"result", required_argument, NULL, 'r'},
		{"name", required_argument, NULL, 'n'},     {"kind", required_argument, NULL, 'k'},
		{"period", required_argument, NULL, 'p'},   {"street", required_argument, NULL, 'S'},
		{"district", required_argument, NULL, 'D'}, {"events", no_argument, NULL, 'e'},
		{"keep-going", no_argument, NULL, 'g'},     {"deep", no_argument, NULL, 'z'},
		{0},
	};
	struct option opts[32] = {CLI_COMMON_LONG};
	const char *syn = synopsis[which];
	size_t n = 0;
	int o;

	current_synopsis = syn;
	while (opts[n].name)
		n++;
	for (const char *const *w = names; w && *w; w++)
		for (const struct option *a = all; a->name; a++)
			if (!strcmp(a->name, *w))
				opts[n++] = *a;
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (cli_common_option(&common, o, optarg, help))
			continue;
		if (o == '?' || o == ':') {
			if (optopt)
				return -cli_usage_error("-%c: unknown option or missing value; usage: "
							"sso-ledger %s",
							optopt, syn);
			return -cli_usage_error("%s: unknown option or missing value; usage: "
						"sso-ledger %s",
						argv[optind - 1], syn);
		}
		if (own(o, optarg) != 0)
			return -cli_usage_error("usage: sso-ledger %s", syn);
	}
	return optind;
}

static int need_args(int have, int want_min, int want_max, int which)
{
	if (have < want_min || have > want_max)
		return cli_usage_error("usage: sso-ledger %s", synopsis[which]);
	return 0;
}

/* Finish a command that printed records: a reader that went away (| head)
 * ends it quietly with 74, any other failure says why. */
static int finish_output(int rc)
{
	return cli_finish_output(&common, rc);
}

/* ---- progress on a terminal ---- */

static void show_progress(void *payload, const char *what, unsigned long long n)
{
	char label[300];

	(void)payload;
	snprintf(label, sizeof(label), "%s:", what);
	cli_progress(label, (unsigned long)n);
}

static void end_progress(void)
{
	cli_progress("", (unsigned long)-1);
}

/* ---- the archive ---- */

static int cmd_attach(int argc, char **argv)
{
	static const char *const names[] = {"date", "result", "name", NULL};
	sso_attach_options o = SSO_ATTACH_OPTIONS_INIT;
	char doc[32];
	long id;
	int i = parse(argc, argv, S_ATTACH, names), code, rc;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 3, 3, S_ATTACH))
		return EXIT_USAGE;
	if (opt.date && sso_date_parse(&o.dated, opt.date, strlen(opt.date)) < 0)
		return cli_usage_error("--date: %s", sso_error_last());
	o.result = opt.result;
	o.name = opt.name;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	rc = sso_archive_attach(common.store, argv[i], argv[i + 1], argv[i + 2], &o, &id);
	if (rc < 0)
		return cli_finish(&common, cli_fail(rc));
	sso_id_format(doc, sizeof(doc), "DOC", id);
	sso_id_parse(&id, argv[i], "ORG");
	printf("%s\t" SSO_ORG_FMT "\t%s\n", doc, id, argv[i + 1]);
	return cli_finish(&common, 0);
}

static int cmd_list(int argc, char **argv)
{
	static const char *const names[] = {"kind", NULL};
	sso_archive_list_options o = SSO_ARCHIVE_LIST_OPTIONS_INIT;
	int i = parse(argc, argv, S_LIST, names), code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 1, S_LIST))
		return EXIT_USAGE;
	o.out = common.out;
	o.org = argc - i == 1 ? argv[i] : NULL;
	o.kind = opt.kind;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return finish_output(sso_archive_list(common.store, &o, stdout));
}

/* The check never writes: it opens the store read-only, and so refuses
 * --unmask (which would have to record itself). */
static int cmd_check(int argc, char **argv)
{
	static const char *const names[] = {"deep", NULL};
	sso_check_options o = SSO_CHECK_OPTIONS_INIT;
	sso_check_result r;
	int i = parse(argc, argv, S_CHECK, names), code, rc;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 0, S_CHECK))
		return EXIT_USAGE;
	if (common.unmask)
		return cli_usage_error("check prints no personal data: it takes no --unmask");
	o.out = common.out;
	o.deep = opt.deep;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	rc = sso_ledger_check(common.store, &o, stdout, &r);
	if (rc < 0)
		return finish_output(rc);
	return cli_finish(&common, r.findings ? EXIT_NO : 0);
}

static int parse_period(sso_period *p, const char *text)
{
	if (sso_period_parse(p, text) < 0) {
		cli_usage_error("--period: %s", sso_error_last());
		return -1;
	}
	return 0;
}

static int cmd_export(int argc, char **argv)
{
	static const char *const names[] = {"period", "street", "district", "events", NULL};
	sso_ledger_options o;
	int i = parse(argc, argv, S_EXPORT, names), code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 0, S_EXPORT))
		return EXIT_USAGE;
	if (!opt.period)
		return cli_usage_error("export needs --period (2026, 2026H1, 2026Q3 ...); usage: "
				       "sso-ledger %s",
				       synopsis[S_EXPORT]);
	if (opt.street && opt.district)
		return cli_usage_error("--street and --district: one or the other");
	memset(&o, 0, sizeof(o));
	if (parse_period(&o.period, opt.period) < 0)
		return EXIT_USAGE;
	o.out = common.out;
	o.street = opt.street;
	o.district = opt.district;
	o.events = opt.events;
	o.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	code = sso_ledger_export(common.store, &o, stdout);
	end_progress();
	return finish_output(code);
}

static int cmd_verify(int argc, char **argv)
{
	sso_verify v;
	int i = parse(argc, argv, S_VERIFY, NULL), code, rc;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 0, S_VERIFY))
		return EXIT_USAGE;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if ((rc = sso_event_verify(common.store, &v)) < 0)
		return cli_finish(&common, cli_fail(rc));
	if (v.broken) {
		printf("broken\tevent %lld\t%s\n", v.broken, v.what);
		code = EXIT_NO;
	} else if (v.bad_org) {
		printf("broken\t" SSO_ORG_FMT "\t%s\n", v.bad_org, v.what);
		code = EXIT_NO;
	} else if (v.bad_doc) {
		printf("broken\t" SSO_DOC_FMT "\t%s\n", v.bad_doc, v.what);
		code = EXIT_NO;
	} else {
		printf("verified\t%lld events\t%ld organizations\t%lld documents\thead %s\n",
		       v.events, v.orgs, v.documents, v.head);
		code = 0;
	}
	return cli_finish(&common, code);
}

/* ---- activities ---- */

static int activities_import(int argc, char **argv)
{
	static const char *const names[] = {"keep-going", NULL};
	sso_activity_import_options o = SSO_ACTIVITY_IMPORT_OPTIONS_INIT;
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_input **ins = NULL;
	size_t nin = 0;
	int i = parse(argc, argv, S_ACT_IMPORT, names), code, worst = 0;

	if (i < 0)
		return -i;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if ((code = cli_open_inputs(&common, argc - i, argv + i, &ins, &nin)) != 0)
		return cli_finish(&common, code);
	o.keep_going = opt.keep_going;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	/* one transaction per file: a bad file leaves the others as they went */
	for (size_t k = 0; k < nin; k++) {
		sso_activity_import_result r;
		int rc = sso_activity_import(common.store, ins[k], &o, &diag, &r);

		end_progress();
		if (rc < 0) {
			code = cli_fail(rc);
			fprintf(stderr, "%s: %s: nothing was written\n", cli_prog,
				sso_input_name(ins[k]));
		} else if (r.bad) {
			fprintf(stderr, "%s: %s: %llu of %llu rows are bad; %s\n", cli_prog,
				sso_input_name(ins[k]), r.bad, r.rows,
				r.import_id ? "the others were written" : "nothing was written");
			code = EXIT_DATAERR;
		} else {
			code = 0;
		}
		if (rc >= 0)
			printf("%s\t%llu rows\t%llu added\t%llu unchanged\t%llu bad\n",
			       sso_input_name(ins[k]), r.rows, r.added, r.unchanged, r.bad);
		if (code && (!worst || worst == EXIT_DATAERR))
			worst = code;
	}
	cli_free_inputs(ins, nin);
	return cli_finish(&common, worst);
}

static int activities_export(int argc, char **argv)
{
	static const char *const names[] = {"period", "street", "district", NULL};
	sso_activity_export_options o = SSO_ACTIVITY_EXPORT_OPTIONS_INIT;
	sso_period period;
	int i = parse(argc, argv, S_ACT_EXPORT, names), code;

	if (i < 0)
		return -i;
	if (need_args(argc - i, 0, 0, S_ACT_EXPORT))
		return EXIT_USAGE;
	if (opt.street && opt.district)
		return cli_usage_error("--street and --district: one or the other");
	if (opt.period) {
		if (parse_period(&period, opt.period) < 0)
			return EXIT_USAGE;
		o.period = &period;
	}
	o.out = common.out;
	o.street = opt.street;
	o.district = opt.district;
	o.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	code = sso_activity_export(common.store, &o, stdout);
	end_progress();
	return finish_output(code);
}

static int cmd_activities(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "import"))
		return activities_import(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "export"))
		return activities_export(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: sso-ledger %s\n       sso-ledger %s\nSee sso-ledger(1).\n",
		       synopsis[S_ACT_IMPORT], synopsis[S_ACT_EXPORT]);
		return 0;
	}
	return cli_usage_error("usage: sso-ledger %s | sso-ledger %s", synopsis[S_ACT_IMPORT],
			       synopsis[S_ACT_EXPORT]);
}

static const cli_command commands[] = {
	{"attach", cmd_attach, "attach ORG KIND FILE [--date D] [--result TEXT] [--name NAME]"},
	{"list", cmd_list, "list [ORG] [--kind KIND]"},
	{"check", cmd_check, "check [--deep]"},
	{"export", cmd_export, "export --period P [--street X | --district X] [--events] [--unmask]"},
	{"activities", cmd_activities, "activities import [--keep-going] [FILE ...]"},
	{"activities", cmd_activities, "activities export [--period P] [--street X | --district X]"},
	{"verify", cmd_verify, "verify"},
	{NULL, NULL, NULL},
};

int main(int argc, char **argv)
{
	cli_init(argv[0]);
	return cli_dispatch(commands, argc, argv,
			    "the archive, the work ledger and the activity records of community "
			    "social organizations");
}
