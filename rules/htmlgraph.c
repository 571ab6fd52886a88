/* htmlgraph.c: the graph of rules for the HTML report (htmlreport.h): a
 * rule is a box, an arrow goes from a rule to each rule one of whose
 * instances reads an output of one of its instances or needs it; boxes
 * stand in columns by their depth (the longest chain of arrows leading to
 * them), and the same arrows are listed as text below the drawing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/htmlreport.h"
#include "graph/graph.h"
#include "base/strmap.h"
#include "base/util.h"
#include "base/xmlesc.h"

enum { BOX_W = 170, BOX_H = 26, COL_W = 220, ROW_H = 40, MARGIN = 16 };

/* adj[i * n + j]: rule i feeds rule j */
static unsigned char *rule_arrows(const struct graph *g, struct strmap *idx)
{
	size_t n = g->nrules, i, k;
	unsigned char *adj = xcalloc(n ? n * n : 1, 1);

	for (i = 0; i < n; i++)
		*strmap_slot(idx, g->rules[i]->name) = (void *)(uintptr_t)(i + 1);
	for (i = 0; i < g->nedges; i++) {
		const struct edge *e = g->edges[i];
		size_t to = (uintptr_t)strmap_get(idx, e->rule->name), from;

		if (!to--)
			continue;
		for (k = 0; k < e->nin; k++)
			if (e->in[k]->gen && (from = (uintptr_t)strmap_get(idx, e->in[k]->gen->rule->name)) &&
			    from - 1 != to)
				adj[(from - 1) * n + to] = 1;
		for (k = 0; k < e->nneeds; k++)
			if ((from = (uintptr_t)strmap_get(idx, e->needs[k]->rule->name)) && from - 1 != to)
				adj[(from - 1) * n + to] = 1;
	}
	return adj;
}

/* the longest chain of arrows to each rule (at most n - 1: rules may feed
 * each other through different instances) */
static size_t *depths(const unsigned char *adj, size_t n)
{
	size_t *d = xcalloc(n ? n : 1, sizeof(*d)), round, i, j;
	int changed = 1;

	for (round = 0; changed && round < n; round++) {
		changed = 0;
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (adj[i * n + j] && d[j] < d[i] + 1 && d[i] + 1 < n) {
					d[j] = d[i] + 1;
					changed = 1;
				}
	}
	return d;
}

static void box(struct buf *b, const char *name, size_t x, size_t y)
{
	size_t len = strlen(name);

	buf_printf(b, "<g class=\"node\"><title>");
	buf_putxmls(b, name, 0);
	buf_printf(b, "</title><rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" rx=\"4\"/>"
	           "<text x=\"%zu\" y=\"%zu\">", x, y, BOX_W, BOX_H, x + 6, y + 17);
	/* a long name is cut in the box; the title holds it whole */
	buf_putxml(b, name, len > 26 ? 24 : len, 0);
	if (len > 26)
		buf_puts(b, "...");
	buf_puts(b, "</text></g>");
}

void htmlgraph_svg(struct buf *b, const struct graph *g)
{
	struct strmap idx;
	size_t n = g->nrules, i, j, ncols = 1, nrows = 1, *row, *rows;
	unsigned char *adj;
	size_t *d;

	strmap_init(&idx);
	adj = rule_arrows(g, &idx);
	d = depths(adj, n);
	row = xcalloc(n ? n : 1, sizeof(*row));
	rows = xcalloc(n ? n : 1, sizeof(*rows));
	for (i = 0; i < n; i++) {
		row[i] = rows[d[i]]++;
		if (d[i] + 1 > ncols)
			ncols = d[i] + 1;
		if (rows[d[i]] > nrows)
			nrows = rows[d[i]];
	}
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"rule-graph\" width=\"%zu\" height=\"%zu\""
	           " role=\"img\" aria-label=\"the graph of rules\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\""
	           " refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
	           "<path d=\"M0,0L10,5L0,10z\" fill=\"#888\"/></marker></defs>",
	           2 * MARGIN + (ncols - 1) * COL_W + BOX_W, 2 * MARGIN + (nrows - 1) * ROW_H + BOX_H);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (adj[i * n + j])
				buf_printf(b, "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M%zu,%zu L%zu,%zu\"/>",
				           MARGIN + d[i] * COL_W + BOX_W, MARGIN + row[i] * ROW_H + BOX_H / 2,
				           MARGIN + d[j] * COL_W, MARGIN + row[j] * ROW_H + BOX_H / 2);
	for (i = 0; i < n; i++)
		box(b, g->rules[i]->name, MARGIN + d[i] * COL_W, MARGIN + row[i] * ROW_H);
	buf_puts(b, "</svg>\n<ul id=\"graph-edges\">\n");
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (adj[i * n + j]) {
				buf_puts(b, "<li><code>");
				buf_putxmls(b, g->rules[i]->name, 0);
				buf_puts(b, "</code> &rarr; <code>");
				buf_putxmls(b, g->rules[j]->name, 0);
				buf_puts(b, "</code></li>\n");
			}
	buf_puts(b, "</ul>\n");
	free(adj);
	free(d);
	free(row);
	free(rows);
	strmap_free(&idx, NULL);
}
