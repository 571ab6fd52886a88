#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

const char *progname = "menace";

static int log_json, log_muted;

void log_mute(int on)
{
	log_muted = on;
}

void log_set_json(int on)
{
	log_json = on;
}

int log_is_json(void)
{
	return log_json;
}

/* a growing line: the log line is written with one fwrite */
struct line {
	char *s;
	size_t len, cap;
};

static void line_add(struct line *l, const char *s, size_t n)
{
	growarray(&l->s, &l->cap, l->len + n + 1, 1);
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

static void line_puts(struct line *l, const char *s)
{
	line_add(l, s, strlen(s));
}

/* s as a JSON string, quoted */
static void line_json(struct line *l, const char *s, size_t n)
{
	size_t i;

	line_add(l, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			line_add(l, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			line_puts(l, esc);
		} else {
			line_add(l, s + i, 1);
		}
	}
	line_add(l, "\"", 1);
}

static void line_field(struct line *l, const char *name, const char *v, size_t n)
{
	line_add(l, ",", 1);
	line_json(l, name, strlen(name));
	line_add(l, ":", 1);
	line_json(l, v, n);
}

/* the length of "FILE:LINE[:COL]: " at the start of msg (0 when it is not
 * placed); *line and *col (0 when absent) get the numbers */
static size_t placed(const char *msg, size_t *flen, long *line, long *col)
{
	const char *p, *q;
	char *end;

	for (p = msg; *p && *p != ' '; p++) {
		if (*p != ':' || p == msg || p[1] < '0' || p[1] > '9')
			continue;
		*line = strtol(p + 1, &end, 10);
		*col = 0;
		q = end;
		if (q[0] == ':' && q[1] >= '0' && q[1] <= '9') {
			*col = strtol(q + 1, &end, 10);
			q = end;
		}
		if (q[0] == ':' && q[1] == ' ') {
			*flen = (size_t)(p - msg);
			return (size_t)(q + 2 - msg);
		}
	}
	return 0;
}

static void print_json(enum log_level level, const char *const *fields, const char *msg,
		       const char *err)
{
	static const char *const names[] = {"info", "warning", "error"};
	struct line l = {NULL, 0, 0};
	size_t skip, flen;
	long ln, col;
	char num[32];

	if (strncmp(msg, "warning: ", 9) == 0) {
		level = LOG_WARNING;
		msg += 9;
	}
	line_puts(&l, "{\"level\":");
	line_json(&l, names[level], strlen(names[level]));
	line_puts(&l, ",\"message\":");
	skip = placed(msg, &flen, &ln, &col);
	line_json(&l, msg + skip, strlen(msg + skip));
	if (skip) {
		line_field(&l, "file", msg, flen);
		snprintf(num, sizeof(num), ",\"line\":%ld", ln);
		line_puts(&l, num);
		if (col) {
			snprintf(num, sizeof(num), ",\"column\":%ld", col);
			line_puts(&l, num);
		}
	}
	if (err)
		line_field(&l, "error", err, strlen(err));
	for (; fields && fields[0] && fields[1]; fields += 2)
		line_field(&l, fields[0], fields[1], strlen(fields[1]));
	line_puts(&l, "}\n");
	fwrite(l.s, 1, l.len, stderr);
	free(l.s);
}

static void vlogmsg(enum log_level level, const char *const *fields, const char *fmt, va_list ap)
{
	size_t n = strlen(fmt);
	const char *err = n > 0 && fmt[n - 1] == ':' ? strerror(errno) : NULL;
	char small[512], *msg = small;
	va_list aq;
	int len;

	if (log_muted)
		return;
	va_copy(aq, ap);
	len = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (len < 0)
		len = 0;
	if ((size_t)len >= sizeof(small)) {
		msg = xmalloc((size_t)len + 1);
		vsnprintf(msg, (size_t)len + 1, fmt, ap);
	}
	if (err) {
		char *full = xasprintf("%s %s", msg, err);

		if (msg != small)
			free(msg);
		msg = full;
	}
	if (log_json)
		print_json(level, fields, msg, err);
	else
		fprintf(stderr, "%s: %s\n", progname, msg);
	if (msg != small)
		free(msg);
}

void vwarn(const char *fmt, va_list ap)
{
	vlogmsg(LOG_ERROR, NULL, fmt, ap);
}

void logmsg(enum log_level level, const char *const *fields, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(level, fields, fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogmsg(LOG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	return -1;
}

static _Noreturn void oom(void)
{
	fprintf(stderr, "%s: out of memory\n", progname);
	exit(EXIT_STATE);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void growarray(void *pp, size_t *cap, size_t n, size_t size)
{
	void **p = pp;
	size_t c = *cap;

	if (n <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < n)
		c *= 2;
	*p = xreallocarray(*p, c, size);
	*cap = c;
}

int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

long long ts_ns(struct timespec ts)
{
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts_ns(ts);
}

long long now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

long long wall_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}
