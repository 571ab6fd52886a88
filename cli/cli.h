/* cli.h: the global command-line options and the subcommand table. */
#ifndef MENACE_CLI_H
#define MENACE_CLI_H

#include <stddef.h>

struct actions;

#define MENACE_VERSION "0.1.0"

/* options given before the command (cli.md) */
struct cli {
	const char *manifest;     /* -f FILE, default "menace.yaml" */
	char **defines;           /* -D NAME=VALUE, in order */
	size_t ndefines;
	const char *self;         /* absolute path of this executable, for use: actions */
	int no_wait;              /* --no-wait: a held workspace lock is an error (lock.h) */
	const struct actions *actions;   /* what a use: may name (graph/action.h) */
};

extern struct cli cli;

/* a subcommand: argv[0] is the command name; returns the exit status */
struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;      /* one line for menace --help */
};

/* 1 when argv[1..] asks for --help or -h: print usage to stdout and return 1 */
int want_help(int argc, char **argv, const char *usage);
/* 1 when arg is --no-wait, after setting cli.no_wait (build, clean, gc, cycle) */
int no_wait_option(const char *arg);
/* print "menace: usage: ..." to stderr and return EXIT_USAGE */
int usage_error(const char *usage);

/* the actions a use: may name, as the loader and the builder see them
 * (cli/actions.c) */
const struct actions *cli_actions(void);

/* the commands, each in its own file */
int cmd_graph(int argc, char **argv);
int cmd_targets(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_gc(int argc, char **argv);          /* cli/cmd_gc.c */
int cmd_discover(int argc, char **argv);
int cmd_presets(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_integrate(int argc, char **argv);   /* cli/cmd_integrate.c */
int cmd_flag(int argc, char **argv);        /* cli/cmd_flag.c */
int cmd_metrics(int argc, char **argv);     /* cli/cmd_metrics.c */
int cmd_cycle(int argc, char **argv);       /* cli/cmd_cycle.c */

#endif
