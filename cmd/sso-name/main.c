/* sso-name - check organization names against the naming rules */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static cli_common common;
static int opt_csv, opt_yaml;

static int print_name(void *payload, const char *name, const char *reason, size_t line)
{
	(void)payload;
	(void)line;
	if (reason)
		printf("%s\tfail\t%s\n", name, reason);
	else
		printf("%s\tok\n", name);
	return ferror(stdout) ? sso_error_set(SSO_EIO, "cannot write the output: %s",
					      strerror(errno ? errno : EIO))
			      : 0;
}

/* CSV if the file says so by its name, else if its first line is a header
 * that begins with the name column. */
static int looks_like_csv(sso_input *in, const char *path)
{
	const char *p;
	size_t n;
	size_t len = path ? strlen(path) : 0;

	if (len > 4 && !strcasecmp(path + len - 4, ".csv"))
		return 1;
	if (sso_input_peek(&p, &n, in) < 0)
		return 0;
	return (n >= 5 && !memcmp(p, "name,", 5)) || (n >= 6 && !memcmp(p, "\"name\"", 6));
}

/* Check every name of the one input, FILE or standard input. */
static int check_names(int argc, char **argv)
{
	const char *path = argc == 1 ? argv[0] : NULL;
	sso_input *in = NULL;
	int as_csv, rc, code;

	if (opt_csv && opt_yaml)
		return cli_usage_error("--csv or --yaml, not both");
	if (common.format_given || common.out.bom || common.out.zh_headers || common.unmask)
		return cli_usage_error("sso-name prints NAME<TAB>ok or NAME<TAB>fail<TAB>REASON: "
				       "--format, --bom, --headers and --unmask do not apply");
	if ((code = cli_load_config(&common)) != 0)
		return code;
	if ((code = cli_open_input(&common, path, &in)) != 0)
		return code;
	/* -1: decide from the file name or its first line */
	as_csv = opt_csv ? 1 : opt_yaml ? 0 : looks_like_csv(in, path);
	rc = sso_name_check_input(common.cfg, in, as_csv, print_name, NULL);
	sso_input_free(in);
	if (rc < 0)
		return cli_output_code(rc);
	return rc > 0 ? EXIT_NO : 0;
}

static const cli_opt opts[] = {
	{"csv", NULL, NULL, &opt_csv, "read CSV name,form,community[,brand]"},
	{"yaml", NULL, NULL, &opt_yaml, "read filing forms"},
	{0}, /* the end */
};

static const cli_command command[] = {
	{NULL, "[--csv | --yaml] [--config path] [--encoding gbk] [file]",
	 "check organization names against the naming rules", opts, 0, 1, check_names},
};

static const cli_tool tool = {
	"check organization names against the naming rules",
	command,
	CLI_CONFIG | CLI_ENCODING | CLI_QUIET,
};

int main(int argc, char **argv)
{
	return cli_main(&tool, &common, argc, argv);
}
