/* util.h: the error vocabulary and allocation helpers every folder uses. */
#ifndef MENACE_UTIL_H
#define MENACE_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <time.h>

/* exit codes of docs/build.md ("Exit status") and docs/menace.1; append only, never renumber */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,      /* a rule failed; status: something would run */
	EXIT_USAGE = 2,       /* usage or manifest error */
	EXIT_STATE = 3,       /* state database or cache unusable */
	EXIT_INTERRUPTED = 130,   /* SIGINT, SIGTERM */
	EXIT_HANGUP = 129,        /* SIGHUP */
};

/* the version menace --version prints (and the graph snapshot's key holds) */
#define MENACE_VERSION "0.1.0"

/* a macro's value as a string literal: STR(ENTRY_FORMAT) -> "3" */
#define STR_(x) #x
#define STR(x) STR_(x)

/* the program name used as the diagnostic prefix ("menace") */
extern const char *progname;

/* the level of a log line (its "level" in JSON) */
enum log_level { LOG_INFO, LOG_WARNING, LOG_ERROR };

/* how every log line below is printed on stderr: 0 (the default) as
 * "menace: msg", 1 as one JSON object a line, {"level": "info" | "warning"
 * | "error", "message": msg, fields...}. The fields: "file", "line" and
 * "column" of a message placed as "FILE:LINE[:COL]: text" (the message is
 * then the text), "error" (strerror) for a format ending in ':', and the
 * caller's own (logmsg). A message "warning: text" is level warning. */
void log_set_json(int on);
int log_is_json(void);
/* 1: every log line below is dropped (a silent dry run whose messages
 * another pass prints); 0: printed again */
void log_mute(int on);
/* one log line at level; fields: NULL, or NULL-terminated name, value
 * pairs of strings added to the JSON object (not printed as text) */
void logmsg(enum log_level level, const char *const *fields, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* an information line: "menace: msg", level info */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* print "menace: msg" (level error, or warning for "warning: ..."); a
 * format ending in ':' appends strerror(errno) */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* like warn(), then exit(status) */
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* like warn(), then return -1, for recoverable errors */
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarn(const char *fmt, va_list ap);

/* allocation that dies on out-of-memory; callers carry no NULL checks */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc of n*size with an overflow check */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* malloc'd printf */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* qsort and bsearch order of char * elements: strcmp of what they point to */
int cmp_strp(const void *a, const void *b);

/* grow *p (of *cap elements of size) so it holds at least n elements */
void growarray(void *pp, size_t *cap, size_t n, size_t size);

/* number of online processors (at least 1) */
int ncpus(void);

/* ts (a clock reading, st_mtim, st_ctim) in nanoseconds */
long long ts_ns(struct timespec ts);
/* current time, CLOCK_MONOTONIC, in nanoseconds */
long long now_ns(void);
/* wall clock, CLOCK_REALTIME, in nanoseconds */
long long wall_ns(void);

#endif
