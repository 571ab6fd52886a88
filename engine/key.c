/* key.c: the key serialization, format 1.
 *
 * Text lines, each "TAG FIELD...\n". A field is either a netstring-like
 * "LEN:BYTES" (LEN in decimal; BYTES may hold any byte, newlines too) or a
 * bare token: 32 lowercase hex digits of an XXH3-128 hash (high 64 bits
 * first), or "-" for an absent value. In order:
 *
 *   menace-key 1
 *   run LEN:COMMAND                       (or)
 *   use LEN:ACTION LEN:WITH               WITH: canonical JSON, sorted keys
 *   tool LEN:ACTION LEN:TOOLS             after use, when the action says
 *                                         which tools it runs ("-": unknown)
 *   env LEN:NAME LEN:VALUE | env LEN:NAME -        per tracked name, sorted
 *   in LEN:PATH HEX                       per input, sorted by path bytes
 *   need LEN:INSTANCE LEN:PATH HEX        per output of each needed
 *                                         instance, sorted by instance, path
 *   dep LEN:PATH HEX | dep LEN:PATH -     per depfile input the last run
 *                                         recorded, sorted by path
 *
 * The key is XXH3-128 of these bytes. Paths are workspace-relative and
 * canonical (absolute for depfile inputs outside the workspace); a
 * directory's HEX is its tree hash (filecache.h). Everything here can be
 * rebuilt from the manifest and menace.db (files, last.deps), so another
 * store can address the same action by a different hash of the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/htab.h"
#include "engine/key.h"
#include "base/util.h"

/* keys are serialized for every rule of every build: no printf here */
static void field(struct buf *b, const char *s, size_t n)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t v = n;

	*--p = ':';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	*--p = ' ';
	buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
	buf_put(b, s, n);
}

static void hexfield(struct buf *b, struct hash h)
{
	static const char digits[] = "0123456789abcdef";
	char hex[33];
	int i;

	hex[0] = ' ';
	for (i = 0; i < 16; i++) {
		hex[1 + i] = digits[(h.hi >> (60 - 4 * i)) & 15];
		hex[17 + i] = digits[(h.lo >> (60 - 4 * i)) & 15];
	}
	buf_put(b, hex, 33);
}

void key_begin(struct buf *b)
{
	buf_printf(b, "menace-key %d\n", KEY_FORMAT);
}

void key_run(struct buf *b, const char *command)
{
	buf_puts(b, "run");
	field(b, command, strlen(command));
	buf_putc(b, '\n');
}

void key_use(struct buf *b, const char *action, const char *with)
{
	if (!with)
		with = "{}";
	buf_puts(b, "use");
	field(b, action, strlen(action));
	field(b, with, strlen(with));
	buf_putc(b, '\n');
}

void key_tool(struct buf *b, const char *action, const char *tools)
{
	buf_puts(b, "tool");
	field(b, action, strlen(action));
	field(b, tools, strlen(tools));
	buf_putc(b, '\n');
}

void key_env(struct buf *b, const char *name, const char *value)
{
	buf_puts(b, "env");
	field(b, name, strlen(name));
	if (value)
		field(b, value, strlen(value));
	else
		buf_puts(b, " -");
	buf_putc(b, '\n');
}

void key_in(struct buf *b, const char *path, struct hash h)
{
	buf_puts(b, "in");
	field(b, path, strlen(path));
	hexfield(b, h);
	buf_putc(b, '\n');
}

void key_need(struct buf *b, const char *instance, const char *path, struct hash h)
{
	buf_puts(b, "need");
	field(b, instance, strlen(instance));
	field(b, path, strlen(path));
	hexfield(b, h);
	buf_putc(b, '\n');
}

void key_dep(struct buf *b, const char *path, struct hash h, int missing)
{
	buf_puts(b, "dep");
	field(b, path, strlen(path));
	if (missing)
		buf_puts(b, " -");
	else
		hexfield(b, h);
	buf_putc(b, '\n');
}

struct hash key_hash(const char *ser, size_t len)
{
	return hash_bytes(ser, len);
}

/* one parsed line: id is the tag and every field but the value; the value
 * is the last field (the whole line after the tag for run/use) */
struct kline {
	const char *tag, *id, *val;
	size_t taglen, idlen, vallen;
	const char *f[3];     /* the first fields' bytes, for messages */
	size_t flen[3];
	int nf;
};

/* parse one line at p (end e); returns the start of the next, or NULL */
static const char *parse_line(const char *p, const char *e, struct kline *l)
{
	const char *last = NULL;

	memset(l, 0, sizeof(*l));
	l->tag = p;
	while (p < e && *p != ' ' && *p != '\n')
		p++;
	l->taglen = (size_t)(p - l->tag);
	l->id = l->tag;
	while (p < e && *p == ' ') {
		const char *start = ++p, *q = p;
		size_t n = 0;

		while (q < e && *q >= '0' && *q <= '9')
			n = n * 10 + (size_t)(*q++ - '0');
		if (q < e && *q == ':' && q > p) {
			if ((size_t)(e - q - 1) < n)
				return NULL;
			if (l->nf < 3) {
				l->f[l->nf] = q + 1;
				l->flen[l->nf] = n;
			}
			p = q + 1 + n;
		} else {
			while (p < e && *p != ' ' && *p != '\n')
				p++;
			if (l->nf < 3) {
				l->f[l->nf] = start;
				l->flen[l->nf] = (size_t)(p - start);
			}
		}
		l->nf++;
		last = start - 1;
	}
	if (p >= e || *p != '\n')
		return NULL;
	if ((l->taglen == 3 && memcmp(l->tag, "run", 3) == 0) ||
	    (l->taglen == 3 && memcmp(l->tag, "use", 3) == 0) ||
	    (l->taglen == 10 && memcmp(l->tag, "menace-key", 10) == 0) || !last) {
		l->idlen = l->taglen;
		l->val = l->tag + l->taglen;
	} else {
		l->idlen = (size_t)(last - l->id);
		l->val = last;
	}
	l->vallen = (size_t)(p - l->val);
	return p + 1;
}

static int tag_is(const struct kline *l, const char *tag)
{
	return l->taglen == strlen(tag) && memcmp(l->tag, tag, l->taglen) == 0;
}

/* the value field's bytes (the hash, or "-") */
static void value_text(const struct kline *l, char *out, size_t size)
{
	size_t n = l->nf ? l->flen[(l->nf - 1) < 3 ? l->nf - 1 : 2] : 0;
	const char *s = l->nf ? l->f[(l->nf - 1) < 3 ? l->nf - 1 : 2] : "";

	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	if (strcmp(out, "-") == 0)
		snprintf(out, size, "missing");
}

enum change { CHANGED, ADDED, REMOVED };

static void describe(struct buf *why, const struct kline *l, const struct kline *old, enum change c)
{
	char a[40] = "", b[40] = "";

	if (tag_is(l, "menace-key")) {
		buf_puts(why, "the key format changed");
	} else if (tag_is(l, "run")) {
		buf_puts(why, c == CHANGED ? "command changed" : "the action changed");
	} else if (tag_is(l, "use")) {
		buf_puts(why, c == CHANGED ? "action or its parameters changed" : "the action changed");
	} else if (tag_is(l, "tool")) {
		if (c == CHANGED)
			buf_printf(why, "the tools of '%.*s' changed (%.*s -> %.*s)", (int)l->flen[0],
			           l->f[0], (int)old->flen[1], old->f[1], (int)l->flen[1], l->f[1]);
		else
			buf_printf(why, "the tools of '%.*s' are %s", (int)l->flen[0], l->f[0],
			           c == ADDED ? "now part of the key" : "no longer part of the key");
	} else if (tag_is(l, "env")) {
		buf_printf(why, "env '%.*s' %s", (int)l->flen[0], l->f[0],
		           c == CHANGED ? "changed" : c == ADDED ? "is now tracked" : "is no longer tracked");
	} else if (tag_is(l, "in")) {
		if (c == CHANGED) {
			value_text(old, a, sizeof(a));
			value_text(l, b, sizeof(b));
			buf_printf(why, "input '%.*s' changed (%s -> %s)", (int)l->flen[0], l->f[0], a, b);
		} else {
			buf_printf(why, "input '%.*s' was %s", (int)l->flen[0], l->f[0],
			           c == ADDED ? "added" : "removed");
		}
	} else if (tag_is(l, "need")) {
		if (c == CHANGED) {
			value_text(old, a, sizeof(a));
			value_text(l, b, sizeof(b));
			buf_printf(why, "output '%.*s' of needed rule '%.*s' changed (%s -> %s)",
			           (int)l->flen[1], l->f[1], (int)l->flen[0], l->f[0], a, b);
		} else {
			buf_printf(why, "output '%.*s' of needed rule '%.*s' was %s", (int)l->flen[1],
			           l->f[1], (int)l->flen[0], l->f[0], c == ADDED ? "added" : "removed");
		}
	} else if (tag_is(l, "dep")) {
		if (c == CHANGED) {
			value_text(old, a, sizeof(a));
			value_text(l, b, sizeof(b));
			buf_printf(why, "depfile input '%.*s' changed (%s -> %s)", (int)l->flen[0], l->f[0], a, b);
		} else {
			buf_printf(why, "depfile input '%.*s' was %s", (int)l->flen[0], l->f[0],
			           c == ADDED ? "added" : "removed");
		}
	} else {
		buf_printf(why, "'%.*s' changed", (int)l->taglen, l->tag);
	}
	buf_putc(why, '\n');
}

static size_t parse_all(const char *s, size_t len, struct kline **out)
{
	const char *p = s, *e = s + len;
	struct kline *v = NULL;
	size_t n = 0, cap = 0;

	while (p && p < e) {
		growarray(&v, &cap, n + 1, sizeof(v[0]));
		p = parse_line(p, e, &v[n]);
		if (p)
			n++;
	}
	*out = v;
	return n;
}

int key_diff(const char *old, size_t oldlen, const char *new, size_t newlen,
             struct buf *why, int max)
{
	struct kline *o, *nw;
	size_t no = parse_all(old, oldlen, &o), nn = parse_all(new, newlen, &nw), i;
	unsigned char *matched = xcalloc(no + 1, 1);
	struct htab *t = htab_new(no * 2 + 8);
	int count = 0;

	for (i = 0; i < no; i++)
		*htab_put(t, o[i].id, o[i].idlen) = &o[i];
	for (i = 0; i < nn && (max == 0 || count < max); i++) {
		struct kline *p = htab_get(t, nw[i].id, nw[i].idlen);

		if (!p) {
			describe(why, &nw[i], NULL, ADDED);
			count++;
			continue;
		}
		matched[p - o] = 1;
		if (p->vallen != nw[i].vallen || memcmp(p->val, nw[i].val, p->vallen) != 0) {
			describe(why, &nw[i], p, CHANGED);
			count++;
		}
	}
	for (i = 0; i < no && (max == 0 || count < max); i++) {
		if (!matched[i]) {
			describe(why, &o[i], NULL, REMOVED);
			count++;
		}
	}
	htab_free(t);
	free(matched);
	free(o);
	free(nw);
	return count;
}
