/* svgplot.c: line charts as inline SVG. */
#include <math.h>
#include <stdio.h>

#include "rules/svgplot.h"
#include "base/xmlesc.h"

enum { PAD_L = 48, PAD_R = 12, PAD_T = 10, PAD_B = 24 };

void svgplot_range(const struct svgseries *s, size_t ns, double *lo, double *hi)
{
	size_t i, j;
	int any = 0;

	*lo = 0;
	*hi = 1;
	for (i = 0; i < ns; i++)
		for (j = 0; j < s[i].n; j++) {
			double v = s[i].v[j];

			if (!isfinite(v))
				continue;
			if (!any || v < *lo)
				*lo = v;
			if (!any || v > *hi)
				*hi = v;
			any = 1;
		}
	if (any && *hi - *lo < 1e-12) {
		*lo -= 0.5;
		*hi += 0.5;
	}
}

static size_t longest(const struct svgseries *s, size_t ns)
{
	size_t i, n = 0;

	for (i = 0; i < ns; i++)
		if (s[i].n > n)
			n = s[i].n;
	return n;
}

static void axes(struct buf *b, int w, int h, double lo, double hi, size_t n)
{
	size_t i, step = n > 10 ? (n + 9) / 10 : 1;

	buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", PAD_L, PAD_T,
	           PAD_L, h - PAD_B);
	buf_printf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", PAD_L, h - PAD_B,
	           w - PAD_R, h - PAD_B);
	buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3g</text>", PAD_L - 4,
	           PAD_T + 8, hi);
	buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3g</text>", PAD_L - 4,
	           h - PAD_B, lo);
	for (i = 1; i <= n; i += step) {
		double x = n > 1 ? PAD_L + (double)(i - 1) * (w - PAD_L - PAD_R) / (double)(n - 1)
		                 : PAD_L + (w - PAD_L - PAD_R) / 2.0;

		buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%zu</text>", x,
		           h - PAD_B + 14, i);
	}
}

static void series(struct buf *b, const struct svgseries *s, int w, int h, double lo, double hi,
                   size_t n)
{
	struct buf pts = BUF_INIT, dots = BUF_INIT;
	size_t j;

	for (j = 0; j < s->n; j++) {
		double x, y;

		if (!isfinite(s->v[j]))
			continue;
		x = n > 1 ? PAD_L + (double)j * (w - PAD_L - PAD_R) / (double)(n - 1)
		          : PAD_L + (w - PAD_L - PAD_R) / 2.0;
		y = h - PAD_B - (s->v[j] - lo) / (hi - lo) * (h - PAD_T - PAD_B);
		buf_printf(&pts, "%s%.1f,%.1f", pts.len ? " " : "", x, y);
		buf_printf(&dots, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" data-series=\"",
		           x, y, s->color);
		buf_putxmls(&dots, s->name, 1);
		buf_printf(&dots, "\" data-i=\"%zu\" data-v=\"%.6g\"><title>", j + 1, s->v[j]);
		buf_putxmls(&dots, s->name, 0);
		buf_printf(&dots, " #%zu: %.4g</title></circle>", j + 1, s->v[j]);
	}
	/* the line under its points */
	if (pts.len)
		buf_printf(b, "<polyline class=\"line\" fill=\"none\" stroke=\"%s\" points=\"%s\"/>", s->color,
		           pts.s);
	if (dots.len)
		buf_put(b, dots.s, dots.len);
	buf_free(&pts);
	buf_free(&dots);
}

void svgplot_lines(struct buf *b, const char *label, const struct svgseries *s, size_t ns,
                   int width, int height)
{
	double lo, hi;
	size_t i, n = longest(s, ns);

	svgplot_range(s, ns, &lo, &hi);
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" width=\"%d\" height=\"%d\""
	           " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", width, height, width, height);
	buf_putxmls(b, label, 1);
	buf_puts(b, "\">");
	axes(b, width, height, lo, hi, n);
	for (i = 0; i < ns; i++)
		series(b, &s[i], width, height, lo, hi, n);
	buf_puts(b, "</svg>");
}
