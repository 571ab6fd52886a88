/* cmd_presets.c: menace presets, the canonical scenario presets as JSON
 * (rules/presets.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "cli/presetcfg.h"
#include "base/opt.h"
#include "rules/presets.h"
#include "base/util.h"

static const char presets_usage[] =
	"usage: menace presets [--profiles P...] [--preset-file FILE]... [--out FILE]\n"
	"\n"
	"Prints the scenario presets as JSON:\n"
	"{scenario: {\"low\": {KEY: value}, \"high\": {...}}}, in canonical order\n"
	"(high_latency_api, hostile_input, user_misuse, concurrency_spike,\n"
	"schema_drift, flaky_upstream), then the custom scenarios of the preset\n"
	"files and SANDBOX_ENV_PRESETS in the order they are defined (a custom\n"
	"preset of a canonical name takes its place).\n"
	"\n"
	"  --profiles P...  only these scenarios (aliases: high_latency,\n"
	"                   malicious_data, schema_mismatch, upstream_failure;\n"
	"                   also --profiles=a,b)\n"
	"  --preset-file FILE  custom presets (repeatable; menace's shape or the\n"
	"                   original's list of presets), read before\n"
	"                   SANDBOX_ENV_PRESETS (a JSON text); SANDBOX_PRESET_MODE=\n"
	"                   canonical reads neither\n"
	"  --out FILE       write FILE atomically instead of printing\n"
	"\n"
	"exit: 0 ok, 1 FILE could not be written or a preset file is bad, 2 unknown\n"
	"scenario or bad usage\n";

/* the scenario names of the command line; lists[] owns the split copies
 * of --profiles=a,b */
struct names {
	const char **v;
	char **lists;
	size_t n, cap, nlists, lcap;
};

static void add_name(struct names *ns, const char *name)
{
	growarray(&ns->v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	ns->v[ns->n++] = name;
}

static void add_list(struct names *ns, const char *text)
{
	char *list = xstrdup(text), *s, *save = NULL;

	growarray(&ns->lists, &ns->lcap, ns->nlists + 1, sizeof(*ns->lists));
	ns->lists[ns->nlists++] = list;
	for (s = strtok_r(list, ", ", &save); s; s = strtok_r(NULL, ", ", &save))
		add_name(ns, s);
}

static int add_profiles(void *ctx, const char *text)
{
	add_list(ctx, text);
	return 0;
}

/* base/opt gives a flag one value: the words after a bare --profiles, up to
 * the next option, are its names, taken here and dropped from argv; the
 * new argc */
static int take_profiles(int argc, char **argv, struct names *ns)
{
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (strcasecmp(argv[i], "--profiles") != 0) {
			argv[n++] = argv[i];
			continue;
		}
		while (i + 1 < argc && argv[i + 1][0] != '-')
			add_name(ns, argv[++i]);
	}
	return n;
}

int cmd_presets(int argc, char **argv)
{
	struct presets_opts o = {NULL, 0, NULL};
	struct names ns = {NULL, NULL, 0, 0, 0, 0};
	struct preset_files pf = {NULL, 0, 0};
	int rc = EXIT_USAGE;
	const struct opt opts[] = {
		OPT_STR(0, "out", &o.out, NULL),
		OPT_FUNC(0, "profiles", add_profiles, &ns, NULL),
		OPT_FUNC(0, "preset-file", preset_files_add, &pf, NULL),
	};

	if (opt_help(argc, argv, presets_usage))
		return EXIT_OK;
	argc = take_profiles(argc, argv, &ns);
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_LOOSE | OPT_NO_OPERANDS,
	              presets_usage) >= 0 && (rc = cli_presets_setup(&pf, 1)) == EXIT_OK) {
		o.names = ns.v;
		o.n = ns.n;
		rc = presets_run(&o);
	}
	free(pf.v);
	while (ns.nlists)
		free(ns.lists[--ns.nlists]);
	free(ns.lists);
	free(ns.v);
	return rc;
}
