/* unit tests of the score formulas and the impact severity config */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rules/impact.h"
#include "rules/score.h"
#include "unit.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-12)

static void test_std(void)
{
	double one[] = {0.3};
	double five[] = {-0.5, 0.25, -0.25, 0.5, -0.25};
	double same[] = {0.1, 0.1, 0.1};

	CHECK(score_std(NULL, 0) == 0);
	CHECK(score_std(one, 1) == 0);
	CHECK(NEAR(score_std(same, 3), 0));
	/* mean -0.05; squared deviations sum to 0.675; population: / 5 */
	CHECK(NEAR(score_std(five, 5), sqrt(0.135)));
}

static void test_raroi(void)
{
	/* all passed, stable, safe: raroi = roi */
	CHECK(NEAR(score_raroi(1, 0, 0.9, 0, 1), 1));
	/* 0.75 * (1 - 0.25*0.5) * (1 - 0.2) * 0.5 */
	CHECK(NEAR(score_raroi(0.75, 0.25, 0.5, 0.2, 0.5), 0.75 * 0.875 * 0.8 * 0.5));
	/* critical impact: 0.5 * (1 - 0.5*0.9) */
	CHECK(NEAR(score_raroi(0.5, 0.5, 0.9, 0, 1), 0.275));
	/* a sigma above 1 stops at 0, never negative */
	CHECK(score_raroi(1, 0, 0.5, 1.5, 1) == 0);
}

static void test_safety(void)
{
	CHECK(NEAR(score_safety(0, 0), 1));
	CHECK(NEAR(score_safety(1, 0), 0.5));
	CHECK(NEAR(score_safety(2, 1), 0.25));
}

static void test_diminishing(void)
{
	CHECK(NEAR(score_diminishing(NAN, 0), 0.01));
	CHECK(NEAR(score_diminishing(NAN, 0.5), 0.015));
	CHECK(NEAR(score_diminishing(0.2, 0.5), 0.2));
}

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/menace-unit-impact.XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

/* impact_load(path, 1) refuses path: what it printed (to free) */
static char *impact_refused(const char *path)
{
	struct unit_capture c;
	struct impact *im;
	char *err;

	unit_capture_begin(&c);
	im = impact_load(path, 1);
	err = unit_capture_end(&c);
	CHECK(im == NULL);
	return err;
}

static void test_impact(void)
{
	char *p = write_tmp("# types\nexperimental: 0.3\ncritical: 0.95\nmodules:\n"
			    "  pkg/core.py: critical\n  pkg.exp: experimental\n  pkg/x.py: 0.7\n");
	struct impact *im = impact_load(p, 1);
	const char *type = NULL;
	char *err;

	CHECK(im != NULL);
	if (im) {
		CHECK(NEAR(impact_severity(im, "pkg/core.py", &type), 0.95));
		CHECK_STR(type, "critical");
		CHECK(NEAR(impact_severity(im, "pkg/exp.py", &type), 0.3));
		CHECK_STR(type, "experimental");
		CHECK(NEAR(impact_severity(im, "pkg/x.py", &type), 0.7));
		CHECK_STR(type, "custom");
		CHECK(NEAR(impact_severity(im, "pkg/other.py", &type), 0.5));
		CHECK_STR(type, "standard");
	}
	impact_free(im);
	unlink(p);
	free(p);
	/* missing and optional: the defaults */
	im = impact_load("/nonexistent/impact.yaml", 0);
	CHECK(im != NULL);
	if (im) {
		CHECK(NEAR(impact_severity(im, "a.py", &type), 0.5));
		CHECK_STR(type, "standard");
	}
	impact_free(im);
	err = impact_refused("/nonexistent/impact.yaml");
	CHECK_STR(err, "menace: cannot read '/nonexistent/impact.yaml': No such file or directory\n");
	free(err);
	p = write_tmp("standard: 2\n");
	err = impact_refused(p);
	CHECK_HAS(err, ":1:11: severity must be a number from 0 to 1 for type 'standard'\n");
	free(err);
	unlink(p);
	free(p);
	p = write_tmp("- a\n- b\n");
	err = impact_refused(p);
	CHECK_HAS(err, ":1:1: expected a mapping of type to severity\n");
	free(err);
	unlink(p);
	free(p);
	p = write_tmp("standard: [0.5\n");
	err = impact_refused(p);
	CHECK_HAS(err, ":2:1: did not find expected ',' or ']'\n");
	free(err);
	unlink(p);
	free(p);
}

int main(void)
{
	RUN(test_std);
	RUN(test_raroi);
	RUN(test_safety);
	RUN(test_diminishing);
	RUN(test_impact);
	return unit_failed != 0;
}
