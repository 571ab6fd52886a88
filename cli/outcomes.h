/* outcomes.h: what CI reads of one or more builds (build --junit, cycle
 * --junit, the GitHub annotations and job summary): every rule's end and
 * the result of every self-test the builds planned (one per module x
 * scenario x level, read from its result file, the latest of each file
 * when a cycle builds several times), gathered through the report's sink
 * (engine/report.h). */
#ifndef MENACE_OUTCOMES_H
#define MENACE_OUTCOMES_H

#include <stddef.h>

#include "engine/report.h"

/* the tail of a failed rule's output that is kept, in bytes */
#define OUTCOME_TAIL 8192

/* one rule instance's end */
struct rulecase {
	char *suite;          /* the build it ended in: "build", "cycle 2" */
	char *name, *rule;    /* instance and rule names */
	char *file;           /* the rule's place in the manifest */
	int line;
	enum rstatus st;
	double secs;
	char *reason;         /* why it ran, or "" */
	char *failure;        /* how it failed ("exit status 1"), or NULL */
	char *command;        /* "$ COMMAND" or "use: ACTION with {...}" */
	char *output;         /* the last OUTCOME_TAIL bytes it printed (failed rules) */
};

/* one self-test's result file */
struct selfcase {
	char *rule;           /* the use: selftest rule ("selftest", "micropilot") */
	char *result;         /* the result file */
	char *module, *path;  /* repo-relative module; the module as the workspace sees it */
	char *scenario, *level;
	int passed, exit_code, timed_out;
	double secs;
	char *tail;           /* output_tail */
};

struct outcomes {
	struct report_sink sink;   /* hand &sink to build_opts */
	char *suite;
	struct rulecase *rules;
	size_t nrules, caprules;
	struct selfcase *self;     /* sorted by outcomes_sort */
	size_t nself, capself;
};

void outcomes_init(struct outcomes *oc);
void outcomes_release(struct outcomes *oc);
/* the name of the build whose rules come next */
void outcomes_suite(struct outcomes *oc, const char *name);
/* self-tests by rule, module, scenario, level */
void outcomes_sort(struct outcomes *oc);
/* the counts of failed rules and failed self-tests */
size_t outcomes_failed_rules(const struct outcomes *oc);
size_t outcomes_failed_selftests(const struct outcomes *oc);
/* what build and cycle do at their end: the JUnit file (junit: an
 * absolute path, or NULL), and with GITHUB_ACTIONS=true the annotations
 * and the job summary; returns status, or EXIT_FAILED when status was 0
 * and a file could not be written */
int outcomes_publish(struct outcomes *oc, const char *junit, const char *command, int status);
/* path made absolute against the current directory (malloc'd; NULL: NULL) */
char *outcomes_abspath(const char *path);

/* junit.c: the JUnit XML document (jenkins-junit.xsd) into path, atomically */
int junit_write(const struct outcomes *oc, const char *path);
/* ghactions.c: GITHUB_ACTIONS is "true" */
int gha_enabled(void);
/* "::error file=F,line=L,title=T::MESSAGE" per failed rule and self-test, on stderr */
void gha_annotate(const struct outcomes *oc);
/* the Markdown job summary appended to $GITHUB_STEP_SUMMARY (when set); 0 or -1 */
int gha_summary(const struct outcomes *oc, const char *command, int status);

#endif
