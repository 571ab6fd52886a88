/* discoverdef.h: discovery's state, internal to rules/discover*.c: the
 * scan (discover.c) and its JSON documents (discoverjson.c). */
#ifndef MENACE_DISCOVERDEF_H
#define MENACE_DISCOVERDEF_H

#include <pthread.h>
#include <stddef.h>

#include "base/hash.h"
#include "base/htab.h"
#include "rules/discover.h"
#include "rules/pyscan.h"

struct file {
	char *path;          /* repo-relative */
	char *module;        /* dotted; "" for a root __init__.py */
	char *loc;           /* the path without .py, a package's its directory
	                      * ("pkg" for pkg/__init__.py, "" for the root's) */
	int is_init;
	int ok;              /* read and tokenized */
	struct pyerr err;
	int read_errno;
	struct pyscan ps;
	struct hash h;
	size_t *deps;        /* direct local imports: file indices, sorted, unique */
	size_t ndeps;
	size_t *importers;   /* files that import this one, sorted */
	size_t nimporters, capimp;
	int orphan;          /* in the final set */
	int first;           /* a first-round orphan */
	int duplicate;       /* byte-identical to another scanned file */
	int excluded;        /* matches an exclude pattern: never an orphan */
};

struct discovery {
	const struct discover_opts *o;
	struct file *files;  /* sorted by path */
	size_t nfiles, cap;
	size_t ok;           /* files scanned */
	size_t norphans;
	struct htab *modules;   /* module name -> struct file * */
	struct htab *locs;      /* loc -> struct file *: relative imports */
	/* the scan queue */
	pthread_mutex_t lock;
	size_t next;
};

#endif
