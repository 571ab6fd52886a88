/* unit tests of the plateau measure (rules/plateau.h) */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "rules/plateau.h"
#include "rules/pyscan.h"
#include "unit.h"

static double info(const char *s)
{
	return plateau_information(s, strlen(s));
}

/* a module of n functions, each a few lines */
static char *module(int n, const char *extra)
{
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "\"\"\"Amounts.\"\"\"\nimport logging\n\nlog = logging.getLogger(__name__)\n");
	for (i = 0; i < n; i++)
		buf_printf(&b, "\n\ndef total_%d(values, rate=%d):\n    \"\"\"The total %d.\"\"\"\n"
		           "    result = 0\n    for v in values:\n        result += v * rate\n"
		           "    return round(result, 2)\n", i, i + 1, i);
	if (extra)
		buf_puts(&b, extra);
	return b.s;
}

static void test_no_token_change(void)
{
	const char *a = "x = compute(1, 2)\n";

	CHECK(plateau_change(info(a), info("x = compute(1,   2)  # why\n\n\n")) == 0);
	CHECK(info("") == 0);
	CHECK(plateau_change(info(""), info("")) == 0);
	CHECK(plateau_change(0, info(a)) == 1);
	CHECK(plateau_change(info(a), 0) == -1);
	CHECK(info("x = '") < 0);
}

/* code added in the module's own token mix leaves its entropy as it was
 * (a flat edit for the raw entropy delta: two copies of a function have
 * the distribution of one), but doubles what the module says: the
 * measure sees half the module new, whatever the module's size */
static void test_growth_not_flat(void)
{
	int sizes[] = {1, 12}, k;

	for (k = 0; k < 2; k++) {
		char *a = module(sizes[k], NULL), *b = xasprintf("%s%s", a, a);
		double dh = pyscan_entropy(b, strlen(b)) - pyscan_entropy(a, strlen(a));

		CHECK(fabs(dh) < 1e-12);
		CHECK(fabs(plateau_change(info(a), info(b)) - 0.5) < 1e-9);
		free(a);
		free(b);
	}
}

/* a one-line edit of a small module is a large share of it; of a large
 * one a small share: the change is the share, not the entropy's wobble */
static void test_share(void)
{
	const char *edit = "\nlog.info(\"loaded %d\", 40)\n";
	char *a = module(1, NULL), *b = module(1, edit), *c = module(40, NULL), *d = module(40, edit);
	double small = plateau_change(info(a), info(b)), large = plateau_change(info(c), info(d));

	CHECK(small > 0.1);
	CHECK(large > 0 && large < small / 10);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* scale-free: k copies of a module and k copies of its edit change by the
 * same share, whatever k */
static void test_scale_free(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *u = "total = price * count\n", *v = "total = price * count + fee\n";
	double one = plateau_change(info(u), info(v));
	int i;

	for (i = 0; i < 50; i++) {
		buf_puts(&a, u);
		buf_puts(&b, v);
	}
	CHECK(fabs(plateau_change(info(a.s), info(b.s)) - one) < 1e-9);
	buf_free(&a);
	buf_free(&b);
}

int main(void)
{
	RUN(test_no_token_change);
	RUN(test_growth_not_flat);
	RUN(test_share);
	RUN(test_scale_free);
	return unit_failed;
}
