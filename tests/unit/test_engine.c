/* unit tests of the engine: key serialization and diff, depfiles, the
 * file hash cache, the state database, and the scheduler on graphs built
 * by hand (no manifest loader involved). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/build.h"
#include "engine/filecache.h"
#include "base/fsio.h"
#include "graph/graph.h"
#include "engine/key.h"
#include "engine/proc.h"
#include "graph/load.h"
#include "engine/stale.h"
#include "engine/state.h"
#include "unit.h"
#include "base/util.h"
#include "engine/workspace.h"

static char tmpdir[] = "/tmp/menace-unit.XXXXXX";

static void put(const char *path, const char *text)
{
	write_file_atomic(path, text, strlen(text));
}

static char *get(const char *path)
{
	char *s = read_file(path, NULL);

	return s ? s : xstrdup("(missing)");
}

static void test_key_serialization(void)
{
	struct buf b = BUF_INIT;
	struct hash h = {0x1111, 0x2222};

	key_begin(&b);
	key_run(&b, "cc -c a.c\n-o a.o");
	key_env(&b, "CC", "gcc");
	key_env(&b, "CFLAGS", NULL);
	key_in(&b, "a.c", h);
	key_need(&b, "gen", "g.h", h);
	key_dep(&b, "/usr/include/x.h", h, 0);
	key_dep(&b, "gone.h", h, 1);
	CHECK_STR(b.s, "menace-key 1\n"
	               "run 16:cc -c a.c\n-o a.o\n"
	               "env 2:CC 3:gcc\n"
	               "env 6:CFLAGS -\n"
	               "in 3:a.c 00000000000022220000000000001111\n"
	               "need 3:gen 3:g.h 00000000000022220000000000001111\n"
	               "dep 16:/usr/include/x.h 00000000000022220000000000001111\n"
	               "dep 6:gone.h -\n");
	CHECK(hash_eq(key_hash(b.s, b.len), hash_bytes(b.s, b.len)));
	buf_free(&b);
}

static void test_key_diff(void)
{
	struct buf a = BUF_INIT, b = BUF_INIT, why = BUF_INIT;
	struct hash h1 = {1, 0}, h2 = {2, 0};

	key_begin(&a);
	key_run(&a, "cp a b");
	key_env(&a, "X", "1");
	key_in(&a, "a", h1);
	key_in(&a, "old", h1);
	key_begin(&b);
	key_run(&b, "cp a  b");
	key_env(&b, "X", "2");
	key_in(&b, "a", h2);
	key_in(&b, "new", h1);
	CHECK_INT(key_diff(a.s, a.len, b.s, b.len, &why, 0), 5);
	CHECK_STR(why.s, "command changed\n"
	                 "env 'X' changed\n"
	                 "input 'a' changed (00000000000000000000000000000001 -> 00000000000000000000000000000002)\n"
	                 "input 'new' was added\n"
	                 "input 'old' was removed\n");
	buf_reset(&why);
	CHECK_INT(key_diff(a.s, a.len, b.s, b.len, &why, 1), 1);
	CHECK_STR(why.s, "command changed\n");
	buf_reset(&why);
	CHECK_INT(key_diff(a.s, a.len, a.s, a.len, &why, 0), 0);
	buf_free(&a);
	buf_free(&b);
	buf_free(&why);
}

static void test_depfile(void)
{
	const char *text = "out.o: a.c b\\ c.h \\\n  ./x/../d.h a.c\nother: e.h\n";
	char **deps;
	int n = depfile_parse(text, strlen(text), &deps), i;

	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(deps[0], "a.c");
		CHECK_STR(deps[1], "b c.h");
		CHECK_STR(deps[2], "d.h");
		CHECK_STR(deps[3], "e.h");
	}
	for (i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
}

/* what depfile_put_path writes, depfile_parse reads back as it was */
static void test_depfile_put_path(void)
{
	static const char *const paths[] = {"a b/c#d.py", "x\\y", "cost$5.py", "plain.py"};
	struct buf b = BUF_INIT;
	char **deps;
	int n, i;

	buf_puts(&b, "out:");
	for (i = 0; i < 4; i++) {
		buf_putc(&b, ' ');
		depfile_put_path(&b, paths[i]);
	}
	buf_putc(&b, '\n');
	n = depfile_parse(b.s, b.len, &deps);
	CHECK_INT(n, 4);
	if (n == 4) {
		/* sorted */
		CHECK_STR(deps[0], "a b/c#d.py");
		CHECK_STR(deps[1], "cost$5.py");
		CHECK_STR(deps[2], "plain.py");
		CHECK_STR(deps[3], "x\\y");
	}
	for (i = 0; i < n; i++)
		free(deps[i]);
	free(deps);
	buf_free(&b);
}

static void test_filecache(void)
{
	struct filecache *fc = filecache_new(0);
	struct fentry *e;
	struct hash h1;
	size_t nstat, nhash;

	put("fc.txt", "hello");
	e = filecache_put(fc, "fc.txt", 6, 0);
	CHECK_INT(filecache_check(fc, e, 0), 0);
	h1 = e->hash;
	CHECK(hash_eq(h1, hash_bytes("hello", 5)));
	CHECK(e->dirty);
	/* an old record with the same tuple is trusted without hashing */
	e->recorded_ns = e->mtime_ns + 10 * FILECACHE_RACY_NS;
	e->hash.lo ^= 1;
	filecache_invalidate(e);
	CHECK_INT(filecache_check(fc, e, 0), 0);
	filecache_stats(fc, &nstat, &nhash);
	CHECK_INT(nstat, 2);
	CHECK_INT(nhash, 1);
	CHECK(!hash_eq(e->hash, h1));
	/* a racy record (mtime not older than the record) is hashed again */
	e->recorded_ns = e->mtime_ns;
	filecache_invalidate(e);
	CHECK_INT(filecache_check(fc, e, 0), 0);
	CHECK(hash_eq(e->hash, h1));
	/* the write-back list: each dirty entry once, until it is taken */
	CHECK(filecache_next_dirty(fc) == e);
	CHECK(filecache_next_dirty(fc) == NULL);
	e->dirty = 0;
	unlink("fc.txt");
	filecache_invalidate(e);
	CHECK_INT(filecache_check(fc, e, 0), 1);
	CHECK(!e->known);
	CHECK(e->dirty);
	CHECK(filecache_next_dirty(fc) == e);
	CHECK(filecache_next_dirty(fc) == NULL);
	filecache_free(fc);
}

static void test_tree_hash(void)
{
	struct hash a, b;

	mkdir("tree", 0777);
	mkdir("tree/sub", 0777);
	put("tree/x", "1");
	put("tree/sub/y", "2");
	CHECK_INT(hash_tree("tree", &a), 0);
	put("tree/sub/y", "3");
	CHECK_INT(hash_tree("tree", &b), 0);
	CHECK(!hash_eq(a, b));
	put("tree/sub/y", "2");
	CHECK_INT(hash_tree("tree", &b), 0);
	CHECK(hash_eq(a, b));
	chmod("tree/x", 0755);
	CHECK_INT(hash_tree("tree", &b), 0);
	CHECK(!hash_eq(a, b));
}

static int nlast;
static void count_last(void *ctx, const struct state_last *l)
{
	(void)ctx;
	if (strcmp(l->rule, "r") == 0 && strcmp(l->outputs, "X out\n") == 0)
		nlast++;
}

static void test_state(void)
{
	struct state *st = state_open("st.db", 0);
	struct hash k = {7, 9};
	struct filecache *fc;
	struct unit_capture c;
	char *text, *err;
	size_t len = 0;
	FILE *f;

	CHECK(st != NULL);
	if (!st)
		return;
	CHECK_INT(state_begin(st), 0);
	CHECK_INT(state_put_result(st, "r", k, "ser", 3, "X out\n", ""), 0);
	CHECK_INT(state_commit(st), 0);
	state_close(st);
	st = state_open("st.db", 1);
	CHECK(st != NULL);
	nlast = 0;
	CHECK_INT(state_load_last(st, count_last, NULL), 0);
	CHECK_INT(nlast, 1);
	text = state_keytext(st, "r", &len);
	CHECK_STR(text, "ser");
	free(text);
	fc = filecache_new(0);
	CHECK_INT(state_load_files(st, fc, NULL), 0);
	filecache_free(fc);
	state_close(st);
	/* a newer schema is refused */
	CHECK_INT(system("sqlite3 st.db 'PRAGMA user_version = 99'"), 0);
	unit_capture_begin(&c);
	st = state_open("st.db", 0);
	err = unit_capture_end(&c);
	CHECK(st == NULL);
	CHECK_STR(err, "menace: state 'st.db' has schema version 99; this menace reads version 1 or older "
	               "(remove it to start afresh)\n");
	free(err);
	/* so is a file that is not a database */
	f = fopen("junk.db", "w");
	fputs("this is not sqlite, not at all, no no no no no no no no no no no no\n", f);
	fclose(f);
	unit_capture_begin(&c);
	st = state_open("junk.db", 0);
	err = unit_capture_end(&c);
	CHECK(st == NULL);
	CHECK_STR(err, "menace: cannot use state 'junk.db': file is not a database\n");
	free(err);
	/* a read-only state of a missing file is empty, and creates nothing */
	st = state_open("none.db", 1);
	CHECK(st != NULL);
	state_close(st);
	CHECK(access("none.db", F_OK) < 0);
}

/* a chain src -> a -> b -> c, each a copy that logs its name */
static struct graph *chain(void)
{
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	const char *names[] = {"a", "b", "c"}, *ins[] = {"src", "a.out", "b.out"},
	           *outs[] = {"a.out", "b.out", "c.out"};
	int i;

	for (i = 0; i < 3; i++) {
		struct rule *r = graph_add_rule(g, names[i], loc);
		struct edge *e = graph_add_edge(g, r, names[i]);

		e->command = xasprintf("echo %s >> log; sed s/X/Y/ %s > %s", names[i], ins[i], outs[i]);
		e->description = xstrdup(names[i]);
		edge_add_in(e, graph_node(g, ins[i], strlen(ins[i])));
		edge_add_out(e, graph_node(g, outs[i], strlen(outs[i])));
	}
	return g;
}

static int build_chain(const char *target)
{
	struct workspace ws;
	struct build_opts o;
	struct graph *g = chain();
	struct edge *e = graph_find_edge(g, target);
	int rc;

	memset(&ws, 0, sizeof(ws));
	memset(&o, 0, sizeof(o));
	o.jobs = 2;
	o.keep_going = 1;
	o.quiet = 1;
	o.no_cache = 1;    /* these checks are about running */
	if (workspace_attach(&ws, g, state_open("chain.db", 0)) != 0)
		return -1;
	rc = build_run(&ws, &e, 1, &o);
	workspace_close(&ws);
	return rc;
}

/* a dry run over the chain: which instances would run */
static int dry_chain(unsigned char mask[3])
{
	struct workspace ws;
	struct build_opts o;
	struct graph *g = chain();
	struct edge *e = graph_find_edge(g, "c");
	int rc;

	memset(&ws, 0, sizeof(ws));
	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	o.dry_run = 1;
	o.quiet = 1;
	o.stale = mask;
	o.nstale = 3;
	if (workspace_attach(&ws, g, state_open("chain.db", 1)) != 0)
		return -1;
	rc = build_run(&ws, &e, 1, &o);
	workspace_close(&ws);
	return rc;
}

static void test_build_chain(void)
{
	char *s;

	unlink("log");
	put("src", "X1\n");
	CHECK_INT(build_chain("c"), 0);
	s = get("log");
	CHECK_STR(s, "a\nb\nc\n");
	free(s);
	s = get("c.out");
	CHECK_STR(s, "Y1\n");
	free(s);
	/* nothing changed: nothing runs */
	unlink("log");
	CHECK_INT(build_chain("c"), 0);
	CHECK(access("log", F_OK) < 0);
	/* X -> Y: a re-runs and writes the same bytes; b and c stay (early cutoff) */
	put("src", "Y1\n");
	CHECK_INT(build_chain("c"), 0);
	s = get("log");
	CHECK_STR(s, "a\n");
	free(s);
	/* a real change runs the whole chain */
	unlink("log");
	put("src", "X2\n");
	CHECK_INT(build_chain("c"), 0);
	s = get("log");
	CHECK_STR(s, "a\nb\nc\n");
	free(s);
	/* a dry run marks the changed rule and everything after it */
	{
		unsigned char mask[3] = {0, 0, 0};

		put("src", "X3\n");
		unlink("log");
		CHECK_INT(dry_chain(mask), 0);
		CHECK(mask[0] && mask[1] && mask[2]);
		CHECK(access("log", F_OK) < 0);
		put("src", "X2\n");
		memset(mask, 0, sizeof(mask));
		CHECK_INT(dry_chain(mask), 0);
		CHECK(!mask[0] && !mask[1] && !mask[2]);
	}
	/* a consumer's output edited by hand re-runs only that rule */
	unlink("log");
	put("b.out", "tampered\n");
	CHECK_INT(build_chain("c"), 0);
	s = get("log");
	CHECK_STR(s, "b\n");
	free(s);
}

static void test_action_argv(void)
{
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	struct edge *e = graph_add_edge(g, graph_add_rule(g, "d", loc), "d");
	char **argv;
	int i;

	e->action = xstrdup("discover");
	e->with = xstrdup("{\"max_depth\":3,\"paths\":[\"a b\",\"c\"],\"ratio\":0.25,\"repo\":\"x\"}");
	argv = build_action_argv(e, "/bin/menace");
	CHECK_STR(argv[0], "/bin/menace");
	CHECK_STR(argv[1], "discover");
	CHECK_STR(argv[2], "--max-depth=3");
	CHECK_STR(argv[3], "--paths=a b");
	CHECK_STR(argv[4], "--paths=c");
	CHECK_STR(argv[5], "--ratio=0.25");
	CHECK_STR(argv[6], "--repo=x");
	CHECK(argv[7] == NULL);
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
	graph_free(g);
}

/* one command through jobs_start: a program that cannot be executed is
 * reported (NULL, nothing left running); a command sees /dev/null as its
 * stdin, its stdout and stderr in one pipe, and no other descriptor of
 * menace's (the output pipe's other end, /dev/null, the self-pipe) */
static void test_proc_start(void)
{
	char *bad[] = {"/nonexistent/menace-unit-cmd", NULL};
	char *sh[] = {"/bin/sh", "-c", "cat; echo out; echo err >&2; ls /proc/self/fd | tr '\\n' ' '; exit 3",
	              NULL};
	struct jobs *j = jobs_new();
	struct proc *p, *done = NULL;
	int i;

	/* descriptors this test inherited (a jobserver's, a shell's) stay here */
	for (i = 3; i < 1024; i++)
		fcntl(i, F_SETFD, FD_CLOEXEC);
	CHECK(jobs_start(j, bad, 0, NULL) == NULL);
	CHECK_INT(jobs_running(j), 0);
	for (i = 0; i < 2; i++) {
		CHECK((p = jobs_start(j, sh, 0, NULL)) != NULL);
		CHECK_INT(jobs_wait(j, &done), 1);
		CHECK(done == p);
		CHECK(WIFEXITED(p->status) && WEXITSTATUS(p->status) == 3);
		buf_putc(&p->out, '\0');
		/* ls's own directory descriptor is the 3 */
		CHECK_STR(p->out.s, "out\nerr\n0 1 2 3 ");
		proc_free(p);
	}
	CHECK_INT(jobs_wait(j, &done), 0);
	jobs_free(j);
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0) {
		perror("tmpdir");
		return 1;
	}
	RUN(test_key_serialization);
	RUN(test_key_diff);
	RUN(test_depfile);
	RUN(test_depfile_put_path);
	RUN(test_filecache);
	RUN(test_tree_hash);
	RUN(test_state);
	RUN(test_build_chain);
	RUN(test_action_argv);
	RUN(test_proc_start);
	if (!unit_failed && unit_remove_dir(tmpdir) < 0)
		unit_failed++;
	return unit_failed != 0;
}
