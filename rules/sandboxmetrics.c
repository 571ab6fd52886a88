#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/metricsdb.h"
#include "base/path.h"
#include "rules/sandboxmetrics.h"
#include "base/util.h"

struct scenario_row {
	char *name;
	long passed, failed;
	double mean_s;
};

struct rows {
	struct scenario_row *v;
	size_t n, cap;
};

static int collect(void *arg, const char *scenario, long passed, long failed, double mean_s)
{
	struct rows *r = arg;

	growarray(&r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n].name = xstrdup(scenario ? scenario : "");
	r->v[r->n].passed = passed;
	r->v[r->n].failed = failed;
	r->v[r->n].mean_s = mean_s;
	r->n++;
	return 0;
}

/* a label value with \, " and newline escaped */
static void put_label(struct buf *out, const char *s)
{
	buf_puts(out, "{scenario=\"");
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(out, '\\');
		if (*s == '\n')
			buf_puts(out, "\\n");
		else
			buf_putc(out, *s);
	}
	buf_puts(out, "\"}");
}

static void header(struct buf *out, const char *name, const char *type, const char *help)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

int sandbox_metrics_write(struct buf *out, const char *data_dir)
{
	static const struct {
		const char *name, *help;
		size_t off;
	} orphan[] = {
		{"orphan_modules_tested", "Orphan modules tested, in the latest integrate run.",
		 offsetof(struct metrics_orphans, tested)},
		{"orphan_modules_reintroduced", "Orphan modules newly integrated into the module map, in the latest integrate run.",
		 offsetof(struct metrics_orphans, reintroduced)},
		{"orphan_modules_failed", "Orphan modules left out because their tests failed, in the latest integrate run.",
		 offsetof(struct metrics_orphans, failed)},
		{"orphan_modules_redundant", "Orphan modules left out as redundant, in the latest integrate run.",
		 offsetof(struct metrics_orphans, redundant)},
		{"orphan_modules_legacy", "Orphan modules left out as legacy, in the latest integrate run.",
		 offsetof(struct metrics_orphans, legacy)},
	};
	char *path = path_join(data_dir, "metrics.db");
	struct metrics_orphans counts = {0};
	struct metricsdb *db = NULL;
	struct rows rows = {0};
	size_t i;
	int rc = -1;

	/* reading metrics must not create the database */
	if (access(path, F_OK) == 0) {
		if (!(db = metricsdb_open(path)))
			goto out;
		if (metricsdb_orphan_counts(db, &counts) < 0 ||
		    metricsdb_selftest_stats(db, collect, &rows) < 0)
			goto out;
	}
	for (i = 0; i < sizeof(orphan) / sizeof(orphan[0]); i++) {
		header(out, orphan[i].name, "gauge", orphan[i].help);
		buf_printf(out, "%s %ld\n", orphan[i].name,
		           *(const long *)((const char *)&counts + orphan[i].off));
	}
	header(out, "self_test_passed_total", "counter", "Self-test runs that passed, per scenario.");
	for (i = 0; i < rows.n; i++) {
		buf_puts(out, "self_test_passed_total");
		put_label(out, rows.v[i].name);
		buf_printf(out, " %ld\n", rows.v[i].passed);
	}
	header(out, "self_test_failed_total", "counter", "Self-test runs that failed, per scenario.");
	for (i = 0; i < rows.n; i++) {
		buf_puts(out, "self_test_failed_total");
		put_label(out, rows.v[i].name);
		buf_printf(out, " %ld\n", rows.v[i].failed);
	}
	header(out, "self_test_average_runtime_seconds", "gauge", "Mean duration of a self-test run in seconds, per scenario.");
	for (i = 0; i < rows.n; i++) {
		buf_puts(out, "self_test_average_runtime_seconds");
		put_label(out, rows.v[i].name);
		buf_printf(out, " %.6f\n", rows.v[i].mean_s);
	}
	rc = 0;
out:
	for (i = 0; i < rows.n; i++)
		free(rows.v[i].name);
	free(rows.v);
	metricsdb_close(db);
	free(path);
	return rc;
}
