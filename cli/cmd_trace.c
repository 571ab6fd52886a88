/* cmd_trace.c: menace trace [FILE]: the last build as Chrome trace JSON
 * (the Trace Event Format's "X" complete events; open in Perfetto or
 * chrome://tracing). One thread per job slot. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/opt.h"
#include "base/fsio.h"
#include "base/util.h"
#include "engine/workspace.h"

static const char usage[] =
	"usage: menace trace [FILE]\n"
	"\n"
	"Write the last build (from the build log in menace.db) as Chrome trace\n"
	"JSON to FILE, or to stdout. Each rule that ran, failed or was skipped is\n"
	"a complete event on the track of the job slot it ran in, with its status\n"
	"and reason.\n"
	"\n"
	"exit status: 0 written, 1 no build recorded yet, 2 usage or manifest\n"
	"error, 3 state unusable\n";

static void add_event(void *ctx, const struct state_event *ev)
{
	cJSON *list = ctx, *o = cJSON_CreateObject(), *args = cJSON_CreateObject();
	char hex[HASH_HEX];

	cJSON_AddStringToObject(o, "name", ev->rule);
	cJSON_AddStringToObject(o, "cat", ev->status);
	cJSON_AddStringToObject(o, "ph", "X");
	cJSON_AddNumberToObject(o, "ts", (double)ev->start_ns / 1e3);
	cJSON_AddNumberToObject(o, "dur", (double)(ev->end_ns - ev->start_ns) / 1e3);
	cJSON_AddNumberToObject(o, "pid", 1);
	cJSON_AddNumberToObject(o, "tid", ev->slot + 1);
	cJSON_AddStringToObject(args, "status", ev->status);
	cJSON_AddStringToObject(args, "reason", ev->reason ? ev->reason : "");
	cJSON_AddNumberToObject(args, "exit", ev->exit);
	if (!hash_is_zero(ev->key)) {
		hash_hex(ev->key, hex);
		cJSON_AddStringToObject(args, "key", hex);
	}
	cJSON_AddItemToObject(o, "args", args);
	cJSON_AddItemToArray(list, o);
}

int cmd_trace(int argc, char **argv, const struct workspace_opts *g)
{
	struct workspace ws;
	cJSON *root, *list, *meta;
	long long run = 0, started = 0;
	char *text, *out = NULL;
	const char *file;
	int rc;

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((rc = opt_parse(argc, argv, NULL, 0, 0, usage)) < 0)
		return EXIT_USAGE;
	if (rc > 1)
		return opt_usage(usage);
	file = rc == 1 && strcmp(argv[1], "-") != 0 ? argv[1] : NULL;
	/* FILE is relative to where menace was started, not the manifest */
	if (file && file[0] != '/') {
		char cwd[4096];

		if (getcwd(cwd, sizeof(cwd)))
			out = xasprintf("%s/%s", cwd, file);
	}
	if (!out && file)
		out = xstrdup(file);
	rc = workspace_open(&ws, g, WS_READ);
	if (rc) {
		free(out);
		return rc;
	}
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "traceEvents");
	rc = state_last_run(ws.st, &run, &started, add_event, list);
	if (rc != 0) {
		if (rc == 1)
			warn("no build recorded yet");
		rc = rc == 1 ? EXIT_FAILED : EXIT_STATE;
		goto out;
	}
	cJSON_AddStringToObject(root, "displayTimeUnit", "ms");
	meta = cJSON_AddObjectToObject(root, "otherData");
	cJSON_AddNumberToObject(meta, "run", (double)run);
	cJSON_AddNumberToObject(meta, "started_at", (double)started / 1e9);
	text = cJSON_Print(root);
	if (out) {
		if (write_file_atomic(out, text, strlen(text)) < 0)
			rc = EXIT_FAILED;
	} else {
		puts(text);
	}
	cJSON_free(text);
out:
	cJSON_Delete(root);
	workspace_close(&ws);
	free(out);
	return rc;
}
