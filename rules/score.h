/* score.h: `menace score` and its formulas (design sandbox.md "score").
 *
 * Reads every DATA/selftest/<path>/<scenario>-<level>.json (also the older
 * <scenario>.json, level from its "level" or "low") and the previous
 * roi_history.json; writes scores.json and roi_history.json atomically,
 * appends borderline modules to borderline_bucket.jsonl and one
 * module_scores row per module to metrics.db.
 *
 * scores.json (format 1; the top level is keyed by path, so no version key):
 *   {path: {roi, roi_delta, raroi, entropy (null: does not tokenize),
 *    entropy_delta, information (null: does not tokenize), information_delta
 *    (the plateau measure, plateau.h), pass_rate, runs, passed, failed, rollback_prob,
 *    impact_severity, impact_type, sigma, safety, hostile_failures,
 *    misuse_failures, diminishing, confidence, borderline, failed_scenarios[],
 *    micropilot (borderline modules, unless MICROPILOT_MODE is off:
 *    {"verdict": "queued"}, or micropilot_verdict()'s object)}}
 * roi_history.json (format 2; format 1 lacks the two module_information lists):
 *   {version: 1, roi_history[] (mean roi per run), raroi_history[] (mean
 *    raroi per run), module_deltas{path: [roi deltas]}, module_raroi{path:
 *    [raroi]}, module_entropy_deltas{path: [entropy deltas]}, module_roi{path:
 *    last roi}, module_entropy{path: last entropy}, module_information{path:
 *    last N * H}, module_information_deltas{path: [plateau changes]}, module_hash{path: XXH3-128
 *    hex of the source last scored}}; a module whose source and roi are as
 *    at its last scoring gets no new entry in the four per-module lists
 * borderline_bucket.jsonl: one line per borderline module per run:
 *   {module, raroi, roi, threshold, confidence, confidence_threshold,
 *    raroi_history[] (last 5), run_id, recorded_at}
 * With queue set, score writes only that file (micropilot.h), from the
 * same numbers, and touches nothing else. */
#ifndef MENACE_SCORE_H
#define MENACE_SCORE_H

#include <stddef.h>

/* how many of the last roi deltas make sigma */
#define SCORE_WINDOW 5

/* one `menace score` run (cli/cmd_score.c) */
struct score_opts {
	const char *data;         /* SANDBOX_DATA_DIR: selftest/, metrics.db, the defaults */
	const char *out;          /* scores.json; NULL: DATA/scores.json */
	const char *history;      /* read and rewritten; NULL: DATA/roi_history.json */
	const char *repo;         /* where the modules are, for their entropy */
	const char *bucket;       /* NULL: DATA/borderline_bucket.jsonl */
	const char *config;       /* the impact severity config (impact.h) */
	int config_required;      /* a missing config is an error */
	double roi_threshold;     /* ROI_THRESHOLD; NaN: unset */
	double borderline;        /* BORDERLINE_RAROI_THRESHOLD */
	double borderline_confidence; /* BORDERLINE_CONFIDENCE_THRESHOLD */
	int mode;                 /* MICROPILOT_MODE (enum micropilot_mode) */
	const char *queue;        /* set: write only this micro-pilot queue (micropilot.h) */
};

/* score every module with results, write the files of the top of this
 * header: the exit status, EXIT_FAILED when a file could not be read or
 * written, EXIT_STATE when metrics.db is unusable */
int score_run(const struct score_opts *o);
/* population standard deviation of v[0..n); 0 when n is 0 */
double score_std(const double *v, size_t n);
/* roi * (1 - rollback_prob * impact) * max(0, 1 - sigma) * safety */
double score_raroi(double roi, double rollback_prob, double impact, double sigma, double safety);
/* 1 / (1 + hostile_input failures + user_misuse failures) */
double score_safety(int hostile_failures, int misuse_failures);
/* roi_threshold when it is not NaN, else 0.01 * (1 + sigma) */
double score_diminishing(double roi_threshold, double sigma);

#endif
