/* build.c: the scheduler. An instance is checked when all its inputs'
 * producers and its needs have finished: its key is computed from the
 * real hashes they left (so a producer that rewrote identical bytes
 * leaves it up to date: early cutoff). */
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "build.h"
#include "cli.h"
#include "fsio.h"
#include "key.h"
#include "path.h"
#include "proc.h"
#include "report.h"
#include "stale.h"
#include "util.h"

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
	size_t nby, by;            /* needed_by: range in b->by */
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
	struct edge **by;          /* needed_by lists */
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

/* mark what targets need, depth first without recursion */
static void plan(struct build *b, struct edge **targets, size_t n)
{
	struct edge **stack = NULL;
	size_t ns = 0, cap = 0, i, j, total = 0;
	size_t *fill;

	for (i = 0; i < n; i++)
		if (!b->er[targets[i]->id].want) {
			b->er[targets[i]->id].want = 1;
			push(&stack, &ns, &cap, targets[i]);
		}
	while (ns) {
		struct edge *e = stack[--ns];

		b->nwant++;
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
	/* counts, and the needed_by lists in one array */
	for (i = 0; i < b->g->nedges; i++) {
		struct edge *e = b->g->edges[i];

		if (!b->er[i].want)
			continue;
		for (j = 0; j < e->nin; j++)
			if (e->in[j]->gen)
				b->er[i].nblock++;
		b->er[i].nblock += (int)e->nneeds;
		for (j = 0; j < e->nneeds; j++)
			b->er[e->needs[j]->id].nby++;
		total += e->nneeds;
	}
	b->by = xcalloc(total + 1, sizeof(b->by[0]));
	fill = xcalloc(b->g->nedges + 1, sizeof(fill[0]));
	for (i = 0, total = 0; i < b->g->nedges; i++) {
		b->er[i].by = total;
		total += b->er[i].nby;
	}
	for (i = 0; i < b->g->nedges; i++) {
		struct edge *e = b->g->edges[i];

		if (!b->er[i].want)
			continue;
		for (j = 0; j < e->nneeds; j++) {
			size_t k = e->needs[j]->id;

			b->by[b->er[k].by + fill[k]++] = e;
		}
	}
	free(fill);
}

/* the sources every planned instance reads must exist; -1 after naming
 * each missing one */
static int check_sources(struct build *b)
{
	size_t i, j;
	int ret = 0;

	for (i = 0; i < b->g->nedges; i++) {
		struct edge *e = b->g->edges[i];

		if (!b->er[i].want || (e->flags & EDGE_TEMPLATE))
			continue;
		for (j = 0; j < e->nin; j++) {
			struct node *n = e->in[j];
			int rc;

			if (n->gen)
				continue;
			rc = filecache_check(b->ws->fc, workspace_fentry(b->ws, n), n->is_dir);
			if (rc == 1)
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
		struct edge *d = b->by[r->by + i];
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
		/* foreach expansion during the build is not implemented yet */
		report_rule_end(b->rep, e, RS_SKIPPED, 0, "foreach rule not expanded", NULL, 0, NULL);
		log_event(b, e, RS_SKIPPED, "foreach rule not expanded", 0, 0, 0, 0, NULL);
		finish(b, e, RS_SKIPPED);
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
		argv = build_action_argv(e, cli.self);
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
	b->slots = xcalloc((size_t)o->jobs + 1, 1);
	if (o->dry_run)
		b->pending = xcalloc(b->g->nedges + 1, 1);
	b->t0 = now_ns();
	plan(b, targets, ntargets);
	if (o->why_edge)
		o->why_state = 2;
	if (check_sources(b) < 0) {
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
		} else if (rc > 1 && !b->interrupted) {
			b->interrupted = rc;
			jobs_kill_all(b->jobs);
		}
	}
	if (jobs_interrupted(b->jobs))
		b->interrupted = 1;
	/* what never got its turn */
	for (i = 0; i < b->g->nedges; i++)
		if (b->er[i].want && !b->er[i].done)
			b->counts[RS_SKIPPED]++;
	if (b->interrupted)
		status = EXIT_INTERRUPTED;
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
	for (i = 0; b->er && i < b->g->nedges; i++)
		if (b->er[i].run) {
			buf_free(&b->er[i].run->ser);
			free(b->er[i].run->reason);
			free(b->er[i].run);
		}
	for (i = 0; i < b->npq; i++)
		free(b->pq[i].q);
	free(b->pq);
	free(b->er);
	free(b->by);
	free(b->slots);
	free(b->pending);
	free(b->ready);
	free(b->runq);
	buf_free(&b->ser);
	buf_free(&b->why);
	return status;
}
