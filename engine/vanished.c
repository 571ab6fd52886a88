/* vanished.c: see vanished.h. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/htab.h"
#include "base/path.h"
#include "base/util.h"
#include "engine/vanished.h"

struct vout {
	struct hash h;
	size_t orphan;        /* index in ws->orphans */
};

int recorded_next(const char **p, char **path, struct hash *h)
{
	const char *s = *p, *nl = strchr(s, '\n');
	char hex[HASH_HEX];

	if (!nl || nl - s < 34 || s[32] != ' ')
		return 0;
	memcpy(hex, s, 32);
	hex[32] = '\0';
	if (hash_parse(hex, h) < 0)
		return 0;
	*path = xstrndup(s + 33, (size_t)(nl - s - 33));
	*p = nl + 1;
	return 1;
}

/* path -> struct vout, from every orphan's recorded outputs */
static struct htab *vanmap(struct workspace *ws)
{
	size_t i;

	if (ws->vanmap)
		return ws->vanmap;
	ws->vanmap = htab_new(16);
	for (i = 0; i < ws->norphans; i++) {
		const char *p = ws->orphans[i].outputs;
		char *path;
		struct hash h;

		while (recorded_next(&p, &path, &h)) {
			struct vout *v = xcalloc(1, sizeof(*v));
			void **slot;

			v->h = h;
			v->orphan = i;
			/* the key lives in the orphan's text, which outlives the map */
			slot = htab_put(ws->vanmap, p - 1 - strlen(path), strlen(path));
			free(*slot);
			*slot = v;
			free(path);
		}
	}
	return ws->vanmap;
}

void vanished_free(struct workspace *ws)
{
	size_t i = 0;
	const char *k;
	size_t len;
	void *v;

	if (!ws->vanmap)
		return;
	while (htab_next(ws->vanmap, &i, &k, &len, &v))
		free(v);
	htab_free(ws->vanmap);
	ws->vanmap = NULL;
}

/* the current content hash of path (a tree hash for a directory); 0, 1
 * when absent, -1 */
/* the hash cache's entry of path: its node's when the graph has one */
static struct fentry *fentry_of(struct workspace *ws, const char *path)
{
	struct node *n = graph_find_node(ws->g, path, strlen(path));

	return n ? workspace_fentry(ws, n) : filecache_put(ws->fc, path, strlen(path), 0);
}

static int content_hash(struct workspace *ws, const char *path, struct hash *h)
{
	struct fentry *fe = fentry_of(ws, path);
	struct stat st;
	int rc;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 1 : -1;
	rc = filecache_check(ws->fc, fe, S_ISDIR(st.st_mode));
	if (rc == 0)
		*h = fe->hash;
	return rc;
}

static struct vout *find(struct workspace *ws, const char *path)
{
	struct vout *v = htab_get(vanmap(ws), path, strlen(path));

	return v && !ws->orphans[v->orphan].adopted ? v : NULL;
}

const char *vanished_owner(struct workspace *ws, const char *path)
{
	struct vout *v = find(ws, path);
	struct hash h;

	if (!v || content_hash(ws, path, &h) != 0 || !hash_eq(h, v->h))
		return NULL;
	return ws->orphans[v->orphan].rule;
}

int vanished_skip(void *ctx, const char *path)
{
	return vanished_owner(ctx, path) != NULL;
}

int vanished_read_as_source(struct workspace *ws)
{
	size_t i;

	if (!ws->norphans)
		return 0;
	for (i = 0; i < ws->g->nnodes; i++) {
		struct node *n = ws->g->nodes[i];

		if (!n->gen && n->nuse && vanished_owner(ws, n->path))
			return 1;
	}
	return 0;
}

/* every depfile input the current records name */
static int is_dep_input(struct workspace *ws, const char *path)
{
	size_t i, j;

	if (!ws->depset) {
		ws->depset = htab_new(16);
		for (i = 0; i < ws->nrec; i++)
			for (j = 0; j < ws->rec[i].ndeps; j++)
				*htab_put(ws->depset, ws->rec[i].deps[j], strlen(ws->rec[i].deps[j])) = (void *)1;
	}
	return htab_get(ws->depset, path, strlen(path)) != NULL;
}

/* 1 when a parent directory of path resolves outside the workspace */
static int behind_link(const char *path)
{
	char *dir = path_dirname(path), root[PATH_MAX], real[PATH_MAX];
	size_t rl;
	int out = 0;

	if (strcmp(dir, ".") != 0 && realpath(".", root) && realpath(dir, real)) {
		rl = strlen(root);
		out = !(strncmp(real, root, rl) == 0 && (real[rl] == '/' || real[rl] == '\0' || rl == 1));
	}
	free(dir);
	return out;
}

const char *remove_reason(enum remove_result r)
{
	switch (r) {
	case RM_CHANGED:
		return "it changed since menace wrote it";
	case RM_SOURCE:
		return "the current manifest reads or writes it";
	case RM_OUTSIDE:
		return "it lies behind a symlink that leaves the workspace";
	default:
		return "";
	}
}

static enum remove_result check(struct workspace *ws, const char *path, const struct hash *recorded,
                                const struct edge *owner)
{
	struct node *n = graph_find_node(ws->g, path, strlen(path));
	struct hash h;
	int rc;

	if (path_escapes(path) || behind_link(path))
		return RM_OUTSIDE;
	if (n && n->gen && n->gen != owner)
		return RM_SOURCE;    /* another rule writes it now */
	rc = content_hash(ws, path, &h);
	if (rc == 1)
		return RM_ABSENT;
	if (rc < 0)
		return RM_ERROR;
	if (!recorded || !hash_eq(h, *recorded))
		return RM_CHANGED;
	if ((n && !n->gen && n->nuse > 0) || is_dep_input(ws, path))
		return RM_SOURCE;
	return RM_REMOVED;
}

enum remove_result output_remove(struct workspace *ws, const char *path, const struct hash *recorded,
                                 const struct edge *owner)
{
	enum remove_result r = check(ws, path, recorded, owner);

	if (r == RM_CHANGED || r == RM_OUTSIDE)
		warn("kept '%s': %s", path, remove_reason(r));
	if (r != RM_REMOVED)
		return r;
	if (remove_tree(path) < 0)
		return RM_ERROR;
	filecache_invalidate(fentry_of(ws, path));
	return RM_REMOVED;
}

int remove_recorded(struct workspace *ws, const struct edge *e)
{
	struct record *r = workspace_record(ws, e);
	const char *p = r->recorded ? r->recorded : "";
	char *path;
	struct hash h;
	size_t i;
	int n = 0, rr;

	if (!r->has)
		return 0;
	if (r->outs_match) {
		for (i = 0; i < e->nout; i++) {
			if ((rr = output_remove(ws, e->out[i]->path, &r->out[i], e)) == RM_ERROR)
				n = -1;
			else if (rr == RM_REMOVED && n >= 0)
				n++;
		}
		return n;
	}
	while (recorded_next(&p, &path, &h)) {
		if ((rr = output_remove(ws, path, &h, e)) == RM_ERROR)
			n = -1;
		else if (rr == RM_REMOVED && n >= 0)
			n++;
		free(path);
	}
	return n;
}
