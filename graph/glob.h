/* glob.h: matching input patterns (*, **, ?, [...]) against the files of
 * the workspace, with each directory listed once per load. */
#ifndef MENACE_GLOB_H
#define MENACE_GLOB_H

#include <stddef.h>

struct globber;

/* a matcher for paths relative to root (the workspace directory); a
 * pattern may also start with "../" or "/" (below a directory of reads:,
 * which the loader checks), matched against the disk from there */
struct globber *glob_new(const char *root);
void glob_free(struct globber *g);
/* files on disk for which skip(ctx, path) returns 1 are never matched
 * (the engine skips the outputs of rules that no longer write them);
 * outputs added with glob_add_output always match */
void glob_set_skip(struct globber *g, int (*skip)(void *ctx, const char *path), void *ctx);
/* make an output of a rule (and its parent directories) matchable before
 * it exists on disk; path is canonical */
void glob_add_output(struct globber *g, const char *path, int isdir);
/* 1 when the canonical path (taken literally) is a regular file on disk
 * that passes the skip test, or an output added so far */
int glob_has_file(struct globber *g, const char *path);
/* append the regular files (or symlinks to them), and the outputs added
 * so far, matching the canonical pattern, sorted and unique, as malloc'd
 * paths; returns how many matched.
 * Names starting with '.' match only a pattern part starting with '.';
 * ** matches zero or more directories and does not follow symlinks */
size_t glob_expand(struct globber *g, const char *pattern, char ***out, size_t *n);

#endif
