/* build.c: the scheduler: build_run's steps, the loop that checks ready
 * instances (outcome.c) and starts queued ones in -j slots and pools,
 * results written to the state in batches. The plan is plan.c's. */
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "engine/builddef.h"
#include "engine/jobserver.h"
#include "engine/cache.h"
#include "engine/remote.h"
#include "engine/executor.h"
#include "engine/service.h"
#include "graph/action.h"
#include "base/fsio.h"
#include "base/path.h"
#include "engine/proc.h"
#include "base/util.h"

/* commit a batch of results when this many are pending, or this old */
enum { BATCH_ROWS = 512 };
/* upload to the remote cache once this many runs are queued (or when idle) */
enum { UPLOAD_BATCH = 32 };
#define BATCH_NS 200000000LL

int build_default_jobs(void)
{
	return ncpus() + 2;
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

void build_enqueue(struct build *b, struct edge *e)
{
	if (e->pool && e->pool->depth > 0) {
		struct poolq *q = poolq_of(b, e->pool);

		if (e->pool->running >= e->pool->depth) {
			build_push(&q->q, &q->n, &q->cap, e);
			return;
		}
		e->pool->running++;
	}
	build_push(&b->runq, &b->nrunq, &b->caprunq, e);
}

void build_pool_release(struct build *b, struct edge *e)
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
		build_push(&b->runq, &b->nrunq, &b->caprunq, next);
	}
}

char *build_command_line(const struct edge *e, const char *self)
{
	struct buf b = BUF_INIT;
	char **argv;
	size_t i;

	if (e->command)
		return xstrdup(e->command);
	if (!e->action)     /* a foreach rule not yet expanded */
		return xasprintf("# %s: its commands are known once its list is built", e->name);
	argv = build_action_argv(e, self ? self : "menace");
	for (i = 0; argv[i]; i++) {
		if (i)
			buf_putc(&b, ' ');
		buf_putshell(&b, argv[i]);
		free(argv[i]);
	}
	free(argv);
	return buf_take(&b);
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

	for (i = 0; (size_t)i < b->limit; i++)
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
	if (e->command) {
		shargv[2] = e->command;
	} else {
		/* a job elsewhere starts its own */
		if (!executor_slurm(b->exec, b->g, e))
			services_start(b->ws->svc, e->action, (unsigned)b->o->jobs);
		argv = build_action_argv(e, b->o->exe);
	}
	report_rule_start(b->rep, e, r->reason);
	if (b->o->verbose) {
		char *line = build_command_line(e, b->o->exe);

		report_command(b->rep, e, line);
		free(line);
	}
	r->start_ns = now_ns() - b->t0;
	p = executor_start(b->exec, b->jobs, b->g, e, argv, e->timeout, r);
	if (argv != shargv) {
		for (i = 0; argv[i]; i++)
			free(argv[i]);
		free(argv);
	}
	if (!p) {
		report_rule_end(b->rep, e, RS_FAILED, 0, r->reason, NULL, 0, "could not start");
		build_log_event(b, e, RS_FAILED, r->reason, -1, 0, r->start_ns, r->start_ns, NULL);
		build_pool_release(b, e);
		buf_free(&r->ser);
		free(r->reason);
		free(r);
		build_finish(b, e, RS_FAILED);
		return;
	}
	r->slot = take_slot(b);
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
	/* the cache's entries with the state's rows (a failure was warned
	 * about, and costs only a later miss) */
	cache_flush(b->cache);
	b->nwrites = 0;
	b->last_commit = now;
}

/* a signal while remote transfers run: stop them, and the build as
 * check_all_ready would */
static int interrupted(void *ctx)
{
	struct build *b = ctx;

	if (!b->interrupted && b->jobs && jobs_poll_signals(b->jobs)) {
		b->interrupted = jobs_interrupted(b->jobs);
		jobs_kill_all(b->jobs);
	}
	return b->interrupted != 0;
}

/* the build's state, its room for every edge, and the cache */
static void build_init(struct build *b, struct workspace *ws, struct build_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->ws = ws;
	b->g = ws->g;
	b->o = o;
	if (o->jobs < 1)
		o->jobs = 1;
	b->er = xcalloc(b->g->nedges + 1, sizeof(b->er[0]));
	b->ner = b->g->nedges;
	/* make's jobserver decides, unless -j says otherwise (then it caps) */
	b->js = o->dry_run ? NULL : jobserver_open();
	b->limit = b->js && !o->jobs_explicit ? JOBSERVER_MAX : (size_t)o->jobs;
	/* --jobserver: no make above; the commands share -j's slots with us */
	if (!b->js && !o->dry_run && o->serve_jobserver)
		b->js = jobserver_serve((size_t)o->jobs);
	b->slots = xcalloc(b->limit + 1, 1);
	if (o->dry_run)
		b->pending = xcalloc(b->g->nedges + 1, 1);
	b->t0 = now_ns();
	b->cache = cache_open(ws->statedir ? ws->statedir : ".menace");
	if (o->remote && o->remote->url && !o->dry_run) {
		struct remote_opts ro = *o->remote;
		char *why = NULL;

		ro.http.stop = interrupted;
		ro.http.stop_ctx = b;
		if (!(b->remote = remote_open(&ro, b->cache, &why)))
			warn("remote cache: %s", why);
		free(why);
	}
	b->exec = executor_new(o->executor, ws->statedir ? ws->statedir : ".menace", ws->svc);
}

/* after the plan: the checks up front, the report, the run's row in the
 * state, the removal of vanished instances; EXIT_OK, or the exit status */
static int build_open(struct build *b)
{
	struct build_opts *o = b->o;

	if (!o->probe && build_check_actions(b) < 0)
		return EXIT_USAGE;
	/* a missing source: status tells it from "stale" (a manifest error) */
	if (!o->probe && build_check_sources(b) < 0)
		return o->stale_fails ? EXIT_USAGE : EXIT_FAILED;
	if (!o->dry_run) {
		unsigned char *want = xcalloc(b->g->nedges + 1, 1);
		size_t i;
		int rc;

		for (i = 0; i < b->g->nedges; i++)
			want[i] = b->er[i].want;
		rc = executor_check(b->exec, b->g, want);
		free(want);
		if (rc < 0)
			return EXIT_FAILED;
	}
	b->rep = report_new(o->quiet || o->list, o->explain, o->json);
	report_set_sink(b->rep, o->sink);
	report_set_output(b->rep, o->verbose, o->list, o->silent);
	if (!o->dry_run) {
		if (state_begin(b->ws->st) < 0 ||
		    (b->run_id = state_run_begin(b->ws->st, o->command ? o->command : "build", wall_ns())) < 0)
			return EXIT_STATE;
		b->last_commit = now_ns();
		build_remove_vanished(b);
	}
	b->jobs = jobs_new();
	report_build_start(b->rep, b->nwant, o->jobs, o->dry_run);
	return EXIT_OK;
}

/* may one more command start? With a jobserver, the first running command
 * uses menace's own token and each other one a token taken from make's */
static int have_token(struct build *b)
{
	size_t running = jobs_running(b->jobs);

	if (!b->js || running < 1 + jobserver_held(b->js))
		return 1;
	return jobserver_take(b->js);
}

/* give make back the tokens no running command needs */
static void spare_tokens(struct build *b)
{
	size_t running = jobs_running(b->jobs);

	while (b->js && jobserver_held(b->js) > (running ? running - 1 : 0))
		jobserver_give(b->js);
}

void build_fill_slots(struct build *b)
{
	while (b->nrunq && !b->stopping && !b->interrupted && jobs_running(b->jobs) < b->limit &&
	       have_token(b))
		start(b, b->runq[--b->nrunq]);
}

/* check every ready instance, unless the build stops */
static void check_all_ready(struct build *b)
{
	while (b->nready && !b->stopping && !b->interrupted) {
		build_check_ready(b, b->ready[--b->nready]);
		/* thousands of up-to-date checks run without a child to wait for */
		if ((++b->nchecked & 1023) == 0 && jobs_poll_signals(b->jobs)) {
			b->interrupted = jobs_interrupted(b->jobs);
			jobs_kill_all(b->jobs);
		}
	}
}

/* until nothing is ready or running, or the build stops: check what is
 * ready, start what is queued while slots are free, wait for a child */
static void build_loop(struct build *b)
{
	size_t i;

	for (i = 0; i < b->g->nedges; i++)
		if (b->er[i].want && b->er[i].nblock == 0)
			build_push(&b->ready, &b->nready, &b->capready, b->g->edges[i]);
	for (;;) {
		struct proc *p;
		int rc;

		check_all_ready(b);
		if (b->nfetch)
			build_fetch_remote(b);
		if (b->nready && !b->stopping && !b->interrupted)
			continue;
		/* uploads go in batches, or when nothing else would happen */
		if (b->remote && remote_pending(b->remote) &&
		    (jobs_running(b->jobs) == 0 || remote_pending(b->remote) >= UPLOAD_BATCH))
			remote_flush(b->remote);
		build_fill_slots(b);
		/* starved of tokens: wake when make gives one back too */
		jobs_watch_fd(b->jobs, b->js && b->nrunq && !b->stopping && !b->interrupted &&
		              jobs_running(b->jobs) < b->limit ? jobserver_fd(b->js) : -1);
		if (jobs_running(b->jobs) == 0 && (b->nready == 0 || b->stopping || b->interrupted))
			break;
		if (jobs_running(b->jobs) == 0)
			continue;
		maybe_commit(b, 0);
		rc = jobs_wait(b->jobs, &p);
		if (rc == 1) {
			build_finish_proc(b, p);
			spare_tokens(b);
		} else if (rc < 0 && !b->interrupted) {
			b->interrupted = jobs_interrupted(b->jobs);
			jobs_kill_all(b->jobs);
		}
	}
	if (jobs_interrupted(b->jobs))
		b->interrupted = jobs_interrupted(b->jobs);
}

/* this build's cache counters into the sums `menace cache stats` prints */
static void add_cache_stats(struct build *b)
{
	struct cache_stats *c = &b->cstats;
	struct remote_stats rs;

	if (b->remote) {
		remote_get_stats(b->remote, &rs);
		c->remote_hits = rs.hits;
		c->remote_misses = rs.misses;
		c->remote_bytes_down = rs.bytes_down;
		c->remote_bytes_up = rs.bytes_up;
		c->remote_errors = rs.errors;
	}
	if (c->local_hits || c->local_misses || c->remote_hits || c->remote_misses || c->remote_errors ||
	    c->remote_bytes_up)
		cache_stats_add(b->ws->statedir ? b->ws->statedir : ".menace", c);
}

/* after the loop: count what never got its turn, close the run in the
 * state, print the summary; the exit status */
static int build_close(struct build *b)
{
	struct build_opts *o = b->o;
	int status = EXIT_OK;
	size_t i;

	for (i = 0; i < b->g->nedges; i++)
		if (b->er[i].want && !b->er[i].done)
			b->counts[RS_SKIPPED]++;
	if (b->interrupted)
		status = b->interrupted == SIGHUP ? EXIT_HANGUP : EXIT_INTERRUPTED;
	else if (b->nfailed)
		status = EXIT_FAILED;
	else if (o->stale_fails && b->counts[RS_WOULD])
		status = EXIT_FAILED;
	services_stop(b->ws->svc);
	if (b->remote && remote_pending(b->remote))
		remote_flush(b->remote);
	if (!o->dry_run)
		add_cache_stats(b);
	if (!o->dry_run) {
		maybe_commit(b, 1);
		if (state_run_end(b->ws->st, b->run_id, wall_ns(), status, b->counts) < 0 ||
		    state_commit(b->ws->st) < 0)
			b->state_error = 1;
	}
	report_build_end(b->rep, b->counts, (double)(now_ns() - b->t0) / 1e9, status, o->dry_run,
	                 b->interrupted);
	if (b->state_error && status == EXIT_OK)
		status = EXIT_STATE;
	return status;
}

/* free what build_init and the run allocated */
static void build_release(struct build *b)
{
	size_t i;

	executor_free(b->exec);
	if (b->jobs)
		jobs_free(b->jobs);
	jobserver_close(b->js);     /* every token back, even after SIGINT */
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
	remote_free(b->remote);
	cache_free(b->cache);
	free(b->fetchq);
	free(b->slots);
	free(b->pending);
	free(b->ready);
	free(b->runq);
	buf_free(&b->ser);
	buf_free(&b->why);
}

int build_run(struct workspace *ws, struct edge **targets, size_t ntargets, struct build_opts *o)
{
	struct build b;
	int status;

	if (o->silent)
		log_mute(1);
	build_init(&b, ws, o);
	build_plan(&b, targets, ntargets, 0);
	if (o->why_edge)
		o->why_state = 2;
	status = build_open(&b);
	if (status == EXIT_OK) {
		build_loop(&b);
		status = build_close(&b);
	}
	build_release(&b);
	if (o->silent)
		log_mute(0);
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
