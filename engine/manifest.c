/* manifest.c: finding the manifest and changing to its directory
 * (workspace_enter, workspace.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "base/util.h"
#include "engine/workspace.h"

/* dir holds a repository's top (.git, .hg, .svn, a file or a directory) */
static int is_repo_root(const char *dir)
{
	static const char *const marks[] = {".git", ".hg", ".svn"};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		char *p = path_join(dir, marks[i]);
		int yes = access(p, F_OK) == 0;

		free(p);
		if (yes)
			return 1;
	}
	return 0;
}

/* the directory from the current one upward that holds name: malloc'd,
 * or NULL (with *stop the directory the search ended at) */
static char *search_up(const char *name, char **stop)
{
	char cwd[PATH_MAX], *dir;
	struct stat here, up;

	*stop = NULL;
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	dir = xstrdup(cwd);
	for (;;) {
		char *p = path_join(dir, name), *parent, *slash;
		int found = access(p, F_OK) == 0;

		free(p);
		if (found)
			return dir;
		slash = strrchr(dir, '/');
		if (is_repo_root(dir) || !slash || (slash == dir && !dir[1]))
			break;
		parent = slash == dir ? xstrdup("/") : xstrndup(dir, (size_t)(slash - dir));
		/* a mount point: another file system above */
		if (stat(dir, &here) < 0 || stat(parent, &up) < 0 || here.st_dev != up.st_dev) {
			free(parent);
			break;
		}
		free(dir);
		dir = parent;
	}
	*stop = dir;
	return NULL;
}

int workspace_enter_any(const struct workspace_opts *o)
{
	char *stop = NULL, *dir;

	if (o->manifest)
		dir = access(o->manifest, F_OK) == 0 ? path_dirname(o->manifest) : NULL;
	else
		dir = search_up(WORKSPACE_MANIFEST, &stop);
	free(stop);
	if (dir && strcmp(dir, ".") != 0 && chdir(dir) < 0) {
		warn("cannot change to '%s':", dir);
		free(dir);
		return EXIT_USAGE;
	}
	free(dir);
	return 0;
}

char *workspace_enter(const struct workspace_opts *o)
{
	const char *slash;
	char *dir, *stop = NULL;

	if (o->manifest) {
		slash = strrchr(o->manifest, '/');
		dir = path_dirname(o->manifest);
	} else {
		slash = NULL;
		dir = search_up(WORKSPACE_MANIFEST, &stop);
		if (!dir) {
			char cwd[PATH_MAX];

			if (!getcwd(cwd, sizeof(cwd)))
				strcpy(cwd, ".");
			if (stop && strcmp(stop, cwd) != 0)
				warn("no %s in '%s' or a directory above it up to '%s' (-f FILE or -C DIR names one)",
				     WORKSPACE_MANIFEST, cwd, stop);
			else
				warn("no %s in '%s' (-f FILE or -C DIR names one)", WORKSPACE_MANIFEST, cwd);
			free(stop);
			return NULL;
		}
	}
	if (strcmp(dir, ".") != 0 && chdir(dir) < 0) {
		warn("cannot change to '%s':", dir);
		free(dir);
		return NULL;
	}
	free(dir);
	return xstrdup(o->manifest ? (slash ? slash + 1 : o->manifest) : WORKSPACE_MANIFEST);
}
