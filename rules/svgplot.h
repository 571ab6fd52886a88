/* svgplot.h: line charts as inline SVG, drawn by menace for the HTML
 * report (no script, no external resource). x is the entry's index in
 * its series (1 = the first recorded scoring), y the value; every series
 * shares the y range. Each point is a
 *   <circle class="pt" data-series="NAME" data-i="I" data-v="VALUE">
 *   <title>NAME #I: VALUE</title></circle>
 * so a reader (or a test) counts the points of each series. */
#ifndef MENACE_SVGPLOT_H
#define MENACE_SVGPLOT_H

#include <stddef.h>

#include "base/buf.h"

struct svgseries {
	const char *name;     /* escaped when written */
	const double *v;      /* non-finite values are not drawn */
	size_t n;
	const char *color;    /* a CSS colour, written as given */
};

/* append an <svg> of width x height pixels; label: its aria-label */
void svgplot_lines(struct buf *b, const char *label, const struct svgseries *s, size_t ns,
                   int width, int height);
/* the y range the plot uses for the values: [lo, hi], hi > lo (a flat
 * series gets +-0.5 around it; no finite value: [0, 1]) */
void svgplot_range(const struct svgseries *s, size_t ns, double *lo, double *hi);

#endif
