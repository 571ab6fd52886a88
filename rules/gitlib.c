/* gitlib.c: libgit2 through dlopen (gitlib.h). The library's name is its
 * soname, from the headers menace was built with, so the loaded library is
 * the version the table's types were taken from. */
#include <dlfcn.h>

#define GITLIB_NO_MACROS
#include "rules/gitlib.h"
#include "base/util.h"

#define GITLIB_SONAME "libgit2.so." LIBGIT2_SOVERSION

struct gitlib gitlib;

static int load(void)
{
	void *h = dlopen(GITLIB_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return error("cannot load %s: %s", GITLIB_SONAME, dlerror());
	/* POSIX's way to store a dlsym() result in a function pointer */
#define GITLIB_LOAD(f) \
	if (!(*(void **)&gitlib.f = dlsym(h, #f))) \
		return error("cannot load %s: no %s", GITLIB_SONAME, #f);
	GITLIB_FUNCS(GITLIB_LOAD)
#undef GITLIB_LOAD
	return 0;
}

int gitlib_load(void)
{
	static int state;

	if (!state)
		state = load() == 0 ? 1 : -1;
	return state > 0 ? 0 : -1;
}
