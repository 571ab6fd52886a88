/* presetcfg.h: the custom presets a command takes (docs/sandbox.md,
 * "Custom presets"): --preset-file FILE (repeatable), SANDBOX_ENV_PRESETS
 * (a JSON text) and SANDBOX_PRESET_MODE (canonical), loaded into
 * rules/presetload.h. A command that takes presets declares
 *
 *     struct preset_files pf = {NULL, 0, 0};
 *     OPT_FUNC(0, "preset-file", preset_files_add, &pf, NULL),
 *
 * and calls cli_presets_setup(&pf, 0) once its options are parsed, before
 * it names a scenario. */
#ifndef MENACE_PRESETCFG_H
#define MENACE_PRESETCFG_H

#include <stddef.h>

struct preset_files {
	const char **v;
	size_t n, cap;
};

/* the OPT_FUNC callback of --preset-file: appends path; 0 */
int preset_files_add(void *ctx, const char *path);
/* load pf's files, then SANDBOX_ENV_PRESETS, as SANDBOX_PRESET_MODE says;
 * note_ignored: warn about the sources canonical mode does not read.
 * Frees pf's list. EXIT_OK; EXIT_FAILED after "menace: FILE: ..." (a file
 * unreadable or malformed); EXIT_USAGE after a bad SANDBOX_PRESET_MODE */
int cli_presets_setup(struct preset_files *pf, int note_ignored);

#endif
