/* plateau.h: what the flag stage measures and writes (docs/sandbox.md,
 * "menace flag"): the plateau measure of a module's source, and the
 * entries of sandbox_meta.log.flags bound to the content they were
 * flagged at.
 *
 * The plateau measure. I = N * H, the information of the module's tokens
 * in bits (N tokens counted as pyscan_entropy() counts them, H their
 * entropy): how much the file says under its own token distribution. A
 * scoring's change is (I1 - I0) / max(I0, I1), in [-1, 1] (0 when both are
 * 0): the fraction of the file an edit changed, whatever its size, so a
 * 20-token file and a 5,000-token one are judged alike, and an edit that
 * changes no token (whitespace, comments) changes nothing.
 *
 * sandbox_meta.log.flags, format 2: a JSON array sorted by name of
 *   {"name": path, "unchanged": {file: XXH3-128 hex, or null: absent},
 *    "history": {"entropy": n, "roi": n}}
 * "unchanged" lists the module (REPO/path) and every file its self-tests'
 * depfiles (DATA/selftest/<path>/<scenario>-<level>.d) name, with their
 * content when it was flagged: the selftest foreach skips the module only
 * while they are unchanged (docs/manifest.md, foreach). "history" holds
 * the lengths of its plateau histories then. Format 1 (a string entry:
 * the path alone) is read too. */
#ifndef MENACE_PLATEAU_H
#define MENACE_PLATEAU_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* N * H of src in bits; a negative value when src does not tokenize */
double plateau_information(const char *src, size_t len);
/* (after - before) / max(before, after); 0 when both are 0 */
double plateau_change(double before, double after);

/* the module path of a flags entry (either format), or NULL */
const char *flag_entry_name(const cJSON *e);
/* 1 when a flags entry still holds: format 1, no "unchanged", or its files
 * as listed */
int flag_entry_holds(const cJSON *e);
/* a new format-2 entry for path: repo/path and the files of the depfiles
 * of data/selftest/path/ with their content now, the history lengths */
cJSON *flag_entry_new(const char *repo, const char *data, const char *path, int nentropy, int nroi);

#endif
