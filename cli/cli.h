/* cli.h: the subcommand table and what main gives each command. */
#ifndef MENACE_CLI_H
#define MENACE_CLI_H

#include <stddef.h>

#include "engine/build.h"
#include "engine/workspace.h"
#include "cli/outcomes.h"
#include "cli/remotecfg.h"

/* a subcommand: argv[0] is the command name; returns the exit status.
 * The commands of cli/ get the options given before the command (-f, -D,
 * the state directory, this executable) as a workspace_opts of their own
 * to copy; the sandbox actions of rules/ take their argv only. */
struct command {
	const char *name;
	int (*run)(int argc, char **argv, const struct workspace_opts *o);
	int (*action)(int argc, char **argv);
	const char *summary;      /* one line for menace --help */
};

/* -v, --verbose (a global option): print each command as it starts */
extern int cli_verbose;

/* the sandbox's data directory, where its actions write: SANDBOX_DATA_DIR
 * when set and not empty, else "sandbox_data" */
const char *cli_datadir(void);
/* a boolean variable, or its twin (the original's SELF_TEST_ name for a
 * SANDBOX_ one; NULL: none) when it is unset: 0/1, -1 when both are
 * unset, -2 after the message of a bad value */
int cli_env_bool(const char *name, const char *twin);
/* the state directory (docs/build.md, "State"): SANDBOX_DATA_DIR when set
 * and not empty (a sandbox run keeps its state with its data), else
 * ".menace"; both relative to the manifest's directory */
const char *cli_statedir(void);
/* where menace 0.1 kept the state by default ("sandbox_data"), when
 * SANDBOX_DATA_DIR is not set; else NULL */
const char *cli_old_statedir(void);

/* the actions a use: may name, as the loader and the builder see them
 * (cli/actions.c) */
const struct actions *cli_actions(void);

/* build and status, and watch's builds (cmd_build.c): the parsed command
 * line, the options of build_usage */
struct build_cmd {
	struct build_opts o;
	struct workspace_opts wo;
	char **names;         /* the TARGETs */
	size_t nnames;
	FILE *jf;             /* --json FILE, opened */
	const char *remote_url, *remote_mode;  /* --remote-cache, --remote-cache-mode */
	struct remote_opts ro;    /* the remote cache (ro.url NULL: none) */
	int ci;                   /* --junit FILE, or GITHUB_ACTIONS=true */
	char *junit_path;         /* --junit FILE made absolute, or NULL */
	struct outcomes oc;       /* what CI reads of the build (while ci) */
};
/* --executor and MENACE_EXECUTOR (build, cycle): local, slurm or auto into
 * the int at value (enum edge_exec); 0, or -1 after a warning */
int cli_parse_executor(void *value, const char *arg);
/* parse build's options (none for status) from argv, usage for its hint;
 * EXIT_OK or the exit status after the message */
int cli_build_parse(struct build_cmd *c, int argc, char **argv, const struct workspace_opts *g,
                    const char *usage, int status_cmd);
/* open the workspace into *ws (zeroed first by the caller; ws->g stays
 * NULL when it could not be opened) and build the targets once; the exit
 * status. The caller closes ws. */
int cli_build_once(struct build_cmd *c, struct workspace *ws);
/* close what cli_build_parse opened */
void cli_build_end(struct build_cmd *c);

/* the commands, each in its own file cli/cmd_NAME.c */
int cmd_graph(int argc, char **argv, const struct workspace_opts *o);
int cmd_targets(int argc, char **argv, const struct workspace_opts *o);
int cmd_build(int argc, char **argv, const struct workspace_opts *o);
int cmd_status(int argc, char **argv, const struct workspace_opts *o);
int cmd_watch(int argc, char **argv, const struct workspace_opts *o);
int cmd_explain(int argc, char **argv, const struct workspace_opts *o);
int cmd_clean(int argc, char **argv, const struct workspace_opts *o);
int cmd_trace(int argc, char **argv, const struct workspace_opts *o);
int cmd_gc(int argc, char **argv, const struct workspace_opts *o);
int cmd_cache(int argc, char **argv, const struct workspace_opts *o);
int cmd_discover(int argc, char **argv, const struct workspace_opts *o);
int cmd_metrics(int argc, char **argv, const struct workspace_opts *o);
int cmd_cycle(int argc, char **argv, const struct workspace_opts *o);
int cmd_report(int argc, char **argv, const struct workspace_opts *o);
/* the sandbox commands (rules/ does their work) */
int cmd_presets(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_integrate(int argc, char **argv);
int cmd_flag(int argc, char **argv);
/* tagged notes in metrics.db (cmd_note.c) */
int cmd_note(int argc, char **argv);
int cmd_notes(int argc, char **argv);

#endif
