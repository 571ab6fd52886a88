/* unit tests of built-in actions in a build, run by a stand-in for the
 * menace executable: their services (engine/service.h): the tools text is
 * in the key of the action's edges and explained when it changes; the
 * service starts once, before the first command of its action, its
 * environment reaches the commands, and it stops when the build ends. An
 * action killed while writing an output leaves no temporary file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fsio.h"
#include "base/util.h"
#include "engine/build.h"
#include "engine/key.h"
#include "engine/service.h"
#include "engine/stale.h"
#include "engine/state.h"
#include "engine/workspace.h"
#include "graph/action.h"
#include "graph/graph.h"
#include "unit.h"

static char tmpdir[] = "/tmp/menace-unit.XXXXXX";
static const char *tools_text = "fake-tool 1.0";
static int ntools, nstart, nstop;
static unsigned start_jobs;

static char *fake_tools(const struct action *a)
{
	(void)a;
	ntools++;
	return xstrdup(tools_text);
}

static int fake_start(const struct action *a, unsigned jobs, char ***env, void **data)
{
	(void)a;
	nstart++;
	start_jobs = jobs;
	*env = xcalloc(2, sizeof(char *));
	(*env)[0] = xstrdup("MENACE_FAKE_SERVICE=started");
	*data = &nstop;
	return 0;
}

static void fake_stop(void *data)
{
	(*(int *)data)++;
}

static const struct action_service fake_service = {fake_tools, fake_start, fake_stop};
static const struct action fake = {"fake", NULL, NULL, &fake_service};
static const struct action plain = {"plain", NULL, NULL, NULL};
static const struct action *const table_v[] = {&fake, &plain};
static const struct actions table = {table_v, 2};

/* two edges of the fake action and one of plain, each writing what it saw */
static struct graph *graph_of_actions(void)
{
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	const char *names[] = {"f1", "f2", "p"}, *outs[] = {"f1.out", "f2.out", "p.out"};
	int i;

	for (i = 0; i < 3; i++) {
		struct rule *r = graph_add_rule(g, names[i], loc);
		struct edge *e = graph_add_edge(g, r, names[i]);

		e->action = xstrdup(i < 2 ? "fake" : "plain");
		e->with = xasprintf("{\"out\":\"%s\"}", outs[i]);
		edge_add_out(e, graph_node(g, outs[i], strlen(outs[i])));
	}
	return g;
}

/* the "menace" the edges run: writes $MENACE_FAKE_SERVICE into --out */
static void put_exe(void)
{
	const char *sh = "#!/bin/sh\n"
	                 "out=${2#--out=}\n"
	                 "echo \"${MENACE_FAKE_SERVICE:-(unset)}\" > \"$out\"\n";

	write_file_atomic("fake-menace", sh, strlen(sh));
	chmod("fake-menace", 0755);
}

static int build_actions(struct workspace *ws, int jobs)
{
	struct build_opts o;
	struct graph *g = graph_of_actions();
	struct edge *want[3];
	size_t i;
	int rc;

	memset(ws, 0, sizeof(*ws));
	memset(&o, 0, sizeof(o));
	o.jobs = jobs;
	o.quiet = 1;
	o.no_cache = 1;
	o.exe = "./fake-menace";
	for (i = 0; i < 3; i++)
		want[i] = g->edges[i];
	if (workspace_attach(ws, g, state_open("svc.db", 0)) != 0)
		return -1;
	ws->actions = &table;
	ws->svc = services_new(&table);
	rc = build_run(ws, want, 3, &o);
	return rc;
}

static char *get(const char *path)
{
	char *s = read_file(path, NULL);

	return s ? s : xstrdup("(missing)");
}

static void test_service_build(void)
{
	struct workspace ws;
	char *s;

	put_exe();
	CHECK_INT(build_actions(&ws, 2), 0);
	CHECK_INT(nstart, 1);
	CHECK_INT(start_jobs, 2);
	CHECK_INT(nstop, 1);
	CHECK_INT(ntools, 1);
	CHECK(getenv("MENACE_FAKE_SERVICE") == NULL);
	s = get("f1.out");
	CHECK_STR(s, "started\n");
	free(s);
	s = get("f2.out");
	CHECK_STR(s, "started\n");
	free(s);
	workspace_close(&ws);
	/* nothing to run: the service does not start; the tools are asked again
	 * by a new process (a new services table) */
	CHECK_INT(build_actions(&ws, 1), 0);
	CHECK_INT(nstart, 1);
	CHECK_INT(ntools, 2);
	workspace_close(&ws);
}

static void test_service_key(void)
{
	struct workspace ws;
	struct buf ser = BUF_INIT, old = BUF_INIT, why = BUF_INIT;
	struct graph *g = graph_of_actions();

	memset(&ws, 0, sizeof(ws));
	CHECK_INT(workspace_attach(&ws, g, state_open("key.db", 0)), 0);
	ws.svc = services_new(&table);
	CHECK_INT(stale_key(&ws, g->edges[0], &ser, NULL, &why), 0);
	CHECK_HAS(ser.s, "use 4:fake 16:{\"out\":\"f1.out\"}\ntool 4:fake 13:fake-tool 1.0\n");
	buf_reset(&ser);
	CHECK_INT(stale_key(&ws, g->edges[2], &ser, NULL, &why), 0);
	CHECK(strstr(ser.s, "tool ") == NULL);
	workspace_close(&ws);
	/* another interpreter: explain names the tools */
	buf_reset(&ser);
	key_begin(&old);
	key_use(&old, "fake", "{}");
	key_tool(&old, "fake", "python /usr/bin/python3.11 3.11.2");
	key_begin(&ser);
	key_use(&ser, "fake", "{}");
	key_tool(&ser, "fake", "python /opt/py/bin/python3.12 3.12.1");
	buf_reset(&why);
	CHECK_INT(key_diff(old.s, old.len, ser.s, ser.len, &why, 0), 1);
	CHECK_STR(why.s, "the tools of 'fake' changed (python /usr/bin/python3.11 3.11.2 -> "
	                 "python /opt/py/bin/python3.12 3.12.1)\n");
	buf_free(&ser);
	buf_free(&old);
	buf_free(&why);
}

/* killed by its timeout while writing: its OUT.tmp.PID and its depfile's
 * DEP.tmp.PID are removed, a file of that shape with another pid is not */
static void test_killed_action_tmp(void)
{
	struct workspace ws;
	struct build_opts o;
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	struct edge *e = graph_add_edge(g, graph_add_rule(g, "w", loc), "w");
	const char *sh = "#!/bin/sh\n"
	                 "echo half > w.out.tmp.$$\n"
	                 "echo half > w.d.tmp.$$\n"
	                 "exec sleep 30\n";

	write_file_atomic("slow-menace", sh, strlen(sh));
	chmod("slow-menace", 0755);
	write_file_atomic("w.out.tmp.1", "mine\n", 5);
	e->action = xstrdup("plain");
	e->timeout = 0.5;
	edge_add_out(e, graph_node(g, "w.out", 5));
	e->depfile = xstrdup("w.d");
	memset(&ws, 0, sizeof(ws));
	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	o.quiet = 1;
	o.exe = "./slow-menace";
	CHECK_INT(workspace_attach(&ws, g, state_open("tmp.db", 0)), 0);
	ws.actions = &table;
	CHECK(build_run(&ws, &e, 1, &o) != 0);
	workspace_close(&ws);
	CHECK_INT(system("ls w.*.tmp.* > left.txt"), 0);
	{
		char *left = get("left.txt");

		CHECK_STR(left, "w.out.tmp.1\n");
		free(left);
	}
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0) {
		perror("tmpdir");
		return 1;
	}
	RUN(test_service_build);
	RUN(test_service_key);
	RUN(test_killed_action_tmp);
	if (!unit_failed && unit_remove_dir(tmpdir) < 0)
		unit_failed++;
	return unit_failed != 0;
}
