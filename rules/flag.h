/* flag.h: the flag stage of the sandbox (docs/sandbox.md): entropy/ROI
 * plateaus mark modules complete; the alignment check (alignment.h) flags
 * unsafe commits.
 *
 * sandbox_meta.log.flags (format 2, plateau.h): a JSON array of entries
 * naming each flagged module and the content of its files when flagged;
 * a flag holds while they are unchanged, or until "menace flag --reset
 * PATH". Format 1 (a sorted array of paths) is read too.
 * sandbox_meta.log.resets (format 1): {path: {"entropy": n, "roi": n}}, the
 * lengths of the module's histories when it was last reset (or when it was
 * flagged, for a flag dropped because its files changed); only the entries
 * after them count towards a new plateau. */
#ifndef MENACE_FLAG_H
#define MENACE_FLAG_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* the thresholds of a plateau check: fixed >= 0 (ENTROPY_PLATEAU_THRESHOLD)
 * applies to every module; otherwise each module's diminishing threshold */
struct plateau_opts {
	double fixed;          /* < 0: none */
	double roi_threshold;  /* ROI_THRESHOLD; < 0: unset */
	const cJSON *scores;   /* scores.json, may be NULL */
	const cJSON *resets;   /* sandbox_meta.log.resets, may be NULL */
	int n;                 /* ENTROPY_PLATEAU_CONSECUTIVE */
};

/* path's diminishing threshold: roi_threshold when >= 0, else the
 * "diminishing" score's scores.json has for it, else 0.01 * (1 + the
 * population std of its last 5 module_deltas in history) */
double plateau_diminishing(const cJSON *history, const cJSON *scores, const char *path,
                           double roi_threshold);
/* the plateau deltas of path: module_information_deltas[path] (plateau.h)
 * when the history has them, else module_entropy_deltas[path] (an older
 * history); NULL when neither */
const cJSON *plateau_deltas(const cJSON *history, const char *path);
/* a new JSON array of the module paths (sorted) whose last n plateau deltas
 * all have |v| <= threshold, or whose last n roi deltas have |mean| <=
 * threshold and std < 1e-3, counting only entries after a reset */
cJSON *plateau_modules(const cJSON *history, const struct plateau_opts *o);

/* one `menace flag` run (cli/cmd_flag.c) */
struct flag_opts {
	const char *data;         /* SANDBOX_DATA_DIR: the flags, the resets, alignment_flags.jsonl */
	const char *history;      /* NULL: DATA/roi_history.json */
	const char *scores;       /* NULL: DATA/scores.json */
	const char *repo;         /* the repository of the alignment check */
	const char *const *resets;/* paths whose flags are cleared; when any, nothing else runs */
	size_t nresets;
	double threshold;         /* ENTROPY_PLATEAU_THRESHOLD (plateau_opts.fixed) */
	double roi_threshold;     /* ROI_THRESHOLD; < 0: unset */
	int consecutive;          /* ENTROPY_PLATEAU_CONSECUTIVE */
	int alignment;            /* ENABLE_ALIGNMENT_FLAGGER */
	double warning, failure;  /* ALIGNMENT_WARNING_THRESHOLD, ALIGNMENT_FAILURE_THRESHOLD */
};

/* the resets, or the plateau check (its summary on stdout) then the
 * alignment check: EXIT_OK, or EXIT_FAILED after a warning */
int flag_run(const struct flag_opts *o);

#endif
