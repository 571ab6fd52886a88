/* presetcfg.c: the custom presets of a command (presetcfg.h). */
#include <stdlib.h>

#include "base/opt.h"
#include "base/util.h"
#include "cli/presetcfg.h"
#include "rules/presetload.h"

int preset_files_add(void *ctx, const char *path)
{
	struct preset_files *pf = ctx;

	growarray(&pf->v, &pf->cap, pf->n + 1, sizeof(*pf->v));
	pf->v[pf->n++] = path;
	return 0;
}

int cli_presets_setup(struct preset_files *pf, int note_ignored)
{
	struct preset_sources src = {pf->v, pf->n, opt_getenv("SANDBOX_ENV_PRESETS"),
	                             opt_getenv("SANDBOX_PRESET_MODE"), note_ignored};
	int rc = presets_load(&src);

	free(pf->v);
	pf->v = NULL;
	pf->n = pf->cap = 0;
	return rc == 0 ? EXIT_OK : rc == -2 ? EXIT_USAGE : EXIT_FAILED;
}
