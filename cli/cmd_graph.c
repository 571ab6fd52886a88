/* cmd_graph.c: "menace graph" and "menace targets": the loaded graph,
 * printed; nothing is built or written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "graph/export.h"
#include "graph/graph.h"
#include "graph/load.h"
#include "base/util.h"
#include "engine/workspace.h"
#include "engine/build.h"

static const char graph_usage[] =
	"usage: menace graph [--text|--dot|--json|--mermaid] [TARGET...]\n"
	"\n"
	"Print the graph on stdout: rule instances are the nodes; an arrow goes\n"
	"from a rule to each rule that reads one of its outputs or needs it.\n"
	"TARGET (a rule, an instance such as 't[p=1]', or an output path) limits\n"
	"the graph to what the targets need. A foreach rule shows its instances\n"
	"when its list file is up to date, else one node named after the rule.\n"
	"\n"
	"  --text      one line per instance: 'name <- producer...' (the default)\n"
	"  --dot       Graphviz DOT (menace graph --dot | dot -Tsvg > graph.svg)\n"
	"  --json      JSON: nodes (inputs, outputs, command...) and edges\n"
	"  --mermaid   a Mermaid flowchart\n"
	"\n"
	"Exit status: 0, or 2 for a usage or manifest error.\n";

static const char targets_usage[] =
	"usage: menace targets [--names]\n"
	"\n"
	"List every rule, its instances (matrix 'rule[p=v]', foreach 'rule[item]'\n"
	"once its list file is up to date; until then the rule and its list file)\n"
	"and the outputs each writes:\n"
	"\n"
	"  RULE                   a rule with one instance, then its outputs\n"
	"      OUTPUT\n"
	"  RULE                   a matrix rule, then each instance and its outputs\n"
	"    RULE[p=v]\n"
	"      OUTPUT\n"
	"\n"
	"  --names   only the names a TARGET may be, one a line: every rule,\n"
	"            instance and output (what shell completion offers)\n"
	"\n"
	"Exit status: 0, 2 for a usage or manifest error, 3 state unusable.\n";

/* one byte per instance, 1 for each that a build would run (a silent
 * dry run, as status's) */
static unsigned char *mark_stale(struct workspace *ws)
{
	struct build_opts o;
	struct edge **all;
	size_t n = ws->g->nedges;
	unsigned char *stale = xcalloc(n + 1, 1);

	memset(&o, 0, sizeof(o));
	o.dry_run = 1;
	o.probe = 1;
	o.quiet = 1;
	o.silent = 1;    /* a missing source is no error of graph's */
	o.jobs = 1;
	o.stale = stale;
	o.nstale = n;
	all = xreallocarray(NULL, n + 1, sizeof(all[0]));
	if (n)
		memcpy(all, ws->g->edges, n * sizeof(all[0]));
	build_run(ws, all, n, &o);
	free(all);
	/* instances the run added (none expected): one byte each, unmarked */
	if (ws->g->nedges > n) {
		stale = xrealloc(stale, ws->g->nedges + 1);
		memset(stale + n, 0, ws->g->nedges + 1 - n);
	}
	return stale;
}

int cmd_graph(int argc, char **argv, const struct workspace_opts *o)
{
	int fmt = EXPORT_TEXT, nnames, rc;
	size_t nt = 0;
	struct edge **t = NULL;
	struct graph *g;
	struct workspace ws;
	unsigned char *stale;
	const struct opt opts[] = {
		OPT_SETTO(0, "text", &fmt, EXPORT_TEXT),
		OPT_SETTO(0, "dot", &fmt, EXPORT_DOT),
		OPT_SETTO(0, "json", &fmt, EXPORT_JSON),
		OPT_SETTO(0, "mermaid", &fmt, EXPORT_MERMAID),
	};

	if (opt_help(argc, argv, graph_usage))
		return EXIT_OK;
	if ((nnames = opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), 0, graph_usage)) < 0)
		return EXIT_USAGE;
	rc = workspace_open(&ws, o, WS_READ);
	if (rc)
		return rc;
	g = ws.g;
	/* foreach rules whose list is up to date show their instances */
	build_expand(&ws);
	stale = mark_stale(&ws);
	if (nnames && graph_targets(g, argv + 1, (size_t)nnames, &t, &nt) < 0)
		rc = EXIT_USAGE;
	else if (graph_export(stdout, g, (enum export_format)fmt, t, nt, stale) < 0)
		rc = EXIT_FAILED;
	free(stale);
	free(t);
	workspace_exit(&ws);
	return rc;
}

static void put_outputs(const struct edge *e, const char *indent)
{
	size_t i;

	for (i = 0; i < e->nout; i++)
		printf("%s%s%s\n", indent, e->out[i]->path, e->out[i]->is_dir ? "/" : "");
}

/* --names: the rule, its instances (when not just the rule) and outputs */
static void put_names(const struct rule *r)
{
	size_t j;

	printf("%s\n", r->name);
	for (j = 0; j < r->ninst; j++) {
		if (strcmp(r->inst[j]->name, r->name) != 0)
			printf("%s\n", r->inst[j]->name);
		put_outputs(r->inst[j], "");
	}
}

int cmd_targets(int argc, char **argv, const struct workspace_opts *o)
{
	struct workspace ws;
	struct graph *g;
	size_t i, j;
	int rc, names = 0;
	const struct opt opts[] = {OPT_FLAG(0, "names", &names)};

	if (opt_help(argc, argv, targets_usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, 1, OPT_NO_OPERANDS, targets_usage) < 0)
		return EXIT_USAGE;
	if ((rc = workspace_open(&ws, o, WS_READ)) != 0)
		return rc;
	/* foreach rules whose list is up to date show their instances */
	build_expand(&ws);
	g = ws.g;
	for (i = 0; names && i < g->nrules; i++)
		put_names(g->rules[i]);
	for (i = 0; !names && i < g->nrules; i++) {
		struct rule *r = g->rules[i];

		if (r->ninst == 1 && (r->inst[0]->flags & EDGE_TEMPLATE) && r->foreach_from) {
			printf("%s (foreach over %s)\n", r->name, r->foreach_from);
			continue;
		}
		if (r->ninst == 1 && (r->inst[0]->flags & EDGE_TEMPLATE)) {
			/* a late rule: its outputs are known once what it reads is */
			printf("%s (reads the outputs of", r->name);
			for (j = 0; j < r->inst[0]->nneeds; j++)
				if (r->inst[0]->needs[j]->flags & EDGE_TEMPLATE)
					printf(" %s", r->inst[0]->needs[j]->name);
			printf(")\n");
			continue;
		}
		printf("%s\n", r->name);
		if (r->ninst == 1 && strcmp(r->inst[0]->name, r->name) == 0) {
			put_outputs(r->inst[0], "    ");
			continue;
		}
		for (j = 0; j < r->ninst; j++) {
			printf("  %s\n", r->inst[j]->name);
			put_outputs(r->inst[j], "    ");
		}
	}
	rc = EXIT_OK;
	if (fflush(stdout) != 0) {
		warn("cannot write the list:");
		rc = EXIT_FAILED;
	}
	workspace_exit(&ws);
	return rc;
}
