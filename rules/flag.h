/* flag.h: the flag stage of the sandbox (docs/sandbox.md): entropy/ROI
 * plateaus mark modules complete; the alignment check (alignment.h) flags
 * unsafe commits.
 *
 * sandbox_meta.log.flags (format 1): a JSON array of the flagged module paths,
 * sorted; flags persist until "menace flag --reset PATH".
 * sandbox_meta.log.resets (format 1): {path: {"entropy": n, "roi": n}}, the
 * lengths of the module's histories when it was last reset; only the entries
 * after them count towards a new plateau. */
#ifndef MENACE_FLAG_H
#define MENACE_FLAG_H

#include <cjson/cJSON.h>

/* the diminishing threshold: roi_threshold when it is >= 0, else
 * 0.01 * (1 + the population std of the last 5 values of history's roi_history[]) */
double plateau_diminishing(const cJSON *history, double roi_threshold);
/* a new JSON array of the module paths (sorted) whose last n entropy deltas
 * all have |v| <= threshold, or whose last n roi deltas have |mean| <=
 * threshold and std < 1e-3; resets (may be NULL) hides older entries */
cJSON *plateau_modules(const cJSON *history, const cJSON *resets, double threshold, int n);

#endif
