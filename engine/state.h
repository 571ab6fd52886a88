/* state.h: menace's state database, STATEDIR/menace.db (SQLite).
 * Every SQL statement of menace.db lives in state.c; its schema is
 * documented at the top of state.c and in docs/build.md. */
#ifndef MENACE_STATE_H
#define MENACE_STATE_H

#include <stddef.h>

#include "engine/filecache.h"
#include "base/hash.h"

#define STATE_VERSION 1

struct state;
struct graph;

/* a rule's last successful run, as loaded */
struct state_last {
	const char *rule;
	struct hash key;
	const char *outputs;   /* "HEX PATH\n" per output, in the rule's out order */
	const char *deps;      /* depfile inputs, "PATH\n" each, or "" */
};

/* one row of the build log */
struct state_event {
	const char *rule, *reason, *status;
	struct hash key;
	int exit, slot;
	long long start_ns, end_ns;   /* since the run began */
};

/* open (creating, migrating) path; readonly: never create or write, and a
 * missing file is an empty state. NULL after an error: exit EXIT_STATE */
struct state *state_open(const char *path, int readonly);
void state_close(struct state *st);
/* load the files table into fc, from its copy beside the snapshot when
 * that is valid (statcopy.h); paths of graph nodes are borrowed */
int state_load_files(struct state *st, struct filecache *fc, struct graph *g);
/* call fn for every rule's last successful run */
int state_load_last(struct state *st, void (*fn)(void *ctx, const struct state_last *l), void *ctx);
/* the key serialization of rule's last successful run (malloc'd), or NULL */
char *state_keytext(struct state *st, const char *rule, size_t *len);

/* batch writes: one transaction per batch (no-ops when read-only) */
int state_begin(struct state *st);
int state_commit(struct state *st);
/* write back the dirty entries of fc (inside a batch) */
int state_save_files(struct state *st, struct filecache *fc);
/* rewrite the stat cache's copy beside the snapshot (statcopy.h) from fc
 * and g when this run changed the files table or did not read the copy;
 * nothing when read-only; 0 or -1 (the copy is then left as it was) */
int state_save_copy(struct state *st, struct filecache *fc, struct graph *g);
/* record a successful run as the rule's last run: its key, the key's
 * serialization, its outputs ("HEX PATH\n" each), its depfile inputs */
int state_put_result(struct state *st, const char *rule, struct hash key,
                     const char *keytext, size_t keylen, const char *outputs,
                     const char *deps);
/* forget rule's last run (clean) */
int state_forget(struct state *st, const char *rule);
/* start a run of the build log; its id, or -1 */
long long state_run_begin(struct state *st, const char *command, long long started_at);
int state_run_end(struct state *st, long long run, long long finished_at, int status,
                  const long long counts[5]);
int state_put_event(struct state *st, long long run, const struct state_event *ev);
/* the last run: its id, command, start, and fn per event; 0, 1 when there
 * is none, -1 after an error */
int state_last_run(struct state *st, long long *run, long long *started_at,
                   void (*fn)(void *ctx, const struct state_event *ev), void *ctx);
/* the limit slowest rule instances of the build log (the last 20 runs):
 * fn per instance that ran or failed, slowest first, with the status and
 * duration (ns) of its slowest run; 0, or -1 after an error */
int state_slowest(struct state *st, int limit,
                  void (*fn)(void *ctx, const char *rule, const char *status, long long ns), void *ctx);

/* the build log's counters: finished builds, and the [ran, cached, restored,
 * failed, skipped] counts summed over them and of the last one */
struct state_counts {
	long long builds;             /* finished runs in the log */
	long long total[5];
	int has_last;                 /* there is a finished run: */
	long long last[5];
	long long last_duration_ns;   /* finished_at - started_at */
	int last_status;              /* its exit status */
	char last_command[32];        /* "build", "cycle" (truncated) */
};

/* fill c from the runs table (zeros for a read-only state whose file does
 * not exist); 0, or -1 after an error */
int state_counts(struct state *st, struct state_counts *c);

#endif
