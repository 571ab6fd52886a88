/* presetload.h: custom scenario presets (docs/sandbox.md, "Custom
 * presets"), read from preset files (--preset-file FILE) and a JSON text
 * (SANDBOX_ENV_PRESETS). Once loaded, presets.h's functions see them like
 * the canonical ones: presets_canonical() knows their names,
 * presets_vars() gives their variables, presets_json() prints them.
 *
 * A source is JSON in one of two shapes:
 *   menace's: {scenario: {"low": {KEY: value}, "high": {...}}} (what
 *     `menace presets` prints); a scenario with one level uses it for both;
 *   the original's: a preset {"SCENARIO_NAME": name, KEY: value...} or a
 *     list of them (environment_cli.py's output); one preset is both levels.
 * Values are strings, numbers, booleans or lists (not objects, not null);
 * keys are environment names ([A-Za-z_][A-Za-z0-9_]*). Each preset gets
 * SCENARIO_NAME (the scenario's name) first, then CPU_LIMIT "1" and
 * MEMORY_LIMIT "512Mi" unless it sets them, then its keys in its order.
 * A scenario's name is [A-Za-z0-9_.-]+, not starting with '.'. Sources are
 * read in order; a later definition of a scenario replaces an earlier one
 * and a canonical one of that name (aliases are not custom names). */
#ifndef MENACE_PRESETLOAD_H
#define MENACE_PRESETLOAD_H

#include <stddef.h>

#include "rules/presets.h"

struct preset_sources {
	const char *const *files; /* --preset-file, in order */
	size_t nfiles;
	const char *env_json;     /* SANDBOX_ENV_PRESETS (read after the files), or NULL */
	const char *mode;         /* SANDBOX_PRESET_MODE: NULL/"" or "canonical" */
	int note_ignored;         /* canonical mode: warn about each source not read */
};

/* load the custom presets of src (replacing any loaded before): 0; -1
 * after "menace: FILE: ..." (a bad source); -2 after a warning about a
 * bad mode. With mode "canonical" no source is read: only the built-in
 * presets are used (with note_ignored, a warning names each source not
 * read). */
int presets_load(const struct preset_sources *src);
/* forget the custom presets */
void presets_unload(void);

/* the custom scenario of that exact name, or NULL */
const char *presets_custom_name(const char *name);
/* a custom scenario's variables at a level, SCENARIO_NAME first; NULL when
 * name is not custom */
const struct preset_var *presets_custom_vars(const char *name, int level, size_t *n);
/* the custom scenarios in the order they were first defined */
size_t presets_custom_count(void);
const char *presets_custom_at(size_t i);

#endif
