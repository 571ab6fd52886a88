/* xmlesc.h: text made safe for XML and HTML (the JUnit file, the HTML
 * report): the five special characters as entities, and bytes XML 1.0
 * cannot hold (control characters other than tab, newline and carriage
 * return; invalid UTF-8) as '?', so any string from a repository or a
 * rule's output gives a well-formed document. */
#ifndef MENACE_XMLESC_H
#define MENACE_XMLESC_H

#include <stddef.h>

#include "base/buf.h"

/* append s[0..n) to b escaped: & < > " ' as &amp; &lt; &gt; &quot; &#39;;
 * in_attr: also newline, carriage return and tab as character references
 * (an attribute value keeps them) */
void buf_putxml(struct buf *b, const char *s, size_t n, int in_attr);
/* the same for a NUL-terminated string (NULL: nothing) */
void buf_putxmls(struct buf *b, const char *s, int in_attr);

#endif
