/* options.c: the global options, outside main.c so the unit test binaries
 * (linked without main.o) can link the commands that read them. */
#include "cli/cli.h"

struct cli cli = {"menace.yaml", NULL, 0, NULL, 0, NULL};
