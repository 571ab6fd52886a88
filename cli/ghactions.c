/* ghactions.c: what a GitHub Actions job shows of a build or cycle, with
 * GITHUB_ACTIONS=true (as the runner sets it): one workflow command
 *
 *   ::error file=FILE,line=LINE,title=TITLE::MESSAGE
 *
 * per failed rule (the rule's place in the manifest) and per failed
 * self-test (the module, at the last line of it its output's traceback
 * names, else line 1), on stderr, which the runner reads for commands as
 * it reads stdout; and a Markdown job summary appended to the file
 * $GITHUB_STEP_SUMMARY names. FILE is relative to $GITHUB_WORKSPACE when
 * the file lies in it (the checkout, where GitHub looks for it). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/outcomes.h"
#include "base/buf.h"
#include "base/util.h"

/* the last bytes of a message an annotation carries */
#define GHA_TAIL 2048

int gha_enabled(void)
{
	const char *v = getenv("GITHUB_ACTIONS");

	return v && strcmp(v, "true") == 0;
}

/* a workflow command's data (prop 0) or property value (prop 1) */
static void put_escaped(struct buf *b, const char *s, int prop)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_puts(b, "%25");
		else if (*s == '\r')
			buf_puts(b, "%0D");
		else if (*s == '\n')
			buf_puts(b, "%0A");
		else if (prop && *s == ':')
			buf_puts(b, "%3A");
		else if (prop && *s == ',')
			buf_puts(b, "%2C");
		else
			buf_putc(b, *s);
	}
}

/* path (relative to the current directory, the manifest's) as GitHub
 * names it: relative to $GITHUB_WORKSPACE when inside it (malloc'd) */
static char *gh_path(const char *path)
{
	const char *ws = getenv("GITHUB_WORKSPACE");
	char abs[PATH_MAX], root[PATH_MAX];
	size_t n;

	if (!ws || !*ws || !realpath(path, abs) || !realpath(ws, root))
		return xstrdup(path);
	n = strlen(root);
	if (strncmp(abs, root, n) == 0 && abs[n] == '/')
		return xstrdup(abs + n + 1);
	return xstrdup(path);
}

/* the message is head, a newline and the last GHA_TAIL bytes of body */
static void annotate(const char *file, int line, const char *title, const char *head,
                     const char *body)
{
	struct buf b = BUF_INIT;
	char *p = gh_path(file);
	size_t n = strlen(body);

	if (n > GHA_TAIL)
		body += n - GHA_TAIL;
	/* a failure of the command itself has no place */
	if (*p) {
		buf_puts(&b, "::error file=");
		put_escaped(&b, p, 1);
		buf_printf(&b, ",line=%d,title=", line > 0 ? line : 1);
	} else {
		buf_puts(&b, "::error title=");
	}
	put_escaped(&b, title, 1);
	buf_puts(&b, "::");
	put_escaped(&b, head, 0);
	buf_puts(&b, "%0A");
	put_escaped(&b, body, 0);
	fprintf(stderr, "%s\n", b.s);
	fflush(stderr);
	buf_free(&b);
	free(p);
}

/* the last line of module a traceback in tail names ("File ".../M", line N"), or 1 */
static int traceback_line(const char *tail, const char *module)
{
	size_t mlen = strlen(module);
	const char *p = tail, *q;
	int line = 1;

	while ((p = strstr(p, "File \"")) != NULL) {
		p += 6;
		if (!(q = strchr(p, '"')))
			break;
		if ((size_t)(q - p) >= mlen && strncmp(q - mlen, module, mlen) == 0 &&
		    (q - mlen == p || q[-(long)mlen - 1] == '/') && strncmp(q, "\", line ", 8) == 0)
			line = atoi(q + 8);
		p = q;
	}
	return line > 0 ? line : 1;
}

void gha_annotate(const struct outcomes *oc)
{
	size_t i;

	for (i = 0; i < oc->nrules; i++) {
		const struct rulecase *c = &oc->rules[i];
		char *title, *head;

		if (c->st != RS_FAILED)
			continue;
		/* no place: the command's own failure (outcomes_publish) */
		if (*c->file) {
			title = xasprintf("rule '%s' failed", c->name);
			head = xasprintf("rule '%s' failed (%s)\n%s", c->name, c->failure, c->command);
		} else {
			title = xasprintf("menace %s failed", c->name);
			head = xasprintf("menace %s failed (%s)", c->name, c->failure);
		}
		annotate(c->file, c->line, title, head, c->output);
		free(title);
		free(head);
	}
	for (i = 0; i < oc->nself; i++) {
		const struct selfcase *s = &oc->self[i];
		char *title, head[32];

		if (s->passed)
			continue;
		title = xasprintf("self-test of %s failed under %s/%s", s->module, s->scenario, s->level);
		if (s->timed_out)
			snprintf(head, sizeof(head), "timed out");
		else
			snprintf(head, sizeof(head), "exit code %d", s->exit_code);
		annotate(s->path, traceback_line(s->tail, s->module), title, head, s->tail);
		free(title);
	}
}

/* one Markdown table cell: punctuation that formats escaped, HTML's
 * special characters as entities (a summary renders HTML), lines joined */
static void md_cell(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]|#~!", *s))
			buf_printf(b, "\\%c", *s);
		else if (*s == '<')
			buf_puts(b, "&lt;");
		else if (*s == '>')
			buf_puts(b, "&gt;");
		else if (*s == '&')
			buf_puts(b, "&amp;");
		else if (*s == '\n' || *s == '\r')
			buf_putc(b, ' ');
		else
			buf_putc(b, *s);
	}
}

static void summary_tables(struct buf *b, const struct outcomes *oc)
{
	size_t i;

	if (outcomes_failed_rules(oc)) {
		buf_puts(b, "\n#### Failed rules\n\n| rule | manifest | why |\n|---|---|---|\n");
		for (i = 0; i < oc->nrules; i++)
			if (oc->rules[i].st == RS_FAILED) {
				buf_puts(b, "| ");
				md_cell(b, oc->rules[i].name);
				buf_puts(b, " | ");
				if (*oc->rules[i].file) {
					md_cell(b, oc->rules[i].file);
					buf_printf(b, ":%d | ", oc->rules[i].line);
				} else {
					buf_puts(b, "- | ");
				}
				md_cell(b, oc->rules[i].failure);
				buf_puts(b, " |\n");
			}
	}
	if (outcomes_failed_selftests(oc)) {
		buf_puts(b, "\n#### Failed self-tests\n\n| module | scenario | level | result |\n|---|---|---|---|\n");
		for (i = 0; i < oc->nself; i++)
			if (!oc->self[i].passed) {
				buf_puts(b, "| ");
				md_cell(b, oc->self[i].module);
				buf_puts(b, " | ");
				md_cell(b, oc->self[i].scenario);
				buf_puts(b, " | ");
				md_cell(b, oc->self[i].level);
				if (oc->self[i].timed_out)
					buf_puts(b, " | timed out |\n");
				else
					buf_printf(b, " | exit code %d |\n", oc->self[i].exit_code);
			}
	}
}

int gha_summary(const struct outcomes *oc, const char *command, int status)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	long long n[RS_N] = {0};
	struct buf b = BUF_INIT;
	size_t i;
	int fd, rc = 0;

	if (!path || !*path)
		return 0;
	for (i = 0; i < oc->nrules; i++)
		n[oc->rules[i].st]++;
	buf_printf(&b, "### menace %s: %s\n\n", command, status == EXIT_OK ? "passed" :
	           status == EXIT_FAILED ? "failed" : "stopped");
	buf_printf(&b, "| exit status | ran | restored | up to date | failed | skipped | self-tests | self-tests failed |\n"
	           "|---|---|---|---|---|---|---|---|\n| %d | %lld | %lld | %lld | %lld | %lld | %zu | %zu |\n",
	           status, n[RS_RAN], n[RS_RESTORED], n[RS_CACHED], n[RS_FAILED], n[RS_SKIPPED],
	           oc->nself, outcomes_failed_selftests(oc));
	summary_tables(&b, oc);
	buf_putc(&b, '\n');
	/* appended in one write, as other steps' summaries are */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, b.s, b.len) != (ssize_t)b.len) {
		rc = error("cannot write '%s':", path);
		if (fd >= 0)
			close(fd);
	} else if (close(fd) < 0) {
		rc = error("cannot write '%s':", path);
	}
	buf_free(&b);
	return rc;
}
