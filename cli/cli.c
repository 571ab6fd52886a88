/* cli.c: the directories every command gets from the environment. */
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
