/* cmd_watch.c: menace watch [TARGET...]: build, then wait for a change to
 * a source or the manifest (inotify on their directories), then build
 * again after a quiet spell, until SIGINT or SIGTERM. The workspace is
 * closed (and its lock released) while waiting. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "base/opt.h"
#include "base/path.h"
#include "base/strmap.h"
#include "base/util.h"
#include "cli/cli.h"
#include "engine/lock.h"
#include "engine/selfpipe.h"

static const char usage[] =
	"usage: menace watch [-j N] [-k N] [-q] [--explain] [--no-cache] [--json FILE|-] [TARGET...]\n"
	"\n"
	"Build the TARGETs as 'menace build' does (the same options and output),\n"
	"then watch the directories of the sources and of the manifest and its\n"
	"includes (inotify): when a source, the manifest or an include changes,\n"
	"or a file appears in or leaves one of those directories (a glob may\n"
	"match it), build again once 0.2 s have passed with no further change.\n"
	"Writes to outputs, to the state directory and to other files do not\n"
	"count. The workspace lock is held during each build only. SIGINT\n"
	"(Ctrl-C) or SIGTERM stops: during a build as for 'menace build' (the\n"
	"commands are killed, finished results kept), else at once.\n"
	"\n"
	"  -j, --jobs N        run N commands at once (MENACE_JOBS, else cores + 2)\n"
	"  -k, --keep-going N  keep going until N rules failed (0: never stop)\n"
	"  -q, --quiet         no progress lines and no summary\n"
	"  --explain           print why each rule runs\n"
	"  --no-cache          do not restore outputs from the cache\n"
	"  --json FILE         JSON Lines events of every build to FILE ('-': stdout)\n"
	"\n"
	"exit status: 2 usage or manifest error at the first build, 3 state\n"
	"unusable, 129 hung up, 130 interrupted (a failed build is reported and\n"
	"watching goes on)\n";

/* how long the files must stay quiet before a build, in milliseconds */
enum { QUIET_MS = 200 };

/* what the last build's graph says about a path */
enum { WATCH_INPUT = 1, WATCH_OUTPUT = 2 };

struct watch {
	int fd;                 /* inotify */
	struct strmap kind;     /* path -> WATCH_INPUT or WATCH_OUTPUT (as a pointer) */
	char **dirs;            /* by watch descriptor */
	size_t ndirs;
	char *statedir;
};

static void watch_reset(struct watch *w)
{
	size_t i;

	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	strmap_free(&w->kind, NULL);
	strmap_init(&w->kind);
	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i]);
	free(w->dirs);
	w->dirs = NULL;
	w->ndirs = 0;
	free(w->statedir);
	w->statedir = NULL;
}

static void mark(struct watch *w, const char *path, int kind)
{
	void **slot = strmap_slot(&w->kind, path);

	if (!*slot || kind == WATCH_OUTPUT)
		*slot = (void *)(long)kind;
}

/* watch the directory of path once */
static void watch_dir_of(struct watch *w, const char *path)
{
	char *dir = path_dirname(path);
	int wd = inotify_add_watch(w->fd, dir, IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
	                                       IN_MOVED_TO | IN_ATTRIB | IN_ONLYDIR);

	if (wd < 0) {
		free(dir);
		return;
	}
	if ((size_t)wd >= w->ndirs) {
		w->dirs = xreallocarray(w->dirs, (size_t)wd + 1, sizeof(w->dirs[0]));
		while (w->ndirs <= (size_t)wd)
			w->dirs[w->ndirs++] = NULL;
	}
	if (w->dirs[wd])
		free(dir);
	else
		w->dirs[wd] = dir;
}

/* the files of the graph just built: what to watch and what to ignore */
static int watch_graph(struct watch *w, const struct workspace *ws)
{
	const struct graph *g = ws->g;
	size_t i, n = 0;

	watch_reset(w);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return error("cannot watch files (inotify):");
	w->statedir = xstrdup(ws->statedir);
	for (i = 0; i < g->nfiles; i++) {
		mark(w, g->files[i], WATCH_INPUT);
		watch_dir_of(w, g->files[i]);
	}
	for (i = 0; i < g->nnodes; i++) {
		const struct node *nd = g->nodes[i];

		if (nd->gen) {
			mark(w, nd->path, WATCH_OUTPUT);
		} else if (nd->nuse) {
			mark(w, nd->path, WATCH_INPUT);
			watch_dir_of(w, nd->path);
		}
	}
	for (i = 0; i < w->ndirs; i++)
		n += w->dirs[i] != NULL;
	return (int)n;
}

/* one event: does it call for a build? */
static int matters(struct watch *w, const struct inotify_event *ev)
{
	const char *dir;
	char *path;
	long kind;
	size_t sl;

	if (ev->wd < 0 || (size_t)ev->wd >= w->ndirs || !(dir = w->dirs[ev->wd]) || !ev->len)
		return 0;
	path = strcmp(dir, ".") == 0 ? xstrdup(ev->name) : path_join(dir, ev->name);
	kind = (long)strmap_get(&w->kind, path);
	sl = strlen(w->statedir);
	if (strncmp(path, w->statedir, sl) == 0 && (path[sl] == '\0' || path[sl] == '/'))
		kind = WATCH_OUTPUT;
	free(path);
	if (kind == WATCH_INPUT)
		return 1;
	if (kind == WATCH_OUTPUT)
		return 0;
	/* another file: only its coming and going (a glob may match it) */
	return (ev->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) != 0;
}

/* read the events waiting: 1 when one matters */
static int read_events(struct watch *w)
{
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	int any = 0;
	ssize_t n;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		char *p = buf;

		while (p < buf + n) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			any |= matters(w, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
	return any;
}

/* wait for a change that matters, then for QUIET_MS without one: 0, or
 * the exit status of a signal (sp: the handlers of the whole watch, so a
 * signal between two builds is never lost) */
static int wait_change(struct watch *w, struct selfpipe *sp)
{
	struct pollfd p[2];
	int changed = 0, rc = 0;

	p[0].fd = w->fd;
	p[0].events = POLLIN;
	p[1].fd = selfpipe_fd();
	p[1].events = POLLIN;
	for (;;) {
		int r = poll(p, 2, changed ? QUIET_MS : -1);

		if (r < 0 && errno != EINTR) {
			rc = error("cannot wait for changes:") < 0 ? EXIT_FAILED : 0;
			break;
		}
		if (selfpipe_drain(sp) >= 0 && sp->interrupted) {
			rc = sp->interrupted == SIGHUP ? EXIT_HANGUP : EXIT_INTERRUPTED;
			break;
		}
		if (r == 0 && changed)
			break;
		if (r > 0 && (p[0].revents & POLLIN) && read_events(w))
			changed = 1;
	}
	return rc;
}

int cmd_watch(int argc, char **argv, const struct workspace_opts *g)
{
	struct build_cmd c;
	struct workspace ws;
	struct watch w;
	struct selfpipe sp;
	int rc, first = 1, ndirs;

	if (opt_help(argc, argv, usage))
		return EXIT_OK;
	if ((rc = cli_build_parse(&c, argc, argv, g, usage, 0)) != EXIT_OK) {
		cli_build_end(&c);
		return rc;
	}
	memset(&w, 0, sizeof(w));
	w.fd = -1;
	strmap_init(&w.kind);
	/* the handlers for the whole watch (each build puts in its own and
	 * then these back): a signal between two builds waits in the pipe,
	 * where the next build or wait_change reads it */
	selfpipe_start(&sp, 0);
	for (;;) {
		memset(&ws, 0, sizeof(ws));
		rc = cli_build_once(&c, &ws);
		if (c.jf)
			fflush(c.jf);
		/* the manifest is now found in the current directory */
		if (c.wo.manifest && strrchr(c.wo.manifest, '/'))
			c.wo.manifest = strrchr(c.wo.manifest, '/') + 1;
		if (rc == EXIT_INTERRUPTED || rc == EXIT_HANGUP || (first && rc == EXIT_USAGE) ||
		    (!ws.g && (first || rc == EXIT_STATE))) {
			if (ws.g)
				workspace_close(&ws);
			break;
		}
		if (ws.g) {
			ndirs = watch_graph(&w, &ws);
			workspace_close(&ws);
			workspace_unlock();     /* others may build while this waits */
			if (ndirs < 0) {
				rc = EXIT_FAILED;
				break;
			}
			if (first)
				note("watching %d director%s; Ctrl-C stops", ndirs, ndirs == 1 ? "y" : "ies");
		} else {
			/* a broken manifest: wait for its next change */
			note("waiting for a change to the manifest");
		}
		first = 0;
		if ((rc = wait_change(&w, &sp)) != 0)
			break;
	}
	selfpipe_stop(&sp);
	watch_reset(&w);
	strmap_free(&w.kind, NULL);
	cli_build_end(&c);
	return rc;
}
