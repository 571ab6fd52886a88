/* sandboxmetrics.h: the sandbox's metrics in the Prometheus text exposition
 * format (version 0.0.4), read from SANDBOX_DATA_DIR/metrics.db:
 *
 *   orphan_modules_tested        gauge  latest integrate run: modules tested
 *   orphan_modules_reintroduced  gauge  latest integrate run: newly integrated
 *   orphan_modules_failed        gauge  latest integrate run: reason failed_tests
 *   orphan_modules_redundant     gauge  latest integrate run: reason redundant
 *   orphan_modules_legacy        gauge  latest integrate run: reason legacy
 *   self_test_passed_total{scenario}   counter  all selftest runs recorded
 *   self_test_failed_total{scenario}   counter  all selftest runs recorded
 *   self_test_average_runtime_seconds{scenario}  gauge  mean duration_s
 *
 * The orphan names keep the seed's "_total" although they are gauges. */
#ifndef MENACE_SANDBOXMETRICS_H
#define MENACE_SANDBOXMETRICS_H

#include "base/buf.h"

/* append the metrics of data_dir/metrics.db to out (zeros and no scenario
 * series when the database does not exist; it is not created); 0 or -1
 * after a warning */
int sandbox_metrics_write(struct buf *out, const char *data_dir);

#endif
