/* unit tests of the graph snapshot: long runs of paths (node paths,
 * directory paths) read back exactly; every field of a loaded manifest
 * survives the flat image, and the graph read in place still grows and
 * frees like one read from YAML; a truncated, damaged or foreign snapshot,
 * or stat-cache copy, is ignored, never misread. Run in a scratch
 * workspace. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/fsio.h"
#include "engine/filecache.h"
#include "engine/statcopy.h"
#include "graph/graph.h"
#include "engine/snapshot.h"
#include "graph/load.h"
#include "unit.h"
#include "base/util.h"

static char tmpdir[] = "/tmp/menace-unit-snapshot.XXXXXX";

/* date d back to 2020, so the snapshot trusts it */
static void age(const char *d)
{
	struct timespec ts[2] = {{1577836800, 0}, {1577836800, 0}};

	utimensat(AT_FDCWD, d, ts, 0);
}

/* a graph of the manifest m and one rule reading a first path of j
 * characters, then n paths of 12 */
static struct graph *paths_graph(const char *m, size_t j, size_t n)
{
	struct graph *g = graph_new();
	struct loc loc = {NULL, 0, 0};
	struct edge *e = graph_add_edge(g, graph_add_rule(g, "r", loc), "r");
	char *first = xmalloc(j + 1);
	size_t i;

	g->files = xcalloc(1, sizeof(g->files[0]));
	g->files[g->nfiles++] = xstrdup(m);
	memset(first, 'a', j);
	first[j] = '\0';
	edge_add_in(e, graph_node(g, first, j));
	free(first);
	for (i = 0; i < n; i++) {
		char p[32];

		snprintf(p, sizeof(p), "i/p%05zu.txt", i);
		edge_add_in(e, graph_node(g, p, strlen(p)));
	}
	e->command = xstrdup("true");
	return g;
}

/* save g, read from manifest m, and load it back: the snapshot is used
 * and has g's node paths */
static void round_trip(struct graph *g, const char *m)
{
	static const char yaml[] = "version: 1\nrules:\n  r: {run: 'true'}\n";
	struct graph *back;
	int used = 0;
	size_t i, bad = 0;

	CHECK_INT(write_file_atomic(m, yaml, sizeof(yaml) - 1), 0);
	age(".");
	CHECK_INT(snapshot_save(g, m, NULL, 0, "data", NULL), 0);
	back = snapshot_load(m, &(struct load_opts){NULL, 0, NULL, NULL, NULL}, "data", NULL, 0, &used);
	CHECK_INT(used, 1);
	if (back && used) {
		CHECK_INT(back->nnodes, g->nnodes);
		for (i = 0; i < g->nnodes && i < back->nnodes; i++)
			bad += strcmp(back->nodes[i]->path, g->nodes[i]->path) != 0;
		CHECK_INT(bad, 0);
	}
	graph_free(back);
	unlink(m);
}

/* 12,000 node paths, the first one of every length up to 17: for some
 * length one path ends exactly at a window's end (with 12-character paths
 * every offset comes round within 17) */
static void test_node_paths_across_windows(void)
{
	size_t j;

	for (j = 1; j <= 17 && !unit_case_failed; j++) {
		struct graph *g = paths_graph("menace.yaml", j, 12000);

		round_trip(g, "menace.yaml");
		graph_free(g);
	}
}

/* 3,000 directories of the workspace recorded, after a manifest name of
 * every fourth length up to 48: for some length a directory's path ends
 * less than 16 bytes before a window's end, so reading its mtime and
 * inode refills the window under it */
static void test_dir_paths_across_windows(void)
{
	char m[64];
	size_t i;

	CHECK_INT(mkdir("dirs", 0777), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(m, sizeof(m), "dirs/directory-number-%05zu", i);
		CHECK_INT(mkdir(m, 0777), 0);
		age(m);
	}
	age("dirs");
	for (i = 0; i < 48 && !unit_case_failed; i += 4) {
		struct graph *g;

		snprintf(m, sizeof(m), "m%.*s.yaml", (int)i, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		g = paths_graph(m, 1, 1);
		round_trip(g, m);
		graph_free(g);
	}
}


/* every field of g as text, edges and rules by name, in id order */
static char *describe(const struct graph *g)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < g->npools; i++)
		buf_printf(&b, "pool %s %d\n", g->pools[i]->name, g->pools[i]->depth);
	for (i = 0; i < g->nnodes; i++) {
		struct node *n = g->nodes[i];

		buf_printf(&b, "node %zu %s %zu dir=%d gen=%s use=", n->id, n->path, n->pathlen, n->is_dir,
		           n->gen ? n->gen->name : "-");
		for (j = 0; j < n->nuse; j++)
			buf_printf(&b, "%s,", n->use[j]->name);
		buf_putc(&b, '\n');
	}
	for (i = 0; i < g->nrules; i++) {
		struct rule *r = g->rules[i];

		buf_printf(&b, "rule %s %s:%d:%d from=%s key=%s skip=%s src=%s inst=", r->name,
		           r->loc.file ? r->loc.file : "-", r->loc.line, r->loc.col,
		           r->foreach_from ? r->foreach_from : "-", r->foreach_key ? r->foreach_key : "-",
		           r->foreach_skip ? r->foreach_skip : "-", r->src ? (char *)r->src : "-");
		for (j = 0; j < r->ninst; j++)
			buf_printf(&b, "%s,", r->inst[j]->name);
		buf_putc(&b, '\n');
	}
	for (i = 0; i < g->nedges; i++) {
		struct edge *e = g->edges[i];

		buf_printf(&b, "edge %zu %s rule=%s cmd=%s action=%s with=%s depfile=%s desc=%s pool=%s "
		           "timeout=%g flags=%u exec=%d cpus=%d mem=%lld time=%g\n in=", e->id, e->name,
		           e->rule ? e->rule->name : "-", e->command ? e->command : "-",
		           e->action ? e->action : "-", e->with ? e->with : "-",
		           e->depfile ? e->depfile : "-", edge_desc(e), e->pool ? e->pool->name : "-",
		           e->timeout, e->flags, e->executor, e->res.cpus, e->res.mem, e->res.time);
		for (j = 0; j < e->nin; j++)
			buf_printf(&b, "%s,", e->in[j]->path);
		buf_puts(&b, " out=");
		for (j = 0; j < e->nout; j++)
			buf_printf(&b, "%s,", e->out[j]->path);
		buf_puts(&b, " needs=");
		for (j = 0; j < e->nneeds; j++)
			buf_printf(&b, "%s,", e->needs[j]->name);
		buf_puts(&b, " env=");
		for (j = 0; j < e->nenv; j++)
			buf_printf(&b, "%s,", e->env[j]);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "defaults=");
	for (i = 0; i < g->ndefaults; i++)
		buf_printf(&b, "%s,", g->defaults[i]->name);
	buf_printf(&b, "\nfiles=%zu remote=%s executor=%d\n", g->nfiles,
	           g->remote_cache ? g->remote_cache : "-", g->executor);
	return b.s ? b.s : xstrdup("");
}

static const char fields_yaml[] =
	"version: 1\n"
	"default: [all]\n"
	"pools: {link: 2}\n"
	"executor: local\n"
	"remote_cache: http://127.0.0.1:9/cache\n"
	"rules:\n"
	"  gen: {run: 'echo x > gen/h.txt', out: [gen/h.txt], description: generating, env: [MODE, CC],\n"
	"        depfile: gen.d, pool: link, timeout: 5, always: true, cache: false,\n"
	"        resources: {cpus: 2, mem: 100M, time: 90s}, executor: local}\n"
	"  cc: {run: 'cat ${in} > ${out}', in: [src/a.c, gen/h.txt], out: [obj/a.o]}\n"
	"  m: {matrix: {p: [1, 2]}, run: 'echo ${p} > m${p}.txt', out: ['m${p}.txt'], env: [CC]}\n"
	"  each: {foreach: list.json, run: 'echo ${item} > e/${item}.txt', out: ['e/${item}.txt']}\n"
	"  late: {run: 'cat e/*.txt > late.txt', in: ['e/*.txt'], out: [late.txt]}\n"
	"  all: {run: 'true', in: [obj/a.o, m1.txt, late.txt], needs: [each, m]}\n";

static const struct load_opts no_opts = {NULL, 0, NULL, NULL, NULL};

/* the fields manifest in the workspace, aged so the snapshot trusts it */
static void write_fields(void)
{
	mkdir("src", 0777);
	CHECK_INT(write_file_atomic("src/a.c", "a\n", 2), 0);
	CHECK_INT(write_file_atomic("list.json", "[\"x\", \"y\"]\n", 11), 0);
	CHECK_INT(write_file_atomic("fields.yaml", fields_yaml, sizeof(fields_yaml) - 1), 0);
	age("src");
	age(".");
}

/* every field of every node, rule and edge reads back the same */
static void test_fields_round_trip(void)
{
	struct graph *g, *back;
	char *want, *got;
	int used = 0;

	write_fields();
	g = graph_load("fields.yaml", &no_opts);
	CHECK(g != NULL);
	CHECK(g->nrules == 6 && g->nedges >= 6);
	want = describe(g);
	CHECK_INT(snapshot_save(g, "fields.yaml", NULL, 0, "data", NULL), 0);
	graph_free(g);
	back = snapshot_load("fields.yaml", &no_opts, "data", NULL, 0, &used);
	CHECK_INT(used, 1);
	CHECK(back && back->flat);
	got = describe(back);
	CHECK_STR(got, want);
	free(got);
	free(want);
	graph_free(back);
}

/* names are found through the image's indexes and the tables of what is
 * added later; a flat edge or node grows by copying its lists out */
static void test_flat_graph_grows(void)
{
	struct graph *g;
	struct node *n, *a;
	struct edge *e, *cc;
	struct loc loc = {NULL, 0, 0};
	int used = 0;
	size_t nn;

	write_fields();
	g = graph_load("fields.yaml", &no_opts);
	CHECK(g != NULL);
	CHECK_INT(snapshot_save(g, "fields.yaml", NULL, 0, "data", NULL), 0);
	graph_free(g);
	g = snapshot_load("fields.yaml", &no_opts, "data", NULL, 0, &used);
	CHECK_INT(used, 1);
	CHECK(g && g->flat);
	a = graph_find_node(g, "src/a.c", 7);
	cc = graph_find_edge(g, "cc");
	CHECK(a && cc && cc->flat && a->nuse == 1 && a->use[0] == cc);
	CHECK(graph_find_rule(g, "m") && graph_find_rule(g, "m")->ninst == 2);
	CHECK(graph_find_edge(g, "m[p=1]") != NULL);
	CHECK(graph_find_node(g, "src/a.", 6) == NULL);
	CHECK(graph_find_edge(g, "c") == NULL);
	/* a name taken in the image stays taken */
	CHECK(graph_add_edge(g, NULL, "cc") == NULL);
	CHECK(graph_add_rule(g, "gen", loc) == NULL);
	nn = g->nnodes;
	n = graph_node(g, "new/path.c", 10);
	CHECK_INT(n->id, nn);
	CHECK(graph_node(g, "new/path.c", 10) == n && graph_find_node(g, "new/path.c", 10) == n);
	CHECK(graph_node(g, "src/a.c", 7) == a);
	/* a new edge of a flat rule, reading a flat node */
	e = graph_add_edge(g, graph_find_rule(g, "cc"), "cc2");
	CHECK(e && graph_find_edge(g, "cc2") == e && graph_find_rule(g, "cc")->ninst == 2);
	edge_add_in(e, a);
	edge_add_out(e, n);
	CHECK(a->nuse == 2 && a->use[0] == cc && a->use[1] == e && n->gen == e);
	/* a flat edge given one more input */
	edge_add_in(cc, n);
	CHECK(!cc->flat && cc->nin == 3 && cc->in[2] == n && strcmp(cc->name, "cc") == 0);
	CHECK(graph_find_edge(g, "cc") == cc);
	graph_free(g);
}

/* the saved snapshot of the fields manifest, its bytes in *len */
static char *saved_snapshot(size_t *len)
{
	struct graph *g;
	char *bytes;

	write_fields();
	g = graph_load("fields.yaml", &no_opts);
	CHECK(g != NULL);
	CHECK_INT(snapshot_save(g, "fields.yaml", NULL, 0, "data", NULL), 0);
	graph_free(g);
	bytes = read_regular_file("data/graph.snapshot", (size_t)1 << 30, len);
	CHECK(bytes != NULL && *len > 200);
	return bytes;
}

/* the snapshot written as bytes (n of them) is not used, and the graph
 * read from the manifest instead is the manifest's */
static void check_ignored(const char *bytes, size_t n, const char *want)
{
	struct graph *g;
	int used = 1;
	char *got;

	CHECK_INT(write_file_atomic("data/graph.snapshot", bytes, n), 0);
	age(".");
	g = snapshot_load("fields.yaml", &no_opts, "data", NULL, 0, &used);
	CHECK_INT(used, 0);
	CHECK(g != NULL);
	got = describe(g);
	CHECK_STR(got, want);
	free(got);
	graph_free(g);
}

static void test_truncated_snapshot(void)
{
	size_t len, cuts[] = {0, 1, 16, 40, 64, 95, 96, 97, 200, 0, 0, 0}, i;
	char *bytes = saved_snapshot(&len), *want;
	struct graph *g = graph_load("fields.yaml", &no_opts);

	CHECK(g != NULL);
	want = describe(g);
	graph_free(g);
	cuts[9] = len / 2;
	cuts[10] = len - 8;
	cuts[11] = len - 1;
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]) && !unit_case_failed; i++)
		check_ignored(bytes, cuts[i], want);
	free(want);
	free(bytes);
}

/* one byte changed anywhere (header, checks, strings, tables, indexes) */
static void test_flipped_byte_snapshot(void)
{
	size_t len, i;
	char *bytes = saved_snapshot(&len), *want;
	struct graph *g = graph_load("fields.yaml", &no_opts);

	CHECK(g != NULL);
	want = describe(g);
	graph_free(g);
	for (i = 0; i < len; i += i < 128 ? 1 : 37) {
		bytes[i] ^= 0x20;
		check_ignored(bytes, len, want);
		bytes[i] ^= 0x20;
	}
	bytes[len - 1] ^= 1;
	check_ignored(bytes, len, want);
	free(want);
	free(bytes);
}

/* another format version, or another byte order, or another file */
static void test_foreign_snapshot(void)
{
	size_t len, i;
	char *bytes = saved_snapshot(&len), *want, *other;
	struct graph *g = graph_load("fields.yaml", &no_opts);
	uint32_t v;

	CHECK(g != NULL);
	want = describe(g);
	graph_free(g);
	memcpy(&v, bytes + 16, 4);
	v++;
	memcpy(bytes + 16, &v, 4);
	check_ignored(bytes, len, want);
	v -= 2;
	memcpy(bytes + 16, &v, 4);
	check_ignored(bytes, len, want);
	v++;
	memcpy(bytes + 16, &v, 4);
	v = 0x04030201;
	memcpy(bytes + 20, &v, 4);
	check_ignored(bytes, len, want);
	other = xmalloc(len);
	for (i = 0; i < len; i++)
		other[i] = (char)(i * 7 + 3);
	check_ignored(other, len, want);
	free(other);
	free(want);
	free(bytes);
}

/* a stat cache of g's nodes (every third one known) and two other paths */
static struct filecache *some_entries(struct graph *g)
{
	struct filecache *fc = filecache_new(0);
	size_t i;

	for (i = 0; i < g->nnodes; i++) {
		struct fentry *e = filecache_add(fc, g->nodes[i]->path);

		g->nodes[i]->priv = e;
		if (i % 3)
			continue;
		e->known = 1;
		e->mtime_ns = 1000 + (long long)i;
		e->ctime_ns = 2000 + (long long)i;
		e->size = (long long)i;
		e->inode = 77 + (long long)i;
		e->recorded_ns = 5;
		e->hash = hash_bytes(g->nodes[i]->path, g->nodes[i]->pathlen);
	}
	for (i = 0; i < 2; i++) {
		struct fentry *e = filecache_put(fc, i ? "other/two" : "other/one", 9, 0);

		e->known = 1;
		e->size = 9 + (long long)i;
		e->hash = hash_bytes(e->path, 9);
	}
	return fc;
}

/* the known entries of fc, node entries by g's node ids */
static char *entries(struct filecache *fc)
{
	struct buf b = BUF_INIT;
	struct fentry *e;
	size_t i = 0;

	while ((e = filecache_next(fc, &i))) {
		char hex[HASH_HEX];

		if (!e->known)
			continue;
		hash_hex(e->hash, hex);
		buf_printf(&b, "%s %lld %lld %lld %lld %lld %s\n", e->path, e->mtime_ns, e->ctime_ns, e->size,
		           e->inode, e->recorded_ns, hex);
	}
	return b.s ? b.s : xstrdup("");
}

static void clear_priv(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nnodes; i++)
		g->nodes[i]->priv = NULL;
}

/* the copy of the stat cache: read back whole for its database; ignored
 * when truncated, damaged, or made for another database */
static void test_stat_copy(void)
{
	struct graph *g;
	struct filecache *fc, *back;
	char *want, *got, *bytes;
	size_t len, i;

	write_fields();
	g = graph_load("fields.yaml", &no_opts);
	CHECK(g != NULL);
	fc = some_entries(g);
	want = entries(fc);
	CHECK_INT(statcopy_save("data/copy", 1234, fc, g), 0);
	filecache_free(fc);
	clear_priv(g);
	back = filecache_new(0);
	CHECK_INT(statcopy_load("data/copy", 1234, back, g), 1);
	got = entries(back);
	CHECK_STR(got, want);
	CHECK(g->nodes[0]->priv != NULL && ((struct fentry *)g->nodes[0]->priv)->known);
	free(got);
	filecache_free(back);
	clear_priv(g);
	back = filecache_new(0);
	CHECK_INT(statcopy_load("data/copy", 1235, back, g), 0);
	CHECK_INT(statcopy_load("data/none", 1234, back, g), 0);
	bytes = read_regular_file("data/copy", (size_t)1 << 30, &len);
	CHECK(bytes != NULL);
	for (i = 0; i < len; i += i < 160 ? 1 : 13) {
		bytes[i] ^= 0x10;
		CHECK_INT(write_file_atomic("data/copy", bytes, len), 0);
		CHECK_INT(statcopy_load("data/copy", 1234, back, g), 0);
		bytes[i] ^= 0x10;
		CHECK_INT(write_file_atomic("data/copy", bytes, i), 0);
		CHECK_INT(statcopy_load("data/copy", 1234, back, g), 0);
	}
	got = entries(back);
	CHECK_STR(got, "");
	free(got);
	free(bytes);
	free(want);
	filecache_free(back);
	graph_free(g);
}

int main(void)
{
	if (!mkdtemp(tmpdir) || chdir(tmpdir) < 0 || mkdir("data", 0777) < 0) {
		perror("tmpdir");
		return 1;
	}
	age("data");
	RUN(test_node_paths_across_windows);
	RUN(test_dir_paths_across_windows);
	RUN(test_fields_round_trip);
	RUN(test_flat_graph_grows);
	RUN(test_truncated_snapshot);
	RUN(test_flipped_byte_snapshot);
	RUN(test_foreign_snapshot);
	RUN(test_stat_copy);
	if (!unit_failed && unit_remove_dir(tmpdir) < 0)
		unit_failed++;
	return unit_failed != 0;
}
