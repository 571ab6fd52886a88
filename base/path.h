/* path.h: lexical path handling. Paths in the graph are canonical:
 * relative to the workspace, no "." or ".." parts, no repeated or trailing '/'. */
#ifndef MENACE_PATH_H
#define MENACE_PATH_H

#include <stddef.h>

/* clean path in place, lexically (a/./b/../c -> a/c, "" -> "."); returns
 * the new length. A path that climbs above its start keeps its leading "..".
 * path needs room for two bytes: an empty one becomes "." */
size_t path_clean(char *path);
/* a clean copy of path (malloc'd): path_clean with room for "" -> "." */
char *path_clean_dup(const char *path);
/* 1 when a clean relative path leaves its root ("..", "../x") or is absolute */
int path_escapes(const char *clean);
/* malloc'd dir + "/" + name, cleaned; an absolute name is returned as is */
char *path_join(const char *dir, const char *name);
/* malloc'd directory part ("." when there is none) */
char *path_dirname(const char *path);
/* create path and its parents (mode 0777 & umask); 0 or -1 with errno */
int mkdir_p(const char *path);
/* create the parent directories of a file path */
int mkdir_parents(const char *path);

/* remove path, a directory with its whole tree (symlinks are not
 * followed); 1 removed, 0 absent, -1 after a warning */
int remove_tree(const char *path);

#endif
