/* workspace.c: opening a workspace. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/htab.h"
#include "graph/load.h"
#include "engine/lock.h"
#include "base/path.h"
#include "engine/snapshot.h"
#include "base/util.h"
#include "engine/vanished.h"
#include "engine/service.h"
#include "engine/workspace.h"

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
	free(r->recorded);
	r->recorded = r->outs_match ? NULL : xstrdup(l->outputs);
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

void workspace_refill(struct workspace *ws, struct edge *e)
{
	struct record *r = workspace_record(ws, e);
	struct state_last l;
	struct buf deps = BUF_INIT;
	char *outputs;
	size_t i;

	if (!r->has || r->outs_match || !r->recorded)
		return;
	for (i = 0; i < r->ndeps; i++) {
		buf_printf(&deps, "%s\n", r->deps[i]);
		free(r->deps[i]);
	}
	free(r->deps);
	r->deps = NULL;
	r->ndeps = 0;
	outputs = r->recorded;
	r->recorded = NULL;
	l.rule = e->name;
	l.key = r->key;
	l.outputs = outputs;
	l.deps = deps.s ? deps.s : "";
	fill_record(ws, e, &l);
	free(outputs);
	buf_free(&deps);
}

int workspace_attach(struct workspace *ws, struct graph *g, struct state *st)
{
	ws->g = g;
	ws->st = st;
	g->glob_skip = vanished_skip;
	g->glob_skip_ctx = ws;
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
	state_save_copy(ws->st, ws->fc, ws->g);
	state_close(ws->st);
	memset(ws, 0, sizeof(*ws));
}

/* free what attach made: the graph, records, orphans and hash cache */
static void detach(struct workspace *ws)
{
	size_t i, j;

	vanished_free(ws);
	htab_free(ws->depset);
	ws->depset = NULL;
	for (i = 0; i < ws->nrec; i++) {
		free(ws->rec[i].out);
		free(ws->rec[i].recorded);
		for (j = 0; j < ws->rec[i].ndeps; j++)
			free(ws->rec[i].deps[j]);
		free(ws->rec[i].deps);
	}
	free(ws->rec);
	ws->rec = NULL;
	ws->nrec = 0;
	for (i = 0; i < ws->norphans; i++) {
		free(ws->orphans[i].rule);
		free(ws->orphans[i].outputs);
		free(ws->orphans[i].deps);
	}
	free(ws->orphans);
	ws->orphans = NULL;
	ws->norphans = 0;
	htab_free(ws->orphanmap);
	ws->orphanmap = NULL;
	filecache_free(ws->fc);
	ws->fc = NULL;
	graph_free(ws->g);
	ws->g = NULL;
}

void workspace_close(struct workspace *ws)
{

	services_free(ws->svc);
	if (ws->st)
		state_save_copy(ws->st, ws->fc, ws->g);
	detach(ws);
	state_close(ws->st);
	free(ws->statedir);
	memset(ws, 0, sizeof(*ws));
}

/* the graph (from the snapshot or the manifest, read before the state) has
 * a glob that matched an output of a rule that is gone: read the manifest
 * again with the state's skip test (vanished.h) */
static int read_again(struct workspace *ws, const struct workspace_opts *o, const char *base)
{
	struct load_opts lo = {o->defines, o->ndefines, o->actions, vanished_skip, ws};
	struct graph *g = graph_load(base, &lo);
	struct state *st = ws->st;

	if (!g)
		return EXIT_USAGE;
	detach(ws);
	ws->from_snapshot = 0;
	return workspace_attach(ws, g, st);
}

/* 1 when the state directory is not there yet but an earlier menace's
 * state is, in o->old_statedir */
static int old_state(const struct workspace_opts *o)
{
	char *db;
	int yes;

	if (!o->old_statedir || access(o->statedir, F_OK) == 0)
		return 0;
	db = path_join(o->old_statedir, "menace.db");
	yes = access(db, F_OK) == 0;
	free(db);
	return yes;
}

/* move the database and the cache of an earlier menace from old into dir
 * (made and locked); what is not there is skipped, a failure is a warning
 * (the build goes on from a new state) */
static void move_old_state(const char *old, const char *dir)
{
	static const char *const names[] = {"menace.db", "menace.db-wal", "menace.db-shm", "cache"};
	static const char *const drop[] = {"graph.snapshot", "graph.snapshot.files", "menace.db.lock"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *from = path_join(old, names[i]), *to = path_join(dir, names[i]);

		if (rename(from, to) < 0 && errno != ENOENT)
			warn("cannot move '%s' to '%s':", from, to);
		free(from);
		free(to);
	}
	/* the old snapshot and lock are menace's own, and of no further use */
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++) {
		char *p = path_join(old, drop[i]);

		unlink(p);
		free(p);
	}
	rmdir(old);   /* when nothing else is in it */
	warn("moved the state from '%s' to '%s'", old, dir);
}

int workspace_open(struct workspace *ws, const struct workspace_opts *o, enum workspace_mode mode)
{
	struct load_opts lo = {o->defines, o->ndefines, o->actions, NULL, NULL};
	char *base, *db;
	struct graph *g;
	struct state *st;
	int rc, old;

	memset(ws, 0, sizeof(*ws));
	if (!(base = workspace_enter(o)))
		return EXIT_USAGE;
	ws->actions = o->actions;
	old = old_state(o);
	/* status, explain: read the state where it is */
	ws->statedir = xstrdup(old && mode == WS_READ ? o->old_statedir : o->statedir);
	g = snapshot_load(base, &lo, ws->statedir, o->exe, mode == WS_WRITE,
	                  &ws->from_snapshot);
	rc = EXIT_USAGE;
	if (!g)
		goto fail;
	/* made only now: a manifest error writes nothing */
	rc = EXIT_STATE;
	if (mode == WS_WRITE && mkdir_p(ws->statedir) < 0) {
		warn("cannot create the state directory '%s':", ws->statedir);
		goto fail;
	}
	/* before the state is read: another writer may be halfway through */
	if (mode == WS_WRITE && (rc = workspace_lock(ws->statedir, o->no_wait)) != 0)
		goto fail;
	if (mode == WS_WRITE && old)
		move_old_state(o->old_statedir, ws->statedir);
	if (workspace_lock_waited()) {
		/* the graph was read while another build changed the files */
		graph_free(g);
		g = snapshot_load(base, &lo, ws->statedir, o->exe, mode == WS_WRITE,
		                  &ws->from_snapshot);
		rc = EXIT_USAGE;
		if (!g)
			goto fail;
	}
	db = path_join(ws->statedir, "menace.db");
	st = state_open(db, mode == WS_READ);
	free(db);
	rc = EXIT_STATE;
	if (!st)
		goto fail;
	rc = workspace_attach(ws, g, st);
	if (!rc && vanished_read_as_source(ws))
		rc = read_again(ws, o, base);
	free(base);
	if (rc) {
		char *keep = ws->statedir;

		ws->statedir = NULL;
		workspace_close(ws);
		free(keep);
	} else {
		ws->svc = services_new(ws->actions);
	}
	return rc;
fail:
	free(base);
	graph_free(g);
	free(ws->statedir);
	ws->statedir = NULL;
	return rc;
}
