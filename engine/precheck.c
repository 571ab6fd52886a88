/* precheck.c: the checks of a plan before anything runs: every source a
 * planned instance reads exists, and each action accepts its rules. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "engine/builddef.h"
#include "graph/action.h"
#include "base/util.h"
#include "engine/stale.h"
#include "engine/vanished.h"

/* the sources every planned instance reads must exist; -1 after naming
 * each missing one */
int build_check_sources(struct build *b)
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
			if (rc == 0 && (by = vanished_owner(b->ws, n->path))) {
				char *detail = xasprintf(" (the file there was written by '%s', which is gone: "
				                         "edit it to keep it as a source, or delete it)", by);

				ret = stale_missing(b->g, e, n, detail);
				free(detail);
			} else if (rc == 1) {
				ret = stale_missing(b->g, e, n, NULL);
			} else if (rc < 0)
				ret = -1;
		}
	}
	return ret;
}

/* the action r's use: names, or NULL (a foreach template names it only
 * in its template) */
static const struct action *rule_action(const struct actions *t, const struct rule *r)
{
	const struct action *a = NULL;
	cJSON *tmpl, *u;
	size_t i;

	for (i = 0; i < r->ninst; i++)
		if (r->inst[i]->action)
			return actions_find(t, r->inst[i]->action);
	if (!r->src || !(tmpl = cJSON_Parse(r->src)))
		return NULL;
	u = cJSON_GetObjectItemCaseSensitive(tmpl, "use");
	if (cJSON_IsString(u))
		a = actions_find(t, u->valuestring);
	cJSON_Delete(tmpl);
	return a;
}

/* each action's check (graph/action.h) on each of its rules the plan
 * holds; 0, or -1 after the first failed check's message */
int build_check_actions(struct build *b)
{
	struct graph *g = b->g;
	size_t i, j;

	for (i = 0; i < g->nrules; i++) {
		struct rule *r = g->rules[i];
		const struct action *a;
		int wanted = 0;

		for (j = 0; j < r->ninst && !wanted; j++)
			wanted = r->inst[j]->id < b->ner && b->er[r->inst[j]->id].want;
		if (wanted && (a = rule_action(b->ws->actions, r)) && a->check && a->check(r) < 0)
			return -1;
	}
	return 0;
}
