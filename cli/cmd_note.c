/* cmd_note.c: "menace note" and "menace notes", tagged notes kept in
 * SANDBOX_DATA_DIR/metrics.db (table notes, rules/metricsdb.h): the
 * original's FEEDBACK, IMPROVEMENT_PATH, ERROR_FIX and INSIGHT records. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "base/opt.h"
#include "graph/lstr.h"
#include "rules/metricsdb.h"
#include "base/path.h"
#include "base/util.h"

static const char note_usage[] =
	"usage: menace note [--data DIR] [--tag TAG] TEXT...\n"
	"\n"
	"Stores one note in DIR/metrics.db (table notes): the words of TEXT joined\n"
	"by spaces, with TAG (FEEDBACK, IMPROVEMENT_PATH, ERROR_FIX or INSIGHT, in\n"
	"any case; none: an untagged note), the time and the run id (MENACE_RUN_ID).\n"
	"\n"
	"  --data DIR   SANDBOX_DATA_DIR (default sandbox_data); --data-dir is --data\n"
	"  --tag TAG    the note's tag\n"
	"Exit 0, 2 on bad usage (an unknown tag, no text), 3 when metrics.db\n"
	"cannot be used.\n";

static const char notes_usage[] =
	"usage: menace notes [--data DIR] [--tag TAG] [--json]\n"
	"\n"
	"Lists the notes of DIR/metrics.db, oldest first, one a line:\n"
	"RECORDED_AT<tab>TAG<tab>TEXT (TAG '-' for an untagged note); with --tag\n"
	"only those of TAG. --json prints one JSON array of {\"id\", \"recorded_at\",\n"
	"\"run_id\", \"tag\", \"text\"} (tag null when untagged). A missing database\n"
	"lists nothing and is not created.\n"
	"\n"
	"  --data DIR   SANDBOX_DATA_DIR (default sandbox_data); --data-dir is --data\n"
	"  --tag TAG    FEEDBACK, IMPROVEMENT_PATH, ERROR_FIX or INSIGHT\n"
	"  --json       JSON instead of lines\n"
	"Exit 0, 2 on bad usage, 3 when metrics.db cannot be used.\n";

static const char *const tags[] = {"FEEDBACK", "IMPROVEMENT_PATH", "ERROR_FIX", "INSIGHT"};
#define NTAGS (sizeof(tags) / sizeof(tags[0]))

/* the known tag spelled by s in any case, or NULL after a usage error */
static const char *known_tag(const char *s, const char *usage)
{
	char *up = xstrdup(s), *p;
	const char *best;
	size_t i;

	for (p = up; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	for (i = 0; i < NTAGS; i++)
		if (strcmp(up, tags[i]) == 0) {
			free(up);
			return tags[i];
		}
	best = closest(up, tags, NTAGS);
	if (best)
		warn("unknown tag '%s' (did you mean '%s'?)", s, best);
	else
		warn("unknown tag '%s' (known: FEEDBACK, IMPROVEMENT_PATH, ERROR_FIX, INSIGHT)", s);
	free(up);
	opt_usage(usage);
	return NULL;
}

static char *db_path(const char *data)
{
	return path_join(data, "metrics.db");
}

int cmd_note(int argc, char **argv)
{
	const char *data = cli_datadir(), *tag = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "data", &data, NULL),
		OPT_STR(0, "data-dir", &data, NULL),
		OPT_STR(0, "tag", &tag, NULL),
	};
	struct metrics_note n = {0, NULL, "", NULL, NULL};
	struct metricsdb *db;
	struct buf text = BUF_INIT;
	char *path;
	int i, nwords, rc;

	if (opt_help(argc, argv, note_usage))
		return EXIT_OK;
	if ((nwords = opt_parse(argc, argv, opts, 3, OPT_LOOSE, note_usage)) < 0)
		return EXIT_USAGE;
	if (tag && !(n.tag = known_tag(tag, note_usage)))
		return EXIT_USAGE;
	for (i = 1; i <= nwords; i++)
		buf_printf(&text, "%s%s", i > 1 ? " " : "", argv[i]);
	if (!text.len || strspn(text.s, " \t\n") == text.len) {
		buf_free(&text);
		warn("note: no text");
		return opt_usage(note_usage);
	}
	path = db_path(data);
	db = metricsdb_open(path);
	free(path);
	if (!db) {
		buf_free(&text);
		return EXIT_STATE;
	}
	n.run_id = metricsdb_run_id();
	n.text = text.s;
	rc = metricsdb_add_note(db, &n) < 0 ? EXIT_STATE : EXIT_OK;
	free((char *)n.run_id);
	metricsdb_close(db);
	buf_free(&text);
	return rc;
}

static int print_line(void *arg, const struct metrics_note *n)
{
	(void)arg;
	printf("%s\t%s\t%s\n", n->recorded_at, *n->tag ? n->tag : "-", n->text);
	return 0;
}

static int add_json(void *arg, const struct metrics_note *n)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)n->id);
	cJSON_AddStringToObject(o, "recorded_at", n->recorded_at);
	cJSON_AddStringToObject(o, "run_id", n->run_id);
	if (*n->tag)
		cJSON_AddStringToObject(o, "tag", n->tag);
	else
		cJSON_AddNullToObject(o, "tag");
	cJSON_AddStringToObject(o, "text", n->text);
	cJSON_AddItemToArray(arg, o);
	return 0;
}

/* the notes of path (an existing database) on stdout: 0 or -1 */
static int list_notes(const char *path, const char *tag, int json)
{
	struct metricsdb *db = metricsdb_open(path);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int rc;

	if (!db) {
		cJSON_Delete(arr);
		return -1;
	}
	rc = metricsdb_notes(db, tag, json ? add_json : print_line, arr);
	metricsdb_close(db);
	if (json && rc == 0) {
		char *s = cJSON_PrintUnformatted(arr);

		printf("%s\n", s);
		cJSON_free(s);
	}
	cJSON_Delete(arr);
	return rc;
}

int cmd_notes(int argc, char **argv)
{
	const char *data = cli_datadir(), *tag = NULL, *known = NULL;
	int json = 0, rc = EXIT_OK;
	const struct opt opts[] = {
		OPT_STR(0, "data", &data, NULL),
		OPT_STR(0, "data-dir", &data, NULL),
		OPT_STR(0, "tag", &tag, NULL),
		OPT_FLAG(0, "json", &json),
	};
	char *path;

	if (opt_help(argc, argv, notes_usage))
		return EXIT_OK;
	if (opt_parse(argc, argv, opts, 4, OPT_LOOSE | OPT_NO_OPERANDS, notes_usage) < 0)
		return EXIT_USAGE;
	if (tag && !(known = known_tag(tag, notes_usage)))
		return EXIT_USAGE;
	path = db_path(data);
	if (access(path, F_OK) != 0) {
		if (json)
			printf("[]\n");
	} else if (list_notes(path, known, json) < 0) {
		rc = EXIT_STATE;
	}
	free(path);
	return rc;
}
