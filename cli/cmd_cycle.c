/* cmd_cycle.c: "menace cycle [-n N]", the sandbox cycle run N times. Each
 * cycle is one build of the default targets, in this process (the graph is
 * loaded afresh each time, so foreach lists written by the last cycle are
 * read again), followed by one line of SANDBOX_DATA_DIR/threshold_log.jsonl:
 *
 *   {"timestamp": <unix seconds, float>, "run": <1-based cycle>,
 *    "roi_threshold": <ROI_THRESHOLD, else the mean "diminishing" of
 *    scores.json, else null>, "synergy_threshold": null, "converged": <bool>}
 *
 * (format 1: the seed's keys; appended with one write(), O_APPEND, as the
 * log is append-only). A cycle has converged when score did not run
 * (scores.json unchanged: nothing changed) or the mean |roi_delta| of the
 * modules it scored is below SANDBOX_ROI_TOLERANCE (default 0.01); the
 * command then stops early. docs/build.md documents it. */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/build.h"
#include "cli/cli.h"
#include "cli/remotecfg.h"
#include "cli/outcomes.h"
#include "base/hash.h"
#include "base/opt.h"
#include "rules/jsondoc.h"
#include "base/path.h"
#include "engine/state.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char cycle_usage[] =
	"usage: menace cycle [-n N] [-j N] [-q] [--no-wait] [--json FILE|-] [--junit FILE]\n"
	"                    [--executor local|slurm|auto]\n"
	"\n"
	"Run the sandbox cycle: build the default targets up to N times (default:\n"
	"SANDBOX_CYCLES, else 5), in this process. After each cycle one line\n"
	"{\"timestamp\", \"run\", \"roi_threshold\", \"synergy_threshold\", \"converged\"}\n"
	"is appended to SANDBOX_DATA_DIR/threshold_log.jsonl when that directory\n"
	"exists (a plain project, whose rules made none, gets no sandbox_data/),\n"
	"and one summary line is printed on stderr:\n"
	"  menace: cycle 2 of 3: 16 ran, mean |roi_delta| 0.000, converged\n"
	"  menace: cycle 3 of 3: 0 ran, not scored, converged\n"
	"A cycle has converged when score did not run (scores.json unchanged) or\n"
	"the mean |roi_delta| of the modules it scored is below\n"
	"SANDBOX_ROI_TOLERANCE (default 0.01); the cycle then stops early.\n"
	"roi_threshold is ROI_THRESHOLD when set, else the mean 'diminishing' of\n"
	"scores.json, else null. --json FILE: the build's JSON events and one\n"
	"{\"event\": \"cycle\", ...} object per cycle to FILE ('-': stdout).\n"
	"\n"
	"  -n, --cycles N  at most N cycles (1 or more)\n"
	"  -j, --jobs N    run N commands at once (as build -j; MENACE_JOBS)\n"
	"  -q, --quiet     no progress lines (the cycle lines stay)\n"
	"  --no-wait       exit 3 at once when another build, clean, gc or cycle\n"
	"                  holds the workspace lock (default: wait for it; held\n"
	"                  for every cycle)\n"
	"  --json FILE     JSON Lines events to FILE ('-': stdout), as build --json\n"
	"  --junit FILE    JUnit XML to FILE: one suite per cycle (a testcase per\n"
	"                  rule) and the latest self-test results (as build --junit)\n"
	"  --executor X    where rules without their own executor run, as build\n"
	"                  --executor (MENACE_EXECUTOR; docs/slurm.md)\n"
	"\n"
	"exit status: 0 every cycle built, 1 a build failed (no log line for it;\n"
	"the cycle stops), 2 usage or manifest error (a bad SANDBOX_CYCLES,\n"
	"SANDBOX_ROI_TOLERANCE or ROI_THRESHOLD too), 3 state unusable (or\n"
	"locked, with --no-wait), 129 hung up, 130 interrupted\n";

/* what scores.json says: the mean |roi_delta| and mean diminishing of its
 * modules (NAN when none has one) */
struct scoresum {
	double mean_delta, mean_dim;
	size_t nmodules;
};

static int read_scores(const char *path, struct scoresum *s)
{
	cJSON *root = NULL, *m;
	double dsum = 0, msum = 0;
	size_t nd = 0, nm = 0;
	int rc;

	s->mean_delta = s->mean_dim = NAN;
	s->nmodules = 0;
	if ((rc = jsondoc_load(path, &root)) != 0)
		return rc < 0 ? -1 : 0;
	cJSON_ArrayForEach(m, root) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(m, "roi_delta");
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "diminishing");

		if (!cJSON_IsObject(m))
			continue;
		s->nmodules++;
		if (cJSON_IsNumber(d)) {
			dsum += fabs(d->valuedouble);
			nd++;
		}
		if (cJSON_IsNumber(t)) {
			msum += t->valuedouble;
			nm++;
		}
	}
	cJSON_Delete(root);
	if (nd)
		s->mean_delta = dsum / (double)nd;
	if (nm)
		s->mean_dim = msum / (double)nm;
	return 0;
}

/* the content hash of path; zero when it does not exist */
static struct hash file_hash(const char *path)
{
	struct hash h = {0, 0};

	if (hash_file(path, &h) < 0)
		h.hi = h.lo = 0;
	return h;
}

static cJSON *number_or_null(double v)
{
	return isnan(v) ? cJSON_CreateNull() : cJSON_CreateNumber(v);
}

static int append_line(const char *path, const char *line)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	size_t len = strlen(line);
	char *l = xasprintf("%s\n", line);
	ssize_t n;

	if (fd < 0) {
		free(l);
		return error("cannot write '%s':", path);
	}
	n = write(fd, l, len + 1);
	free(l);
	if (n != (ssize_t)(len + 1)) {
		close(fd);
		return error("cannot write '%s':", path);
	}
	if (close(fd) < 0)
		return error("cannot write '%s':", path);
	return 0;
}

struct cycle_opts {
	int n;
	double tolerance, roi_threshold;   /* roi_threshold NAN: not set */
	int jobs, jobs_explicit, quiet;
	int executor;                      /* --executor: enum edge_exec */
	FILE *json;                        /* --json: the events, or NULL */
	struct outcomes *oc;               /* --junit, GITHUB_ACTIONS: what CI reads, or NULL */
	struct workspace_opts wo;          /* the manifest's base name after the first cycle */
};

/* the line of cycle c in threshold_log.jsonl: 0, or EXIT_FAILED after a message */
static int log_cycle(const char *logpath, long c, double threshold, int converged)
{
	cJSON *j = cJSON_CreateObject();
	char *line;
	int rc;

	cJSON_AddNumberToObject(j, "timestamp", (double)wall_ns() / 1e9);
	cJSON_AddNumberToObject(j, "run", (double)c);
	cJSON_AddItemToObject(j, "roi_threshold", number_or_null(threshold));
	cJSON_AddNullToObject(j, "synergy_threshold");
	cJSON_AddBoolToObject(j, "converged", converged);
	line = cJSON_PrintUnformatted(j);
	rc = append_line(logpath, line) < 0 ? EXIT_FAILED : EXIT_OK;
	cJSON_free(line);
	cJSON_Delete(j);
	return rc;
}

/* --json: the {"event": "cycle", ...} object of cycle c */
static void print_event(const struct cycle_opts *co, long c, long long ran, double mean_delta,
                        double threshold, int scored, int converged)
{
	cJSON *j = cJSON_CreateObject();
	char *line;

	cJSON_AddStringToObject(j, "event", "cycle");
	cJSON_AddNumberToObject(j, "run", (double)c);
	cJSON_AddNumberToObject(j, "of", (double)co->n);
	cJSON_AddNumberToObject(j, "ran", (double)ran);
	cJSON_AddBoolToObject(j, "scored", scored);
	cJSON_AddItemToObject(j, "mean_abs_roi_delta", number_or_null(mean_delta));
	cJSON_AddItemToObject(j, "roi_threshold", number_or_null(threshold));
	cJSON_AddBoolToObject(j, "converged", converged);
	line = cJSON_PrintUnformatted(j);
	fprintf(co->json, "%s\n", line);
	fflush(co->json);
	cJSON_free(line);
	cJSON_Delete(j);
}

/* one cycle: 0 converged, 1 not converged, or -(exit status) */
static int one_cycle(struct cycle_opts *co, long c)
{
	struct workspace ws;
	struct build_opts o;
	struct edge **targets = NULL;
	size_t ntargets = 0;
	struct state_counts sc;
	struct scoresum ss;
	struct hash before, after;
	struct remote_opts ro;
	char *scores = NULL, *logpath = NULL;
	double threshold;
	int rc, scored, converged;

	if ((rc = workspace_open(&ws, &co->wo, WS_WRITE)) != 0)
		return -rc;
	/* workspace_open changed to the manifest's directory: the next cycle
	 * finds the manifest by its base name */
	if (co->wo.manifest && strrchr(co->wo.manifest, '/'))
		co->wo.manifest = strrchr(co->wo.manifest, '/') + 1;
	if (graph_targets(ws.g, NULL, 0, &targets, &ntargets) < 0 ||
	    remotecfg(&ro, NULL, NULL, ws.g->remote_cache) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	scores = path_join(cli_datadir(), "scores.json");
	logpath = path_join(cli_datadir(), "threshold_log.jsonl");
	before = file_hash(scores);
	memset(&o, 0, sizeof(o));
	o.jobs = co->jobs;
	o.jobs_explicit = co->jobs_explicit;
	o.keep_going = 1;
	o.quiet = co->quiet;
	o.verbose = cli_verbose;
	o.command = "cycle";
	o.exe = co->wo.exe;
	o.json = co->json;
	o.remote = &ro;
	o.executor = co->executor;
	if (co->oc) {
		char suite[48];

		snprintf(suite, sizeof(suite), "cycle %ld", c);
		outcomes_suite(co->oc, suite);
		o.sink = &co->oc->sink;
	}
	rc = build_run(&ws, targets, ntargets, &o);
	if (co->json)
		fflush(co->json);
	if (rc != EXIT_OK) {
		warn("cycle %ld of %d: the build failed (exit status %d)", c, co->n, rc);
		goto out;
	}
	if (state_counts(ws.st, &sc) < 0) {
		rc = EXIT_STATE;
		goto out;
	}
	after = file_hash(scores);
	scored = !hash_eq(before, after) && !hash_is_zero(after);
	if (read_scores(scores, &ss) < 0) {
		rc = EXIT_FAILED;
		goto out;
	}
	converged = !scored || isnan(ss.mean_delta) || ss.mean_delta < co->tolerance;
	threshold = !isnan(co->roi_threshold) ? co->roi_threshold : ss.mean_dim;
	/* a plain project (no rule made the data directory) gets no
	 * sandbox_data/ for the log */
	if (access(cli_datadir(), F_OK) == 0 && (rc = log_cycle(logpath, c, threshold, converged)) != 0)
		goto out;
	if (co->json)
		print_event(co, c, sc.last[0], scored ? ss.mean_delta : NAN, threshold, scored, converged);
	if (scored && !isnan(ss.mean_delta))
		note("cycle %ld of %d: %lld ran, mean |roi_delta| %.3f, %s", c, co->n, sc.last[0],
		     ss.mean_delta, converged ? "converged" : "not converged");
	else
		note("cycle %ld of %d: %lld ran, not scored, converged", c, co->n, sc.last[0]);
	rc = converged ? 0 : 1;
	free(targets);
	free(scores);
	free(logpath);
	workspace_close(&ws);
	return rc;
out:
	free(targets);
	free(scores);
	free(logpath);
	workspace_close(&ws);
	return -rc;
}

int cmd_cycle(int argc, char **argv, const struct workspace_opts *g)
{
	struct cycle_opts co;
	long c;
	const char *json = NULL, *junit = NULL;
	char *junit_path = NULL;
	struct outcomes oc;
	int rc = EXIT_OK, no_wait = 0;
	const struct opt opts[] = {
		OPT_COUNTS('n', "cycles", &co.n, 1, 1000000, "SANDBOX_CYCLES"),
		OPT_COUNTS('j', "jobs", &co.jobs, 1, 1000000, "MENACE_JOBS"),
		OPT_FLAG('q', "quiet", &co.quiet),
		OPT_FLAG(0, "no-wait", &no_wait),
		OPT_NUM(0, NULL, &co.tolerance, "SANDBOX_ROI_TOLERANCE"),
		OPT_NUM(0, NULL, &co.roi_threshold, "ROI_THRESHOLD"),
		OPT_STR(0, "json", &json, NULL),
		OPT_STR(0, "junit", &junit, NULL),
		OPT_FUNC(0, "executor", cli_parse_executor, &co.executor, "MENACE_EXECUTOR"),
	};

	if (opt_help(argc, argv, cycle_usage))
		return EXIT_OK;
	memset(&co, 0, sizeof(co));
	co.n = 5;
	co.tolerance = 0.01;
	co.roi_threshold = NAN;
	co.jobs = 0;        /* 0: not given (a count is at least 1) */
	if (opt_parse(argc, argv, opts, sizeof(opts) / sizeof(opts[0]), OPT_NO_OPERANDS, cycle_usage) < 0)
		return EXIT_USAGE;
	co.jobs_explicit = co.jobs != 0;
	if (!co.jobs)
		co.jobs = build_default_jobs();
	/* after the options: a global one given after "cycle" is in *g */
	co.wo = *g;
	co.wo.no_wait = no_wait;
	if (co.tolerance < 0) {
		warn("SANDBOX_ROI_TOLERANCE: '%s' is negative", opt_getenv("SANDBOX_ROI_TOLERANCE"));
		return EXIT_USAGE;
	}
	/* FILE is relative to where menace was started, as build's */
	if (json && !(co.json = strcmp(json, "-") == 0 ? stdout : fopen(json, "w"))) {
		warn("cannot write '%s':", json);
		return EXIT_USAGE;
	}
	if (junit || gha_enabled()) {
		outcomes_init(&oc);
		co.oc = &oc;
		junit_path = outcomes_abspath(junit);
	}
	for (c = 1; c <= co.n; c++) {
		rc = one_cycle(&co, c);
		if (rc < 0) {
			rc = -rc;
			break;
		}
		if (rc == 0)
			break;
		rc = EXIT_OK;
	}
	if (co.oc) {
		rc = outcomes_publish(&oc, junit_path, "cycle", rc);
		outcomes_release(&oc);
		free(junit_path);
	}
	if (co.json && co.json != stdout)
		fclose(co.json);
	return rc;
}
