/* orphan.c: what instances that are gone left behind (a rule left the
 * manifest, a matrix value was dropped, an entry left a foreach list):
 * their outputs are removed where that is safe, their last runs
 * forgotten. */
#include <stdlib.h>
#include <string.h>

#include "engine/builddef.h"
#include "base/util.h"
#include "engine/vanished.h"

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
void build_remove_vanished_of(struct build *b, struct rule *r)
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
void build_remove_vanished(struct build *b)
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
