/* cli.c - options, exit codes, set-up and teardown shared by the sso executables */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

const char *cli_prog = "sso";

int cli_exit_code(int code)
{
	switch (code) {
	case SSO_OK: return 0;
	case SSO_EREFUSED: return EXIT_NO;
	case SSO_EUSAGE: return EXIT_USAGE;
	case SSO_EINPUT:
	case SSO_ENOTFOUND: return EXIT_DATAERR;
	case SSO_ENOINPUT: return EXIT_NOINPUT;
	case SSO_ECREATE: return EXIT_CANTCREAT;
	case SSO_EIO: return EXIT_IOERR;
	case SSO_EBUSY: return EXIT_TEMPFAIL;
	case SSO_ECONFIG: return EXIT_CONFIG;
	default: return code > 0 ? 0 : EXIT_SOFTWARE;
	}
}

void cli_init(const char *prog)
{
	const char *slash = strrchr(prog, '/');

	cli_prog = slash ? slash + 1 : prog;
	/* a reader that goes away (| head) shows up as EPIPE on a write, which
	 * cli_finish() turns into a quiet exit 74 instead of death by signal */
	signal(SIGPIPE, SIG_IGN);
}

/* Print "prog: line" on stderr with its ID and phone numbers masked: a
 * message may quote a form's, a row's or an argument's text. */
static void print_masked(const char *line)
{
	char *buf = NULL;
	size_t cap = 0;

	if (sso_mask_copy(line, &buf, &cap) < 0)
		fprintf(stderr, "%s: %s\n", cli_prog, sso_error_name(SSO_ENOMEM));
	else
		fprintf(stderr, "%s: %s\n", cli_prog, buf);
	free(buf);
}

int cli_fail(int code)
{
	const char *msg = sso_error_last();

	print_masked(*msg ? msg : sso_error_name(code));
	return cli_exit_code(code);
}

int cli_usage_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	print_masked(line);
	return EXIT_USAGE;
}

int cli_load_config(cli_common *c)
{
	int rc;

	if (c->cfg)
		return 0;
	rc = sso_config_load(&c->cfg, sso_config_path(c->config));
	return rc < 0 ? cli_fail(rc) : 0;
}

int cli_open(cli_common *c, sso_store_mode mode)
{
	const char *as = c->as ? c->as : getenv("SSO_ACTOR");
	sso_actor actor;
	sso_date day = 0;
	int rc;

	if ((rc = cli_load_config(c)) != 0)
		return rc;
	if (c->unmask && mode == SSO_STORE_READ)
		mode = SSO_STORE_UPDATE; /* seeing personal data is itself recorded */
	if (as && *as) {
		if ((rc = sso_actor_parse(&actor, as)) < 0)
			return cli_fail(rc);
	} else if (mode != SSO_STORE_READ) {
		return cli_usage_error("%s needs an actor: --as ROLE:NAME or $SSO_ACTOR (roles: "
				       "sponsor, committee, street, hub, district, analyst)",
				       c->unmask ? "--unmask" : "a write");
	}
	if (c->as_of) {
		if (sso_date_parse(&day, c->as_of, strlen(c->as_of)) < 0)
			return cli_usage_error("--as-of %s: %s", c->as_of, sso_error_last());
		if (mode != SSO_STORE_READ)
			return cli_usage_error("--as-of is for reading what the records said then; "
					       "%s happens "
					       "today",
					       c->unmask ? "--unmask is recorded and" : "a write");
	}
	if ((rc = sso_store_open(&c->store, sso_store_path(c->db), mode, c->cfg)) < 0)
		return cli_fail(rc);
	if (as && *as)
		sso_store_set_actor(c->store, &actor);
	if (c->as_of && (rc = sso_store_as_of(c->store, day)) < 0)
		return cli_fail(rc);
	return 0;
}

/* Is stdout a pipe whose reader has gone? (errno may have changed since the
 * write failed; the pipe itself still says so.) */
static int reader_gone(void)
{
	struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

int cli_output_code(int rc)
{
	if (rc == SSO_EIO && ferror(stdout) && reader_gone())
		return EXIT_IOERR; /* | head: quiet */
	return rc < 0 ? cli_fail(rc) : 0;
}

int cli_finish(cli_common *c, int code)
{
	int bad, err;

	sso_store_close(c->store);
	c->store = NULL;
	sso_config_free(c->cfg);
	c->cfg = NULL;
	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	err = errno;
	if (fclose(stdout) != 0 && !bad)
		bad = 1, err = errno;
	if (!bad || code == EXIT_IOERR)
		return code; /* written, or said already */
	if (err != EPIPE && !reader_gone())
		fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog,
			strerror(err ? err : EIO));
	return code == 0 || code == EXIT_NO ? EXIT_IOERR : code;
}

int cli_open_input(const cli_common *c, const char *path, sso_input **out)
{
	int rc = sso_input_open(out, path, c->encoding);

	return rc < 0 ? cli_fail(rc) : 0;
}

int cli_open_inputs(cli_common *c, int argc, char **argv, sso_input ***out, size_t *n)
{
	size_t count = argc > 0 ? (size_t)argc : 1;
	sso_input **ins = calloc(count, sizeof(*ins));

	*out = NULL;
	*n = 0;
	if (!ins)
		return cli_fail(sso_error_set(SSO_ENOMEM, "out of memory"));
	for (size_t i = 0; i < count; i++) {
		int code = cli_open_input(c, argc > 0 ? argv[i] : NULL, &ins[i]);

		if (code != 0) {
			cli_free_inputs(ins, i);
			return code;
		}
	}
	*out = ins;
	*n = count;
	return 0;
}

void cli_free_inputs(sso_input **ins, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sso_input_free(ins[i]);
	free(ins);
}

int cli_spool_inputs(sso_input **ins, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = sso_input_spool(ins[i], SSO_SPOOL_MAX);

		if (rc < 0)
			return cli_fail(rc);
	}
	return 0;
}

int cli_spool_stdin(long long max)
{
	struct stat sb;
	long long size;
	int fd, rc;

	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
		return 0;
	if ((rc = sso_spool_fd(&fd, &size, STDIN_FILENO, "-", max, 0)) < 0)
		return cli_fail(rc);
	rc = dup2(fd, STDIN_FILENO);
	close(fd);
	if (rc < 0)
		return cli_fail(sso_error_set(SSO_EIO, "-: %s", strerror(errno)));
	return 0;
}

void cli_diag_print(void *payload, const char *line)
{
	(void)payload;
	cli_progress(NULL, (unsigned long)-1); /* a progress line gives way */
	print_masked(line);
}

/* The common options: their names, their values' names, their bits and one
 * line each for --help. Their getopt values are OPT_COMMON + index. */
static const struct common_opt {
	const char *name;
	const char *value;
	unsigned bit;
	const char *help;
} common_opts[] = {
	{"db", "PATH", CLI_DB, "the store (default $SSO_DB, else ./sso.db)"},
	{"config", "PATH", CLI_CONFIG, "the configuration (default $SSO_CONFIG, else ./sso.yaml)"},
	{"as", "ROLE:NAME", CLI_AS, "who acts (default $SSO_ACTOR); every write needs one"},
	{"format", "csv|tsv|yaml", CLI_FORMAT, "how records are printed"},
	{"bom", NULL, CLI_BOM, "start CSV with a UTF-8 byte order mark"},
	{"headers", "zh", CLI_HEADERS, "Chinese column headers instead of the English keys"},
	{"unmask", NULL, CLI_UNMASK, "print ID and phone numbers whole (recorded; needs --as)"},
	{"encoding", "gbk", CLI_ENCODING, "read input written in GBK"},
	{"quiet", NULL, CLI_QUIET, "no summary lines on standard error"},
	{"as-of", "YYYY-MM-DD", CLI_AS_OF, "read the records as they stood at the end of that day"},
};

#define NCOMMON        (sizeof(common_opts) / sizeof(*common_opts))
#define OPT_COMMON     1000 /* getopt values of the common options */
#define OPT_VERSION    1999
#define OPT_OWN        2000 /* getopt values of the command's own options */
#define OPT_HELP_SHOWN (-1) /* what parse() returns when --help was answered */

/* Store the common option i with its value arg. Returns 0 or an exit code,
 * having said why. */
static int set_common(cli_common *c, size_t i, const char *arg)
{
	switch (common_opts[i].bit) {
	case CLI_DB: c->db = arg; break;
	case CLI_CONFIG: c->config = arg; break;
	case CLI_AS: c->as = arg; break;
	case CLI_FORMAT:
		if (sso_format_parse(&c->out.format, arg) < 0)
			return cli_fail(SSO_EUSAGE);
		c->format_given = 1;
		break;
	case CLI_BOM: c->out.bom = 1; break;
	case CLI_HEADERS:
		if (!strcmp(arg, "zh"))
			c->out.zh_headers = 1;
		else if (!strcmp(arg, "en"))
			c->out.zh_headers = 0;
		else
			return cli_usage_error("--headers takes zh or en, not '%s'", arg);
		break;
	case CLI_UNMASK: c->unmask = 1; break;
	case CLI_ENCODING:
		if (sso_encoding_parse(&c->encoding, arg) < 0)
			return cli_fail(SSO_EUSAGE);
		break;
	case CLI_QUIET: c->quiet = 1; break;
	case CLI_AS_OF: c->as_of = arg; break;
	}
	return 0;
}

/* One line of an option list: "  --name value" and its help, in columns. */
static void print_option(const char *shortname, const char *name, const char *value,
			 const char *help)
{
	char left[64];

	snprintf(left, sizeof(left), "%s--%s%s%s", shortname ? shortname : "", name,
		 value ? " " : "", value ? value : "");
	printf("  %-26s %s\n", left, help);
}

/* "sso-file review" or "sso-name": the program and the command's name. */
static void print_usage_line(FILE *fp, const cli_command *cmd)
{
	fprintf(fp, "usage: %s %s\n", cli_prog, cmd->synopsis);
}

/* --help of one command: its synopsis, its options, the common options the
 * tool lists, one line each, on stdout. */
static void command_help(const cli_tool *t, const cli_command *cmd)
{
	print_usage_line(stdout, cmd);
	if (cmd->summary)
		printf("\n%s\n", cmd->summary);
	if (cmd->opts && cmd->opts[0].name) {
		printf("\noptions:\n");
		for (const cli_opt *o = cmd->opts; o->name; o++)
			print_option(NULL, o->name, o->value, o->help);
	}
	printf("\ncommon options:\n");
	for (size_t i = 0; i < NCOMMON; i++)
		if (t->common & common_opts[i].bit)
			print_option(common_opts[i].bit == CLI_QUIET ? "-q, " : NULL,
				     common_opts[i].name, common_opts[i].value,
				     common_opts[i].help);
	print_option("-h, ", "help", NULL, "this help");
	print_option(NULL, "version", NULL, "the version");
	printf("\nSee %s(1).\n", cli_prog);
}

/* --help of the tool: its commands with their summaries, on stdout. */
static void tool_help(const cli_tool *t)
{
	printf("%s - %s\n\nusage: %s COMMAND [options] [operands]\n\ncommands:\n", cli_prog,
	       t->summary, cli_prog);
	for (const cli_command *c = t->commands; c->name; c++)
		printf("  %-20s %s\n", c->name, c->summary);
	printf("\nRun '%s COMMAND --help' for its synopsis and options; see %s(1).\n", cli_prog,
	       cli_prog);
}

/* The common option named by a leading argument ("--db"), or NULL. */
static const struct common_opt *common_named(const char *arg)
{
	if (arg[0] != '-' || arg[1] != '-')
		return NULL;
	for (size_t i = 0; i < NCOMMON; i++)
		if (!strcmp(arg + 2, common_opts[i].name))
			return &common_opts[i];
	return NULL;
}

/* Does word equal the first word of a command's name? */
static int first_word_is(const char *name, const char *word)
{
	size_t n = strcspn(name, " ");

	return strlen(word) == n && !strncmp(name, word, n);
}

/* The number of leading arguments that are options (and their values),
 * from argv[1]. */
static int leading_options(int argc, char **argv)
{
	const struct common_opt *o;
	int lead = 1;

	while (lead < argc && argv[lead][0] == '-' && argv[lead][1] && strcmp(argv[lead], "--")) {
		o = common_named(argv[lead]);
		lead += o && o->value && lead + 1 < argc ? 2 : 1;
	}
	return lead - 1;
}

/* Common options may stand before the command, as in a crontab's
 * 'sso-ledger --db PATH check': move them behind the command's words and
 * arguments (before a "--"), where its own option parsing reads them. The
 * order of everything else is kept. */
static void hoist_options(const cli_command *cmds, int argc, char **argv)
{
	const cli_command *c;
	int lead = 1 + leading_options(argc, argv), end;
	char **moved;

	if (lead == 1 || lead >= argc)
		return;
	for (c = cmds; c->name && !first_word_is(c->name, argv[lead]); c++)
		;
	if (!c->name)
		return; /* not a command: the first option is named as unknown */
	for (end = lead; end < argc && strcmp(argv[end], "--"); end++)
		;
	if (!(moved = malloc((size_t)(lead - 1) * sizeof(*moved))))
		return;
	memcpy(moved, argv + 1, (size_t)(lead - 1) * sizeof(*moved));
	memmove(argv + 1, argv + lead, (size_t)(end - lead) * sizeof(*argv));
	memcpy(argv + 1 + (end - lead), moved, (size_t)(lead - 1) * sizeof(*moved));
	free(moved);
}

/* The options that may be repeated (cli_opt_repeat()). */
static struct {
	const char **arg;
	void (*fn)(const char *value);
} repeats[4];
static size_t nrepeats;

void cli_opt_repeat(const char **arg, void (*fn)(const char *value))
{
	assert(nrepeats < sizeof(repeats) / sizeof(*repeats));
	repeats[nrepeats].arg = arg;
	repeats[nrepeats++].fn = fn;
}

/* An own option's value: into its variable, and to its repeat function. */
static void set_own(const cli_opt *o, const char *value)
{
	*o->arg = value;
	for (size_t i = 0; i < nrepeats; i++)
		if (repeats[i].arg == o->arg)
			repeats[i].fn(value);
}

/* Parse the options of cmd (argv[0] is its name) and the common ones into
 * c and the command's variables. Returns 0 with *ind the first operand,
 * OPT_HELP_SHOWN when --help or --version was answered, or an exit code
 * having said why. */
static int parse(const cli_tool *t, const cli_command *cmd, cli_common *c, int argc, char **argv,
		 int *ind)
{
	struct option opts[64];
	size_t n = 0, nown = 0;
	int opt, rc;

	for (size_t i = 0; i < NCOMMON; i++)
		opts[n++] = (struct option){common_opts[i].name,
					    common_opts[i].value ? required_argument : no_argument,
					    NULL, (int)(OPT_COMMON + i)};
	opts[n++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[n++] = (struct option){"version", no_argument, NULL, OPT_VERSION};
	for (const cli_opt *o = cmd->opts; o && o->name; o++, nown++) {
		assert(n + 1 < sizeof(opts) / sizeof(*opts));
		opts[n++] = (struct option){o->name, o->value ? required_argument : no_argument,
					    NULL, (int)(OPT_OWN + nown)};
	}
	opts[n] = (struct option){NULL, 0, NULL, 0};
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (opt == 'h') {
			command_help(t, cmd);
			return OPT_HELP_SHOWN;
		} else if (opt == OPT_VERSION) {
			printf("%s (sso) %s\n", cli_prog, sso_version());
			return OPT_HELP_SHOWN;
		} else if (opt == 'q') {
			c->quiet = 1;
		} else if (opt >= OPT_OWN) {
			const cli_opt *o = &cmd->opts[opt - OPT_OWN];

			if (o->value)
				set_own(o, optarg);
			else
				*o->flag = 1;
		} else if (opt >= OPT_COMMON) {
			if ((rc = set_common(c, (size_t)(opt - OPT_COMMON), optarg)) != 0)
				return rc;
		} else if (optopt > 0 &&
			   optopt < 128) { /* a short option; a long one's optopt is its value */
			return cli_usage_error("-%c: unknown option or missing value; usage: %s %s",
					       optopt, cli_prog, cmd->synopsis);
		} else {
			return cli_usage_error("%s: unknown option or missing value; usage: %s %s",
					       argv[optind - 1], cli_prog, cmd->synopsis);
		}
	}
	*ind = optind;
	return 0;
}

/* Parse cmd's options, check its number of operands, run it. */
static int run(const cli_tool *t, const cli_command *cmd, cli_common *c, int argc, char **argv)
{
	int i, rc = parse(t, cmd, c, argc, argv, &i);

	if (rc == OPT_HELP_SHOWN)
		return 0;
	if (rc != 0)
		return rc;
	argc -= i;
	argv += i;
	if (argc < cmd->min_args || (cmd->max_args >= 0 && argc > cmd->max_args))
		return cli_usage_error("usage: %s %s", cli_prog, cmd->synopsis);
	return cmd->run(argc, argv);
}

/* A first word that begins several commands ("activities"): --help prints
 * their synopses; anything else is a usage error that names them. */
static int command_group(const cli_tool *t, int argc, char **argv)
{
	int help = argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
	FILE *fp = help ? stdout : stderr;

	for (const cli_command *c = t->commands; c->name; c++) {
		if (!first_word_is(c->name, argv[1]))
			continue;
		if (!help)
			fprintf(fp, "%s: ", cli_prog);
		print_usage_line(fp, c);
	}
	if (help)
		printf("\nRun '%s %s COMMAND --help' for one; see %s(1).\n", cli_prog, argv[1],
		       cli_prog);
	return help ? 0 : EXIT_USAGE;
}

/* Find the command argv[1] (and argv[2] for a name of two words) names,
 * and the number of words it takes. NULL if none. */
static const cli_command *find_command(const cli_tool *t, int argc, char **argv, int *words)
{
	for (const cli_command *c = t->commands; c->name; c++) {
		const char *second = strchr(c->name, ' ');

		if (!first_word_is(c->name, argv[1]))
			continue;
		if (!second) {
			*words = 1;
			return c;
		}
		if (argc >= 3 && !strcmp(argv[2], second + 1)) {
			*words = 2;
			return c;
		}
	}
	return NULL;
}

/* Is arg one of the ways to ask for help? */
static int is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h") || !strcmp(arg, "help");
}

/* Common options first are moved behind the command; then --help,
 * --version, the command's name (one word or two) and its run. */
int cli_dispatch(const cli_tool *t, cli_common *c, int argc, char **argv)
{
	const cli_command *cmd;
	int lead, words;

	if (!t->commands[0].name)
		return run(t, &t->commands[0], c, argc, argv);
	hoist_options(t->commands, argc, argv);
	/* --help or --version, alone or after common options */
	lead = leading_options(argc, argv);
	for (int k = 1; k <= (lead ? lead : argc >= 2); k++) {
		if (is_help(argv[k])) {
			tool_help(t);
			return 0;
		}
		if (!strcmp(argv[k], "--version")) {
			printf("%s (sso) %s\n", cli_prog, sso_version());
			return 0;
		}
	}
	if (argc < 2)
		return cli_usage_error("which command? (%s --help lists them)", cli_prog);
	if ((cmd = find_command(t, argc, argv, &words)))
		return run(t, cmd, c, argc - words, argv + words);
	for (cmd = t->commands; cmd->name; cmd++)
		if (first_word_is(cmd->name, argv[1]))
			return command_group(t, argc, argv);
	return cli_usage_error("unknown command '%s' (%s --help lists them)", argv[1], cli_prog);
}

int cli_progress_wanted(const cli_common *c)
{
	return !c->quiet && isatty(STDERR_FILENO);
}

void cli_progress(const char *what, unsigned long done)
{
	static struct timespec last;
	static int shown;
	struct timespec now;

	if (done == (unsigned long)-1) {
		if (shown)
			fputs("\r\033[K", stderr);
		shown = 0;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (shown &&
	    (now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) < 200000000L)
		return;
	last = now;
	shown = 1;
	fprintf(stderr, "\r%s: %s %lu", cli_prog, what, done);
}

int cli_main(const cli_tool *t, cli_common *c, int argc, char **argv)
{
	cli_init(argv[0]);
	return cli_finish(c, cli_dispatch(t, c, argc, argv));
}
