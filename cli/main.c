#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/util.h"

static const struct command commands[] = {
	{"build", cmd_build, "bring targets up to date (the default command)"},
	{"status", cmd_status, "list the rules that would run, with reasons"},
	{"explain", cmd_explain, "print why a rule would run"},
	{"clean", cmd_clean, "remove outputs"},
	{"trace", cmd_trace, "write the last build as Chrome trace JSON"},
	{"gc", cmd_gc, "prune the local cache (--keep N, --max-size SIZE)"},
	{"graph", cmd_graph, "print the graph (--dot, --json, --mermaid)"},
	{"targets", cmd_targets, "list rules, instances and outputs"},
	{"discover", cmd_discover, "find orphan Python modules (sandbox discover)"},
	{"presets", cmd_presets, "print the canonical scenario presets as JSON"},
	{"selftest", cmd_selftest, "test one module under one scenario preset"},
	{"score", cmd_score, "score the self-test results (ROI, RAROI, entropy)"},
	{"integrate", cmd_integrate, "merge passing modules into module_map.json (sandbox)"},
	{"flag", cmd_flag, "flag plateaued modules and unsafe commits (sandbox)"},
	{"metrics", cmd_metrics, "print the sandbox metrics (Prometheus text)"},
	{"cycle", cmd_cycle, "run the sandbox cycle N times until ROI converges (-n N)"},
};

static const char usage[] =
	"usage: menace [-C DIR] [-f FILE] [-D NAME=VALUE]... [COMMAND] [ARGS]\n";

static void print_help(void)
{
	size_t i;

	fputs(usage, stdout);
	fputs("\nmenace is a content-hashed, incremental build-graph engine.\n"
	      "With no COMMAND it builds the default targets.\n\n"
	      "options:\n"
	      "  -C DIR          change to DIR first\n"
	      "  -f FILE         the manifest (default: menace.yaml)\n"
	      "  -D NAME=VALUE   override a var\n"
	      "  --help          this text; COMMAND --help for a command\n"
	      "  --version       print the version\n\n"
	      "commands:\n", stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
}

static void find_self(const char *argv0)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n > 0) {
		buf[n] = '\0';
		cli.self = buf;
	} else {
		cli.self = argv0;
	}
}

int main(int argc, char **argv)
{
	const char *name = "build";
	size_t i;
	int a;

	find_self(argv[0]);
	cli.actions = cli_actions();
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a], *val;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			print_help();
			return EXIT_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("menace %s\n", MENACE_VERSION);
			return EXIT_OK;
		}
		if (arg[0] != '-' || (arg[1] != 'C' && arg[1] != 'f' && arg[1] != 'D'))
			break;
		val = arg[2] ? arg + 2 : argv[++a];
		if (!val) {
			warn("option '-%c' needs a value", arg[1]);
			return usage_error(usage);
		}
		if (arg[1] == 'C') {
			if (chdir(val) < 0)
				die(EXIT_USAGE, "cannot change to '%s':", val);
		} else if (arg[1] == 'f') {
			cli.manifest = val;
		} else {
			if (!strchr(val, '=') || val[0] == '=') {
				warn("'-D %s': expected NAME=VALUE", val);
				return usage_error(usage);
			}
			cli.defines = xreallocarray(cli.defines, cli.ndefines + 1, sizeof(char *));
			cli.defines[cli.ndefines++] = (char *)val;
		}
	}
	/* no command: "menace -j4" means "menace build -j4" */
	if (a < argc && argv[a][0] != '-') {
		name = argv[a];
	} else {
		a--;
		argv[a] = (char *)name;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0) {
			int rc = commands[i].run(argc - a, argv + a);

			free(cli.defines);
			return rc;
		}
	}
	warn("unknown command '%s' (see 'menace --help')", name);
	free(cli.defines);
	return EXIT_USAGE;
}
