/* report.h: everything a build says: the progress line, failed rules'
 * commands and output, --explain lines, status/dry-run listings, the final
 * summary (all terminal output of the engine), and the JSON Lines events. */
#ifndef MENACE_REPORT_H
#define MENACE_REPORT_H

#include <stddef.h>
#include <stdio.h>

struct edge;

/* how a rule ended; the names are those of the JSON events */
enum rstatus {
	RS_RAN,
	RS_CACHED,     /* up to date */
	RS_RESTORED,   /* outputs restored from the cache */
	RS_FAILED,
	RS_SKIPPED,    /* not run: a dependency failed, or the build stopped */
	RS_WOULD,      /* dry run: would run */
	RS_N
};

struct report;

/* a listener of every rule's end (cli/ writes the JUnit file and the CI
 * annotations from it): called after the JSON event, with the arguments
 * report_rule_end got */
struct report_sink {
	void (*rule_end)(void *ctx, const struct edge *e, enum rstatus st, double secs,
	                 const char *reason, const char *output, size_t outlen, const char *failure);
	void *ctx;
};
/* fd is a terminal that takes escape codes: a tty, and TERM is not "dumb" */
int report_smart_terminal(int fd);
/* colour on fd: never when NO_COLOR is set (not empty); else always when
 * CLICOLOR_FORCE is set (not empty, not "0"); else on a smart terminal */
int report_color(int fd);

/* quiet: no progress line and no summary; json: JSON Lines sink or NULL */
struct report *report_new(int quiet, int explain, FILE *json);
void report_free(struct report *r);
/* tell sink (NULL: none) of every rule's end */
void report_set_sink(struct report *r, const struct report_sink *sink);
const char *rstatus_name(enum rstatus s);
void report_build_start(struct report *r, size_t total, int jobs, int dry_run);
/* a rule starts running, for reason */
void report_rule_start(struct report *r, const struct edge *e, const char *reason);
/* a rule ended; output: what it printed (may be empty); failure: how it
 * failed ("exit status 1") or NULL */
void report_rule_end(struct report *r, const struct edge *e, enum rstatus st, double secs,
                     const char *reason, const char *output, size_t outlen, const char *failure);
/* n more instances to run (foreach expansion during the build) */
void report_add_total(struct report *r, size_t n);
/* an output of a vanished instance was removed: "menace: removed 'PATH'
 * (REASON: NAME)" and an output_removed JSON event */
void report_removed(struct report *r, const char *name, const char *path, const char *reason);
/* what a dry run lists on stdout per rule that would run */
enum {
	REPORT_LIST_REASONS = 1,    /* status: "NAME: REASON" */
	REPORT_LIST_COMMANDS = 2,   /* build -n: its command, as make -n; with
	                             * explain, "# NAME: REASON" above it */
};
/* verbose (-v): report_command prints; list: REPORT_LIST_* or 0; silent:
 * nothing on stderr, failures included */
void report_set_output(struct report *r, int verbose, int list, int silent);
/* a rule's command line starts: on stderr when verbose */
void report_command(struct report *r, const struct edge *e, const char *line);
/* e would run, for reason, running line: printed as the list says on
 * stdout, unless the JSON events go to stdout (then the rule_end event
 * that follows carries "command") */
void report_would_run(struct report *r, const struct edge *e, const char *reason, const char *line);
/* counts indexed by enum rstatus; status: the exit status */
void report_build_end(struct report *r, const long long counts[RS_N], double secs, int status,
                      int dry_run, int interrupted);

#endif
