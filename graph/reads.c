/* reads.c: the manifest's reads: list, the directories outside the
 * workspace whose files rules may name as inputs (docs/manifest.md,
 * "reads"). Outputs and depfiles stay inside the workspace whatever it
 * says: menace reads there, it never writes or deletes there. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/graph.h"
#include "base/path.h"
#include "base/util.h"

/* the workspace as an absolute path (the current directory), once */
static const char *workspace_abs(void)
{
	static char cwd[PATH_MAX];

	if (!cwd[0] && !getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	return cwd;
}

void graph_add_read(struct graph *g, const char *dir)
{
	char *d = path_clean_dup(dir);
	size_t i;

	for (i = 0; i < g->nreads; i++)
		if (strcmp(g->reads[i], d) == 0) {
			free(d);
			return;
		}
	g->reads = xreallocarray(g->reads, g->nreads + 1, sizeof(g->reads[0]));
	g->reads[g->nreads++] = d;
}

/* 1 when clean path p is dir or lies below it */
static int below(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return p[0] == '/';
	return strncmp(p, dir, n) == 0 && (p[n] == '\0' || p[n] == '/');
}

size_t graph_workspace_path(char *clean)
{
	const char *ws = workspace_abs();
	size_t n = strlen(ws);

	if (clean[0] != '/' || !below(clean, ws) || strcmp(ws, "/") == 0)
		return strlen(clean);
	if (clean[n] == '\0')
		strcpy(clean, ".");
	else
		memmove(clean, clean + n + 1, strlen(clean + n + 1) + 1);
	return strlen(clean);
}

int graph_may_read(const struct graph *g, const char *clean)
{
	char *abs;
	size_t i;
	int ok = 0;

	if (!path_escapes(clean))
		return 1;
	abs = path_join(workspace_abs(), clean);
	for (i = 0; i < g->nreads && !ok; i++) {
		char *root = path_join(workspace_abs(), g->reads[i]);

		ok = below(abs, root);
		free(root);
	}
	free(abs);
	return ok;
}
