/* cli.c: the helpers every command uses, outside main.c so the unit test
 * binaries (linked without main.o) can link the commands too. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/util.h"

int want_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return 1;
		}
	}
	return 0;
}

int no_wait_option(const char *arg)
{
	if (strcmp(arg, "--no-wait") != 0)
		return 0;
	cli.no_wait = 1;
	return 1;
}

int usage_error(const char *text)
{
	fprintf(stderr, "%s: %s", progname, text);
	return EXIT_USAGE;
}
