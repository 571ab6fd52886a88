/* plan.c: the plan of a build: the instances the targets need, and per
 * instance the count of unfinished producers and needs that holds it back
 * (ninja/samurai); a finished instance releases what waits for it. A
 * foreach rule whose list is up to date is expanded here, on the way, and
 * its instances join the plan. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/builddef.h"
#include "base/fsio.h"
#include "graph/load.h"
#include "base/util.h"

void build_push(struct edge ***v, size_t *n, size_t *cap, struct edge *e)
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
void build_plan(struct build *b, struct edge **targets, size_t n, int push_ready)
{
	struct edge **stack = NULL, **added = NULL;
	size_t ns = 0, cap = 0, na = 0, capa = 0, i;

	for (i = 0; i < n; i++)
		if (!b->er[targets[i]->id].want) {
			b->er[targets[i]->id].want = 1;
			build_push(&stack, &ns, &cap, targets[i]);
		}
	while (ns) {
		struct edge *e = stack[--ns];

		b->nwant++;
		build_push(&added, &na, &capa, e);
		for (i = 0; i < e->nin; i++) {
			struct edge *p = e->in[i]->gen;

			if (p && !b->er[p->id].want) {
				b->er[p->id].want = 1;
				build_push(&stack, &ns, &cap, p);
			}
		}
		for (i = 0; i < e->nneeds; i++) {
			struct edge *p = e->needs[i];

			if (!b->er[p->id].want) {
				b->er[p->id].want = 1;
				build_push(&stack, &ns, &cap, p);
			}
		}
	}
	free(stack);
	for (i = 0; i < na; i++)
		plan_edge(b, added[i]);
	for (i = 0; push_ready && i < na; i++)
		if (b->er[added[i]->id].nblock == 0)
			build_push(&b->ready, &b->nready, &b->capready, added[i]);
	free(added);
}

void build_finish(struct build *b, struct edge *e, enum rstatus st)
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
	if (st != RS_CACHED && b->o->stale && e->id < b->o->nstale)
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
				build_push(&b->ready, &b->nready, &b->capready, n->use[j]);
		}
	}
	for (i = 0; i < r->nby; i++) {
		struct edge *d = r->by[i];
		struct erun *u = &b->er[d->id];

		if (bad)
			u->dep_failed = 1;
		if (--u->nblock == 0)
			build_push(&b->ready, &b->nready, &b->capready, d);
	}
}

static void plan_instances(struct build *b, struct edge *e, size_t first);
static void expand_late(struct build *b, struct edge *e);

static void fail_now(struct build *b, struct edge *e, const char *why)
{
	report_rule_end(b->rep, e, RS_FAILED, 0, why, NULL, 0, why);
	build_log_event(b, e, RS_FAILED, why, -1, 0, 0, 0, NULL);
	build_finish(b, e, RS_FAILED);
}

/* a dry run: e would run, for a reason (malloc'd, freed here) that is
 * all there is to say, its instances being unknown */
static void would_run_unknown(struct build *b, struct edge *e, char *why)
{
	if (b->o->list) {
		char *line = build_command_line(e, b->o->exe);

		report_would_run(b->rep, e, why, line);
		free(line);
	}
	if (e == b->o->why_edge && b->o->why) {
		buf_printf(b->o->why, "%s\n", why);
		b->o->why_state = 1;
	}
	report_rule_end(b->rep, e, RS_WOULD, 0, why, NULL, 0, NULL);
	build_finish(b, e, RS_WOULD);
	free(why);
}

/* a foreach rule whose list is up to date: expand it into its instances,
 * plan them, and make the rule wait for them (a group) */
void build_expand_template(struct build *b, struct edge *e)
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
	build_remove_vanished_of(b, e->rule);
	report_add_total(b->rep, b->g->nedges - first);
	/* the instances, and what they read that was not planned yet */
	build_plan(b, b->g->edges + first, b->g->nedges - first, 1);
	if (!(e->flags & EDGE_GROUP)) {
		/* e is the instance: what it reads that was not planned yet */
		for (i = 0; i < e->nin; i++) {
			struct edge *p = e->in[i]->gen;

			if (p && !b->er[p->id].want)
				build_plan(b, &p, 1, 1);
		}
	}
	/* the group waits for every instance */
	b->er[e->id].nblock = 0;
	plan_edge(b, e);
	if (b->er[e->id].nblock == 0)
		build_push(&b->ready, &b->nready, &b->capready, e);
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
