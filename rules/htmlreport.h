/* htmlreport.h: the static HTML report of the sandbox (menace report):
 * one self-contained index.html, no script and no external resource (its
 * Content-Security-Policy forbids both), of what the data directory
 * holds after the last cycles:
 *   - the cycles of threshold_log.jsonl;
 *   - the module table, one row per module of scores.json
 *     (<tr data-module="PATH">): the scenario x level pass/fail matrix
 *     from the self-test results, ROI, RAROI, status and reason (from
 *     module_map.json and orphan_modules.json);
 *   - the mean ROI and RAROI per scoring run, and per module the ROI,
 *     RAROI and entropy of each recorded scoring (roi_history.json) as
 *     inline SVG plots (rules/svgplot.h);
 *   - the flagged modules (sandbox_meta.log.flags) and commits
 *     (alignment_flags.jsonl);
 *   - the slowest rules of the build log, and the graph of rules.
 * Every string from the repository or the data is escaped (base/xmlesc.h). */
#ifndef MENACE_HTMLREPORT_H
#define MENACE_HTMLREPORT_H

#include <stddef.h>

#include "base/buf.h"

struct graph;

/* a rule instance of the build log and its slowest run */
struct slowrule {
	const char *rule, *status;
	double secs;
};

struct htmlreport_opts {
	const char *data;               /* the sandbox data directory */
	const struct graph *g;          /* the graph drawn, or NULL */
	const struct slowrule *slow;    /* slowest first */
	size_t nslow;
	const char *generated;          /* the time it was made, as text */
};

/* the document into out; 0, or -1 after "menace: FILE:LINE:COL: ..." (a
 * data file that is not JSON or has the wrong shape) */
int htmlreport_render(const struct htmlreport_opts *o, struct buf *out);
/* htmlgraph.c: the rules of g as an SVG drawing, arrows from a rule to the
 * rules reading its outputs or needing it, in columns by depth */
void htmlgraph_svg(struct buf *b, const struct graph *g);

#endif
