/* export.c: the graph for people and tools. Formats (docs/manifest.md,
 * "menace graph"): text, Graphviz DOT, JSON (format 1), Mermaid. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "graph/export.h"
#include "base/util.h"

static struct edge *dep_of(struct edge *e, size_t k)
{
	if (k < e->nin)
		return e->in[k]->gen;
	return e->needs[k - e->nin];
}

/* the instances targets need, transitively, as a mask indexed by edge id
 * (malloc'd, g->nedges bytes); ntargets 0: every edge */
static unsigned char *graph_closure(struct graph *g, struct edge **targets, size_t ntargets)
{
	unsigned char *mask = xcalloc(g->nedges + 1, 1);
	struct edge **todo;
	size_t n = 0, i, k;

	if (ntargets == 0) {
		memset(mask, 1, g->nedges);
		return mask;
	}
	todo = xcalloc(g->nedges + 1, sizeof(*todo));
	for (i = 0; i < ntargets; i++) {
		if (!mask[targets[i]->id]) {
			mask[targets[i]->id] = 1;
			todo[n++] = targets[i];
		}
	}
	while (n > 0) {
		struct edge *e = todo[--n];

		for (k = 0; k < e->nin + e->nneeds; k++) {
			struct edge *d = dep_of(e, k);

			if (d && !mask[d->id]) {
				mask[d->id] = 1;
				todo[n++] = d;
			}
		}
	}
	free(todo);
	return mask;
}

/* the producers of e (each once, in order), via stamp (per edge id) */
static size_t producers(struct edge *e, size_t *stamp, struct edge ***v, size_t *cap)
{
	size_t n = 0, k;

	for (k = 0; k < e->nin + e->nneeds; k++) {
		struct edge *d = dep_of(e, k);

		if (!d || stamp[d->id] == e->id + 1)
			continue;
		stamp[d->id] = e->id + 1;
		growarray(v, cap, n + 1, sizeof(**v));
		(*v)[n++] = d;
	}
	return n;
}

static void dot_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void mermaid_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		switch (*s) {
		case '"': buf_puts(b, "#quot;"); break;
		case '<': buf_puts(b, "#lt;"); break;
		case '>': buf_puts(b, "#gt;"); break;
		case '#': buf_puts(b, "#35;"); break;
		case '\n': buf_putc(b, ' '); break;
		default: buf_putc(b, *s);
		}
	}
	buf_putc(b, '"');
}

static cJSON *paths_json(struct node **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i]->is_dir) {
			char *p = xasprintf("%s/", v[i]->path);

			cJSON_AddItemToArray(a, cJSON_CreateString(p));
			free(p);
		} else {
			cJSON_AddItemToArray(a, cJSON_CreateString(v[i]->path));
		}
	}
	return a;
}

static void export_json(struct buf *b, struct graph *g, const unsigned char *mask, const unsigned char *stale,
                        size_t *stamp)
{
	cJSON *o = cJSON_CreateObject(), *nodes, *edges;
	struct edge **pv = NULL;
	size_t cap = 0, i, j, np;
	char *s;

	cJSON_AddNumberToObject(o, "version", 1);
	nodes = cJSON_AddArrayToObject(o, "nodes");
	edges = cJSON_AddArrayToObject(o, "edges");
	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];
		cJSON *n, *a;

		if (!mask[i])
			continue;
		n = cJSON_CreateObject();
		cJSON_AddStringToObject(n, "name", e->name);
		cJSON_AddStringToObject(n, "rule", e->rule ? e->rule->name : e->name);
		if (e->command)
			cJSON_AddStringToObject(n, "command", e->command);
		if (e->action) {
			cJSON *w = e->with ? cJSON_Parse(e->with) : NULL;

			cJSON_AddStringToObject(n, "action", e->action);
			cJSON_AddItemToObject(n, "with", w ? w : cJSON_CreateObject());
		}
		cJSON_AddItemToObject(n, "inputs", paths_json(e->in, e->nin));
		cJSON_AddItemToObject(n, "outputs", paths_json(e->out, e->nout));
		a = cJSON_AddArrayToObject(n, "needs");
		for (j = 0; j < e->nneeds; j++)
			cJSON_AddItemToArray(a, cJSON_CreateString(e->needs[j]->name));
		a = cJSON_AddArrayToObject(n, "env");
		for (j = 0; j < e->nenv; j++)
			cJSON_AddItemToArray(a, cJSON_CreateString(e->env[j]));
		if (e->depfile)
			cJSON_AddStringToObject(n, "depfile", e->depfile);
		if (e->pool)
			cJSON_AddStringToObject(n, "pool", e->pool->name);
		if (e->timeout > 0)
			cJSON_AddNumberToObject(n, "timeout", e->timeout);
		cJSON_AddStringToObject(n, "description", edge_desc(e));
		cJSON_AddBoolToObject(n, "always", (e->flags & EDGE_ALWAYS) != 0);
		cJSON_AddBoolToObject(n, "cache", (e->flags & EDGE_NOCACHE) == 0);
		if (e->flags & EDGE_TEMPLATE)
			cJSON_AddBoolToObject(n, "foreach_template", 1);
		if (e->flags & EDGE_GROUP)
			cJSON_AddBoolToObject(n, "foreach_group", 1);
		cJSON_AddBoolToObject(n, "stale", stale && stale[i]);
		cJSON_AddItemToArray(nodes, n);
	}
	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		if (!mask[i])
			continue;
		np = producers(e, stamp, &pv, &cap);
		for (j = 0; j < np; j++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddStringToObject(x, "from", pv[j]->name);
			cJSON_AddStringToObject(x, "to", e->name);
			cJSON_AddItemToArray(edges, x);
		}
	}
	s = cJSON_Print(o);
	buf_puts(b, s);
	buf_putc(b, '\n');
	cJSON_free(s);
	cJSON_Delete(o);
	free(pv);
}

static void export_dot(struct buf *b, struct graph *g, const unsigned char *mask, const unsigned char *stale,
                       size_t *stamp)
{
	struct edge **pv = NULL;
	size_t cap = 0, i, j, np;

	buf_puts(b, "digraph menace {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"Helvetica\"];\n");
	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		if (!mask[i])
			continue;
		buf_printf(b, "\tn%zu [label=", i);
		dot_quote(b, e->name);
		/* one style attribute: a second would replace the first */
		if ((e->flags & (EDGE_TEMPLATE | EDGE_GROUP)) && stale && stale[i])
			buf_puts(b, ", style=\"dashed,filled\"");
		else if (e->flags & (EDGE_TEMPLATE | EDGE_GROUP))
			buf_puts(b, ", style=dashed");
		else if (stale && stale[i])
			buf_puts(b, ", style=filled");
		if (stale && stale[i])
			buf_puts(b, ", fillcolor=\"#ffcccc\", color=\"#cc0000\"");
		buf_puts(b, "];\n");
	}
	for (i = 0; i < g->nedges; i++) {
		if (!mask[i])
			continue;
		np = producers(g->edges[i], stamp, &pv, &cap);
		for (j = 0; j < np; j++)
			buf_printf(b, "\tn%zu -> n%zu;\n", pv[j]->id, i);
	}
	buf_puts(b, "}\n");
	free(pv);
}

static void export_mermaid(struct buf *b, struct graph *g, const unsigned char *mask,
                           const unsigned char *stale, size_t *stamp)
{
	struct edge **pv = NULL;
	size_t cap = 0, i, j, np;
	int any = 0;

	buf_puts(b, "flowchart LR\n");
	for (i = 0; i < g->nedges; i++) {
		if (!mask[i])
			continue;
		buf_printf(b, "    n%zu[", i);
		mermaid_quote(b, g->edges[i]->name);
		buf_puts(b, "]\n");
	}
	for (i = 0; i < g->nedges; i++) {
		if (!mask[i])
			continue;
		np = producers(g->edges[i], stamp, &pv, &cap);
		for (j = 0; j < np; j++)
			buf_printf(b, "    n%zu --> n%zu\n", pv[j]->id, i);
	}
	for (i = 0; stale && i < g->nedges; i++) {
		if (!mask[i] || !stale[i])
			continue;
		if (!any)
			buf_puts(b, "    classDef stale fill:#ffcccc,stroke:#cc0000\n");
		any = 1;
		buf_printf(b, "    class n%zu stale\n", i);
	}
	free(pv);
}

static void export_text(struct buf *b, struct graph *g, const unsigned char *mask, const unsigned char *stale,
                        size_t *stamp)
{
	struct edge **pv = NULL;
	size_t cap = 0, i, j, np;

	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		if (!mask[i])
			continue;
		buf_puts(b, e->name);
		np = producers(e, stamp, &pv, &cap);
		if (np)
			buf_puts(b, " <-");
		for (j = 0; j < np; j++) {
			buf_putc(b, ' ');
			buf_puts(b, pv[j]->name);
		}
		if (stale && stale[i])
			buf_puts(b, " (stale)");
		buf_putc(b, '\n');
	}
	free(pv);
}

int graph_export(FILE *f, struct graph *g, enum export_format fmt, struct edge **targets, size_t ntargets,
                 const unsigned char *stale)
{
	unsigned char *mask = graph_closure(g, targets, ntargets);
	size_t *stamp = xcalloc(g->nedges + 1, sizeof(*stamp));
	struct buf b = BUF_INIT;
	int ret = 0;

	switch (fmt) {
	case EXPORT_JSON:
		export_json(&b, g, mask, stale, stamp);
		break;
	case EXPORT_DOT:
		export_dot(&b, g, mask, stale, stamp);
		break;
	case EXPORT_MERMAID:
		export_mermaid(&b, g, mask, stale, stamp);
		break;
	case EXPORT_TEXT:
	default:
		export_text(&b, g, mask, stale, stamp);
		break;
	}
	if (b.len && fwrite(b.s, 1, b.len, f) != b.len)
		ret = -1;
	if (fflush(f) != 0)
		ret = -1;
	if (ret < 0)
		warn("cannot write the graph:");
	buf_free(&b);
	free(stamp);
	free(mask);
	return ret;
}
