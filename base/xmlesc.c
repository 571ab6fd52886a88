/* xmlesc.c: escaping for XML and HTML text and attributes. */
#include <string.h>

#include "base/xmlesc.h"

/* the length of the valid UTF-8 sequence at s (at most n bytes), 0 when
 * it is not one (overlong forms, surrogates and values past U+10FFFF too) */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

void buf_putxml(struct buf *b, const char *s, size_t n, int in_attr)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t len;

	while (p < end) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); p++; continue;
		case '<': buf_puts(b, "&lt;"); p++; continue;
		case '>': buf_puts(b, "&gt;"); p++; continue;
		case '"': buf_puts(b, "&quot;"); p++; continue;
		case '\'': buf_puts(b, "&#39;"); p++; continue;
		case '\n': buf_puts(b, in_attr ? "&#10;" : "\n"); p++; continue;
		case '\r': buf_puts(b, in_attr ? "&#13;" : "\r"); p++; continue;
		case '\t': buf_puts(b, in_attr ? "&#9;" : "\t"); p++; continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f || !(len = utf8_len(p, (size_t)(end - p)))) {
			buf_putc(b, '?');
			p++;
			continue;
		}
		buf_put(b, p, len);
		p += len;
	}
}

void buf_putxmls(struct buf *b, const char *s, int in_attr)
{
	if (s)
		buf_putxml(b, s, strlen(s), in_attr);
}
