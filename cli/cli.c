/* cli.c: the helpers every command uses, outside main.c so the unit test
 * binaries (linked without main.o) can link the commands too. */
#include "cli/cli.h"
#include "base/opt.h"

const char *cli_datadir(void)
{
	const char *d = opt_getenv("SANDBOX_DATA_DIR");

	return d ? d : "sandbox_data";
}

const char *cli_statedir(void)
{
	const char *d = opt_getenv("SANDBOX_DATA_DIR");

	return d ? d : ".menace";
}

const char *cli_old_statedir(void)
{
	return opt_getenv("SANDBOX_DATA_DIR") ? NULL : "sandbox_data";
}

int want_help(int argc, char **argv, const char *text)
{
	return opt_help(argc, argv, text);
}

int usage_error(const char *text)
{
	return opt_usage(text);
}
