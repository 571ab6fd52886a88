/* dynlib.h: a shared library loaded the first time it is needed (dlopen)
 * rather than linked. Every action of a build is a start of menace
 * (`menace selftest` once a self-test), and each linked library is mapped
 * and relocated at each start, with the libraries it brings: libgit2,
 * libcurl and libcrypto brought some thirty (TLS, SSH, Kerberos, LDAP,
 * IDN) for the few commands that use them. A library's module (gitlib.h,
 * curllib.h, sha256.c) keeps its functions in a table of pointers filled
 * here by name, so the code calling them reads as plain library calls. */
#ifndef MENACE_DYNLIB_H
#define MENACE_DYNLIB_H

#include <stddef.h>

/* one library: its soname and the names of the functions wanted */
struct dynlib {
	const char *soname;
	const char *const *names;
	size_t n;
	/* the first load's answer: 0 not tried, 1 loaded, -1 failed */
	int state;
	char why[256];            /* why it failed, for a message */
};

/* load l (once: later calls return the first call's answer) and put the
 * address of names[i] into fns[i]: 0, or -1 with l->why saying "cannot
 * load SONAME: WHAT" (dlopen's message, or the function missing) */
int dynlib_load(struct dynlib *l, void *fns[]);

#endif
