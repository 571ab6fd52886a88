/* curllib.c: libcurl through dlopen (curllib.h, base/dynlib.h). */
#define CURLLIB_NO_MACROS
#include "engine/curllib.h"
#include "base/dynlib.h"
#include "base/util.h"

struct curllib curllib;

int curllib_load(char **why)
{
#define CURLLIB_NAME(f) #f,
	static const char *const names[] = {CURLLIB_FUNCS(CURLLIB_NAME)};
#undef CURLLIB_NAME
	static struct dynlib lib = {CURLLIB_SONAME, names, sizeof(names) / sizeof(names[0]), 0, ""};
	static void *fns[sizeof(names) / sizeof(names[0])];
	size_t i = 0;

	if (dynlib_load(&lib, fns) < 0) {
		*why = xstrdup(lib.why);
		return -1;
	}
#define CURLLIB_SET(f) *(void **)&curllib.f = fns[i++];
	CURLLIB_FUNCS(CURLLIB_SET)
#undef CURLLIB_SET
	return 0;
}
