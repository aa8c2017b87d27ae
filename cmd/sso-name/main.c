/* sso-name - check organization names against the naming rules */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static cli_common common;
static int as_csv = -1; /* -1: decide from the file name or its first line */

static void help(void)
{
	printf("usage: sso-name [--csv | --yaml] [--config PATH] [FILE]\n\n"
	       "Check each name of FILE (filing forms, or CSV name,form,community[,brand]);\n"
	       "print NAME<TAB>ok or NAME<TAB>fail<TAB>REASON; exit 1 if any fails.\n"
	       "See sso-name(1).\n");
}

static int print_name(void *payload, const char *name, const char *reason, size_t line)
{
	(void)payload;
	(void)line;
	if (reason)
		printf("%s\tfail\t%s\n", name, reason);
	else
		printf("%s\tok\n", name);
	return ferror(stdout) ? sso_error_set(SSO_EIO, "cannot write the output") : 0;
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
	if (sso_input_peek(in, &p, &n) < 0)
		return 0;
	return (n >= 5 && !memcmp(p, "name,", 5)) || (n >= 6 && !memcmp(p, "\"name\"", 6));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"csv", no_argument, NULL, 'c'}, {"yaml", no_argument, NULL, 'y'}, CLI_COMMON_LONG,
		{0}};
	sso_input *in = NULL;
	const char *path;
	int opt, rc, code;

	cli_init(argv[0]);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (cli_common_option(&common, opt, optarg, help))
			continue;
		switch (opt) {
		case 'c': as_csv = 1; break;
		case 'y': as_csv = 0; break;
		default: return cli_usage_error("usage: sso-name [--csv | --yaml] [FILE]");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return cli_usage_error("usage: sso-name [--csv | --yaml] [FILE]");
	if (common.format_given || common.out.bom || common.out.zh_headers || common.unmask)
		return cli_usage_error("sso-name prints NAME<TAB>ok or NAME<TAB>fail<TAB>REASON: "
				       "--format, --bom, --headers and --unmask do not apply");
	path = argc == 1 ? argv[0] : NULL;

	if ((code = cli_load_config(&common)) != 0)
		return code;
	if ((rc = sso_input_open(&in, path, common.encoding)) < 0)
		return cli_finish(&common, cli_fail(rc));
	if (as_csv < 0)
		as_csv = looks_like_csv(in, path);
	rc = sso_name_check_input(common.cfg, in, as_csv, print_name, NULL);
	sso_input_free(in);
	if (rc < 0)
		code = cli_fail(rc);
	else
		code = rc > 0 ? EXIT_NO : 0;
	return cli_finish(&common, code);
}
