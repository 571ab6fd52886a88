/* harnesssrc.h: menace's Python self-test harness (the .py files of
 * rules/harness), embedded at build time by rules/harness/embed.sh into a generated C
 * file, so the binary alone can write it out for its workers
 * (rules/workerpool.c). */
#ifndef MENACE_HARNESSSRC_H
#define MENACE_HARNESSSRC_H

#include <stddef.h>

struct harness_file {
	const char *name;   /* the file's base name, "worker.py" */
	const char *text;   /* its bytes, NUL-terminated */
	size_t len;         /* without the NUL */
};

/* every embedded file, in name order, then a {NULL, NULL, 0} entry */
extern const struct harness_file harness_files[];
extern const size_t harness_nfiles;

#endif
