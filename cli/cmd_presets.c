/* cmd_presets.c: menace presets, the canonical scenario presets as JSON
 * (rules/presets.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rules/argopt.h"
#include "rules/presets.h"
#include "base/util.h"

static const char presets_usage[] =
	"usage: menace presets [--profiles P...] [--out FILE]\n"
	"\n"
	"Prints the canonical scenario presets as JSON:\n"
	"{scenario: {\"low\": {KEY: value}, \"high\": {...}}}, in canonical order\n"
	"(high_latency_api, hostile_input, user_misuse, concurrency_spike,\n"
	"schema_drift, flaky_upstream).\n"
	"\n"
	"  --profiles P...  only these scenarios (aliases: high_latency,\n"
	"                   malicious_data, schema_mismatch, upstream_failure;\n"
	"                   also --profiles=a,b)\n"
	"  --out FILE       write FILE atomically instead of printing\n"
	"\n"
	"exit: 0 ok, 1 FILE could not be written, 2 unknown scenario or bad usage\n";

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

/* argv into o and ns: 0, or -1 after a warning */
static int parse(int argc, char **argv, struct presets_opts *o, struct names *ns)
{
	const char *val;
	int i, r;

	for (i = 1; i < argc; i++) {
		if ((r = argopt_value(argc, argv, &i, "--out", &val)) != 0) {
			if (r < 0)
				return -1;
			o->out = val;
		} else if (strncmp(argv[i], "--profiles=", 11) == 0) {
			add_list(ns, argv[i] + 11);
		} else if (strcmp(argv[i], "--profiles") == 0) {
			while (i + 1 < argc && argv[i + 1][0] != '-')
				add_name(ns, argv[++i]);
		} else {
			warn("unknown option '%s'", argv[i]);
			return -1;
		}
	}
	return 0;
}

int cmd_presets(int argc, char **argv)
{
	struct presets_opts o = {NULL, 0, NULL};
	struct names ns = {NULL, NULL, 0, 0, 0, 0};
	int rc;

	if (want_help(argc, argv, presets_usage))
		return EXIT_OK;
	if (parse(argc, argv, &o, &ns) < 0) {
		rc = usage_error("usage: menace presets [--profiles P...] [--out FILE]\n");
	} else {
		o.names = ns.v;
		o.n = ns.n;
		rc = presets_run(&o);
	}
	while (ns.nlists)
		free(ns.lists[--ns.nlists]);
	free(ns.lists);
	free(ns.v);
	return rc;
}
