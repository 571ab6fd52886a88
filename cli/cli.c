/* cli.c: the directories every command gets from the environment. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "base/path.h"
#include "base/util.h"

int cli_verbose;

const char *cli_datadir(void)
{
	const char *d = opt_getenv("SANDBOX_DATA_DIR");

	return d ? d : "sandbox_data";
}

int cli_env_bool(const char *name, const char *twin)
{
	const char *v = opt_getenv(name), *which = name;
	int b;

	if (!v && twin && (v = opt_getenv(twin)))
		which = twin;
	if (!v)
		return -1;
	return opt_bool(which, v, &b) < 0 ? -2 : b;
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
