/* pyeval.h: the constant-expression evaluator of the Python reader: the
 * value of an expression when every part of it is static, such as
 * "pkg." + name.lower() or f"{base}.mod" or os.getenv("PLUGIN", "x"), so
 * the scanner can follow import_module(E) and __import__(E).
 *
 * The grammar: a sum (a + b, of strings or of lists) of products
 * (fmt % args) of postfix calls (.lower() .upper() .join(list)
 * .format(positional, name=value)) on primaries: string literals (adjacent
 * ones joined; f-strings whose fields are plain expressions or !s),
 * tuples, lists, variables, os.getenv(NAME[, DEFAULT]) and
 * os.environ.get(...) read from the current environment. Anything else
 * (numbers, other calls, subscripts, bytes) has no static value. */
#ifndef MENACE_PYEVAL_H
#define MENACE_PYEVAL_H

#include <stddef.h>

#include "rules/pytoken.h"

struct buf;
struct htab;

/* a static value: a string s, or (list set) a list of n strings items */
struct pyval {
	int list;
	char *s;
	char **items;
	size_t n;
};

/* the value of the expression at t[*i] (t[0..n)), the variables read from
 * vars (name -> struct pyval *, NULL when not static): 0 with *out set and
 * *i just past the expression, or -1 with nothing in *out to free */
int pyeval_expr(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		struct pyval *out);
/* the value of the STRING tok appended to out: \\ \' \" \n \t \r \xHH and
 * backslash-newline decoded (other escapes kept as written); -1 for bytes
 * or an f-string field with no static value, a format spec, a conversion
 * other than !s or a self-documenting "=" */
int pyeval_string(const struct htab *vars, const struct pytok *tok, struct buf *out);
/* set v to the string s (taking it) */
void pyval_str(struct pyval *v, char *s);
/* free v's strings and zero it; v may be NULL */
void pyval_free(struct pyval *v);

#endif
