#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/variables.h"
#include "base/opt.h"
#include "base/suggest.h"
#include "base/util.h"

static const struct command commands[] = {
	{"build", cmd_build, NULL, "bring targets up to date (the default command)"},
	{"status", cmd_status, NULL, "list the rules that would run, with reasons"},
	{"watch", cmd_watch, NULL, "build, then build again on every change (inotify)"},
	{"explain", cmd_explain, NULL, "print why a rule would run"},
	{"clean", cmd_clean, NULL, "remove outputs"},
	{"trace", cmd_trace, NULL, "write the last build as Chrome trace JSON"},
	{"gc", cmd_gc, NULL, "prune the local cache (--keep N, --max-size SIZE)"},
	{"cache", cmd_cache, NULL, "print the local and remote cache's hits, misses and bytes (stats)"},
	{"graph", cmd_graph, NULL, "print the graph (--dot, --json, --mermaid)"},
	{"targets", cmd_targets, NULL, "list rules, instances and outputs"},
	{"discover", cmd_discover, NULL, "find orphan Python modules (sandbox discover)"},
	{"presets", NULL, cmd_presets, "print the canonical scenario presets as JSON"},
	{"selftest", NULL, cmd_selftest, "test one module under one scenario preset"},
	{"score", NULL, cmd_score, "score the self-test results (ROI, RAROI, entropy)"},
	{"integrate", NULL, cmd_integrate, "merge passing modules into module_map.json (sandbox)"},
	{"flag", NULL, cmd_flag, "flag plateaued modules and unsafe commits (sandbox)"},
	{"metrics", cmd_metrics, NULL, "print the sandbox metrics (Prometheus text; --serve PORT)"},
	{"cycle", cmd_cycle, NULL, "run the sandbox cycle N times until ROI converges (-n N)"},
	{"note", NULL, cmd_note, "store a tagged note in metrics.db (--tag TAG TEXT)"},
	{"notes", NULL, cmd_notes, "list the notes of metrics.db (--tag TAG, --json)"},
	{"report", cmd_report, NULL, "write the sandbox's HTML report (-o DIR)"},
};

static const char usage[] =
	"usage: menace [OPTIONS] [COMMAND] [ARGS...]\n";

static void print_help(void)
{
	size_t i;

	fputs(usage, stdout);
	fputs("       menace [OPTIONS] [BUILD-OPTIONS] [TARGET...]\n"
	      "\nmenace is a content-hashed, incremental build-graph engine.\n"
	      "With no COMMAND it builds the default targets; a first word that is no\n"
	      "command is a target ('menace a b' is 'menace build a b').\n\n"
	      "options (before or after COMMAND):\n"
	      "  -C, --directory DIR      change to DIR first\n"
	      "  -f, --file FILE          the manifest (default: menace.yaml in the current\n"
	      "                           directory or the nearest one above it)\n"
	      "  -D, --define NAME=VALUE  override a var\n"
	      "  -v, --verbose            print each command as it starts\n"
	      "  -h, --help               this text; COMMAND --help for a command\n"
	      "  --version                print the version\n\n"
	      "commands:\n", stdout);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nexit status: 0 success, 1 a rule failed (status: something would run),\n"
	      "2 usage or manifest error, 3 state unusable, 129 hung up, 130 interrupted\n",
	      stdout);
}

/* the absolute path of this executable, for use: actions */
static const char *find_self(const char *argv0)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return argv0;
	buf[n] = '\0';
	return buf;
}

/* -C DIR: change to it at once (a later -f is relative to it) */
static int change_dir(void *ctx, const char *dir)
{
	(void)ctx;
	if (chdir(dir) < 0)
		die(EXIT_USAGE, "cannot change to '%s':", dir);
	return 0;
}

/* -D NAME=VALUE */
static int add_define(void *ctx, const char *def)
{
	struct workspace_opts *o = ctx;

	if (!strchr(def, '=') || def[0] == '=') {
		warn("'-D %s': expected NAME=VALUE", def);
		return -1;
	}
	o->defines = xreallocarray(o->defines, o->ndefines + 1, sizeof(char *));
	o->defines[o->ndefines++] = (char *)def;
	return 0;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* word is not a command: the one it is close to, or NULL */
static const char *close_command(const char *word)
{
	struct suggest sg;
	size_t i;

	suggest_begin(&sg, word);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		suggest_add(&sg, commands[i].name);
	return suggest_end(&sg);
}

int main(int argc, char **argv)
{
	struct workspace_opts o = {NULL, NULL, 0, NULL, NULL, NULL, 0, NULL};
	const struct command *c = NULL;
	const char *close = NULL;
	int help = 0, version = 0, json_logs = 0, a, rc;
	const char *env;
	const struct opt opts[] = {
		/* the global options first: opt_global takes these rows */
		OPT_FUNC('C', "directory", change_dir, NULL, NULL),
		OPT_STR('f', "file", &o.manifest, NULL),
		OPT_FUNC('D', "define", add_define, &o, NULL),
		OPT_FLAG('v', "verbose", &cli_verbose),
		OPT_FINAL('h', "help", &help),
		OPT_FINAL(0, "version", &version),
	};

	/* SANDBOX_JSON_LOGS first: every later line may be a log line */
	if ((env = opt_getenv("SANDBOX_JSON_LOGS")) && opt_bool("SANDBOX_JSON_LOGS", env, &json_logs) < 0)
		return EXIT_USAGE;
	log_set_json(json_logs);
	o.exe = find_self(argv[0]);
	o.actions = cli_actions();
	opt_global(opts, 4);
	a = opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_FIRST, usage);
	if (a < 0 || help || version) {
		if (help)
			print_help();
		else if (version)
			printf("menace %s\n", MENACE_VERSION);
		free(o.defines);
		return a < 0 ? EXIT_USAGE : EXIT_OK;
	}
	variables_check();
	o.statedir = cli_statedir();
	o.old_statedir = cli_old_statedir();
	if (a < argc && argv[a][0] != '-' && (c = find_command(argv[a])) != NULL) {
		rc = c->run ? c->run(argc - a, argv + a, &o) : c->action(argc - a, argv + a);
	} else {
		/* no command: "menace -j4 a" and "menace a" mean "menace build -j4 a" */
		if (a < argc && argv[a][0] != '-')
			close = close_command(argv[a]);
		argv[--a] = (char *)"build";
		rc = cmd_build(argc - a, argv + a, &o);
		if (rc == EXIT_USAGE && close)
			warn("'%s' is not a command either (did you mean '%s'?)", argv[a + 1], close);
	}
	free(o.defines);
	return rc;
}
