#include "cli.h"
#include "util.h"

/* placeholder until the loader lands; replaced in the graph work */
int cmd_graph(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'graph' is not built yet");
}

int cmd_targets(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return error("'targets' is not built yet");
}
