/* builddef.h: the state of one build_run, shared by the files of the
 * scheduler. Internal to engine/: build.c runs the loop (queues, pools,
 * -j slots, batches), plan.c holds the plan (what the targets need, the
 * counts of unfinished inputs, foreach rules expanded on the way),
 * outcome.c settles one instance (up to date, restored, run and recorded),
 * precheck.c checks before anything runs, orphan.c removes what vanished
 * instances left. */
#ifndef MENACE_BUILDDEF_H
#define MENACE_BUILDDEF_H

#include "base/buf.h"
#include "engine/build.h"
#include "engine/cachestats.h"
#include "engine/report.h"

struct proc;

/* where restored outputs came from: the reason of the rule_end event */
#define RESTORED_LOCAL "restored from cache"
#define RESTORED_REMOTE "restored from remote cache"

struct running {
	struct edge *e;
	struct buf ser;            /* its key serialization, depfile lines to come */
	size_t ser_base;           /* after a run: where its depfile lines begin */
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
	struct jobserver *js;      /* make's jobserver (MAKEFLAGS), or NULL */
	size_t limit;              /* at most this many commands at once */
	struct executor *exec;     /* where each command runs (executor.h) */
	struct erun *er;
	unsigned char *pending;    /* dry run: instances that would run */
	size_t ner;                /* er and pending are sized for this many edges */
	struct cache *cache;
	struct remote *remote;     /* the remote cache, or NULL */
	struct edge **fetchq;      /* stale, not in the local cache: to look up remotely */
	size_t nfetch, capfetch;
	struct cache_stats cstats; /* this build's cache counters (the remote's: remote.h) */
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

/* plan.c: append e to the array *v of *n edges */
void build_push(struct edge ***v, size_t *n, size_t *cap, struct edge *e);
/* plan.c: want the targets and what they need; with push_ready, those
 * with nothing to wait for go on the ready list */
void build_plan(struct build *b, struct edge **targets, size_t n, int push_ready);
/* plan.c: e ended as st: count it, and release what waits for it */
void build_finish(struct build *b, struct edge *e, enum rstatus st);
/* plan.c: a foreach rule or late rule ready: expand and plan its instances */
void build_expand_template(struct build *b, struct edge *e);

/* outcome.c: a row of the build log (none in a dry run); start and end in
 * ns since the build began, both 0 for an instant event (skipped, or
 * failed before it ran), logged at the time of the call */
void build_log_event(struct build *b, struct edge *e, enum rstatus st, const char *reason,
                     int exitcode, int slot, long long start, long long end, const struct hash *key);
/* outcome.c: e has nothing left to wait for: settle it, or queue it to run */
void build_check_ready(struct build *b, struct edge *e);
/* outcome.c: look the fetch queue up in the remote cache: each found is
 * restored, the others queued to run */
void build_fetch_remote(struct build *b);
/* outcome.c: the command of p ended: record its result, free p */
void build_finish_proc(struct build *b, struct proc *p);

/* build.c: e goes on the run queue, or waits for room in its pool */
void build_enqueue(struct build *b, struct edge *e);
/* build.c: e leaves its pool: the next one waiting there may run */
void build_pool_release(struct build *b, struct edge *e);
/* start queued instances while -j slots (and make's tokens) allow, unless
 * the build stops (build.c); outcome.c calls it as soon as a run has
 * succeeded, so the slots are busy while its outputs are stored */
void build_fill_slots(struct build *b);

/* precheck.c: -1 after naming each missing source of a planned instance */
int build_check_sources(struct build *b);
/* precheck.c: each action's check on the planned rules; -1 after the first failure */
int build_check_actions(struct build *b);

/* orphan.c: before anything runs, remove the instances that are gone */
void build_remove_vanished(struct build *b);
/* orphan.c: after r's expansion, remove its instances that left the list */
void build_remove_vanished_of(struct build *b, struct rule *r);

#endif
