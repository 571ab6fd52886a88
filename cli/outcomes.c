/* outcomes.c: every rule's end and every self-test's result of the builds
 * of one command, for the JUnit file and the CI annotations. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/outcomes.h"
#include "graph/graph.h"
#include "rules/jsondoc.h"
#include "base/path.h"
#include "base/util.h"

static char *str_or(const cJSON *o, const char *key, const char *dflt)
{
	const char *s = jsondoc_str(cJSON_GetObjectItemCaseSensitive(o, key));

	return xstrdup(s ? s : dflt);
}

static double num_or(const cJSON *o, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void selfcase_free(struct selfcase *s)
{
	free(s->rule);
	free(s->result);
	free(s->module);
	free(s->path);
	free(s->scenario);
	free(s->level);
	free(s->tail);
}

/* the repo: of a selftest instance's with:, or NULL */
static char *with_repo(const struct edge *e)
{
	cJSON *w = e->with ? cJSON_Parse(e->with) : NULL;
	const char *r = jsondoc_str(cJSON_GetObjectItemCaseSensitive(w, "repo"));
	char *s = r ? xstrdup(r) : NULL;

	cJSON_Delete(w);
	return s;
}

/* a use: selftest instance that ran or is up to date: its result file */
static void add_selftest(struct outcomes *oc, const struct edge *e)
{
	struct selfcase s, *slot = NULL;
	const char *result = NULL;
	cJSON *doc = NULL;
	char *repo;
	size_t i;

	for (i = 0; i < e->nout; i++)
		if (e->out[i]->pathlen > 5 && strcmp(e->out[i]->path + e->out[i]->pathlen - 5, ".json") == 0)
			result = e->out[i]->path;
	if (!result || jsondoc_load(result, &doc) != 0)
		return;
	memset(&s, 0, sizeof(s));
	s.rule = xstrdup(e->rule->name);
	s.result = xstrdup(result);
	s.module = str_or(doc, "module", "?");
	repo = with_repo(e);
	s.path = repo && strcmp(repo, ".") != 0 ? path_join(repo, s.module) : xstrdup(s.module);
	free(repo);
	s.scenario = str_or(doc, "scenario", "?");
	s.level = str_or(doc, "level", "low");
	s.passed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "passed"));
	s.timed_out = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "timed_out"));
	s.exit_code = (int)num_or(doc, "exit_code", 0);
	s.secs = num_or(doc, "duration_s", 0);
	s.tail = str_or(doc, "output_tail", "");
	cJSON_Delete(doc);
	/* a later cycle's result of the same file replaces the earlier one */
	for (i = 0; i < oc->nself && !slot; i++)
		if (strcmp(oc->self[i].result, result) == 0) {
			slot = &oc->self[i];
			selfcase_free(slot);
		}
	if (!slot) {
		if (oc->nself == oc->capself) {
			oc->capself = oc->capself ? 2 * oc->capself : 64;
			oc->self = xreallocarray(oc->self, oc->capself, sizeof(*oc->self));
		}
		slot = &oc->self[oc->nself++];
	}
	*slot = s;
}

static char *describe(const struct edge *e)
{
	if (e->command)
		return xasprintf("$ %s", e->command);
	return xasprintf("use: %s with %s", e->action ? e->action : "?", e->with ? e->with : "{}");
}

/* a new case of the current suite, zeroed but for suite, name and rule */
static struct rulecase *new_case(struct outcomes *oc, const char *name, const char *rule)
{
	struct rulecase *c;

	if (oc->nrules == oc->caprules) {
		oc->caprules = oc->caprules ? 2 * oc->caprules : 64;
		oc->rules = xreallocarray(oc->rules, oc->caprules, sizeof(*oc->rules));
	}
	c = &oc->rules[oc->nrules++];
	memset(c, 0, sizeof(*c));
	c->suite = xstrdup(oc->suite ? oc->suite : "build");
	c->name = xstrdup(name);
	c->rule = xstrdup(rule);
	return c;
}

static void on_rule_end(void *ctx, const struct edge *e, enum rstatus st, double secs,
                        const char *reason, const char *output, size_t outlen, const char *failure)
{
	struct outcomes *oc = ctx;
	struct rulecase *c;

	/* an expanded foreach rule runs nothing: its instances are the cases */
	if (st == RS_WOULD || (e->flags & EDGE_GROUP))
		return;
	c = new_case(oc, e->name, e->rule->name);
	c->file = xstrdup(e->rule->loc.file ? e->rule->loc.file : "");
	c->line = e->rule->loc.line;
	c->st = st;
	c->secs = secs;
	c->reason = xstrdup(reason ? reason : "");
	if (st == RS_FAILED) {
		c->failure = xstrdup(failure ? failure : "failed");
		c->command = describe(e);
		if (outlen > OUTCOME_TAIL) {
			output += outlen - OUTCOME_TAIL;
			outlen = OUTCOME_TAIL;
		}
		c->output = xstrndup(output ? output : "", output ? outlen : 0);
	}
	if (e->action && strcmp(e->action, "selftest") == 0 &&
	    (st == RS_RAN || st == RS_CACHED || st == RS_RESTORED))
		add_selftest(oc, e);
}

void outcomes_init(struct outcomes *oc)
{
	memset(oc, 0, sizeof(*oc));
	oc->sink.rule_end = on_rule_end;
	oc->sink.ctx = oc;
}

void outcomes_release(struct outcomes *oc)
{
	size_t i;

	for (i = 0; i < oc->nrules; i++) {
		struct rulecase *c = &oc->rules[i];

		free(c->suite);
		free(c->name);
		free(c->rule);
		free(c->file);
		free(c->reason);
		free(c->failure);
		free(c->command);
		free(c->output);
	}
	for (i = 0; i < oc->nself; i++)
		selfcase_free(&oc->self[i]);
	free(oc->rules);
	free(oc->self);
	free(oc->suite);
	memset(oc, 0, sizeof(*oc));
}

void outcomes_suite(struct outcomes *oc, const char *name)
{
	free(oc->suite);
	oc->suite = xstrdup(name);
}

static int cmp_self(const void *a, const void *b)
{
	const struct selfcase *x = a, *y = b;
	int c;

	if ((c = strcmp(x->rule, y->rule)) || (c = strcmp(x->module, y->module)) ||
	    (c = strcmp(x->scenario, y->scenario)))
		return c;
	return strcmp(x->level, y->level);
}

void outcomes_sort(struct outcomes *oc)
{
	if (oc->nself)
		qsort(oc->self, oc->nself, sizeof(*oc->self), cmp_self);
}

size_t outcomes_failed_rules(const struct outcomes *oc)
{
	size_t i, n = 0;

	for (i = 0; i < oc->nrules; i++)
		n += oc->rules[i].st == RS_FAILED;
	return n;
}

size_t outcomes_failed_selftests(const struct outcomes *oc)
{
	size_t i, n = 0;

	for (i = 0; i < oc->nself; i++)
		n += !oc->self[i].passed;
	return n;
}

char *outcomes_abspath(const char *path)
{
	char cwd[4096];

	if (!path)
		return NULL;
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)))
		return path_join(cwd, path);
	return xstrdup(path);
}

int outcomes_publish(struct outcomes *oc, const char *junit, const char *command, int status)
{
	int bad = 0;

	/* a command that failed with no failed rule (a missing source, a
	 * check of the plan, a lock refused) is one failed case, so that a
	 * reader of the file alone sees the failure */
	if (status != EXIT_OK && !outcomes_failed_rules(oc)) {
		struct rulecase *c = new_case(oc, command, "menace");

		c->file = xstrdup("");
		c->st = RS_FAILED;
		c->reason = xstrdup("");
		c->failure = xasprintf("exit status %d", status);
		c->command = xasprintf("menace %s", command);
		c->output = xstrdup("it stopped before any rule failed: its messages say why");
	}
	outcomes_sort(oc);
	if (junit && junit_write(oc, junit) < 0)
		bad = 1;
	if (gha_enabled()) {
		gha_annotate(oc);
		if (gha_summary(oc, command, status) < 0)
			bad = 1;
	}
	return bad && status == EXIT_OK ? EXIT_FAILED : status;
}
