/* dynlib.c: libraries through dlopen (dynlib.h). */
#include <dlfcn.h>
#include <stdio.h>

#include "base/dynlib.h"

static int load(struct dynlib *l, void *fns[])
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		snprintf(l->why, sizeof(l->why), "cannot load %s: %s", l->soname, dlerror());
		return -1;
	}
	for (i = 0; i < l->n; i++)
		if (!(fns[i] = dlsym(h, l->names[i]))) {
			snprintf(l->why, sizeof(l->why), "cannot load %s: no %s", l->soname, l->names[i]);
			return -1;
		}
	return 0;
}

int dynlib_load(struct dynlib *l, void *fns[])
{
	if (!l->state)
		l->state = load(l, fns) == 0 ? 1 : -1;
	return l->state > 0 ? 0 : -1;
}
