#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "base/util.h"

size_t path_clean(char *path)
{
	int abs = path[0] == '/';
	char *r = path + abs, *w = path + abs, *base = w;
	size_t n, keep = 0; /* leading ".." parts that cannot be dropped */

	while (*r) {
		if (*r == '/') {
			r++;
			continue;
		}
		n = strcspn(r, "/");
		if (n == 1 && r[0] == '.') {
			r++;
			continue;
		}
		if (n == 2 && r[0] == '.' && r[1] == '.') {
			r += 2;
			if (w > base + keep) {
				/* drop the last component written, and its '/' */
				while (w > base && w[-1] != '/')
					w--;
				if (w > base)
					w--;
				continue;
			}
			if (abs) /* "/.." is "/" */
				continue;
			if (w > base)
				*w++ = '/';
			*w++ = '.';
			*w++ = '.';
			keep = (size_t)(w - base);
			continue;
		}
		if (w > base)
			*w++ = '/';
		memmove(w, r, n);
		w += n;
		r += n;
	}
	if (w == path)
		*w++ = '.';
	*w = '\0';
	return (size_t)(w - path);
}

char *path_clean_dup(const char *path)
{
	size_t n = strlen(path);
	char *p = xmalloc(n + 2);

	memcpy(p, path, n + 1);
	path_clean(p);
	return p;
}

int path_escapes(const char *p)
{
	return p[0] == '/' || (p[0] == '.' && p[1] == '.' && (p[2] == '\0' || p[2] == '/'));
}

char *path_join(const char *dir, const char *name)
{
	char *p;

	if (name[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		p = xstrdup(name);
	else {
		size_t a = strlen(dir), b = strlen(name);

		p = xmalloc(a + b + 2);
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, name, b + 1);
	}
	path_clean(p);
	return p;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int mkdir_p(const char *path)
{
	char *p, *s;
	struct stat st;
	int ret = 0;

	/* most calls find the directory there (a build's output and cache
	 * directories): one stat instead of a mkdir per component */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	p = xstrdup(path);
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				ret = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (ret == 0 && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
		if (errno == 0)
			errno = ENOTDIR;
		ret = -1;
	}
	free(p);
	return ret;
}

int mkdir_parents(const char *path)
{
	char *d = path_dirname(path);
	int ret = 0;

	if (strcmp(d, ".") != 0 && strcmp(d, "/") != 0)
		ret = mkdir_p(d);
	free(d);
	return ret;
}

/* remove path (a directory with its tree); 1 removed, 0 absent, -1 error */
int remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : error("cannot remove '%s':", path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? error("cannot remove '%s':", path) : 1;
	if (!(d = opendir(path)))
		return error("cannot remove '%s':", path);
	while ((de = readdir(d))) {
		char *sub;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		if (remove_tree(sub) < 0)
			ret = -1;
		free(sub);
	}
	closedir(d);
	if (ret == 0 && rmdir(path) < 0)
		ret = error("cannot remove '%s':", path);
	return ret < 0 ? -1 : 1;
}
