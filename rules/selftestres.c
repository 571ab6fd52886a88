/* selftestres.c: a self-test's result file (format version 2, selftest.h)
 * from the worker's replies and the child's outcomes file, whose summary
 * is rebuilt when the child died without writing one; and its metrics.db
 * row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "rules/jsonout.h"
#include "rules/metricsdb.h"
#include "rules/selftestrun.h"

/* the outcomes, mildest first; the last three fail */
static const char *const outcome_names[] = {"returned", "skipped", "clean_error",
					    "upstream_error", "error", "hung", "crashed"};
#define NOUTCOMES (sizeof(outcome_names) / sizeof(outcome_names[0]))
#define FIRST_FAILING 4

static int outcome_rank(const char *s)
{
	size_t i;

	for (i = 0; s && i < NOUTCOMES; i++)
		if (strcmp(s, outcome_names[i]) == 0)
			return (int)i;
	return -1;
}

/* the summary being rebuilt from "call"/"done" lines */
struct rebuild {
	cJSON *calls, *functions;
	char *pending;                /* the last call without its done */
	int called, failures;
};

static void count(struct rebuild *b, const char *fn, const char *outcome)
{
	const char *colon = strrchr(fn, ':');
	const char *name = colon ? colon + 1 : fn;
	int rank = outcome_rank(outcome);
	cJSON *f = cJSON_GetObjectItemCaseSensitive(b->functions, name), *c;

	if (rank < 0)
		return;
	if (!f) {
		f = cJSON_AddObjectToObject(b->functions, name);
		cJSON_AddStringToObject(f, "outcome", outcome);
	}
	if (rank > outcome_rank(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "outcome"))))
		cJSON_ReplaceItemInObjectCaseSensitive(f, "outcome", cJSON_CreateString(outcome));
	c = cJSON_GetObjectItemCaseSensitive(f, outcome);
	if (c)
		cJSON_SetNumberValue(c, c->valuedouble + 1);
	else
		cJSON_AddNumberToObject(f, outcome, 1);
	c = cJSON_GetObjectItemCaseSensitive(b->calls, outcome);
	cJSON_SetNumberValue(c, c->valuedouble + 1);
	b->failures += rank >= FIRST_FAILING;
}

/* one call/done line into b */
static void rebuild_line(struct rebuild *b, const cJSON *line)
{
	const char *call = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(line, "call"));
	const char *done = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(line, "done"));

	if (call) {
		free(b->pending);
		b->pending = xstrdup(call);
		b->called = 1;
	} else if (done) {
		count(b, done, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(line, "outcome")));
		free(b->pending);
		b->pending = NULL;
	}
}

/* the summary of a child that wrote none */
static cJSON *rebuilt(struct rebuild *b, int timed_out, int passed)
{
	cJSON *s = cJSON_CreateObject();

	if (b->pending)
		count(b, b->pending, timed_out ? "hung" : "crashed");
	cJSON_AddStringToObject(s, "import", b->called ? "ok" : "failed");
	if (!b->called)
		cJSON_AddStringToObject(s, "error", timed_out ? "timed out" : "the child ended without a summary");
	cJSON_AddNullToObject(s, "tests");
	cJSON_AddItemToObject(s, "calls", b->calls);
	cJSON_AddItemToObject(s, "functions", b->functions);
	cJSON_AddNullToObject(s, "effects");
	b->failures += !b->called;
	cJSON_AddNumberToObject(s, "failures", b->failures || passed ? b->failures : 1);
	b->calls = b->functions = NULL;
	return s;
}

cJSON *selftest_summary(const char *text, size_t len, int timed_out, int passed, int *confined,
			char **network)
{
	struct rebuild b = {cJSON_CreateObject(), cJSON_CreateObject(), NULL, 0, 0};
	cJSON *summary = NULL;
	const char *p = text, *end = text + len;
	size_t i;

	*confined = 0;
	*network = NULL;
	for (i = 0; i < NOUTCOMES; i++)
		cJSON_AddNumberToObject(b.calls, outcome_names[i], 0);
	while (p && p < end && !summary) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		cJSON *line = cJSON_ParseWithLength(p, (size_t)((nl ? nl : end) - p));
		cJSON *it;

		if (cJSON_GetObjectItemCaseSensitive(line, "harness")) {
			*confined = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(line, "confined"));
			it = cJSON_GetObjectItemCaseSensitive(line, "network");
			if (cJSON_IsString(it) && !*network)
				*network = xstrdup(it->valuestring);
		} else if (cJSON_IsObject(it = cJSON_GetObjectItemCaseSensitive(line, "summary"))) {
			summary = cJSON_DetachItemViaPointer(line, it);
		} else if (line) {
			rebuild_line(&b, line);
		}
		cJSON_Delete(line);
		p = nl ? nl + 1 : NULL;
	}
	if (!summary)
		summary = rebuilt(&b, timed_out, passed);
	cJSON_Delete(b.calls);
	cJSON_Delete(b.functions);
	free(b.pending);
	return summary;
}

/* the summary's keys copied into the result (null when missing) */
static void add_summary(cJSON *r, cJSON *summary)
{
	static const char *const keys[] = {"import", "tests", "calls", "functions", "effects", "failures"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		cJSON *it = cJSON_DetachItemFromObjectCaseSensitive(summary, keys[i]);

		cJSON_AddItemToObject(r, keys[i], it ? it : cJSON_CreateNull());
	}
}

void selftest_read_outcomes(struct run *r)
{
	char *f = path_join(r->writable, "outcomes.jsonl");

	r->outcomes = read_file(f, &r->outcomes_len);
	free(f);
}

static cJSON *read_summary(struct run *r, int passed, int *confined, char **network)
{
	return selftest_summary(r->outcomes ? r->outcomes : "", r->outcomes ? r->outcomes_len : 0,
	                        r->res.timed_out, passed, confined, network);
}

/* every "from" in s[0..*len) replaced by "to" (not longer than from), in place */
static void replace_all(char *s, size_t *len, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), i = 0, o = 0;

	if (!fl || tl > fl)
		return;
	while (i < *len) {
		if (*len - i >= fl && memcmp(s + i, from, fl) == 0) {
			memcpy(s + o, to, tl);
			o += tl;
			i += fl;
		} else {
			s[o++] = s[i++];
		}
	}
	*len = o;
	s[o] = '\0';
}

void selftest_stable_tail(struct run *r)
{
	struct worker_result *res = &r->res;

	if (r->pool && r->pool->dir) {
		char *py = xasprintf("%s/py/", r->pool->dir);

		replace_all(res->tail, &res->tail_len, py, "");
		free(py);
	}
	if (*r->writable)
		replace_all(res->tail, &res->tail_len, r->writable, "$TMPDIR");
}

int selftest_write_result(struct run *r)
{
	struct worker_result *res = &r->res;
	int passed = !res->timed_out && res->exit_code == 0, confined, rc;
	char *network;
	cJSON *j = cJSON_CreateObject(), *summary = read_summary(r, passed, &confined, &network);

	res->tail_len = selftest_clean_utf8(res->tail, res->tail_len);
	cJSON_AddNumberToObject(j, "version", 2);
	cJSON_AddStringToObject(j, "module", r->module);
	cJSON_AddStringToObject(j, "scenario", r->scenario);
	cJSON_AddStringToObject(j, "level", r->o->level);
	cJSON_AddBoolToObject(j, "passed", passed);
	cJSON_AddNumberToObject(j, "exit_code", res->exit_code);
	cJSON_AddNumberToObject(j, "duration_s", (double)(long long)(res->duration_s * 1000 + 0.5) / 1000);
	cJSON_AddBoolToObject(j, "timed_out", res->timed_out);
	cJSON_AddStringToObject(j, "output_tail", res->tail);
	cJSON_AddStringToObject(j, "runner", r->runner);
	if (r->test)
		cJSON_AddStringToObject(j, "test", r->test);
	else
		cJSON_AddNullToObject(j, "test");
	cJSON_AddBoolToObject(j, "confined", confined);
	selftest_add_u64(j, "seed", r->seed);
	cJSON_AddStringToObject(j, "interpreter", r->interpreter);
	if (network)
		cJSON_AddStringToObject(j, "network", network);
	else
		cJSON_AddNullToObject(j, "network");
	add_summary(j, summary);
	rc = jsonout_save(r->out, j);
	cJSON_Delete(summary);
	cJSON_Delete(j);
	free(network);
	return rc;
}

int selftest_record(struct run *r)
{
	char *path = path_join(r->o->data, "metrics.db");
	struct metricsdb *db = metricsdb_open(path);
	char *run_id = metricsdb_run_id();
	struct metrics_selftest row;
	int rc = -1;

	free(path);
	if (!db)
		goto done;
	/* one of many writers in a build: score's close checkpoints */
	metricsdb_defer_checkpoint(db);
	row.run_id = run_id;
	row.module = r->module;
	row.scenario = r->scenario;
	row.level = r->o->level;
	row.passed = !r->res.timed_out && r->res.exit_code == 0;
	row.exit_code = r->res.exit_code;
	row.timed_out = r->res.timed_out;
	row.duration_s = r->res.duration_s;
	if (metricsdb_begin(db) == 0) {
		if (metricsdb_add_selftest(db, &row) == 0 && metricsdb_commit(db) == 0)
			rc = 0;
		else
			metricsdb_rollback(db);
	}
	metricsdb_close(db);
done:
	free(run_id);
	return rc;
}
