/* graph.h: the build graph. A node is a file with an interned canonical path;
 * an edge is a rule instance with in[]/out[] (ninja's split). graph/ knows
 * nothing of processes or SQLite: the engine keeps its per-node and per-edge
 * state in arrays indexed by id, or behind priv. */
#ifndef MENACE_GRAPH_H
#define MENACE_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* where a value was written: file, 1-based line and column */
struct loc {
	const char *file;   /* owned by the graph */
	int line, col;
};

struct node {
	char *path;         /* canonical, workspace-relative (path.h) */
	size_t pathlen;
	size_t id;          /* index in graph.nodes */
	struct edge *gen;   /* the instance that writes this file, or NULL */
	struct edge **use;  /* the instances that read it */
	size_t nuse, capuse;
	int is_dir;         /* an output written with a trailing '/': its whole tree */
	void *priv;         /* the engine's */
};

enum edge_flag {
	EDGE_ALWAYS = 1 << 0,    /* always: true */
	EDGE_NOCACHE = 1 << 1,   /* cache: false */
	EDGE_TEMPLATE = 1 << 2,  /* a foreach rule not yet expanded: no outputs known */
	EDGE_GROUP = 1 << 3,     /* an expanded foreach rule: runs nothing, done when its needs are */
};

/* where an instance's command runs (executor:, docs/slurm.md); EXEC_DEFAULT:
 * the command line's --executor, else the manifest's executor:, else local */
enum edge_exec { EXEC_DEFAULT, EXEC_LOCAL, EXEC_SLURM, EXEC_AUTO };

/* resources: the hints a cluster job asks for (0: not given) */
struct edge_res {
	int cpus;           /* --cpus-per-task */
	long long mem;      /* bytes: --mem */
	double time;        /* seconds: --time (rounded up to minutes) */
};

struct pool {
	char *name;
	int depth;
	int running;        /* the engine's count */
};

struct edge {
	char *name;         /* "compile", "t[p=1,q=a]", "test[pkg/a.py]"; the
	                     * rule's own string when it is the rule's name */
	size_t id;          /* index in graph.edges */
	struct rule *rule;  /* the rule it was expanded from */
	char *command;      /* expanded run:, or NULL for use: */
	char *action;       /* use: action name, or NULL */
	char *with;         /* use: parameters as canonical JSON (sorted keys), or NULL */
	struct node **in;
	size_t nin;
	struct node **out;
	size_t nout;
	struct edge **needs;   /* instances of needed rules */
	size_t nneeds;
	char **env;         /* tracked environment names, sorted, unique */
	size_t nenv;
	char *depfile;      /* expanded path, or NULL */
	struct pool *pool;  /* or NULL */
	double timeout;     /* seconds; 0: none */
	char *description;  /* for the progress line, or NULL: its name (edge_desc) */
	unsigned flags;     /* enum edge_flag */
	unsigned char executor;   /* enum edge_exec: its rule's executor: */
	unsigned char flat;       /* its strings and arrays are its graph's flat image's
	                           * (struct graph_flat): not freed; the first
	                           * edge_add_in/out copies them out */
	struct edge_res res;      /* its rule's resources: */
	void *priv;         /* the engine's */
};

/* what the progress line shows for e: its description, else its name */
static inline const char *edge_desc(const struct edge *e)
{
	return e->description ? e->description : e->name;
}

/* a rule as written, before matrix and foreach expansion */
struct rule {
	char *name;
	struct loc loc;
	struct edge **inst;    /* its instances (one for a plain rule) */
	size_t ninst;
	char *foreach_from;    /* canonical path of the foreach list file, or NULL */
	char *foreach_key;     /* key: field, or NULL */
	char *foreach_skip;    /* canonical path of the skip file, or NULL */
	void *src;             /* the loader's template, for foreach expansion: a malloc'd
	                        * JSON string (load.h), freed by graph_free */
	int flat;              /* name and inst are the flat image's (as edge.flat) */
};

/* an index of names in a flat image: cap (a power of two, or 0) slots of
 * two u32, an object's id + 1 (0: empty) and the low 32 bits of the name's
 * htab_hash, probed linearly */
struct graph_index {
	const uint32_t *slot;
	size_t cap;
};

/* a graph read in bulk (engine/snapshot.c): its first nnodes nodes, nedges
 * edges and nrules rules are arrays of one allocation each, their lists
 * are slices of three pointer blocks, and the strings of those marked flat
 * point into a read-only image that release (ctx) frees in graph_free.
 * Their names are found through the image's indexes; what is added later
 * goes into the graph's hash tables as usual. */
struct graph_flat {
	struct node *nodes;
	size_t nnodes;
	struct edge *edges;
	size_t nedges;
	struct rule *rules;
	size_t nrules;
	struct node **nodeptrs;    /* every flat edge's in and out */
	struct edge **edgeptrs;    /* every flat needs, node use and rule inst */
	char **strptrs;            /* every flat env */
	struct graph_index nodeidx, edgeidx, ruleidx;
	unsigned char id[16];      /* the image's identity (its checksum) */
	void (*release)(void *ctx);
	void *ctx;
};

struct graph {
	struct htab *nodemap;      /* path -> node */
	struct node **nodes;
	size_t nnodes, capnodes;
	struct htab *edgemap;      /* instance name -> edge */
	struct edge **edges;
	size_t nedges, capedges;
	struct htab *rulemap;      /* rule name -> rule */
	struct rule **rules;       /* in manifest order */
	size_t nrules, caprules;
	struct pool **pools;
	size_t npools;
	struct rule **defaults;    /* default:, or NULL/0 for every rule */
	size_t ndefaults;
	char **files;              /* every YAML file read: the manifest first, then includes */
	size_t nfiles;
	char **reads;              /* reads: directories outside the workspace that inputs
	                            * may name, cleaned, as written (reads.c) */
	size_t nreads;
	char *remote_cache;        /* remote_cache: (the URL as written), or NULL */
	unsigned char executor;    /* enum edge_exec: the top-level executor: */
	void *loader;              /* the loader's: the workspace directory (malloc'd char *,
	                            * the manifest's directory), freed by graph_free */
	/* files on disk that globs must not match (glob_set_skip), or NULL */
	int (*glob_skip)(void *ctx, const char *path);
	void *glob_skip_ctx;
	struct graph_flat *flat;   /* read in bulk, or NULL (malloc'd, freed by graph_free) */
};

struct graph *graph_new(void);
/* put id (under a name of htab_hash h) into an index of cap slots being
 * built (zeroed first, cap a power of two above the count) */
void graph_index_put(uint32_t *slot, size_t cap, uint64_t h, uint32_t id);
/* "local", "slurm", "auto" -> enum edge_exec; -1 for anything else */
int graph_executor(const char *name);
/* the name of an enum edge_exec ("default" for EXEC_DEFAULT) */
const char *graph_executor_name(int exec);
/* reads.c: add a directory of reads: (cleaned, copied, kept once) */
void graph_add_read(struct graph *g, const char *dir);
/* rewrite a clean absolute path inside the workspace (the current
 * directory) as a workspace path, in place; returns the new length */
size_t graph_workspace_path(char *clean);
/* 1 when a clean input path lies in the workspace or below one of
 * g's reads: directories (compared as absolute paths, lexically) */
int graph_may_read(const struct graph *g, const char *clean);
void graph_free(struct graph *g);
/* the node for a canonical path, created when absent */
struct node *graph_node(struct graph *g, const char *path, size_t len);
/* the node for a canonical path, or NULL */
struct node *graph_find_node(const struct graph *g, const char *path, size_t len);
/* a new empty edge named name (copied) for rule r; NULL when the name is taken */
struct edge *graph_add_edge(struct graph *g, struct rule *r, const char *name);
/* append an input / output to e and link the node (out sets node->gen) */
void edge_add_in(struct edge *e, struct node *n);
void edge_add_out(struct edge *e, struct node *n);
struct edge *graph_find_edge(const struct graph *g, const char *name);
/* a new rule named name (copied) at loc; NULL when the name is taken */
struct rule *graph_add_rule(struct graph *g, const char *name, struct loc loc);
struct rule *graph_find_rule(const struct graph *g, const char *name);
struct pool *graph_find_pool(const struct graph *g, const char *name);

/* resolve command-line targets (rule name: all its instances; instance
 * name; output path) into edges, appended to *out without duplicates;
 * none given: the defaults, else every edge. 0, or -1 after an error
 * "unknown target 'x'" */
int graph_targets(struct graph *g, char **names, size_t n, struct edge ***out, size_t *nout);

#endif
