/* fuzz_manifest.c: the manifest loader (graph_load in graph/load.h) on any
 * bytes, written to fuzz.yaml in a scratch directory of its own (globs and
 * includes resolve there). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/fsio.h"
#include "fuzz.h"
#include "graph/graph.h"
#include "graph/load.h"
#include "rules/actions.h"

static char dir[] = "/tmp/menace-fuzz-manifest.XXXXXX";

static void cleanup(void)
{
	unlink("fuzz.yaml");
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!mkdtemp(dir) || chdir(dir) < 0) {
		perror("menace fuzz: scratch directory");
		exit(1);
	}
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_opts lo = {NULL, 0, sandbox_actions(), NULL, NULL};
	struct graph *g;

	if (write_file_atomic("fuzz.yaml", data, size) < 0)
		abort();
	g = graph_load("fuzz.yaml", &lo);
	if (g)
		graph_free(g);
	return 0;
}
