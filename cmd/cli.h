/* cli.h - what every sso executable shares: options, exit codes, set-up, teardown */
#ifndef SSO_CLI_H
#define SSO_CLI_H

#include <stdio.h>

#include "sso/sso.h"

/* sysexits(3) codes, as SPEC.md section 2 fixes them */
enum {
	EXIT_NO = 1,
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_SOFTWARE = 70,
	EXIT_CANTCREAT = 73,
	EXIT_IOERR = 74,
	EXIT_TEMPFAIL = 75,
	EXIT_CONFIG = 78,
};

/* The one table from an SSO_E* code to an exit status. */
int cli_exit_code(int sso_code);

/* Options every executable takes, wherever they stand on the command line. */
typedef struct cli_common {
	const char *db;      /* --db */
	const char *config;  /* --config */
	const char *as;      /* --as */
	sso_out_options out; /* --format, --bom, --headers */
	int format_given;
	int unmask;            /* --unmask */
	sso_encoding encoding; /* --encoding */
	int quiet;             /* -q */
	const char *as_of;     /* --as-of */
	/* set up by cli_open_* */
	sso_config *cfg;
	sso_store *store;
} cli_common;

/* The common options, as bits: which of them a tool's --help lists (all of
 * them are taken by every command). */
enum {
	CLI_DB = 1 << 0,
	CLI_CONFIG = 1 << 1,
	CLI_AS = 1 << 2,
	CLI_FORMAT = 1 << 3,
	CLI_BOM = 1 << 4,
	CLI_HEADERS = 1 << 5,
	CLI_UNMASK = 1 << 6,
	CLI_ENCODING = 1 << 7,
	CLI_QUIET = 1 << 8,
	CLI_AS_OF = 1 << 9,
	CLI_ALL = (1 << 10) - 1,
};

/* One option of a command: --NAME, or --NAME VALUE when value is set. The
 * parser stores what it finds through arg or flag, which point at the
 * command's own variables. */
typedef struct cli_opt {
	const char *name;  /* without the dashes */
	const char *value; /* the value's name, as the man page writes it; NULL for a flag */
	const char **arg;  /* where the value goes (value != NULL) */
	int *flag;         /* set to 1 when given (value == NULL) */
	const char *help;  /* one line for --help */
} cli_opt;

/* A command: the one table its parser, its --help, the tool's --help and the
 * synopsis test read. */
typedef struct cli_command {
	const char *name;     /* "review", "activities import"; NULL for a tool without commands */
	const char *synopsis; /* after the program's name, as in the man page's SYNOPSIS */
	const char *summary;  /* one line for the tool's --help */
	const cli_opt *opts;  /* its own options, ending with {NULL}; NULL for none */
	int min_args;         /* the operands after the options */
	int max_args;         /* -1: any number */
	/* run with the operands, the options parsed; returns an exit code */
	int (*run)(int argc, char **argv);
} cli_command;

/* An executable: its commands (ending with {NULL}, or one command whose name
 * is NULL for a tool that has none), a summary, the common options its help
 * lists. */
typedef struct cli_tool {
	const char *summary;
	const cli_command *commands;
	unsigned common;
} cli_tool;

/* Parse the command line of tool t into c and the options of the command it
 * names, then run that command; --help, --version and bad invocations are
 * answered here (help on stdout, a bad invocation on stderr with
 * EXIT_USAGE). Returns the exit code; standard output is left for
 * cli_finish(). */
int cli_dispatch(const cli_tool *t, cli_common *c, int argc, char **argv);

/* Let the option whose value goes to arg be given more than once: each
 * value, in the order given, is also passed to fn (*arg still holds the
 * last). For sso-score's --orgs FILE ...; call it before cli_main(). */
void cli_opt_repeat(const char **arg, void (*fn)(const char *value));

/* The whole of an executable's main(): cli_init(), cli_dispatch() of tool t
 * with its common options c, cli_finish(). Returns the exit code. */
int cli_main(const cli_tool *t, cli_common *c, int argc, char **argv);

/* The program's name, for messages: set once by cli_init(). */
extern const char *cli_prog;

/* Start: name the program, make a closed pipe an error instead of a signal. */
void cli_init(const char *prog);

/* Print "prog: message" for the current sso error and return its exit code. */
int cli_fail(int sso_code);

/* Print "prog: " + printf-style message, return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load the configuration (--config, $SSO_CONFIG, ./sso.yaml, defaults).
 * Returns 0 or an exit code (having printed why). */
int cli_load_config(cli_common *c);

/* Load the configuration and open the store for reading or writing; for
 * writing (or --unmask) the actor (--as, $SSO_ACTOR) is required. Returns 0 or
 * an exit code (having printed why). */
int cli_open(cli_common *c, sso_store_mode mode);

/* The one way an executable ends: close the store, free the configuration,
 * flush and close standard output. Returns code; but if standard output
 * could not be written, says so in one line on stderr (unless the command
 * said so already, code being EXIT_IOERR, or the reader of a pipe went away,
 * as with | head) and returns EXIT_IOERR in place of an answer (0 or 1). */
int cli_finish(cli_common *c, int code);

/* The exit code of rc (0 or an SSO_E* code) from a library call that wrote
 * to standard output: a failed write of it is EXIT_IOERR, said once, or not
 * at all when the reader went away (| head); another error is said. */
int cli_output_code(int rc);

/* Open path (or stdin if NULL) as an input in c's encoding. Returns 0 or
 * an exit code (having printed why). */
int cli_open_input(const cli_common *c, const char *path, sso_input **out);

/* Open each path (or stdin if none) as an input. Returns 0 or an exit code. */
int cli_open_inputs(cli_common *c, int argc, char **argv, sso_input ***out, size_t *n);
void cli_free_inputs(sso_input **ins, size_t n);

/* Read every input that is not a regular file (standard input, a FIFO) to
 * its end now, before a write opens its transaction (sso_input_spool), so
 * that the store is never held locked while a pipe stalls. Returns 0 or an
 * exit code (having printed why). */
int cli_spool_inputs(sso_input **ins, size_t n);

/* The same for a binary standard input of at most max bytes (attach -):
 * a pipe or a terminal is read to its end (or max + 1 bytes) into a
 * temporary file that then stands in as standard input. Returns 0 or an
 * exit code. */
int cli_spool_stdin(long long max);

/* A diag that prints "prog: line" on stderr. */
void cli_diag_print(void *payload, const char *line);

/* Is stderr a terminal (for progress lines)? */
int cli_progress_wanted(const cli_common *c);

/* Progress on stderr, at most a few times a second: "what: N" on one line that
 * is rewritten. done == (unsigned long)-1 clears the line. Only call it when
 * cli_progress_wanted(). */
void cli_progress(const char *what, unsigned long done);

#endif
