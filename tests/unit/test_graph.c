/* unit tests of the manifest loader: expansion, matrix, globs, foreach,
 * cycles, exporters. Each case writes its manifest into a fresh temp dir. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph/export.h"
#include "base/fsio.h"
#include "graph/graph.h"
#include "graph/load.h"
#include "graph/action.h"
#include "base/path.h"
#include "unit.h"
#include "base/util.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);

	write_file_atomic(p, text, strlen(text));
	free(p);
}

/* the actions a use: may name here: the sandbox's names, any with: key */
static const struct action act[] = {{"discover", NULL, NULL, NULL}, {"selftest", NULL, NULL, NULL},
                                    {"score", NULL, NULL, NULL}, {"integrate", NULL, NULL, NULL},
                                    {"flag", NULL, NULL, NULL}};
static const struct action *const actv[] = {&act[0], &act[1], &act[2], &act[3], &act[4]};
static const struct actions acts = {actv, 5};

/* graph_load with defines and those actions */
static struct graph *load_with(const char *m, char **defs, size_t ndefs)
{
	struct load_opts lo = {defs, ndefs, &acts, NULL, NULL};

	return graph_load(m, &lo);
}

/* a new temp dir holding menace.yaml = text; the graph loaded from it */
static struct graph *load(const char *text, char **defs, size_t ndefs)
{
	char *m;
	struct graph *g;

	snprintf(dir, sizeof(dir), "/tmp/menace-unit.XXXXXX");
	if (!mkdtemp(dir))
		die(1, "mkdtemp:");
	put("menace.yaml", text);
	m = xasprintf("%s/menace.yaml", dir);
	g = load_with(m, defs, ndefs);
	free(m);
	return g;
}

static void cleanup(void)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		printf("cannot remove %s\n", dir);
	free(cmd);
}

static const char *in(struct edge *e, size_t i)
{
	return i < e->nin ? e->in[i]->path : "(none)";
}

static void test_expansion(void)
{
	struct graph *g;
	struct edge *e, *f;
	char *defs[] = {"mode=fast"};

	setenv("MENACE_UNIT_X", "ex", 1);
	unsetenv("MENACE_UNIT_Y");
	g = load("version: 1\n"
	         "vars:\n"
	         "  cc: cc\n"
	         "  flags: -O2 ${env.MENACE_UNIT_X}\n"
	         "  mode: slow\n"
	         "rules:\n"
	         "  gen:\n"
	         "    run: \"printf '$$HOME' > ${out} # ${mode} ${env.MENACE_UNIT_Y:-dflt}\"\n"
	         "    out: [a/./b/../c, \"my file.h\", outdir/]\n"
	         "    env: [ZED, ALPHA, ZED]\n"
	         "  use:\n"
	         "    run: ${cc} ${raw:flags} -c ${in[0]} -o ${out}\n"
	         "    in: [a/c, my file.h]\n"
	         "    out: [x.o]\n"
	         "    description: building ${out}\n",
	         defs, 1);
	CHECK(g != NULL);
	if (!g)
		return;
	e = graph_find_edge(g, "gen");
	f = graph_find_edge(g, "use");
	CHECK(e && f);
	CHECK_STR(e->command, "printf '$HOME' > a/c 'my file.h' outdir # fast dflt");
	CHECK_INT(e->nenv, 3);
	CHECK_STR(e->env[0], "ALPHA");
	CHECK_STR(e->env[1], "MENACE_UNIT_Y");
	CHECK_STR(e->env[2], "ZED");
	CHECK_STR(f->command, "cc -O2 ex -c a/c -o x.o");
	CHECK_INT(f->nenv, 1);
	CHECK_STR(f->env[0], "MENACE_UNIT_X");
	CHECK_STR(f->description, "building x.o");
	CHECK_STR(edge_desc(e), "gen");
	CHECK(e->description == NULL);
	/* a/./b/../c and a/c are one node, written by gen: the implicit edge */
	CHECK_INT(f->nin, 2);
	CHECK(f->in[0] == e->out[0]);
	CHECK(f->in[0]->gen == e);
	CHECK(e->out[2]->is_dir);
	CHECK_STR(e->out[2]->path, "outdir");
	CHECK_STR(g->files[0] + strlen(dir) + 1, "menace.yaml");
	graph_free(g);
	cleanup();
}

/* a var using ${in}/${out}/${item} is expanded where it is used */
static void test_late_vars(void)
{
	struct graph *g = load("version: 1\n"
	                       "vars:\n"
	                       "  compile: cc -c ${in} -o ${out}\n"
	                       "  opt: ${compile} -O2 ${env.MENACE_UNIT_Z:-z}\n"
	                       "  loop: x ${loop2}\n"
	                       "  loop2: ${loop} ${in}\n"
	                       "rules:\n"
	                       "  a:\n"
	                       "    run: ${opt}\n"
	                       "    in: [menace.yaml]\n"
	                       "    out: [\"my out.o\"]\n"
	                       "  each:\n"
	                       "    foreach: l.json\n"
	                       "    run: ${opt} ${item}\n"
	                       "    out: ['o/${item}.o']\n",
	                       NULL, 0);
	struct edge *e;
	struct rule *r;

	CHECK(g != NULL);
	if (!g)
		return;
	e = graph_find_edge(g, "a");
	CHECK_STR(e->command, "cc -c menace.yaml -o 'my out.o' -O2 z");
	CHECK_INT(e->nenv, 1);
	r = graph_find_rule(g, "each");
	CHECK_INT(graph_expand_foreach(g, r, "[\"q\"]", 5, NULL, 0), 0);
	CHECK_STR(r->inst[0]->command, "cc -c  -o o/q.o -O2 z q");
	graph_free(g);
	cleanup();
	g = load("version: 1\nvars:\n  loop: x ${loop2}\n  loop2: ${loop} ${in}\n"
	         "rules:\n  a:\n    run: ${loop}\n",
	         NULL, 0);
	CHECK(g == NULL);
	graph_free(g);
	cleanup();
}

/* in run: every ${...} value is shell-quoted (not ${raw:...}, env values or
 * late vars); a path starting with '-' gets "./"; in in: foreach and matrix
 * values are literal, never globs */
static void test_quoting(void)
{
	struct graph *g;
	struct edge *e;
	struct rule *r;
	char *defs[] = {"who=a;touch x"}, *m;
	const char *list;

	setenv("MENACE_UNIT_W", "-a -b", 1);
	snprintf(dir, sizeof(dir), "/tmp/menace-unit.XXXXXX");
	if (!mkdtemp(dir))
		die(1, "mkdtemp:");
	put("s/b[x].c", "");
	put("s/bx.c", "");
	put("s/c*.c", "");
	put("s/cc.c", "");
	put("s/it's.c", "");
	put("s/a b;c.c", "");
	put("-o.c", "");
	put("menace.yaml", "version: 1\n"
	                   "vars:\n"
	                   "  who: me\n"
	                   "  words: one two\n"
	                   "  cmd: echo ${in}\n"
	                   "rules:\n"
	                   "  m:\n"
	                   "    matrix: {p: ['c*', 'it''s']}\n"
	                   "    run: ${who} ${words} ${raw:words} ${env.MENACE_UNIT_W} ${p} ${cmd}\n"
	                   "    in: ['s/${p}.c', '[-]o.c']\n"
	                   "    out: ['o/${p}']\n"
	                   "  each:\n"
	                   "    foreach: l.json\n"
	                   "    run: ${who} ${item} ${raw:item} > ${out}\n"
	                   "    in: ['s/${item}.c', 's/${item}*.c']\n"
	                   "    out: ['e/${item}.txt']\n");
	m = xasprintf("%s/menace.yaml", dir);
	g = load_with(m, defs, 1);
	free(m);
	CHECK(g != NULL);
	if (!g)
		return;
	e = graph_find_edge(g, "m[p=c*]");
	CHECK(e != NULL);
	CHECK_STR(e->command, "'a;touch x' 'one two' one two -a -b 'c*' echo 's/c*.c' ./-o.c");
	CHECK_INT(e->nin, 2);
	CHECK_STR(in(e, 0), "s/c*.c");
	e = graph_find_edge(g, "m[p=it's]");
	CHECK_STR(e->command, "'a;touch x' 'one two' one two -a -b 'it'\\''s' echo 's/it'\\''s.c' ./-o.c");
	CHECK_INT(e->nin, 2);
	r = graph_find_rule(g, "each");
	list = "[\"b[x]\", \"a b;c\"]";
	CHECK_INT(graph_expand_foreach(g, r, list, strlen(list), NULL, 0), 0);
	e = graph_find_edge(g, "each[b[x]]");
	CHECK(e != NULL);
	CHECK_STR(e->command, "'a;touch x' 'b[x]' b[x] > 'e/b[x].txt'");
	CHECK_INT(e->nin, 1);
	CHECK_STR(in(e, 0), "s/b[x].c");
	e = graph_find_edge(g, "each[a b;c]");
	CHECK(e != NULL);
	CHECK_STR(e->command, "'a;touch x' 'a b;c' a b;c > 'e/a b;c.txt'");
	graph_free(g);
	cleanup();
}

static void test_matrix(void)
{
	struct graph *g = load("version: 1\n"
	                       "rules:\n"
	                       "  t:\n"
	                       "    matrix:\n"
	                       "      py: ['3.11', '3.12']\n"
	                       "      os: [linux, mac]\n"
	                       "    run: test ${py} ${os} > ${out}\n"
	                       "    out: [\"out/${os}-${py}\"]\n"
	                       "  all:\n"
	                       "    run: cat ${in}\n"
	                       "    in: [out/linux-3.12]\n"
	                       "    needs: [t]\n",
	                       NULL, 0);
	struct rule *r;
	struct edge *all;

	CHECK(g != NULL);
	if (!g)
		return;
	r = graph_find_rule(g, "t");
	CHECK_INT(r->ninst, 4);
	CHECK_STR(r->inst[0]->name, "t[py=3.11,os=linux]");
	CHECK_STR(r->inst[1]->name, "t[py=3.11,os=mac]");
	CHECK_STR(r->inst[2]->name, "t[py=3.12,os=linux]");
	CHECK_STR(r->inst[3]->name, "t[py=3.12,os=mac]");
	CHECK_STR(r->inst[3]->command, "test 3.12 mac > out/mac-3.12");
	all = graph_find_edge(g, "all");
	CHECK_INT(all->nneeds, 4);
	CHECK(all->in[0]->gen == r->inst[2]);
	graph_free(g);
	cleanup();
}

static void test_globs(void)
{
	struct graph *g;
	struct edge *e;

	snprintf(dir, sizeof(dir), "/tmp/menace-unit.XXXXXX");
	if (!mkdtemp(dir))
		die(1, "mkdtemp:");
	put("src/b.c", "");
	put("src/a.c", "");
	put("src/sub/deep/c.c", "");
	put("src/.hidden.c", "");
	put("src/x.h", "");
	put("src/ab.c", "");
	put("menace.yaml", "version: 1\n"
	                   "rules:\n"
	                   "  all:\n"
	                   "    run: cat ${in}\n"
	                   "    in: ['src/**/*.c', '-none/*.c', 'src/?.h']\n"
	                   "  some:\n"
	                   "    run: cat ${in}\n"
	                   "    in: ['src/[b]*.c', 'src/?.c', -missing.txt, -src/x.h]\n");
	{
		char *m = xasprintf("%s/menace.yaml", dir);

		g = load_with(m, NULL, 0);
		free(m);
	}
	CHECK(g != NULL);
	if (!g)
		return;
	e = graph_find_edge(g, "all");
	CHECK_INT(e->nin, 5);
	CHECK_STR(in(e, 0), "src/a.c");
	CHECK_STR(in(e, 1), "src/ab.c");
	CHECK_STR(in(e, 2), "src/b.c");
	CHECK_STR(in(e, 3), "src/sub/deep/c.c");
	CHECK_STR(in(e, 4), "src/x.h");
	e = graph_find_edge(g, "some");
	/* src/b.c once (two patterns), a missing optional file dropped */
	CHECK_INT(e->nin, 3);
	CHECK_STR(in(e, 0), "src/b.c");
	CHECK_STR(in(e, 1), "src/a.c");
	CHECK_STR(in(e, 2), "src/x.h");
	graph_free(g);
	cleanup();
}

static void test_foreach(void)
{
	struct graph *g = load("version: 1\n"
	                       "rules:\n"
	                       "  list:\n"
	                       "    run: echo > ${out}\n"
	                       "    out: [pkgs.json]\n"
	                       "  test:\n"
	                       "    foreach: {from: pkgs.json, key: name, skip: skip.json}\n"
	                       "    matrix: {py: ['3']}\n"
	                       "    run: t ${item} ${item.files} py${py} > ${out}\n"
	                       "    in: ['${item.files}']\n"
	                       "    out: ['res/${item}.json']\n"
	                       "    env: [HOME]\n"
	                       "  report:\n"
	                       "    run: cat\n"
	                       "    needs: [test]\n",
	                       NULL, 0);
	struct rule *r;
	struct edge *t, *rep, *e;
	const char *list = "[{\"name\": \"b\", \"files\": [\"b/x.py\", \"b/y.py\"]},"
	                   " {\"name\": \"a\", \"files\": []}, {\"name\": \"c\", \"files\": [\"c.py\"]}]";
	size_t first;

	CHECK(g != NULL);
	if (!g)
		return;
	r = graph_find_rule(g, "test");
	CHECK_INT(r->ninst, 1);
	t = r->inst[0];
	CHECK(t->flags & EDGE_TEMPLATE);
	CHECK_STR(t->name, "test");
	CHECK_INT(t->nin, 1);
	CHECK_STR(t->in[0]->path, "pkgs.json");
	CHECK(t->in[0]->gen == graph_find_edge(g, "list"));
	CHECK_STR(r->foreach_from, "pkgs.json");
	CHECK_STR(r->foreach_key, "name");
	CHECK_STR(r->foreach_skip, "skip.json");
	CHECK(r->src != NULL);
	rep = graph_find_edge(g, "report");
	CHECK_INT(rep->nneeds, 1);
	CHECK(rep->needs[0] == t);
	first = g->nedges;
	CHECK_INT(graph_expand_foreach(g, r, list, strlen(list), "[\"c\"]", 5), 0);
	CHECK_INT(g->nedges, first + 2);
	CHECK_INT(r->ninst, 2);
	e = r->inst[0];
	CHECK_STR(e->name, "test[b,py=3]");
	CHECK_STR(e->command, "t b b/x.py b/y.py py3 > res/b.json");
	CHECK_INT(e->nin, 2);
	CHECK_STR(in(e, 1), "b/y.py");
	CHECK_STR(e->out[0]->path, "res/b.json");
	CHECK_INT(e->nenv, 1);
	CHECK_STR(r->inst[1]->name, "test[a,py=3]");
	CHECK_INT(r->inst[1]->nin, 0);
	CHECK(!(t->flags & EDGE_TEMPLATE));
	CHECK(t->flags & EDGE_GROUP);
	CHECK_INT(t->nneeds, 2);
	CHECK(graph_find_edge(g, "test[c,py=3]") == NULL);
	graph_free(g);
	cleanup();

	/* an object: its keys, sorted; ${item.field} of the value */
	g = load("version: 1\n"
	         "rules:\n"
	         "  each:\n"
	         "    foreach: list.json\n"
	         "    use: score\n"
	         "    with: {name: '${item}', v: '${item.v}', n: 2}\n"
	         "    out: ['o/${item}']\n",
	         NULL, 0);
	CHECK(g != NULL);
	if (!g)
		return;
	r = graph_find_rule(g, "each");
	list = "{\"zz\": {\"v\": 1}, \"aa\": {\"v\": true}}";
	CHECK_INT(graph_expand_foreach(g, r, list, strlen(list), NULL, 0), 0);
	CHECK_INT(r->ninst, 2);
	CHECK_STR(r->inst[0]->name, "each[aa]");
	CHECK_STR(r->inst[0]->action, "score");
	CHECK_STR(r->inst[0]->with, "{\"n\":2,\"name\":\"aa\",\"v\":\"true\"}");
	CHECK_STR(r->inst[1]->with, "{\"n\":2,\"name\":\"zz\",\"v\":\"1\"}");
	/* a second expansion is refused; bad JSON is an error */
	CHECK_INT(graph_expand_foreach(g, r, list, strlen(list), NULL, 0), -1);
	graph_free(g);
	cleanup();
	g = load("version: 1\nrules:\n  e:\n    foreach: l.json\n    run: echo ${item}\n", NULL, 0);
	CHECK(g != NULL);
	if (!g)
		return;
	CHECK_INT(graph_expand_foreach(g, graph_find_rule(g, "e"), "[1,", 3, NULL, 0), -1);
	graph_free(g);
	cleanup();
	g = load("version: 1\nrules:\n  e:\n    foreach: l.json\n    run: echo ${item}\n", NULL, 0);
	CHECK_INT(graph_expand_foreach(g, graph_find_rule(g, "e"), "[1, 2.5, \"x\"]", 14, NULL, 0), 0);
	CHECK(graph_find_edge(g, "e[1]") && graph_find_edge(g, "e[2.5]") && graph_find_edge(g, "e[x]"));
	CHECK_STR(graph_find_edge(g, "e[x]")->command, "echo x");
	graph_free(g);
	cleanup();
}

/* odd lists: errors, never a crash; the graph stays freeable */
static void test_foreach_bad(void)
{
	static const char *const lists[] = {
		"", "null", "3", "\"x\"", "[[1]]", "[{\"a\": 1}]", "[\"a\", \"a\"]", "{\"k\": [1]}",
		"[1e400]", "[\"\"]", "[true, null]", "[\"../../b\"]", "[\"\u00e9\"]",
	};
	static const int ok[] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1};
	size_t i;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct graph *g = load("version: 1\nrules:\n  e:\n    foreach: l.json\n"
		                       "    run: echo ${item} > ${out}\n    out: ['o/${item}']\n",
		                       NULL, 0);
		int rc;

		CHECK(g != NULL);
		if (!g)
			return;
		rc = graph_expand_foreach(g, graph_find_rule(g, "e"), lists[i], strlen(lists[i]), "[\"x\"]", 5);
		if (rc != (ok[i] ? 0 : -1))
			printf("FAIL test_foreach_bad: list %zu (%s) gave %d\n", i, lists[i], rc);
		CHECK_INT(rc, ok[i] ? 0 : -1);
		graph_free(g);
		cleanup();
	}
}

static void test_cycles(void)
{
	struct graph *g = graph_new();
	struct loc loc = {"m", 1, 1};
	struct rule *r = graph_add_rule(g, "r", loc);
	struct edge *a = graph_add_edge(g, r, "a"), *b = graph_add_edge(g, r, "b"), *c = graph_add_edge(g, r, "c");

	edge_add_out(a, graph_node(g, "a", 1));
	edge_add_in(b, graph_node(g, "a", 1));
	edge_add_out(b, graph_node(g, "b", 1));
	edge_add_in(c, graph_node(g, "b", 1));
	CHECK_INT(graph_check_cycles(g), 0);
	/* a needs c: a -> b -> c -> a */
	a->needs = xcalloc(1, sizeof(*a->needs));
	a->needs[a->nneeds++] = c;
	CHECK_INT(graph_check_cycles(g), -1);
	graph_free(g);
	/* reading its own output */
	g = load("version: 1\nrules:\n  self:\n    run: true\n    in: [x]\n    out: [x]\n", NULL, 0);
	CHECK(g == NULL);
	graph_free(g);
	cleanup();
}

/* load(text) with stderr caught: the graph (NULL on error) and, in *err,
 * everything the loader printed (to free) */
static struct graph *load_err(const char *text, char **err)
{
	struct unit_capture c;
	struct graph *g;

	unit_capture_begin(&c);
	g = load(text, NULL, 0);
	*err = unit_capture_end(&c);
	return g;
}

/* each bad manifest is refused with its own message: the expected text is a
 * substring of "menace: FILE:LINE:COL: message", location included */
static void test_errors(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"version: 1\nrules:\n  a:\n    run: true\n    ouput: [x]\n",
		 "menace.yaml:5:5: unknown key 'ouput' in rule 'a' (did you mean 'out'?)\n"},
		{"version: 2\nrules: {}\n",
		 "menace.yaml:1:1: unsupported version 2 (this menace reads version 1)\n"},
		{"version: 1\nrules:\n  a:\n    run: ${nope}\n",
		 "menace.yaml:4:10: unknown var 'nope'\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    out: [o]\n  b:\n    run: x\n    out: [./o]\n",
		 "menace.yaml:6:3) both write 'o'\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    out: [../o]\n",
		 "menace: rule 'a' writes '../o' outside the workspace\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    needs: [b]\n",
		 "menace.yaml:5:13: unknown rule 'b' in 'needs' of rule 'a'\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    in: ['*.none']\n",
		 "menace.yaml:5:10: '*.none' in rule 'a' matches no file (write '-*.none' if that is fine)\n"},
		{"version: 1\nrules:\n  a: [x]\n",
		 "menace.yaml:3:6: rule 'a' must be a map, not a list\n"},
		{"version: 1\nrules:\n  a:\n\trun: x\n",
		 "menace.yaml:4:1: a tab character (indent YAML with spaces)\n"},
		{"",
		 "menace.yaml:1:1: empty manifest (expected a map with 'version' and 'rules')\n"},
		{"version: 1\nvars: {a: '${b}', b: '${a}'}\nrules:\n  a:\n    run: ${a}\n",
		 "menace.yaml:2:23: var 'a' refers to itself\n"},
		{"version: 1\nrules:\n  a:\n    use: nothing\n",
		 "menace.yaml:4:10: unknown action 'nothing' in rule 'a' (one of: discover, selftest, score, integrate, flag)\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    matrix: {p: []}\n",
		 "menace.yaml:5:17: matrix parameter 'p' of rule 'a' has no values\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    foreach: {form: l.json}\n",
		 "menace.yaml:5:15: unknown key 'form' in 'foreach' of rule 'a' (did you mean 'from'?)\n"},
		{"version: 1\nrules:\n  a:\n    run: x ${item}\n",
		 "menace.yaml:4:12: unknown var 'item'\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    in: ['${in}']\n",
		 "menace.yaml:5:11: '${in}' cannot be used here\n"},
		{"version: 1\nrules:\n  a:\n    run: x ${in[2]}\n    in: [menace.yaml]\n",
		 "menace.yaml:4:12: '${in[2]}': the rule has 1 input\n"},
		{"version: 1\nrules:\n  a:\n    run: x\n    pool: p\n",
		 "menace.yaml:5:11: unknown pool 'p'\n"},
		{"version: 1\nrules:\n  a:\n    run: \"x ${unterminated\"\n",
		 "menace.yaml:4:13: unterminated '${'\n"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err;
		struct graph *g = load_err(bad[i].text, &err);

		if (g || strncmp(err, "menace: ", 8) != 0 || !strstr(err, bad[i].want))
			printf("FAIL test_errors: case %zu: %s; stderr \"%s\", want \"%s\"\n",
			       i, g ? "loaded" : "refused", err, bad[i].want);
		CHECK(g == NULL);
		CHECK(strncmp(err, "menace: ", 8) == 0);
		CHECK(strstr(err, bad[i].want) != NULL);
		free(err);
		cleanup();
	}
}

static void test_export(void)
{
	struct graph *g = load("version: 1\n"
	                       "rules:\n"
	                       "  \"a\\\"q\\\\\":\n"
	                       "    run: echo > ${out}\n"
	                       "    out: [a]\n"
	                       "  b:\n"
	                       "    run: cat ${in} > ${out}\n"
	                       "    in: [a]\n"
	                       "    out: [b]\n"
	                       "  c:\n"
	                       "    run: true\n",
	                       NULL, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	struct edge *t;
	unsigned char stale[3] = {0, 1, 0};

	CHECK(g != NULL);
	if (!g)
		return;
	f = open_memstream(&buf, &len);
	t = graph_find_edge(g, "b");
	CHECK_INT(graph_export(f, g, EXPORT_DOT, &t, 1, stale), 0);
	fclose(f);
	CHECK_STR(buf, "digraph menace {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"Helvetica\"];\n"
	               "\tn0 [label=\"a\\\"q\\\\\"];\n"
	               "\tn1 [label=\"b\", style=filled, fillcolor=\"#ffcccc\", color=\"#cc0000\"];\n"
	               "\tn0 -> n1;\n}\n");
	free(buf);
	f = open_memstream(&buf, &len);
	CHECK_INT(graph_export(f, g, EXPORT_TEXT, NULL, 0, NULL), 0);
	fclose(f);
	CHECK_STR(buf, "a\"q\\\nb <- a\"q\\\nc\n");
	free(buf);
	graph_free(g);
	cleanup();
}

int main(void)
{
	RUN(test_expansion);
	RUN(test_late_vars);
	RUN(test_quoting);
	RUN(test_matrix);
	RUN(test_globs);
	RUN(test_foreach);
	RUN(test_foreach_bad);
	RUN(test_cycles);
	RUN(test_errors);
	RUN(test_export);
	return unit_failed != 0;
}
