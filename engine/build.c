/* build.c: the scheduler. An instance is checked when all its inputs'
 * producers and its needs have finished: its key is computed from the
 * real hashes they left (so a producer that rewrote identical bytes
 * leaves it up to date: early cutoff). */
#include <cjson/cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engine/build.h"
#include "engine/cache.h"
#include "base/fsio.h"
#include "engine/key.h"
#include "graph/load.h"
#include "base/path.h"
#include "rules/presets.h"
#include "engine/proc.h"
#include "engine/report.h"
#include "engine/stale.h"
#include "base/util.h"
#include "engine/vanished.h"

/* commit a batch of results when this many are pending, or this old */
enum { BATCH_ROWS = 512 };
#define BATCH_NS 200000000LL

enum { ST_WAITING, ST_DONE };

struct running {
	struct edge *e;
	struct buf ser;            /* its key serialization, depfile lines to come */
	char *reason;
	int slot;
	long long start_ns;        /* since the build began */
};

struct erun {
	int nblock;                /* unfinished producers of inputs, and needs */
	unsigned char want, done, dep_failed;
	enum rstatus status;
	struct edge **by;          /* needed_by: the planned instances that need it */
	size_t nby, capby;
	struct running *run;       /* stale and queued or running: its key and reason */
};


struct poolq {
	struct pool *p;
	struct edge **q;
	size_t n, cap;
};

struct build {
	struct workspace *ws;
	struct graph *g;
	struct build_opts *o;
	struct report *rep;
	struct jobs *jobs;
	struct erun *er;
	unsigned char *pending;    /* dry run: instances that would run */
	size_t ner;                /* er and pending are sized for this many edges */
	struct cache *cache;
	struct edge **ready, **runq;
	size_t nready, capready, nrunq, caprunq;
	struct poolq *pq;
	size_t npq;
	unsigned char *slots;
	long long counts[RS_N];
	long long t0, run_id, last_commit;
	size_t nwant, nwrites, nchecked;
	int nfailed, stopping, interrupted, state_error;
	struct buf ser, why;
};

int build_default_jobs(void)
{
	const char *s = getenv("MENACE_JOBS");

	if (s && *s) {
		char *end;
		long v = strtol(s, &end, 10);

		if (*end == '\0' && v > 0 && v < 100000)
			return (int)v;
	}
	return ncpus() + 2;
}

static void push(struct edge ***v, size_t *n, size_t *cap, struct edge *e)
{
	growarray(v, cap, *n + 1, sizeof((*v)[0]));
	(*v)[(*n)++] = e;
}

/* er and pending cover every edge of the graph (foreach adds some) */
static void grow_er(struct build *b)
{
	size_t n = b->g->nedges;

	if (n <= b->ner)
		return;
	b->er = xreallocarray(b->er, n + 1, sizeof(b->er[0]));
	memset(b->er + b->ner, 0, (n + 1 - b->ner) * sizeof(b->er[0]));
	if (b->pending) {
		b->pending = xrealloc(b->pending, n + 1);
		memset(b->pending + b->ner, 0, n + 1 - b->ner);
	}
	b->ner = n;
}

/* count what e waits for (producers and needs not finished yet) and enter
 * it in its needs' needed_by lists */
static void plan_edge(struct build *b, struct edge *e)
{
	struct erun *r = &b->er[e->id];
	size_t j;

	for (j = 0; j < e->nin; j++)
		if (e->in[j]->gen && !b->er[e->in[j]->gen->id].done)
			r->nblock++;
	for (j = 0; j < e->nneeds; j++) {
		struct erun *d = &b->er[e->needs[j]->id];

		if (d->done)
			continue;
		r->nblock++;
		growarray(&d->by, &d->capby, d->nby + 1, sizeof(d->by[0]));
		d->by[d->nby++] = e;
	}
}

/* mark what targets need, depth first without recursion, and plan each
 * newly wanted instance; those with nothing to wait for go on ready when
 * push_ready is set */
static void plan(struct build *b, struct edge **targets, size_t n, int push_ready)
{
	struct edge **stack = NULL, **added = NULL;
	size_t ns = 0, cap = 0, na = 0, capa = 0, i;

	for (i = 0; i < n; i++)
		if (!b->er[targets[i]->id].want) {
			b->er[targets[i]->id].want = 1;
			push(&stack, &ns, &cap, targets[i]);
		}
	while (ns) {
		struct edge *e = stack[--ns];

		b->nwant++;
		push(&added, &na, &capa, e);
		for (i = 0; i < e->nin; i++) {
			struct edge *p = e->in[i]->gen;

			if (p && !b->er[p->id].want) {
				b->er[p->id].want = 1;
				push(&stack, &ns, &cap, p);
			}
		}
		for (i = 0; i < e->nneeds; i++) {
			struct edge *p = e->needs[i];

			if (!b->er[p->id].want) {
				b->er[p->id].want = 1;
				push(&stack, &ns, &cap, p);
			}
		}
	}
	free(stack);
	for (i = 0; i < na; i++)
		plan_edge(b, added[i]);
	for (i = 0; push_ready && i < na; i++)
		if (b->er[added[i]->id].nblock == 0)
			push(&b->ready, &b->nready, &b->capready, added[i]);
	free(added);
}

/* the sources every planned instance reads must exist; -1 after naming
 * each missing one */
static int check_sources(struct build *b)
{
	size_t i, j;
	int ret = 0;

	for (i = 0; i < b->g->nedges; i++) {
		struct edge *e = b->g->edges[i];

		if (!b->er[i].want)
			continue;
		for (j = 0; j < e->nin; j++) {
			struct node *n = e->in[j];
			const char *by;
			int rc;

			if (n->gen)
				continue;
			rc = filecache_check(b->ws->fc, workspace_fentry(b->ws, n), n->is_dir);
			if (rc == 0 && (by = vanished_owner(b->ws, n->path)))
				ret = error("'%s', needed by '%s', is missing and no rule makes it (the file there was "
				            "written by '%s', which is gone: edit it to keep it as a source, or delete it)",
				            n->path, e->name, by);
			else if (rc == 1)
				ret = error("'%s', needed by '%s', is missing and no rule makes it", n->path, e->name);
			else if (rc < 0)
				ret = -1;
		}
	}
	return ret;
}

static void log_event(struct build *b, struct edge *e, enum rstatus st, const char *reason,
                      int exitcode, int slot, long long start, long long end, const struct hash *key)
{
	struct state_event ev;

	if (b->o->dry_run || b->run_id <= 0)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.rule = e->name;
	ev.reason = reason;
	ev.status = rstatus_name(st);
	ev.exit = exitcode;
	ev.slot = slot;
	ev.start_ns = start;
	ev.end_ns = end;
	if (key)
		ev.key = *key;
	if (state_put_event(b->ws->st, b->run_id, &ev) < 0)
		b->state_error = 1;
	b->nwrites++;
}

static void finish(struct build *b, struct edge *e, enum rstatus st)
{
	struct erun *r = &b->er[e->id];
	int bad = st == RS_FAILED || st == RS_SKIPPED;
	size_t i, j;

	r->done = 1;
	r->status = st;
	b->counts[st]++;
	if (st == RS_FAILED) {
		b->nfailed++;
		if (b->o->keep_going > 0 && b->nfailed >= b->o->keep_going)
			b->stopping = 1;
	}
	if (st == RS_WOULD && b->pending)
		b->pending[e->id] = 1;
	if (st == RS_WOULD && b->o->stale)
		b->o->stale[e->id] = 1;
	for (i = 0; i < e->nout; i++) {
		struct node *n = e->out[i];

		for (j = 0; j < n->nuse; j++) {
			struct erun *u = &b->er[n->use[j]->id];

			if (!u->want)
				continue;
			if (bad)
				u->dep_failed = 1;
			if (--u->nblock == 0)
				push(&b->ready, &b->nready, &b->capready, n->use[j]);
		}
	}
	for (i = 0; i < r->nby; i++) {
		struct edge *d = r->by[i];
		struct erun *u = &b->er[d->id];

		if (bad)
			u->dep_failed = 1;
		if (--u->nblock == 0)
			push(&b->ready, &b->nready, &b->capready, d);
	}
}

static struct poolq *poolq_of(struct build *b, struct pool *p)
{
	size_t i;

	for (i = 0; i < b->npq; i++)
		if (b->pq[i].p == p)
			return &b->pq[i];
	b->pq = xreallocarray(b->pq, b->npq + 1, sizeof(b->pq[0]));
	memset(&b->pq[b->npq], 0, sizeof(b->pq[0]));
	b->pq[b->npq].p = p;
	p->running = 0;
	return &b->pq[b->npq++];
}

static void enqueue(struct build *b, struct edge *e)
{
	if (e->pool && e->pool->depth > 0) {
		struct poolq *q = poolq_of(b, e->pool);

		if (e->pool->running >= e->pool->depth) {
			push(&q->q, &q->n, &q->cap, e);
			return;
		}
		e->pool->running++;
	}
	push(&b->runq, &b->nrunq, &b->caprunq, e);
}

static void pool_release(struct build *b, struct edge *e)
{
	struct poolq *q;

	if (!e->pool || e->pool->depth <= 0)
		return;
	q = poolq_of(b, e->pool);
	e->pool->running--;
	if (q->n) {
		/* FIFO within a pool */
		struct edge *next = q->q[0];

		memmove(q->q, q->q + 1, (q->n - 1) * sizeof(q->q[0]));
		q->n--;
		e->pool->running++;
		push(&b->runq, &b->nrunq, &b->caprunq, next);
	}
}

/* the first line of why, for events and progress */
static char *first_line(const struct buf *why)
{
	size_t n;

	if (!why->len)
		return xstrdup("");
	n = strcspn(why->s, "\n");
	return xstrndup(why->s, n);
}

/* remove the outputs recorded for the vanished instance o, where that is
 * safe (vanished.h), and forget its last run, unless the graph still
 * reads one of them as menace wrote it (check_sources then fails as a
 * clean build would: kept for the user to decide) */
static void remove_orphan(struct build *b, struct orphan *o, const char *why)
{
	const char *p = o->outputs;
	char *f;
	struct hash h;
	int keep = 0;

	while (recorded_next(&p, &f, &h)) {
		enum remove_result rr = output_remove(b->ws, f, &h, NULL);

		if (rr == RM_REMOVED)
			report_removed(b->rep, o->rule, f, why);
		else if (rr == RM_ERROR || (rr == RM_SOURCE && vanished_owner(b->ws, f)))
			keep = 1;
		free(f);
	}
	if (keep)
		return;    /* still vanished: globs keep skipping what it wrote */
	o->adopted = 1;
	if (state_forget(b->ws->st, o->rule) < 0)
		b->state_error = 1;
	b->nwrites++;
}

/* after r's expansion: its instances that left the list */
static void remove_vanished_of(struct build *b, struct rule *r)
{
	size_t i, len = strlen(r->name);

	if (b->o->dry_run)
		return;
	for (i = 0; i < b->ws->norphans; i++) {
		struct orphan *o = &b->ws->orphans[i];

		if (!o->adopted && strncmp(o->rule, r->name, len) == 0 && o->rule[len] == '[' &&
		    !graph_find_edge(b->g, o->rule))
			remove_orphan(b, o, "instance removed");
	}
}

/* before anything runs: the instances that are gone (a rule left the
 * manifest, a matrix value was dropped). A rule still waiting for its
 * expansion keeps its instances' records until it is expanded. */
static void remove_vanished(struct build *b)
{
	struct workspace *ws = b->ws;
	size_t i;

	for (i = 0; i < ws->norphans; i++) {
		struct orphan *o = &ws->orphans[i];
		const char *br = strchr(o->rule, '[');
		struct rule *r;

		if (o->adopted || graph_find_edge(b->g, o->rule))
			continue;
		r = graph_find_rule(b->g, o->rule);
		if (!r && br) {
			char *name = xstrndup(o->rule, (size_t)(br - o->rule));

			r = graph_find_rule(b->g, name);
			free(name);
		}
		if (r && r->ninst == 1 && (r->inst[0]->flags & EDGE_TEMPLATE))
			continue;
		remove_orphan(b, o, r ? "instance removed" : "rule removed");
	}
}

static void plan_instances(struct build *b, struct edge *e, size_t first);
static void expand_late(struct build *b, struct edge *e);

static void fail_now(struct build *b, struct edge *e, const char *why)
{
	report_rule_end(b->rep, e, RS_FAILED, 0, why, NULL, 0, why);
	log_event(b, e, RS_FAILED, why, -1, 0, 0, 0, NULL);
	finish(b, e, RS_FAILED);
}

/* a dry run: e would run, for a reason (malloc'd, freed here) that is
 * all there is to say, its instances being unknown */
static void would_run_unknown(struct build *b, struct edge *e, char *why)
{
	if (b->o->list)
		report_would_run(b->rep, e, why);
	if (e == b->o->why_edge && b->o->why) {
		buf_printf(b->o->why, "%s\n", why);
		b->o->why_state = 1;
	}
	report_rule_end(b->rep, e, RS_WOULD, 0, why, NULL, 0, NULL);
	finish(b, e, RS_WOULD);
	free(why);
}

/* a foreach rule whose list is up to date: expand it into its instances,
 * plan them, and make the rule wait for them (a group) */
static void expand(struct build *b, struct edge *e)
{
	struct rule *r = e->rule;
	struct node *list = e->nin ? e->in[0] : NULL;
	char *text = NULL, *skip = NULL;
	size_t len = 0, skiplen = 0, first = b->g->nedges;
	int rc;

	if (list && list->gen && b->pending && b->pending[list->gen->id]) {
		/* a dry run: the list would be rebuilt, its instances are unknown */
		would_run_unknown(b, e, xasprintf("foreach list '%s' will be rebuilt by '%s'", list->path,
		                                  list->gen->name));
		return;
	}
	if (r && !r->foreach_from) {
		expand_late(b, e);
		return;
	}
	if (!r || !(text = read_file(r->foreach_from, &len))) {
		error("cannot read '%s', the foreach list of rule '%s':", r && r->foreach_from ? r->foreach_from : "?",
		      e->name);
		fail_now(b, e, "cannot read its foreach list");
		return;
	}
	if (r->foreach_skip && !(skip = read_file(r->foreach_skip, &skiplen)) && errno != ENOENT) {
		error("cannot read '%s', the skip list of rule '%s':", r->foreach_skip, e->name);
		free(text);
		fail_now(b, e, "cannot read its skip list");
		return;
	}
	rc = graph_expand_foreach(b->g, r, text, len, skip, skiplen);
	free(text);
	free(skip);
	grow_er(b);
	if (rc < 0 || graph_check_cycles(b->g) < 0) {
		fail_now(b, e, "cannot expand its foreach list");
		return;
	}
	plan_instances(b, e, first);
}

/* after e's rule was expanded into the edges from first on (or into e
 * itself, a late rule without matrix): adopt their last runs, remove what
 * vanished, and plan them; e waits for them (a group) or for its inputs */
static void plan_instances(struct build *b, struct edge *e, size_t first)
{
	size_t i;

	for (i = first; i < b->g->nedges; i++)
		workspace_adopt(b->ws, b->g->edges[i]);
	if (!(e->flags & EDGE_GROUP))
		workspace_refill(b->ws, e);
	remove_vanished_of(b, e->rule);
	report_add_total(b->rep, b->g->nedges - first);
	/* the instances, and what they read that was not planned yet */
	plan(b, b->g->edges + first, b->g->nedges - first, 1);
	if (!(e->flags & EDGE_GROUP)) {
		/* e is the instance: what it reads that was not planned yet */
		for (i = 0; i < e->nin; i++) {
			struct edge *p = e->in[i]->gen;

			if (p && !b->er[p->id].want)
				plan(b, &p, 1, 1);
		}
	}
	/* the group waits for every instance */
	b->er[e->id].nblock = 0;
	plan_edge(b, e);
	if (b->er[e->id].nblock == 0)
		push(&b->ready, &b->nready, &b->capready, e);
}

/* a late rule (graph/late.c) whose foreach rules have been expanded */
static void expand_late(struct build *b, struct edge *e)
{
	struct rule *r = e->rule;
	size_t first = b->g->nedges, i;

	for (i = 0; i < e->nneeds; i++) {
		struct edge *t = e->needs[i];

		if (t->flags & EDGE_TEMPLATE) {
			/* a dry run whose foreach list would be rebuilt first */
			would_run_unknown(b, e, xasprintf("what it reads from '%s' is not known yet", t->name));
			return;
		}
	}
	if (graph_expand_late(b->g, r) < 0) {
		grow_er(b);
		fail_now(b, e, "cannot expand it");
		return;
	}
	grow_er(b);
	if (graph_check_cycles(b->g) < 0) {
		fail_now(b, e, "cannot expand it");
		return;
	}
	plan_instances(b, e, first);
}

/* restore e's outputs from the cache under its key (in b->ser) and record
 * the result as a run would; 0, or 1/-1 when the rule must run */
static int restore(struct build *b, struct edge *e, const char *reason)
{
	struct workspace *ws = b->ws;
	struct record *rec = workspace_record(ws, e);
	struct hash key = key_hash(b->ser.s, b->ser.len), *out;
	struct buf outputs = BUF_INIT, deps = BUF_INIT;
	long long t = now_ns(), start = t - b->t0, dur;
	char hex[HASH_HEX];
	size_t i;
	int rc;

	if (!cache_lookup(b->cache, key, e->out, e->nout))
		return 1;
	for (i = 0; i < e->nout; i++)
		filecache_invalidate(workspace_fentry(ws, e->out[i]));
	if ((rc = cache_restore(b->cache, key, e->out, e->nout)) != 0)
		return rc;
	out = xcalloc(e->nout, sizeof(out[0]));
	for (i = 0; i < e->nout; i++) {
		struct fentry *fe = workspace_fentry(ws, e->out[i]);

		if (filecache_check(ws->fc, fe, e->out[i]->is_dir) != 0) {
			free(out);
			buf_free(&outputs);
			return -1;
		}
		out[i] = fe->hash;
		hash_hex(fe->hash, hex);
		buf_printf(&outputs, "%s %s\n", hex, e->out[i]->path);
	}
	for (i = 0; i < rec->ndeps; i++)
		buf_printf(&deps, "%s\n", rec->deps[i]);
	dur = now_ns() - t;
	if (state_put_result(ws->st, e->name, key, b->ser.s, b->ser.len, outputs.s ? outputs.s : "",
	                     deps.s ? deps.s : "", dur, wall_ns()) < 0)
		b->state_error = 1;
	b->nwrites++;
	rec->has = 1;
	rec->key = key;
	rec->outs_match = 1;
	free(rec->out);
	rec->out = out;
	report_rule_start(b->rep, e, reason);
	report_rule_end(b->rep, e, RS_RESTORED, (double)dur / 1e9, "restored from cache", NULL, 0, NULL);
	log_event(b, e, RS_RESTORED, "restored from cache", 0, 0, start, start + dur, &key);
	finish(b, e, RS_RESTORED);
	buf_free(&outputs);
	buf_free(&deps);
	return 0;
}

static void check_ready(struct build *b, struct edge *e)
{
	struct erun *r = &b->er[e->id];
	int rc;
	char *reason;

	if (r->dep_failed) {
		report_rule_end(b->rep, e, RS_SKIPPED, 0, "a dependency failed", NULL, 0, NULL);
		log_event(b, e, RS_SKIPPED, "a dependency failed", 0, 0, 0, 0, NULL);
		finish(b, e, RS_SKIPPED);
		return;
	}
	if (e->flags & EDGE_TEMPLATE) {
		expand(b, e);
		return;
	}
	if ((e->flags & EDGE_GROUP) || (!e->command && !e->action)) {
		size_t i;

		/* in a dry run, a group whose members would run changes too */
		for (i = 0; b->pending && i < e->nneeds; i++)
			if (b->pending[e->needs[i]->id])
				b->pending[e->id] = 1;
		report_rule_end(b->rep, e, RS_CACHED, 0, "", NULL, 0, NULL);
		finish(b, e, RS_CACHED);
		return;
	}
	buf_reset(&b->why);
	rc = stale_key(b->ws, e, &b->ser, b->pending, &b->why);
	if (rc == 0)
		rc = stale_check(b->ws, e, &b->ser, &b->why, e == b->o->why_edge ? 0 : 1);
	if (rc < 0) {
		report_rule_end(b->rep, e, RS_FAILED, 0, "cannot check its inputs", NULL, 0, "cannot check its inputs");
		log_event(b, e, RS_FAILED, "cannot check its inputs", -1, 0, 0, 0, NULL);
		finish(b, e, RS_FAILED);
		return;
	}
	if (e == b->o->why_edge && b->o->why) {
		buf_put(b->o->why, b->why.s ? b->why.s : "", b->why.len);
		b->o->why_state = rc;
		if (rc == 1 && !b->o->no_cache && !(e->flags & (EDGE_ALWAYS | EDGE_NOCACHE)) && e->nout &&
		    cache_lookup(b->cache, key_hash(b->ser.s, b->ser.len), e->out, e->nout))
			buf_puts(b->o->why, "its outputs would be restored from cache\n");
	}
	if (rc == 0) {
		report_rule_end(b->rep, e, RS_CACHED, 0, "", NULL, 0, NULL);
		finish(b, e, RS_CACHED);
		return;
	}
	reason = first_line(&b->why);
	if (b->o->dry_run) {
		if (b->o->explain && !b->o->list)
			fprintf(stderr, "menace: explain '%s': %s\n", e->name, reason);
		if (b->o->list)
			report_would_run(b->rep, e, reason);
		report_rule_end(b->rep, e, RS_WOULD, 0, reason, NULL, 0, NULL);
		finish(b, e, RS_WOULD);
		free(reason);
		return;
	}
	if (!b->o->no_cache && !(e->flags & (EDGE_ALWAYS | EDGE_NOCACHE)) && e->nout &&
	    restore(b, e, reason) == 0) {
		free(reason);
		return;
	}
	/* keep the key and reason: b->ser and b->why serve the next check */
	r->run = xcalloc(1, sizeof(*r->run));
	r->run->e = e;
	r->run->reason = reason;
	buf_put(&r->run->ser, b->ser.s, b->ser.len);
	enqueue(b, e);
}

/* use: ACTION with {k: v, k: [a, b]} -> [self, ACTION, --k=v, --k=a, --k=b] */
char **build_action_argv(const struct edge *e, const char *self)
{
	cJSON *w = e->with ? cJSON_Parse(e->with) : NULL, *it;
	char **argv = NULL;
	size_t n = 0, cap = 0;

	growarray(&argv, &cap, n + 3, sizeof(argv[0]));
	argv[n++] = xstrdup(self);
	argv[n++] = xstrdup(e->action);
	cJSON_ArrayForEach(it, w) {
		char *key = xstrdup(it->string ? it->string : ""), *p;
		cJSON *v, *one = NULL;

		for (p = key; *p; p++)
			if (*p == '_')
				*p = '-';
		if (cJSON_IsArray(it))
			v = it->child;
		else
			v = one = it;
		for (; v; v = one ? NULL : v->next) {
			char *val;

			if (cJSON_IsString(v))
				val = xstrdup(v->valuestring);
			else if (cJSON_IsTrue(v))
				val = xstrdup("true");
			else if (cJSON_IsFalse(v))
				val = xstrdup("false");
			else if (cJSON_IsNull(v))
				val = xstrdup("");
			else {
				char *s = cJSON_PrintUnformatted(v);

				val = xstrdup(s ? s : "");
				cJSON_free(s);
			}
			growarray(&argv, &cap, n + 2, sizeof(argv[0]));
			argv[n++] = xasprintf("--%s=%s", key, val);
			free(val);
		}
		free(key);
	}
	cJSON_Delete(w);
	growarray(&argv, &cap, n + 1, sizeof(argv[0]));
	argv[n] = NULL;
	return argv;
}

static int take_slot(struct build *b)
{
	int i;

	for (i = 0; i < b->o->jobs; i++)
		if (!b->slots[i]) {
			b->slots[i] = 1;
			return i;
		}
	return 0;
}

static void start(struct build *b, struct edge *e)
{
	struct running *r = b->er[e->id].run;
	char *shargv[4] = {"/bin/sh", "-c", NULL, NULL}, **argv = shargv;
	struct proc *p;
	size_t i;

	b->er[e->id].run = NULL;
	/* the depfile lines are re-added from what this run writes */
	if (workspace_record(b->ws, e)->ndeps) {
		const char *d = strstr(r->ser.s, "\ndep ");

		if (d) {
			r->ser.len = (size_t)(d - r->ser.s) + 1;
			r->ser.s[r->ser.len] = '\0';
		}
	}
	for (i = 0; i < e->nout; i++)
		if (mkdir_parents(e->out[i]->path) < 0)
			warn("cannot create the directory of '%s':", e->out[i]->path);
	if (e->command)
		shargv[2] = e->command;
	else
		argv = build_action_argv(e, b->o->exe);
	report_rule_start(b->rep, e, r->reason);
	r->start_ns = now_ns() - b->t0;
	p = jobs_start(b->jobs, argv, e->timeout, r);
	if (argv != shargv) {
		for (i = 0; argv[i]; i++)
			free(argv[i]);
		free(argv);
	}
	if (!p) {
		report_rule_end(b->rep, e, RS_FAILED, 0, r->reason, NULL, 0, "could not start");
		log_event(b, e, RS_FAILED, r->reason, -1, 0, r->start_ns, r->start_ns, NULL);
		pool_release(b, e);
		buf_free(&r->ser);
		free(r->reason);
		free(r);
		finish(b, e, RS_FAILED);
		return;
	}
	r->slot = take_slot(b);
}

/* a successful run: hash the outputs, read the depfile, record the result */
static int record(struct build *b, struct running *r, long long dur, struct buf *outputs, struct hash *keyp)
{
	struct workspace *ws = b->ws;
	struct edge *e = r->e;
	struct record *rec = workspace_record(ws, e);
	char **deps = NULL, hex[HASH_HEX];
	struct buf depbuf = BUF_INIT;
	int ndeps = 0, ret = 0;
	size_t i;

	for (i = 0; i < e->nout; i++) {
		struct fentry *fe = workspace_fentry(ws, e->out[i]);
		int rc;

		filecache_invalidate(fe);
		rc = filecache_check(ws->fc, fe, e->out[i]->is_dir);
		if (rc == 1)
			ret = error("rule '%s' succeeded but did not write '%s'", e->name, e->out[i]->path);
		if (rc != 0) {
			ret = -1;
			continue;
		}
		hash_hex(fe->hash, hex);
		buf_printf(outputs, "%s %s\n", hex, e->out[i]->path);
	}
	if (ret < 0)
		return -1;
	if (e->depfile) {
		size_t len;
		char *text = read_file(e->depfile, &len);

		if (!text)
			return error("rule '%s' did not write its depfile '%s':", e->name, e->depfile);
		ndeps = depfile_parse(text, len, &deps);
		free(text);
		if (ndeps < 0)
			return error("rule '%s' wrote a malformed depfile '%s' (a line without ':')", e->name,
			             e->depfile);
		if (stale_add_deps(ws, &r->ser, deps, (size_t)ndeps) < 0)
			ret = -1;
		for (i = 0; i < (size_t)ndeps; i++)
			buf_printf(&depbuf, "%s\n", deps[i]);
	}
	*keyp = key_hash(r->ser.s, r->ser.len);
	if (ret == 0 && state_put_result(ws->st, e->name, *keyp, r->ser.s, r->ser.len,
	                                 outputs->s ? outputs->s : "", depbuf.s ? depbuf.s : "",
	                                 dur, wall_ns()) < 0)
		b->state_error = 1;
	b->nwrites++;
	/* the record now describes this run */
	rec->has = 1;
	rec->key = *keyp;
	rec->outs_match = 1;
	free(rec->out);
	rec->out = e->nout ? xcalloc(e->nout, sizeof(rec->out[0])) : NULL;
	for (i = 0; i < e->nout; i++)
		rec->out[i] = workspace_fentry(ws, e->out[i])->hash;
	for (i = 0; i < rec->ndeps; i++)
		free(rec->deps[i]);
	free(rec->deps);
	rec->deps = deps;
	rec->ndeps = (size_t)ndeps;
	buf_free(&depbuf);
	return ret;
}

static void finish_proc(struct build *b, struct proc *p)
{
	struct running *r = p->data;
	struct edge *e = r->e;
	long long end = now_ns() - b->t0, dur = p->end_ns - p->start_ns;
	int ok = !p->timed_out && WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0;
	int code = WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
	struct buf outputs = BUF_INIT, how = BUF_INIT;
	struct hash key = {0, 0};

	b->slots[r->slot] = 0;
	pool_release(b, e);
	if (ok && record(b, r, dur, &outputs, &key) < 0)
		ok = 0;
	if (ok && !(e->flags & (EDGE_ALWAYS | EDGE_NOCACHE)) && e->nout)
		cache_store(b->cache, key, e->out, workspace_record(b->ws, e)->out, e->nout);
	if (ok) {
		report_rule_end(b->rep, e, RS_RAN, (double)dur / 1e9, r->reason, p->out.s, p->out.len, NULL);
		log_event(b, e, RS_RAN, r->reason, 0, r->slot, r->start_ns, end, &key);
		finish(b, e, RS_RAN);
	} else {
		if (b->interrupted && !WIFEXITED(p->status))
			buf_puts(&how, "interrupted");
		else if (WIFEXITED(p->status) && code == 0 && !p->timed_out)
			buf_puts(&how, "outputs not written");
		else
			proc_describe(p, e->timeout, &how);
		report_rule_end(b->rep, e, RS_FAILED, (double)dur / 1e9, r->reason, p->out.s, p->out.len, how.s);
		log_event(b, e, RS_FAILED, how.s, code, r->slot, r->start_ns, end, NULL);
		finish(b, e, RS_FAILED);
	}
	buf_free(&outputs);
	buf_free(&how);
	buf_free(&r->ser);
	free(r->reason);
	free(r);
	proc_free(p);
}

static void maybe_commit(struct build *b, int force)
{
	long long now = now_ns();

	if (b->o->dry_run || (!force && (b->nwrites == 0 ||
	    (b->nwrites < BATCH_ROWS && now - b->last_commit < BATCH_NS))))
		return;
	if (state_save_files(b->ws->st, b->ws->fc) < 0 || state_commit(b->ws->st) < 0 ||
	    state_begin(b->ws->st) < 0)
		b->state_error = 1;
	b->nwrites = 0;
	b->last_commit = now;
}

/* 1 when r is a use: selftest rule (a foreach template names its action
 * only in its template) */
static int rule_is_selftest(const struct rule *r)
{
	cJSON *t, *u;
	size_t i;
	int yes;

	for (i = 0; i < r->ninst; i++)
		if (r->inst[i]->action)
			return strcmp(r->inst[i]->action, "selftest") == 0;
	if (!r->src || !(t = cJSON_Parse(r->src)))
		return 0;
	u = cJSON_GetObjectItemCaseSensitive(t, "use");
	yes = cJSON_IsString(u) && strcmp(u->valuestring, "selftest") == 0;
	cJSON_Delete(t);
	return yes;
}

struct scenarios {
	const char **v;
	size_t n;
};

static void add_scenario(void *ctx, const char *val)
{
	struct scenarios *sc = ctx;

	sc->v = xreallocarray(sc->v, sc->n + 1, sizeof(sc->v[0]));
	sc->v[sc->n++] = xstrdup(val);
}

/* SANDBOX_FAIL_ON_MISSING_SCENARIOS: every use: selftest rule the plan
 * holds must cover each canonical scenario with its matrix "scenario"
 * values (presets_check_coverage); 0, or -1 after its message */
static int check_scenarios(struct build *b)
{
	struct graph *g = b->g;
	size_t i, j;
	int bad = 0;

	for (i = 0; i < g->nrules && !bad; i++) {
		struct rule *r = g->rules[i];
		struct scenarios sc = {NULL, 0};
		int wanted = 0;

		for (j = 0; j < r->ninst && !wanted; j++)
			wanted = r->inst[j]->id < b->ner && b->er[r->inst[j]->id].want;
		if (!wanted || !rule_is_selftest(r))
			continue;
		if (graph_rule_matrix(r, "scenario", add_scenario, &sc) < 0 ||
		    presets_check_coverage(sc.v, sc.n) < 0) {
			warn("%s:%d:%d: in the scenario matrix of rule '%s'", r->loc.file,
			     r->loc.line, r->loc.col, r->name);
			bad = 1;
		}
		for (j = 0; j < sc.n; j++)
			free((char *)sc.v[j]);
		free(sc.v);
	}
	return bad ? -1 : 0;
}

int build_run(struct workspace *ws, struct edge **targets, size_t ntargets, struct build_opts *o)
{
	struct build bb, *b = &bb;
	int status = EXIT_OK;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->ws = ws;
	b->g = ws->g;
	b->o = o;
	if (o->jobs < 1)
		o->jobs = 1;
	b->er = xcalloc(b->g->nedges + 1, sizeof(b->er[0]));
	b->ner = b->g->nedges;
	b->slots = xcalloc((size_t)o->jobs + 1, 1);
	if (o->dry_run)
		b->pending = xcalloc(b->g->nedges + 1, 1);
	b->t0 = now_ns();
	b->cache = cache_open(ws->datadir ? ws->datadir : "sandbox_data");
	plan(b, targets, ntargets, 0);
	if (o->why_edge)
		o->why_state = 2;
	if (!o->probe && check_scenarios(b) < 0) {
		status = EXIT_USAGE;
		goto out;
	}
	if (!o->probe && check_sources(b) < 0) {
		status = EXIT_FAILED;
		goto out;
	}
	b->rep = report_new(o->quiet || o->list, o->explain, o->json);
	if (!o->dry_run) {
		if (state_begin(ws->st) < 0 ||
		    (b->run_id = state_run_begin(ws->st, o->command ? o->command : "build", wall_ns())) < 0) {
			status = EXIT_STATE;
			goto out;
		}
		b->last_commit = now_ns();
		remove_vanished(b);
	}
	b->jobs = jobs_new();
	report_build_start(b->rep, b->nwant, o->jobs, o->dry_run);
	for (i = 0; i < b->g->nedges; i++)
		if (b->er[i].want && b->er[i].nblock == 0)
			push(&b->ready, &b->nready, &b->capready, b->g->edges[i]);
	for (;;) {
		struct proc *p;
		int rc;

		while (b->nready && !b->stopping && !b->interrupted) {
			check_ready(b, b->ready[--b->nready]);
			/* thousands of up-to-date checks run without a child to wait for */
			if ((++b->nchecked & 1023) == 0 && jobs_poll_signals(b->jobs)) {
				b->interrupted = jobs_interrupted(b->jobs);
				jobs_kill_all(b->jobs);
			}
		}
		while (b->nrunq && !b->stopping && !b->interrupted && jobs_running(b->jobs) < (size_t)o->jobs)
			start(b, b->runq[--b->nrunq]);
		if (jobs_running(b->jobs) == 0 && (b->nready == 0 || b->stopping || b->interrupted))
			break;
		if (jobs_running(b->jobs) == 0)
			continue;
		maybe_commit(b, 0);
		rc = jobs_wait(b->jobs, &p);
		if (rc == 1) {
			finish_proc(b, p);
		} else if (rc < 0 && !b->interrupted) {
			b->interrupted = jobs_interrupted(b->jobs);
			jobs_kill_all(b->jobs);
		}
	}
	if (jobs_interrupted(b->jobs))
		b->interrupted = jobs_interrupted(b->jobs);
	/* what never got its turn */
	for (i = 0; i < b->g->nedges; i++)
		if (b->er[i].want && !b->er[i].done)
			b->counts[RS_SKIPPED]++;
	if (b->interrupted)
		status = b->interrupted == SIGHUP ? EXIT_HANGUP : EXIT_INTERRUPTED;
	else if (b->nfailed)
		status = EXIT_FAILED;
	else if (o->stale_fails && b->counts[RS_WOULD])
		status = EXIT_FAILED;
	if (!o->dry_run) {
		maybe_commit(b, 1);
		if (state_run_end(ws->st, b->run_id, wall_ns(), status, b->counts) < 0 ||
		    state_commit(ws->st) < 0)
			b->state_error = 1;
	}
	report_build_end(b->rep, b->counts, (double)(now_ns() - b->t0) / 1e9, status, o->dry_run,
	                 b->interrupted);
	if (b->state_error && status == EXIT_OK)
		status = EXIT_STATE;
out:
	if (b->jobs)
		jobs_free(b->jobs);
	report_free(b->rep);
	for (i = 0; b->er && i < b->ner; i++)
		if (b->er[i].run) {
			buf_free(&b->er[i].run->ser);
			free(b->er[i].run->reason);
			free(b->er[i].run);
		}
	for (i = 0; i < b->npq; i++)
		free(b->pq[i].q);
	free(b->pq);
	for (i = 0; b->er && i < b->ner; i++)
		free(b->er[i].by);
	free(b->er);
	cache_free(b->cache);
	free(b->slots);
	free(b->pending);
	free(b->ready);
	free(b->runq);
	buf_free(&b->ser);
	buf_free(&b->why);
	return status;
}

int build_expand(struct workspace *ws)
{
	struct build_opts o;
	struct edge **all;
	size_t n = ws->g->nedges, i;
	int rc;

	for (i = 0; i < ws->g->nrules; i++)
		if (ws->g->rules[i]->foreach_from)
			break;
	if (i == ws->g->nrules)
		return 0;
	memset(&o, 0, sizeof(o));
	o.dry_run = 1;
	o.probe = 1;
	o.quiet = 1;
	o.jobs = 1;
	all = xreallocarray(NULL, n + 1, sizeof(all[0]));
	if (n)
		memcpy(all, ws->g->edges, n * sizeof(all[0]));
	rc = build_run(ws, all, n, &o);
	free(all);
	return rc;
}
