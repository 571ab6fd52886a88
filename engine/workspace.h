/* workspace.h: what every engine command works on: the loaded graph, the
 * state database, the file hash cache and each instance's last successful
 * run. The current directory is the manifest's directory. */
#ifndef MENACE_WORKSPACE_H
#define MENACE_WORKSPACE_H

#include <stddef.h>

#include "engine/filecache.h"
#include "graph/graph.h"
#include "base/hash.h"
#include "engine/state.h"

struct htab;

/* an instance's last successful run, from the state's last table */
struct record {
	struct hash key;
	struct hash *out;     /* content hash per e->out, when outs_match */
	char **deps;          /* depfile inputs the run recorded */
	size_t ndeps;
	unsigned char has;    /* there is a last run */
	unsigned char outs_match;   /* it wrote exactly the outputs e declares now */
	char *recorded;       /* when not: the outputs it wrote, "HEX PATH\n" each */
};

struct services;

struct workspace {
	struct graph *g;
	struct state *st;
	struct filecache *fc;
	struct record *rec;   /* indexed by edge id */
	size_t nrec;
	char *statedir;        /* the state directory, relative to the manifest's directory */
	int from_snapshot;    /* the graph came from the snapshot, not the YAML */
	const struct actions *actions;   /* what a use: may name (graph/action.h) */
	struct services *svc;     /* their services (service.h) */
	struct orphan *orphans;   /* last runs of instances the graph does not hold
	                           * (yet: foreach instances appear during a build) */
	size_t norphans;
	struct htab *orphanmap;   /* name -> index + 1 in orphans */
	struct htab *vanmap;      /* vanished.c: orphan output path -> recorded hash */
	struct htab *depset;      /* vanished.c: depfile inputs of the records */
};

/* a last run recorded for an instance the graph did not hold when loaded */
struct orphan {
	char *rule;           /* instance name */
	struct hash key;
	char *outputs;        /* "HEX PATH\n" per output */
	char *deps;
	int adopted;          /* an instance of that name appeared (foreach) */
};

/* what a command opens: given by the command line (cli/) */
struct workspace_opts {
	const char *manifest;     /* -f FILE: the manifest's path; NULL: search
	                           * WORKSPACE_MANIFEST upward (workspace_enter) */
	char **defines;           /* -D NAME=VALUE, in order */
	size_t ndefines;
	const char *statedir;     /* the state directory (database, cache, snapshot,
	                           * lock), relative to the manifest's directory */
	const char *old_statedir; /* where an earlier menace kept it, or NULL: read
	                           * there while statedir does not exist, moved to
	                           * statedir by the first build */
	const char *exe;          /* this executable: runs use: actions, keys the snapshot */
	int no_wait;              /* --no-wait: a held workspace lock is an error (lock.h) */
	const struct actions *actions;   /* what a use: may name (graph/action.h) */
};

enum workspace_mode {
	WS_WRITE,             /* build: create and migrate the state, under the
	                       * workspace lock (lock.h) */
	WS_READ,              /* status, explain, -n: change nothing on disk */
};

/* the manifest's name when -f does not give one */
#define WORKSPACE_MANIFEST "menace.yaml"

/* change to the manifest's directory and return its base name (malloc'd):
 * o->manifest, else the first WORKSPACE_MANIFEST found in the current
 * directory or above it, the search stopping at a repository's top (a
 * directory holding .git, .hg or .svn), at a mount point and at '/'; NULL
 * after the message (a usage error, exit 2) */
char *workspace_enter(const struct workspace_opts *o);
/* change to the manifest's directory as workspace_enter finds it, or stay
 * when there is none (gc and metrics need only the data directories); 0,
 * or EXIT_USAGE after the message */
int workspace_enter_any(const struct workspace_opts *o);
/* change to the manifest's directory (workspace_enter), load it (o->manifest, o->defines)
 * and the state in o->statedir; 0, or the exit status after an error (2
 * manifest, 3 state) */
int workspace_open(struct workspace *ws, const struct workspace_opts *o, enum workspace_mode mode);
/* attach a loaded graph and an open state (tests build both by hand);
 * 0, or EXIT_STATE */
int workspace_attach(struct workspace *ws, struct graph *g, struct state *st);
void workspace_close(struct workspace *ws);
/* close the state, and leave the rest to exit() (freed in sanitizer
 * builds); for commands about to return to main */
void workspace_exit(struct workspace *ws);
/* the cache entry of node n (kept in n->priv) */
struct fentry *workspace_fentry(struct workspace *ws, struct node *n);
/* the record of e, growing the table for edges added since attach */
struct record *workspace_record(struct workspace *ws, const struct edge *e);
/* give e (an instance added after attach, by foreach expansion) the last
 * run recorded under its name, if any */
void workspace_adopt(struct workspace *ws, struct edge *e);
/* e (a late rule's template edge, graph/late.c) now has its outputs: match
 * its last run against them again */
void workspace_refill(struct workspace *ws, struct edge *e);

#endif
