/* micropilot.h: confidence and micro-pilots of borderline modules
 * (docs/sandbox.md, "Micro-pilots").
 *
 * confidence: 1 - the width of the 95% Wilson score interval of the
 * module's pass rate over its self-test runs: how sure the runs make the
 * pass rate (one run: 0.21; twelve that agree: 0.76; twelve split half
 * and half: 0.51). A module is borderline when raroi <
 * BORDERLINE_RAROI_THRESHOLD or confidence < BORDERLINE_CONFIDENCE_THRESHOLD.
 *
 * A micro-pilot runs a borderline module's self-test under the escalating
 * trajectory, the presets baseline, latency_spike, io_cpu_strain,
 * schema_drift and chaotic_failure at level high, into
 * DATA/micropilot/<path>/<stage>.json (selftest's result format). Its
 * stability: 0 when it fails the baseline, else the share of the four
 * escalated stages it passes; promoted when stability >= 0.5, else
 * rejected. MICROPILOT_MODE: auto (the micro-pilots run in the same build),
 * queue (the module is recorded as queued: a later build with auto runs
 * it), off (none).
 *
 * micropilot_queue.json (format 1): a JSON array of the module paths, sorted,
 * whose micro-pilots run in this build (auto mode; [] otherwise). */
#ifndef MENACE_MICROPILOT_H
#define MENACE_MICROPILOT_H

#include <cjson/cJSON.h>

#define MICROPILOT_STAGES 5
#define MICROPILOT_LEVEL "high"
#define MICROPILOT_PROMOTE 0.5

/* the trajectory, in order */
extern const char *const micropilot_stages[MICROPILOT_STAGES];

enum micropilot_mode { MICROPILOT_AUTO, MICROPILOT_QUEUE, MICROPILOT_OFF };

/* "auto", "queue", "off" (any case) into *m; 0, or -1 after a warning
 * naming what (the flag or the variable) */
int micropilot_mode(const char *what, const char *s, enum micropilot_mode *m);
/* 1 - the width of the 95% Wilson interval of passed/runs; 0 for no runs */
double micropilot_confidence(int passed, int runs);
/* the micro-pilot of module as score writes it in scores.json:
 * {"verdict": "promoted"|"rejected", "stability": x, "stages": {stage:
 * passed}, "failed_at": first stage failed or null} from its results in
 * data/micropilot/; {"verdict": "pending"} when a stage has no result */
cJSON *micropilot_verdict(const char *data, const char *module);

#endif
