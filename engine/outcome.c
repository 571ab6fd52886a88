/* outcome.c: what becomes of one instance once nothing holds it back: it
 * is checked, its key computed from the real hashes its producers left (so
 * a producer that rewrote identical bytes leaves it up to date: early
 * cutoff); a stale one is restored from the cache or queued to run, and a
 * run that ended is recorded in the state and stored in the cache. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/builddef.h"
#include "engine/cache.h"
#include "engine/executor.h"
#include "base/fsio.h"
#include "engine/key.h"
#include "engine/proc.h"
#include "engine/remote.h"
#include "engine/stale.h"
#include "base/util.h"

void build_log_event(struct build *b, struct edge *e, enum rstatus st, const char *reason,
                      int exitcode, int slot, long long start, long long end, const struct hash *key)
{
	struct state_event ev;

	if (b->o->dry_run || b->run_id <= 0)
		return;
	/* an instant (skipped, or failed before it ran): when it happened */
	if (start == 0 && end == 0)
		start = end = now_ns() - b->t0;
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

/* the first line of why, for events and progress */
static char *first_line(const struct buf *why)
{
	size_t n;

	if (!why->len)
		return xstrdup("");
	n = strcspn(why->s, "\n");
	return xstrndup(why->s, n);
}

/* restore e's outputs from the local cache under the key of ser and
 * record the result as a run would; from says where they came from (the
 * local cache, or the remote one that just filled it). 0, or 1/-1 when
 * the rule must run */
static int restore(struct build *b, struct edge *e, const struct buf *ser, const char *reason,
                   const char *from)
{
	struct workspace *ws = b->ws;
	struct record *rec = workspace_record(ws, e);
	struct hash key = key_hash(ser->s, ser->len), *out;
	struct buf outputs = BUF_INIT, deps = BUF_INIT;
	long long t = now_ns(), start = t - b->t0, dur, bytes = 0;
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
		bytes += fe->size;
		hash_hex(fe->hash, hex);
		buf_printf(&outputs, "%s %s\n", hex, e->out[i]->path);
	}
	for (i = 0; i < rec->ndeps; i++)
		buf_printf(&deps, "%s\n", rec->deps[i]);
	dur = now_ns() - t;
	if (state_put_result(ws->st, e->name, key, ser->s, ser->len, outputs.s ? outputs.s : "",
	                     deps.s ? deps.s : "") < 0)
		b->state_error = 1;
	b->nwrites++;
	rec->has = 1;
	rec->key = key;
	rec->outs_match = 1;
	free(rec->out);
	rec->out = out;
	if (strcmp(from, RESTORED_LOCAL) == 0) {
		b->cstats.local_hits++;
		b->cstats.local_bytes += bytes;
	}
	report_rule_start(b->rep, e, reason);
	if (b->o->explain)
		note("explain '%s': %s", e->name, from);
	report_rule_end(b->rep, e, RS_RESTORED, (double)dur / 1e9, from, NULL, 0, NULL);
	build_log_event(b, e, RS_RESTORED, from, 0, 0, start, start + dur, &key);
	build_finish(b, e, RS_RESTORED);
	buf_free(&outputs);
	buf_free(&deps);
	return 0;
}

/* e may be restored: not always:, not cache: false, outputs to restore */
static int restorable(const struct build *b, const struct edge *e)
{
	return !b->o->no_cache && !(e->flags & (EDGE_ALWAYS | EDGE_NOCACHE)) && e->nout;
}

/* the depfile rules among w[0..n) that never ran here: their dep lines from
 * the remote cache's deps entries, hashed here, into full[i] and w[i].ser */
static void fetch_remote_deps(struct build *b, struct remote_want *w, struct buf *full, size_t n)
{
	size_t i, want = 0;

	for (i = 0; i < n; i++) {
		struct edge *e = b->fetchq[i];

		w[i].want_deps = e->depfile && !workspace_record(b->ws, e)->ndeps;
		want += (size_t)w[i].want_deps;
	}
	if (!want)
		return;
	remote_fetch_deps(b->remote, w, n);
	for (i = 0; i < n; i++) {
		if (!w[i].ndeps)
			continue;
		buf_put(&full[i], w[i].ser, w[i].len);
		if (stale_add_deps(b->ws, &full[i], w[i].deps, w[i].ndeps) == 0) {
			w[i].ser = full[i].s;
			w[i].len = full[i].len;
		}
	}
}

/* w's depfile inputs become e's record (a restore records them as a run
 * would, and the next key holds them) */
static void take_deps(struct build *b, struct edge *e, struct remote_want *w)
{
	struct record *rec = workspace_record(b->ws, e);
	size_t i;

	for (i = 0; i < rec->ndeps; i++)
		free(rec->deps[i]);
	free(rec->deps);
	rec->deps = w->deps;
	rec->ndeps = w->ndeps;
	w->deps = NULL;
	w->ndeps = 0;
}

void build_fetch_remote(struct build *b)
{
	struct remote_want *w = xcalloc(b->nfetch + 1, sizeof(w[0]));
	struct buf *full = xcalloc(b->nfetch + 1, sizeof(full[0]));
	size_t i, j, n = b->nfetch;

	for (i = 0; i < n; i++) {
		struct running *r = b->er[b->fetchq[i]->id].run;

		w[i].ser = r->ser.s;
		w[i].len = r->ser.len;
		w[i].out = b->fetchq[i]->out;
		w[i].nout = b->fetchq[i]->nout;
	}
	fetch_remote_deps(b, w, full, n);
	remote_fetch(b->remote, w, n);
	b->nfetch = 0;
	for (i = 0; i < n; i++) {
		struct edge *e = b->fetchq[i];
		struct running *r = b->er[e->id].run;

		if (w[i].got && w[i].ser == full[i].s) {
			buf_reset(&r->ser);
			buf_put(&r->ser, full[i].s, full[i].len);
			take_deps(b, e, &w[i]);
		}
		if (w[i].got && restore(b, e, &r->ser, r->reason, RESTORED_REMOTE) == 0) {
			b->er[e->id].run = NULL;
			buf_free(&r->ser);
			free(r->reason);
			free(r);
		} else {
			build_enqueue(b, e);
		}
		for (j = 0; j < w[i].ndeps; j++)
			free(w[i].deps[j]);
		free(w[i].deps);
		buf_free(&full[i]);
	}
	free(full);
	free(w);
}

void build_check_ready(struct build *b, struct edge *e)
{
	struct erun *r = &b->er[e->id];
	int rc;
	char *reason;

	if (r->dep_failed) {
		report_rule_end(b->rep, e, RS_SKIPPED, 0, "a dependency failed", NULL, 0, NULL);
		build_log_event(b, e, RS_SKIPPED, "a dependency failed", 0, 0, 0, 0, NULL);
		build_finish(b, e, RS_SKIPPED);
		return;
	}
	if (e->flags & EDGE_TEMPLATE) {
		build_expand_template(b, e);
		return;
	}
	if ((e->flags & EDGE_GROUP) || (!e->command && !e->action)) {
		size_t i;

		/* in a dry run, a group whose members would run changes too */
		for (i = 0; b->pending && i < e->nneeds; i++)
			if (b->pending[e->needs[i]->id])
				b->pending[e->id] = 1;
		report_rule_end(b->rep, e, RS_CACHED, 0, "", NULL, 0, NULL);
		build_finish(b, e, RS_CACHED);
		return;
	}
	buf_reset(&b->why);
	rc = stale_key(b->ws, e, &b->ser, b->pending, &b->why);
	if (rc == 0)
		rc = stale_check(b->ws, e, &b->ser, &b->why, e == b->o->why_edge ? 0 : 1);
	if (rc < 0) {
		report_rule_end(b->rep, e, RS_FAILED, 0, "cannot check its inputs", NULL, 0, "cannot check its inputs");
		build_log_event(b, e, RS_FAILED, "cannot check its inputs", -1, 0, 0, 0, NULL);
		build_finish(b, e, RS_FAILED);
		return;
	}
	if (e == b->o->why_edge && b->o->why) {
		buf_put(b->o->why, b->why.s ? b->why.s : "", b->why.len);
		b->o->why_state = rc;
		if (rc == 1 && restorable(b, e) &&
		    cache_lookup(b->cache, key_hash(b->ser.s, b->ser.len), e->out, e->nout))
			buf_puts(b->o->why, "its outputs would be restored from cache\n");
	}
	if (rc == 0) {
		report_rule_end(b->rep, e, RS_CACHED, 0, "", NULL, 0, NULL);
		build_finish(b, e, RS_CACHED);
		return;
	}
	reason = first_line(&b->why);
	if (b->o->dry_run) {
		if (b->o->explain && !b->o->list)
			note("explain '%s': %s", e->name, reason);
		if (b->o->list) {
			char *line = build_command_line(e, b->o->exe);

			report_would_run(b->rep, e, reason, line);
			free(line);
		}
		report_rule_end(b->rep, e, RS_WOULD, 0, reason, NULL, 0, NULL);
		build_finish(b, e, RS_WOULD);
		free(reason);
		return;
	}
	if (restorable(b, e) && restore(b, e, &b->ser, reason, RESTORED_LOCAL) == 0) {
		free(reason);
		return;
	}
	if (restorable(b, e))
		b->cstats.local_misses++;
	/* keep the key and reason: b->ser and b->why serve the next check */
	r->run = xcalloc(1, sizeof(*r->run));
	r->run->e = e;
	r->run->reason = reason;
	buf_put(&r->run->ser, b->ser.s, b->ser.len);
	/* looked up in the remote cache with the others ready now (build.c) */
	if (restorable(b, e) && b->remote && (remote_mode(b->remote) & REMOTE_READ))
		build_push(&b->fetchq, &b->nfetch, &b->capfetch, e);
	else
		build_enqueue(b, e);
}

/* a successful run: hash the outputs, read the depfile, record the result */
static int record(struct build *b, struct running *r, struct buf *outputs, struct hash *keyp)
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
	r->ser_base = r->ser.len;
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
	                                 outputs->s ? outputs->s : "", depbuf.s ? depbuf.s : "") < 0)
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

/* a built-in action killed while it wrote an output leaves its temporary
 * file (base/fsio.h) beside it: that name, with the killed pid, is menace's
 * own, never a user's file */
static void remove_tmp(const char *path, pid_t pid)
{
	char *tmp = fsio_tmp_name(path, (long)pid);

	if (unlink(tmp) < 0 && errno != ENOENT)
		warn("cannot remove '%s':", tmp);
	free(tmp);
}

/* its outputs' and its depfile's */
static void remove_action_tmp(const struct edge *e, const struct proc *p)
{
	size_t i;

	if (e->command || WIFEXITED(p->status))
		return;
	for (i = 0; i < e->nout; i++)
		remove_tmp(e->out[i]->path, p->pid);
	if (e->depfile)
		remove_tmp(e->depfile, p->pid);
}

void build_finish_proc(struct build *b, struct proc *p)
{
	struct running *r = p->data;
	struct edge *e = r->e;
	long long end = now_ns() - b->t0, dur = p->end_ns - p->start_ns;
	char *fault = executor_end(b->exec, p);   /* Slurm ended the job */
	int ok = !fault && !p->timed_out && WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0;
	int code = WIFEXITED(p->status) ? WEXITSTATUS(p->status) : -1;
	struct buf outputs = BUF_INIT, how = BUF_INIT;
	struct hash key = {0, 0};

	b->slots[r->slot] = 0;
	build_pool_release(b, e);
	if (ok && record(b, r, &outputs, &key) < 0)
		ok = 0;
	/* the rest (the cache, the report) while the freed slot runs another */
	if (ok)
		build_fill_slots(b);
	if (ok && !(e->flags & (EDGE_ALWAYS | EDGE_NOCACHE)) && e->nout &&
	    cache_store(b->cache, key, e->out, workspace_record(b->ws, e)->out, e->nout, !b->remote) == 0 &&
	    b->remote)
		remote_queue(b->remote, r->ser.s, r->ser.len, r->ser_base, workspace_record(b->ws, e)->deps,
		             workspace_record(b->ws, e)->ndeps, e->out, workspace_record(b->ws, e)->out, e->nout);
	if (ok) {
		report_rule_end(b->rep, e, RS_RAN, (double)dur / 1e9, r->reason, p->out.s, p->out.len, NULL);
		build_log_event(b, e, RS_RAN, r->reason, 0, r->slot, r->start_ns, end, &key);
		build_finish(b, e, RS_RAN);
	} else {
		remove_action_tmp(e, p);
		if (b->interrupted && !WIFEXITED(p->status))
			buf_puts(&how, "interrupted");
		else if (fault)
			buf_puts(&how, fault);
		else if (WIFEXITED(p->status) && code == 0 && !p->timed_out)
			buf_puts(&how, "outputs not written");
		else
			proc_describe(p, e->timeout, &how);
		report_rule_end(b->rep, e, RS_FAILED, (double)dur / 1e9, r->reason, p->out.s, p->out.len, how.s);
		build_log_event(b, e, RS_FAILED, how.s, code, r->slot, r->start_ns, end, NULL);
		build_finish(b, e, RS_FAILED);
	}
	free(fault);
	buf_free(&outputs);
	buf_free(&how);
	buf_free(&r->ser);
	free(r->reason);
	free(r);
	proc_free(p);
}
