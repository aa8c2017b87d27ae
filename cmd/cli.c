/* cli.c - options, exit codes, set-up and teardown shared by the sso executables */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

int cli_fail(int code)
{
	const char *msg = sso_error_last();

	fprintf(stderr, "%s: %s\n", cli_prog, *msg ? msg : sso_error_name(code));
	return cli_exit_code(code);
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int cli_common_option(cli_common *c, int opt, const char *arg, void (*help)(void))
{
	switch (opt) {
	case 1000: c->db = arg; return 1;
	case 1001: c->config = arg; return 1;
	case 1002: c->as = arg; return 1;
	case 1003:
		if (sso_format_parse(&c->out.format, arg) < 0)
			exit(cli_fail(SSO_EUSAGE));
		c->format_given = 1;
		return 1;
	case 1004: c->out.bom = 1; return 1;
	case 1005:
		if (!strcmp(arg, "zh"))
			c->out.zh_headers = 1;
		else if (!strcmp(arg, "en"))
			c->out.zh_headers = 0;
		else
			exit(cli_usage_error("--headers takes zh or en, not '%s'", arg));
		return 1;
	case 1006: c->unmask = 1; return 1;
	case 1007:
		if (sso_encoding_parse(&c->encoding, arg) < 0)
			exit(cli_fail(SSO_EUSAGE));
		return 1;
	case 1008:
		printf("%s (sso) %s\n", cli_prog, sso_version());
		exit(0);
	case 'q': c->quiet = 1; return 1;
	case 'h':
		help();
		exit(fflush(stdout) == 0 ? 0 : EXIT_IOERR);
	}
	return 0;
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
	if ((rc = sso_store_open(&c->store, sso_store_path(c->db), mode, c->cfg)) < 0)
		return cli_fail(rc);
	if (as && *as)
		sso_store_set_actor(c->store, &actor);
	return 0;
}

/* Is stdout a pipe whose reader has gone? (errno may have changed since the
 * write failed; the pipe itself still says so.) */
static int reader_gone(void)
{
	struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};

	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

int cli_finish_output(cli_common *c, int rc)
{
	if (rc == SSO_EIO && reader_gone())
		return cli_finish(c, EXIT_IOERR);
	return cli_finish(c, rc < 0 ? cli_fail(rc) : 0);
}

int cli_finish(cli_common *c, int code)
{
	int bad;

	sso_store_close(c->store);
	c->store = NULL;
	sso_config_free(c->cfg);
	c->cfg = NULL;
	errno = 0;
	bad = fflush(stdout) != 0 || ferror(stdout);
	if (fclose(stdout) != 0)
		bad = 1;
	if (bad) {
		/* said already if the command failed on it; quiet for a closed pipe */
		if (code == 0 && errno != EPIPE && !reader_gone())
			fprintf(stderr, "%s: cannot write the output: %s\n", cli_prog,
				errno ? strerror(errno) : "write error");
		return code ? code : EXIT_IOERR;
	}
	return code;
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
		int rc = sso_input_open(&ins[i], argc > 0 ? argv[i] : NULL, c->encoding);

		if (rc < 0) {
			cli_free_inputs(ins, i);
			return cli_fail(rc);
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

void cli_diag_print(void *payload, const char *line)
{
	(void)payload;
	cli_progress(NULL, (unsigned long)-1); /* a progress line gives way */
	fprintf(stderr, "%s: %s\n", cli_prog, line);
}

/* Does this common option take its value as the next argument? */
static int takes_value(const char *opt)
{
	static const char *const with_value[] = {"--db",      "--config",   "--as",
						 "--format",  "--headers",  "--encoding"};

	for (size_t i = 0; i < sizeof(with_value) / sizeof(*with_value); i++)
		if (!strcmp(opt, with_value[i]))
			return 1;
	return 0;
}

/* Common options may stand before the command, as in a crontab's
 * 'sso-ledger --db PATH check': move them behind the command's words and
 * arguments (before a "--"), where its own option parsing reads them. The
 * order of everything else is kept. */
static void hoist_options(const cli_command *cmds, int argc, char **argv)
{
	const cli_command *c;
	int lead = 1, end;
	char **moved;

	while (lead < argc && argv[lead][0] == '-' && argv[lead][1] && strcmp(argv[lead], "--"))
		lead += takes_value(argv[lead]) && lead + 1 < argc ? 2 : 1;
	if (lead == 1 || lead >= argc)
		return;
	for (c = cmds; c->name && strcmp(c->name, argv[lead]); c++)
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

int cli_dispatch(const cli_command *cmds, int argc, char **argv, const char *summary)
{
	const cli_command *c;

	hoist_options(cmds, argc, argv);

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
			  !strcmp(argv[1], "help"))) {
		printf("%s - %s\n\nusage:\n", cli_prog, summary);
		for (c = cmds; c->name; c++)
			printf("  %s %s\n", cli_prog, c->synopsis);
		printf("\nRun '%s COMMAND --help' for one command; see %s(1).\n", cli_prog,
		       cli_prog);
		return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("%s (sso) %s\n", cli_prog, sso_version());
		return 0;
	}
	if (argc < 2)
		return cli_usage_error("which command? (%s --help lists them)", cli_prog);
	for (c = cmds; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->run(argc - 1, argv + 1);
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
	if (shown && (now.tv_sec - last.tv_sec) * 1000000000L + (now.tv_nsec - last.tv_nsec) <
			     200000000L)
		return;
	last = now;
	shown = 1;
	fprintf(stderr, "\r%s: %s %lu", cli_prog, what, done);
}
