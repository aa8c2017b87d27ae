/* cli.h - what every sso executable shares: options, exit codes, set-up, teardown */
#ifndef SSO_CLI_H
#define SSO_CLI_H

#include <getopt.h>
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
	const char *db;          /* --db */
	const char *config;      /* --config */
	const char *as;          /* --as */
	sso_out_options out;     /* --format, --bom, --headers */
	int format_given;
	int unmask;              /* --unmask */
	sso_encoding encoding;   /* --encoding */
	int quiet;               /* -q */
	/* set up by cli_open_* */
	sso_config *cfg;
	sso_store *store;
} cli_common;

/* The long options of cli_common, to append to a command's own; their values
 * are 1000 and up. */
#define CLI_COMMON_LONG                                                                  \
	{"db", required_argument, NULL, 1000}, {"config", required_argument, NULL, 1001},    \
	{"as", required_argument, NULL, 1002}, {"format", required_argument, NULL, 1003},    \
	{"bom", no_argument, NULL, 1004}, {"headers", required_argument, NULL, 1005},        \
	{"unmask", no_argument, NULL, 1006}, {"encoding", required_argument, NULL, 1007},    \
	{"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'},                 \
	{"version", no_argument, NULL, 1008}

/* Handle one option of cli_common (opt from getopt_long). Returns 1 if it was
 * one, 0 if not, or exits 64 on a bad value. --help calls help() and exits 0,
 * --version prints the version and exits 0. */
int cli_common_option(cli_common *c, int opt, const char *arg, void (*help)(void));

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

/* Close the store, free the configuration, flush and close stdout. Returns
 * code, or EXIT_IOERR if stdout could not be written (a full disk, a closed
 * pipe), having said so unless the pipe was closed by its reader. */
int cli_finish(cli_common *c, int code);

/* Finish a command whose result rc (0 or an SSO_E* code) came from writing
 * to stdout: like cli_finish(), but a reader that went away (| head) ends it
 * quietly with EXIT_IOERR rather than with a message. */
int cli_finish_output(cli_common *c, int rc);

/* Open each path (or stdin if none) as an input. Returns 0 or an exit code. */
int cli_open_inputs(cli_common *c, int argc, char **argv, sso_input ***out, size_t *n);
void cli_free_inputs(sso_input **ins, size_t n);

/* A diag that prints "prog: line" on stderr. */
void cli_diag_print(void *payload, const char *line);

/* A subcommand: its name, function, and one line for --help. */
typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
} cli_command;

/* Run the subcommand argv[1] from the table, or print the table. */
int cli_dispatch(const cli_command *cmds, int argc, char **argv, const char *summary);

/* Is stderr a terminal (for progress lines)? */
int cli_progress_wanted(const cli_common *c);

/* Progress on stderr, at most a few times a second: "what: N" on one line that
 * is rewritten. done == (unsigned long)-1 clears the line. Only call it when
 * cli_progress_wanted(). */
void cli_progress(const char *what, unsigned long done);

#endif
