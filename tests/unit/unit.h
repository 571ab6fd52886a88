/* unit.h: a tiny unit test harness. RUN(fn) runs one case; it prints
 * "ok fn" when the case passes. A failed CHECK, CHECK_STR or CHECK_INT prints
 * (or CHECK_HAS, got containing want) prints
 * "FAIL fn: file:line: what" and ends the case there (longjmp back to RUN), so
 * nothing after a failed check runs on a value it has just found wrong; the
 * next RUN goes on. A case that fails leaves its scratch files behind.
 * Checks belong in cases (or helpers they call), never in main() itself. */
#ifndef MENACE_UNIT_H
#define MENACE_UNIT_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int unit_failed, unit_case_failed;
static const char *unit_case;
static jmp_buf unit_case_end;

/* end the current case as failed (its FAIL line already printed) */
#define UNIT_FAIL_CASE() do { unit_case_failed = 1; fflush(stdout); \
	longjmp(unit_case_end, 1); } while (0)

#define CHECK(cond) do { if (!(cond)) { \
	printf("FAIL %s: %s:%d: %s\n", unit_case, __FILE__, __LINE__, #cond); \
	UNIT_FAIL_CASE(); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_) != 0) { \
	printf("FAIL %s: %s:%d: got \"%s\", want \"%s\"\n", unit_case, __FILE__, __LINE__, g_ ? g_ : "(null)", w_); \
	UNIT_FAIL_CASE(); } } while (0)
#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
	if (g_ != w_) { printf("FAIL %s: %s:%d: %s = %lld, want %lld\n", unit_case, __FILE__, __LINE__, #got, g_, w_); \
	UNIT_FAIL_CASE(); } } while (0)

#define CHECK_HAS(got, want) do { const char *g_ = (got), *w_ = (want); \
	if (!g_ || !strstr(g_, w_)) { \
	printf("FAIL %s: %s:%d: got \"%s\", want it to contain \"%s\"\n", unit_case, __FILE__, __LINE__, g_ ? g_ : "(null)", w_); \
	UNIT_FAIL_CASE(); } } while (0)

#define RUN(fn) do { unit_case = #fn; unit_case_failed = 0; \
	if (setjmp(unit_case_end) == 0) \
		fn(); \
	if (unit_case_failed) unit_failed++; else printf("ok %s\n", #fn); \
	fflush(stdout); } while (0)

/* what the code under test prints on stderr: unit_capture_begin() sends
 * stderr to a temporary file, unit_capture_end() puts it back and returns
 * the text printed in between (to free) */
struct unit_capture {
	FILE *f;
	int saved;
};

static inline void unit_capture_begin(struct unit_capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	c->saved = dup(2);
	if (!c->f || c->saved < 0 || dup2(fileno(c->f), 2) < 0) {
		perror("unit_capture_begin");
		exit(2);
	}
}

static inline char *unit_capture_end(struct unit_capture *c)
{
	long n;
	char *s;

	fflush(stderr);
	if (dup2(c->saved, 2) < 0) {
		perror("unit_capture_end");
		exit(2);
	}
	close(c->saved);
	n = lseek(fileno(c->f), 0, SEEK_END);
	s = calloc(1, n > 0 ? (size_t)n + 1 : 1);
	if (!s || (n > 0 && pread(fileno(c->f), s, (size_t)n, 0) != n)) {
		perror("unit_capture_end");
		exit(2);
	}
	fclose(c->f);
	return s;
}

/* remove a test's scratch directory and everything in it; 0 or -1 */
static inline int unit_remove_dir(const char *dir)
{
	char cmd[4200];

	if (strchr(dir, '\'') || snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) >= (int)sizeof(cmd))
		return -1;
	return system(cmd) == 0 ? 0 : -1;
}

#endif
