/* gitlib.c: libgit2 through dlopen (gitlib.h, base/dynlib.h). The
 * library's name is its soname, from the headers menace was built with, so
 * the loaded library is the version the table's types were taken from. */
#define GITLIB_NO_MACROS
#include "rules/gitlib.h"
#include "base/dynlib.h"
#include "base/util.h"

#define GITLIB_SONAME "libgit2.so." LIBGIT2_SOVERSION

struct gitlib gitlib;

int gitlib_load(void)
{
#define GITLIB_NAME(f) #f,
	static const char *const names[] = {GITLIB_FUNCS(GITLIB_NAME)};
#undef GITLIB_NAME
	static struct dynlib lib = {GITLIB_SONAME, names, sizeof(names) / sizeof(names[0]), 0, ""};
	static void *fns[sizeof(names) / sizeof(names[0])];
	int first = !lib.state;
	size_t i = 0;

	if (dynlib_load(&lib, fns) < 0)
		return first ? error("%s", lib.why) : -1;
	/* POSIX's way to store a dlsym() result in a function pointer */
#define GITLIB_SET(f) *(void **)&gitlib.f = fns[i++];
	GITLIB_FUNCS(GITLIB_SET)
#undef GITLIB_SET
	return 0;
}
