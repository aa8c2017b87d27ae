/* sso-ledger - the archive (档案), the nightly archive check, the half-yearly work
 * ledger (工作台账) and the activity records of community social organizations */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cli_common common;

/* The commands' options; each command's table names those it takes. */
static struct {
	const char *date, *result, *name, *kind, *period, *street, *district;
	int deep, events, keep_going;
	const char *manifest, *head;
	int by_quarter;
} opt;

/* check --community (check --street shares opt.street) */
static const char *opt_check_community;

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
	sso_attach_options o = SSO_ATTACH_OPTIONS_INIT;
	char doc[32];
	long id;
	int code, rc;

	(void)argc;
	if (opt.date && sso_date_parse(&o.dated, opt.date, strlen(opt.date)) < 0)
		return cli_usage_error("--date: %s", sso_error_last());
	o.result = opt.result;
	o.name = opt.name;
	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	/* standard input is read whole before the store is locked (one byte
	 * more than the maximum, for attach to tell it went over) */
	if (!strcmp(argv[2], "-") &&
	    (code = cli_spool_stdin(sso_store_config(common.store)->document_max_bytes)) != 0)
		return code;
	rc = sso_archive_attach(&id, common.store, argv[0], argv[1], argv[2], &o);
	if (rc < 0)
		return cli_fail(rc);
	sso_id_format(doc, sizeof(doc), "DOC", id);
	sso_id_parse(&id, argv[0], "ORG");
	printf("%s\t" SSO_ORG_FMT "\t%s\n", doc, id, argv[1]);
	return 0;
}

static int cmd_list(int argc, char **argv)
{
	sso_archive_list_options o = SSO_ARCHIVE_LIST_OPTIONS_INIT;
	int code;

	o.out = common.out;
	o.org = argc == 1 ? argv[0] : NULL;
	o.kind = opt.kind;
	o.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	return cli_output_code(sso_archive_list(common.store, &o, stdout));
}

/* The check never writes: it opens the store read-only, and so refuses
 * --unmask (which would have to record itself). */
static int cmd_check(int argc, char **argv)
{
	sso_check_options o = SSO_CHECK_OPTIONS_INIT;
	sso_check_result r;
	int code, rc;

	(void)argc;
	(void)argv;
	if (common.unmask)
		return cli_usage_error("check prints no personal data: it takes no --unmask");
	o.out = common.out;
	o.deep = opt.deep;
	o.street = opt.street;
	o.community = opt_check_community;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	rc = sso_ledger_check(common.store, &o, stdout, &r);
	if (rc < 0)
		return cli_output_code(rc);
	return r.findings ? EXIT_NO : 0;
}

/* What the exports share: --street or --district, not both, and --period
 * (when given) parsed into *p. Returns 0 or EXIT_USAGE, having said why. */
static int export_scope(sso_period *p)
{
	if (opt.street && opt.district)
		return cli_usage_error("--street and --district: one or the other");
	if (opt.period && sso_period_parse(p, opt.period) < 0)
		return cli_usage_error("--period: %s", sso_error_last());
	return 0;
}

/* Open --manifest FILE for writing, if given, into *out (NULL if not).
 * Returns 0 or EXIT_CANTCREAT, having said why. */
static int open_manifest(FILE **out)
{
	*out = NULL;
	if (!opt.manifest)
		return 0;
	if (!(*out = fopen(opt.manifest, "w"))) {
		fprintf(stderr, "%s: --manifest: cannot create %s: %s\n", cli_prog, opt.manifest,
			strerror(errno));
		return EXIT_CANTCREAT;
	}
	return 0;
}

/* Close the manifest; after a failed export (code not 0) or a failed close
 * remove it, so that no manifest vouches for what was not written. Returns
 * code, or EXIT_IOERR for a manifest that could not be written. */
static int close_manifest(FILE *fp, int code)
{
	int bad;

	if (!fp)
		return code;
	bad = fclose(fp) != 0;
	if (code == 0 && !bad)
		return 0;
	remove(opt.manifest);
	if (code == 0) {
		fprintf(stderr, "%s: --manifest: cannot write %s: %s\n", cli_prog, opt.manifest,
			strerror(errno));
		return EXIT_IOERR;
	}
	return code;
}

/* The work ledger of a period (or with --events, its events), of one
 * street or district or all. */
static int cmd_export(int argc, char **argv)
{
	sso_ledger_options o;
	int code;

	(void)argc;
	(void)argv;
	if (!opt.period)
		return cli_usage_error("export needs --period (2026, 2026H1, 2026Q3 ...)");
	memset(&o, 0, sizeof(o));
	if ((code = export_scope(&o.period)) != 0)
		return code;
	o.out = common.out;
	o.street = opt.street;
	o.district = opt.district;
	o.events = opt.events;
	o.unmask = common.unmask;
	o.by_quarter = opt.by_quarter;
	if (opt.by_quarter && opt.events)
		return cli_usage_error("--by-quarter and --events: one or the other");
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if ((code = open_manifest(&o.manifest)) != 0)
		return code;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	code = sso_ledger_export(common.store, &o, stdout);
	end_progress();
	return close_manifest(o.manifest, cli_output_code(code));
}

/* verify --head SEQ:HASH: is the history a head was kept from still there?
 * Prints one line, exit 0 or 1 (see sso-ledger(1)). */
static int verify_head(void)
{
	sso_head head;
	sso_head_check c;
	int code, rc;

	if (sso_event_head_parse(&head, opt.head) < 0)
		return cli_usage_error("--head: %s", sso_error_last());
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if ((rc = sso_event_verify_head(&c, common.store, &head)) < 0)
		return cli_fail(rc);
	switch (c.outcome) {
	case SSO_HEAD_OK:
		printf("verified\tevent %lld\t%lld events\thead %lld:%s\n", head.seq, c.events,
		       c.now.seq, c.now.hash);
		return 0;
	case SSO_HEAD_TRUNCATED: printf("truncated\tevent %lld\t%s\n", c.at, c.what); break;
	case SSO_HEAD_REWRITTEN: printf("rewritten\tevent %lld\t%s\n", c.at, c.what); break;
	case SSO_HEAD_BROKEN: printf("broken\tevent %lld\t%s\n", c.at, c.what); break;
	}
	return EXIT_NO;
}

static int cmd_verify(int argc, char **argv)
{
	sso_verify v;
	int code, rc;

	(void)argc;
	(void)argv;
	if (opt.head)
		return verify_head();
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if ((rc = sso_event_verify(&v, common.store)) < 0)
		return cli_fail(rc);
	if (v.broken) {
		printf("broken\tevent %lld\t%s\n", v.broken, v.what);
		code = EXIT_NO;
	} else if (v.bad_org) {
		printf("broken\t" SSO_ORG_FMT "\t%s\n", v.bad_org, v.what);
		code = EXIT_NO;
	} else if (v.bad_doc) {
		printf("broken\t" SSO_DOC_FMT "\t%s\n", v.bad_doc, v.what);
		code = EXIT_NO;
	} else if (v.row[0]) {
		printf("broken\t%s\t%s\n", v.row, v.what);
		code = EXIT_NO;
	} else {
		printf("verified\t%lld events\t%ld organizations\t%lld documents\thead %s\n",
		       v.events, v.orgs, v.documents, v.head);
		code = 0;
	}
	return code;
}

/* ---- activities ---- */

/* Import each input in its own transaction, a line for each on stdout;
 * the worst outcome decides the exit code (a data error gives way to any
 * other). */
static int activities_import(int argc, char **argv)
{
	sso_activity_import_options o = SSO_ACTIVITY_IMPORT_OPTIONS_INIT;
	sso_diag diag = {cli_diag_print, NULL, 0};
	sso_input **ins = NULL;
	size_t nin = 0;
	int code, worst = 0;

	if ((code = cli_open(&common, SSO_STORE_WRITE)) != 0)
		return code;
	if ((code = cli_open_inputs(&common, argc, argv, &ins, &nin)) != 0)
		return code;
	/* standard input is read whole before the store is locked */
	if ((code = cli_spool_inputs(ins, nin)) != 0) {
		cli_free_inputs(ins, nin);
		return code;
	}
	o.keep_going = opt.keep_going;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	/* one transaction per file: a bad file leaves the others as they went */
	for (size_t k = 0; k < nin; k++) {
		sso_activity_import_result r;
		int rc = sso_activity_import(&r, common.store, ins[k], &o, &diag);

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
	return worst;
}

/* The activities to standard output, and with mf their manifest: as of
 * today, its head the log's head just after the export. Returns 0 or an
 * SSO_E* code. */
static int activities_export_to(const sso_activity_export_options *o, FILE *mf)
{
	sso_manifest_about about = {"activities", NULL, opt.street, opt.district, 0, 0};
	sso_manifest *m = NULL;
	FILE *out = stdout;
	int rc;

	if (mf && (rc = sso_manifest_begin(&m, &out, stdout, &o->out)) < 0)
		return rc;
	rc = sso_activity_export(common.store, o, out);
	if (rc == 0 && m) {
		about.period = o->period ? o->period->label : NULL;
		about.as_of = sso_store_today(common.store);
		rc = sso_manifest_end(m, common.store, &about, mf);
	}
	sso_manifest_free(m);
	return rc;
}

static int activities_export(int argc, char **argv)
{
	sso_activity_export_options o = SSO_ACTIVITY_EXPORT_OPTIONS_INIT;
	sso_period period;
	FILE *mf;
	int code;

	(void)argc;
	(void)argv;
	if ((code = export_scope(&period)) != 0)
		return code;
	if (opt.period)
		o.period = &period;
	o.out = common.out;
	o.street = opt.street;
	o.district = opt.district;
	o.unmask = common.unmask;
	if ((code = cli_open(&common, SSO_STORE_READ)) != 0)
		return code;
	if ((code = open_manifest(&mf)) != 0)
		return code;
	if (cli_progress_wanted(&common))
		o.progress = show_progress;
	code = activities_export_to(&o, mf);
	end_progress();
	return close_manifest(mf, cli_output_code(code));
}

/* ---- the command table: what parses, runs and prints --help ---- */

static const cli_opt attach_opts[] = {
	{"date", "YYYY-MM-DD", &opt.date, NULL, "the document's date (default today)"},
	{"result", "text", &opt.result, NULL, "an evaluation's result (测评结果)"},
	{"name", "name", &opt.name, NULL, "the document's name (default the file's)"},
	{0}, /* the end */
};
static const cli_opt list_opts[] = {
	{"kind", "kind", &opt.kind, NULL, "documents of this kind"}, {0}, /* the end */
};
static const cli_opt check_opts[] = {
	{"deep", NULL, NULL, &opt.deep, "re-hash every stored document"},
	{"street", "street", &opt.street, NULL, "findings of one street's organizations"},
	{"community", "community", &opt_check_community, NULL,
	 "findings of one community's organizations"},
	{0}, /* the end */
};
static const cli_opt export_opts[] = {
	{"period", "period", &opt.period, NULL, "2026, 2026H1, 2026Q3 ..."},
	{"street", "street", &opt.street, NULL, "the organizations of one street"},
	{"district", "district", &opt.district, NULL, "the organizations of one district"},
	{"events", NULL, NULL, &opt.events, "the period's event log instead"},
	{"by-quarter", NULL, NULL, &opt.by_quarter,
	 "activities and participants of each quarter too"},
	{"manifest", "file", &opt.manifest, NULL, "write the export's manifest (YAML) to file"},
	{0}, /* the end */
};
static const cli_opt import_opts[] = {
	{"keep-going", NULL, NULL, &opt.keep_going, "write the good rows, report the bad"},
	{0}, /* the end */
};
static const cli_opt act_export_opts[] = {
	{"period", "period", &opt.period, NULL, "2026, 2026H1, 2026Q3 ... (default all)"},
	{"street", "street", &opt.street, NULL, "the activities of one street"},
	{"district", "district", &opt.district, NULL, "the activities of one district"},
	{"manifest", "file", &opt.manifest, NULL, "write the export's manifest (YAML) to file"},
	{0}, /* the end */
};
static const cli_opt verify_opts[] = {
	{"head", "SEQ:HASH", &opt.head, NULL, "is the history a head was kept from still there?"},
	{0}, /* the end */
};

static const cli_command commands[] = {
	{"attach", "attach ORG KIND file [--date YYYY-MM-DD] [--result text] [--name name]",
	 "store a document in an organization's archive (档案)", attach_opts, 3, 3, cmd_attach},
	{"list", "list [ORG] [--kind kind] [--unmask]", "list the archive's documents", list_opts,
	 0, 1, cmd_list},
	{"check", "check [--deep] [--street street] [--community community]",
	 "the nightly archive check", check_opts, 0, 0, cmd_check},
	{"export",
	 "export --period period [--street street | --district district] [--events | --by-quarter] "
	 "[--manifest file] [--unmask]",
	 "the half-yearly work ledger (工作台账)", export_opts, 0, 0, cmd_export},
	{"activities import", "activities import [--keep-going] [--encoding gbk] [file ...]",
	 "record activities from CSV", import_opts, 0, -1, activities_import},
	{"activities export",
	 "activities export [--period period] [--street street | --district district] "
	 "[--manifest file] [--unmask]",
	 "print the activities as CSV, for sso-score", act_export_opts, 0, 0, activities_export},
	{"verify", "verify [--head SEQ:HASH]", "re-compute the event chain", verify_opts, 0, 0,
	 cmd_verify},
	{0}, /* the end */
};

static const cli_tool tool = {
	"the archive, the work ledger and the activity records of community social organizations",
	commands,
	CLI_ALL,
};

int main(int argc, char **argv)
{
	return cli_main(&tool, &common, argc, argv);
}
