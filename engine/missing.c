/* missing.c: the message of an input that is not there (stale.h). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "base/path.h"
#include "base/suggest.h"
#include "base/util.h"
#include "engine/stale.h"

/* the closest to path (one edit away) of the graph's files and the files
 * beside it on disk */
static char *closest_file(const struct graph *g, const char *path)
{
	struct suggest sg;
	char *dir = path_dirname(path), **names = NULL, *best = NULL;
	size_t i, n = 0, cap = 0;
	const char *b;
	DIR *d;

	suggest_begin(&sg, path);
	for (i = 0; i < g->nnodes; i++)
		suggest_add(&sg, g->nodes[i]->path);
	if ((d = opendir(dir)) != NULL) {
		struct dirent *de;

		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			growarray(&names, &cap, n + 1, sizeof(names[0]));
			names[n++] = strcmp(dir, ".") == 0 ? xstrdup(de->d_name) : path_join(dir, de->d_name);
		}
		closedir(d);
	}
	for (i = 0; i < n; i++)
		suggest_add(&sg, names[i]);
	/* one edit only: paths share most of their characters */
	if ((b = suggest_end(&sg)) != NULL && sg.dist <= 1)
		best = xstrdup(b);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return best;
}

int stale_missing(const struct graph *g, const struct edge *e, const struct node *n,
                  const char *detail)
{
	const struct rule *r = e->rule;
	char *best = n->gen ? NULL : closest_file(g, n->path), where[512] = "";

	if (r && r->loc.file)
		snprintf(where, sizeof(where), "%s:%d:%d: ", r->loc.file, r->loc.line, r->loc.col);
	if (n->gen)
		error("%s'%s', written by '%s' and needed by '%s', is missing", where, n->path,
		      n->gen->name, e->name);
	else
		error("%s'%s', needed by '%s', is missing and no rule makes it%s%s", where, n->path,
		      e->name, detail ? detail : "", suggest_hint(best));
	free(best);
	return -1;
}
