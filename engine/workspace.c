/* workspace.c: opening a workspace. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "htab.h"
#include "load.h"
#include "lock.h"
#include "path.h"
#include "snapshot.h"
#include "util.h"
#include "workspace.h"

char *workspace_datadir(void)
{
	const char *d = getenv("SANDBOX_DATA_DIR");

	return xstrdup(d && *d ? d : "sandbox_data");
}

struct fentry *workspace_fentry(struct workspace *ws, struct node *n)
{
	if (!n->priv)
		n->priv = filecache_add(ws->fc, n->path);
	return n->priv;
}

struct record *workspace_record(struct workspace *ws, const struct edge *e)
{
	if (e->id >= ws->nrec) {
		size_t n = ws->g->nedges > e->id ? ws->g->nedges : e->id + 1;

		ws->rec = xreallocarray(ws->rec, n, sizeof(ws->rec[0]));
		memset(ws->rec + ws->nrec, 0, (n - ws->nrec) * sizeof(ws->rec[0]));
		ws->nrec = n;
	}
	return &ws->rec[e->id];
}

static int parse_hex32(const char *p, struct hash *h)
{
	char tmp[HASH_HEX];

	memcpy(tmp, p, 32);
	tmp[32] = '\0';
	return hash_parse(tmp, h);
}

/* outputs: "HEX PATH\n" per output, in e's out order when it still matches */
static void fill_record(struct workspace *ws, struct edge *e, const struct state_last *l)
{
	struct record *r;
	const char *p = l->outputs;
	size_t i = 0;

	r = workspace_record(ws, e);
	r->has = 1;
	r->key = l->key;
	r->outs_match = 1;
	free(r->out);
	r->out = e->nout ? xcalloc(e->nout, sizeof(r->out[0])) : NULL;
	while (*p) {
		const char *nl = strchr(p, '\n'), *path = p + 33;
		size_t len;

		if (!nl || nl - p < 34 || p[32] != ' ')
			break;
		len = (size_t)(nl - path);
		if (i >= e->nout || e->out[i]->pathlen != len || memcmp(e->out[i]->path, path, len) != 0 ||
		    parse_hex32(p, &r->out[i]) < 0) {
			r->outs_match = 0;
			break;
		}
		i++;
		p = nl + 1;
	}
	if (i != e->nout)
		r->outs_match = 0;
	p = l->deps;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len) {
			r->deps = xreallocarray(r->deps, r->ndeps + 1, sizeof(r->deps[0]));
			r->deps[r->ndeps++] = xstrndup(p, len);
		}
		p += len + (nl ? 1 : 0);
	}
}

static void load_last(void *ctx, const struct state_last *l)
{
	struct workspace *ws = ctx;
	struct edge *e = graph_find_edge(ws->g, l->rule);
	struct orphan *o;

	if (e) {
		fill_record(ws, e, l);
		return;
	}
	ws->orphans = xreallocarray(ws->orphans, ws->norphans + 1, sizeof(ws->orphans[0]));
	o = &ws->orphans[ws->norphans++];
	o->rule = xstrdup(l->rule);
	o->key = l->key;
	o->outputs = xstrdup(l->outputs ? l->outputs : "");
	o->deps = xstrdup(l->deps ? l->deps : "");
	o->adopted = 0;
}

void workspace_adopt(struct workspace *ws, struct edge *e)
{
	size_t i;
	struct state_last l;

	workspace_record(ws, e);
	if (!ws->norphans)
		return;
	if (!ws->orphanmap) {
		ws->orphanmap = htab_new(ws->norphans);
		for (i = 0; i < ws->norphans; i++)
			*htab_put(ws->orphanmap, ws->orphans[i].rule, strlen(ws->orphans[i].rule)) =
				(void *)(i + 1);
	}
	i = (size_t)htab_get(ws->orphanmap, e->name, strlen(e->name));
	if (!i)
		return;
	l.rule = ws->orphans[i - 1].rule;
	l.key = ws->orphans[i - 1].key;
	l.outputs = ws->orphans[i - 1].outputs;
	l.deps = ws->orphans[i - 1].deps;
	fill_record(ws, e, &l);
	ws->orphans[i - 1].adopted = 1;
}

int workspace_attach(struct workspace *ws, struct graph *g, struct state *st)
{
	ws->g = g;
	ws->st = st;
	ws->fc = filecache_new(64);
	ws->nrec = g->nedges;
	ws->rec = xcalloc(ws->nrec + 1, sizeof(ws->rec[0]));
	if (state_load_files(st, ws->fc, g) < 0 || state_load_last(st, load_last, ws) < 0)
		return EXIT_STATE;
	return 0;
}

/* freeing a 100,000-rule graph piece by piece takes tens of milliseconds
 * that exit() does for free; sanitizer builds free everything so leak
 * checks stay meaningful */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FREE_AT_EXIT 1
#endif
#endif
#ifndef FREE_AT_EXIT
#define FREE_AT_EXIT 0
#endif

void workspace_exit(struct workspace *ws)
{
	if (FREE_AT_EXIT) {
		workspace_close(ws);
		return;
	}
	state_close(ws->st);
	memset(ws, 0, sizeof(*ws));
}

void workspace_close(struct workspace *ws)
{
	size_t i, j;

	for (i = 0; i < ws->nrec; i++) {
		free(ws->rec[i].out);
		for (j = 0; j < ws->rec[i].ndeps; j++)
			free(ws->rec[i].deps[j]);
		free(ws->rec[i].deps);
	}
	free(ws->rec);
	for (i = 0; i < ws->norphans; i++) {
		free(ws->orphans[i].rule);
		free(ws->orphans[i].outputs);
		free(ws->orphans[i].deps);
	}
	free(ws->orphans);
	htab_free(ws->orphanmap);
	state_close(ws->st);
	filecache_free(ws->fc);
	graph_free(ws->g);
	free(ws->datadir);
	memset(ws, 0, sizeof(*ws));
}

int workspace_open(struct workspace *ws, enum workspace_mode mode)
{
	char *dir = path_dirname(cli.manifest), *base, *db;
	const char *slash = strrchr(cli.manifest, '/');
	struct graph *g;
	struct state *st;
	int rc;

	memset(ws, 0, sizeof(*ws));
	base = xstrdup(slash ? slash + 1 : cli.manifest);
	if (strcmp(dir, ".") != 0 && chdir(dir) < 0) {
		warn("cannot change to '%s':", dir);
		free(dir);
		free(base);
		return EXIT_USAGE;
	}
	free(dir);
	ws->datadir = workspace_datadir();
	if (mode == WS_WRITE && mkdir_p(ws->datadir) < 0) {
		warn("cannot create the state directory '%s':", ws->datadir);
		free(base);
		free(ws->datadir);
		ws->datadir = NULL;
		return EXIT_STATE;
	}
	/* before anything is read: another writer may be halfway through */
	if (mode == WS_WRITE && (rc = workspace_lock(ws->datadir)) != 0) {
		free(base);
		free(ws->datadir);
		ws->datadir = NULL;
		return rc;
	}
	g = snapshot_load(base, cli.defines, cli.ndefines, ws->datadir, mode == WS_WRITE,
	                  &ws->from_snapshot);
	free(base);
	if (!g) {
		free(ws->datadir);
		ws->datadir = NULL;
		return EXIT_USAGE;
	}
	db = path_join(ws->datadir, "menace.db");
	st = state_open(db, mode == WS_READ);
	free(db);
	if (!st) {
		graph_free(g);
		free(ws->datadir);
		ws->datadir = NULL;
		return EXIT_STATE;
	}
	rc = workspace_attach(ws, g, st);
	if (rc) {
		char *keep = ws->datadir;

		ws->datadir = NULL;
		workspace_close(ws);
		free(keep);
	}
	return rc;
}
