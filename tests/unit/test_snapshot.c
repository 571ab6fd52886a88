/* unit tests of the graph snapshot's reader on files larger than its
 * 64 KiB window: a string that ends exactly where the window does must
 * not be misread when the next read refills it (node paths, directory
 * paths). Graphs built by hand, saved and loaded back in a scratch
 * workspace. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "graph/graph.h"
#include "engine/snapshot.h"
#include "graph/load.h"
#include "unit.h"
#include "base/util.h"

static char tmpdir[] = "/tmp/menace-unit-snapshot.XXXXXX";

/* date d back to 2020, so the snapshot trusts it */
static void age(const char *d)
{
	struct timespec ts[2] = {{1577836800, 0}, {1577836800, 0}};

	utimensat(AT_FDCWD, d, ts, 0);
}

/* a graph of the manifest m and one rule reading a first path of j
 * characters, then n paths of 12 */
static struct graph *paths_graph(const char *m, size_t j, size_t n)
{
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	struct edge *e = graph_add_edge(g, graph_add_rule(g, "r", loc), "r");
	char *first = xmalloc(j + 1);
	size_t i;

	g->files = xcalloc(1, sizeof(g->files[0]));
	g->files[g->nfiles++] = xstrdup(m);
	memset(first, 'a', j);
	first[j] = '\0';
	edge_add_in(e, graph_node(g, first, j));
	free(first);
	for (i = 0; i < n; i++) {
		char p[32];

		snprintf(p, sizeof(p), "i/p%05zu.txt", i);
		edge_add_in(e, graph_node(g, p, strlen(p)));
	}
	e->command = xstrdup("true");
	return g;
}

/* save g, read from manifest m, and load it back: the snapshot is used
 * and has g's node paths */
static void round_trip(struct graph *g, const char *m)
{
	static const char yaml[] = "version: 1\nrules:\n  r: {run: 'true'}\n";
	struct graph *back;
	int used = 0;
	size_t i, bad = 0;

	CHECK_INT(write_file_atomic(m, yaml, sizeof(yaml) - 1), 0);
	age(".");
	CHECK_INT(snapshot_save(g, m, NULL, 0, "data", NULL), 0);
	back = snapshot_load(m, &(struct load_opts){NULL, 0, NULL, NULL, NULL}, "data", NULL, 0, &used);
	CHECK_INT(used, 1);
	if (back && used) {
		CHECK_INT(back->nnodes, g->nnodes);
		for (i = 0; i < g->nnodes && i < back->nnodes; i++)
			bad += strcmp(back->nodes[i]->path, g->nodes[i]->path) != 0;
		CHECK_INT(bad, 0);
	}
	graph_free(back);
	unlink(m);
}

/* 12,000 node paths, the first one of every length up to 17: for some
 * length one path ends exactly at a window's end (with 12-character paths
 * every offset comes round within 17) */
static void test_node_paths_across_windows(void)
{
	size_t j;

	for (j = 1; j <= 17 && !unit_case_failed; j++) {
		struct graph *g = paths_graph("menace.yaml", j, 12000);

		round_trip(g, "menace.yaml");
		graph_free(g);
	}
}

/* 3,000 directories of the workspace recorded, after a manifest name of
 * every fourth length up to 48: for some length a directory's path ends
 * less than 16 bytes before a window's end, so reading its mtime and
 * inode refills the window under it */
static void test_dir_paths_across_windows(void)
{
	char m[64];
	size_t i;

	CHECK_INT(mkdir("dirs", 0777), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(m, sizeof(m), "dirs/directory-number-%05zu", i);
		CHECK_INT(mkdir(m, 0777), 0);
		age(m);
	}
	age("dirs");
	for (i = 0; i < 48 && !unit_case_failed; i += 4) {
		struct graph *g;

		snprintf(m, sizeof(m), "m%.*s.yaml", (int)i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		g = paths_graph(m, 1, 1);
		round_trip(g, m);
		graph_free(g);
	}
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0 || mkdir("data", 0777) < 0) {
		perror("tmpdir");
		return 1;
	}
	age("data");
	RUN(test_node_paths_across_windows);
	RUN(test_dir_paths_across_windows);
	if (!unit_failed && unit_remove_dir(tmpdir) < 0)
		unit_failed++;
	return unit_failed != 0;
}
