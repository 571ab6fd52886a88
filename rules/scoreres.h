/* scoreres.h: the self-test results score reads: every
 * DATA/selftest/<path>/<scenario>-<level>.json (also the older
 * <scenario>.json, level from its "level" or "low"), one struct mod per
 * module. A scenario is counted once per level; scenario names are made
 * canonical (presets_canonical). */
#ifndef MENACE_SCORERES_H
#define MENACE_SCORERES_H

#include <stddef.h>

/* one module's results */
struct mod {
	char *path;
	int runs, passed, hostile_failures, misuse_failures;
	char **failed;            /* "scenario-level" of failed runs, sorted */
	size_t nfailed, fcap;
};

struct results {
	struct htab *seen;        /* "module\nscenario\nlevel" -> 1 (keys owned in keys[]) */
	char **keys;
	size_t nkeys, kcap;
	struct htab *mods;        /* path -> struct mod */
	struct mod **v;           /* the modules, sorted by path */
	size_t n;
};

/* every result below data/selftest into rs (zeroed first by the caller),
 * each module's failed runs sorted (directory order differs between
 * machines) */
void scoreres_collect(struct results *rs, const char *data);
void scoreres_release(struct results *rs);

#endif
