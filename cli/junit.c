/* junit.c: the JUnit XML of build --junit and cycle --junit, as the test
 * reporters of Jenkins, GitLab and GitHub read it (the Jenkins schema,
 * tests/junit/jenkins-junit.xsd, is what the tests validate against):
 *
 *   <testsuites name="menace build" tests= failures= errors="0" time=>
 *     <testsuite name="build"> (one per build: "cycle 1", "cycle 2", ...)
 *       <testcase classname="RULE" name="INSTANCE" time= status="ran">
 *         <failure message="exit status 1" type="rule">$ COMMAND + output tail
 *         <skipped>a dependency failed</skipped>
 *     <testsuite name="selftest"> (one per use: selftest rule)
 *       <testcase classname="MODULE" name="SCENARIO-LEVEL" time= status="passed">
 *         <failure message="exit code 1" type="selftest">output_tail
 *
 * Every rule instance that ended (up to date ones too, status "cached")
 * is a testcase; a self-test that ran to its end but did not pass is a
 * failed testcase even though its rule succeeded. */
#include <stdio.h>
#include <string.h>

#include "cli/outcomes.h"
#include "base/buf.h"
#include "base/fsio.h"
#include "base/util.h"
#include "base/xmlesc.h"

static void attr(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, " %s=\"", name);
	buf_putxmls(b, value, 1);
	buf_putc(b, '"');
}

static void suite_head(struct buf *b, const char *name, size_t tests, size_t failures,
                       size_t skipped, double secs)
{
	buf_puts(b, "  <testsuite");
	attr(b, "name", name);
	buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
	           tests, failures, skipped, secs);
}

static void rule_case(struct buf *b, const struct rulecase *c)
{
	buf_puts(b, "    <testcase");
	attr(b, "classname", c->rule);
	attr(b, "name", c->name);
	buf_printf(b, " time=\"%.3f\"", c->secs);
	attr(b, "status", rstatus_name(c->st));
	if (c->st != RS_FAILED && c->st != RS_SKIPPED) {
		buf_puts(b, "/>\n");
		return;
	}
	buf_puts(b, ">\n");
	if (c->st == RS_SKIPPED) {
		buf_puts(b, "      <skipped>");
		buf_putxmls(b, c->reason, 0);
		buf_puts(b, "</skipped>\n");
	} else {
		buf_puts(b, "      <failure");
		attr(b, "message", c->failure);
		buf_puts(b, " type=\"rule\">");
		buf_putxmls(b, c->command, 0);
		buf_putc(b, '\n');
		buf_putxmls(b, c->output, 0);
		buf_puts(b, "</failure>\n");
	}
	buf_puts(b, "    </testcase>\n");
}

/* the rules of the builds, one suite per build, in order */
static void rule_suites(struct buf *b, const struct outcomes *oc)
{
	size_t i = 0, j, k, failed, skipped;
	double secs;

	while (i < oc->nrules) {
		failed = skipped = 0;
		secs = 0;
		for (j = i; j < oc->nrules && strcmp(oc->rules[j].suite, oc->rules[i].suite) == 0; j++) {
			failed += oc->rules[j].st == RS_FAILED;
			skipped += oc->rules[j].st == RS_SKIPPED;
			secs += oc->rules[j].secs;
		}
		suite_head(b, oc->rules[i].suite, j - i, failed, skipped, secs);
		for (k = i; k < j; k++)
			rule_case(b, &oc->rules[k]);
		buf_puts(b, "  </testsuite>\n");
		i = j;
	}
}

static void self_case(struct buf *b, const struct selfcase *s)
{
	char name[512], msg[64];

	snprintf(name, sizeof(name), "%s-%s", s->scenario, s->level);
	buf_puts(b, "    <testcase");
	attr(b, "classname", s->module);
	attr(b, "name", name);
	buf_printf(b, " time=\"%.3f\"", s->secs);
	attr(b, "status", s->passed ? "passed" : "failed");
	if (s->passed) {
		buf_puts(b, "/>\n");
		return;
	}
	if (s->timed_out)
		snprintf(msg, sizeof(msg), "timed out");
	else
		snprintf(msg, sizeof(msg), "exit code %d", s->exit_code);
	buf_puts(b, ">\n      <failure");
	attr(b, "message", msg);
	buf_puts(b, " type=\"selftest\">");
	buf_putxmls(b, s->tail, 0);
	buf_puts(b, "</failure>\n    </testcase>\n");
}

/* the self-tests, one suite per use: selftest rule (sorted by rule) */
static void self_suites(struct buf *b, const struct outcomes *oc)
{
	size_t i = 0, j, k, failed;
	double secs;

	while (i < oc->nself) {
		failed = 0;
		secs = 0;
		for (j = i; j < oc->nself && strcmp(oc->self[j].rule, oc->self[i].rule) == 0; j++) {
			failed += !oc->self[j].passed;
			secs += oc->self[j].secs;
		}
		suite_head(b, oc->self[i].rule, j - i, failed, 0, secs);
		for (k = i; k < j; k++)
			self_case(b, &oc->self[k]);
		buf_puts(b, "  </testsuite>\n");
		i = j;
	}
}

int junit_write(const struct outcomes *oc, const char *path)
{
	struct buf b = BUF_INIT;
	double secs = 0;
	size_t i;
	int rc;

	for (i = 0; i < oc->nrules; i++)
		secs += oc->rules[i].secs;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"menace\"");
	buf_printf(&b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" time=\"%.3f\">\n",
	           oc->nrules + oc->nself, outcomes_failed_rules(oc) + outcomes_failed_selftests(oc), secs);
	rule_suites(&b, oc);
	self_suites(&b, oc);
	buf_puts(&b, "</testsuites>\n");
	rc = write_file_atomic(path, b.s, b.len);
	buf_free(&b);
	return rc;
}
