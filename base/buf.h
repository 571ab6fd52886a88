/* buf.h: a growable, always NUL-terminated byte string. */
#ifndef MENACE_BUF_H
#define MENACE_BUF_H

#include <stddef.h>

struct buf {
	char *s;      /* NUL-terminated once anything was added; NULL when empty and new */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/* make room for n more bytes */
void buf_grow(struct buf *b, size_t n);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* append s quoted for /bin/sh (unquoted when it has only safe characters) */
void buf_putshell(struct buf *b, const char *s);
/* keep the allocation, drop the contents */
void buf_reset(struct buf *b);
/* hand the string to the caller (never NULL) and reset the buffer */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

#endif
