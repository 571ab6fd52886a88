/* pyeval.c: the constant-expression evaluator (see pyeval.h): a recursive
 * descent over tokens, pyeval_expr() (a sum) -> eval_prod() (%) ->
 * eval_postfix() (method calls) -> eval_primary(). Every eval_*() leaves
 * nothing to free in *out when it fails. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/htab.h"
#include "base/util.h"
#include "rules/pyeval.h"

void pyval_free(struct pyval *v)
{
	size_t i;

	if (!v)
		return;
	free(v->s);
	for (i = 0; i < v->n; i++)
		free(v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void pyval_str(struct pyval *v, char *s)
{
	memset(v, 0, sizeof(*v));
	v->s = s;
}

static void val_copy(struct pyval *dst, const struct pyval *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->list = src->list;
	if (src->s)
		dst->s = xstrdup(src->s);
	if (src->n) {
		dst->items = xreallocarray(NULL, src->n, sizeof(char *));
		for (i = 0; i < src->n; i++)
			dst->items[i] = xstrdup(src->items[i]);
	}
	dst->n = src->n;
}

static void val_push(struct pyval *v, char *s)
{
	v->items = xreallocarray(v->items, v->n + 1, sizeof(char *));
	v->items[v->n++] = s;
}


/* evaluate the expression text of an f-string field */
static int eval_text(const struct htab *vars, const char *s, size_t len, struct buf *out)
{
	struct pytok *t;
	size_t n, i = 0;
	struct pyerr err;
	struct pyval v = {0, NULL, NULL, 0};
	int rc = -1;

	if (pyscan_tokenize(s, len, &t, &n, &err) < 0)
		return -1;
	if (n && t[n - 1].kind == PYTOK_NEWLINE)
		n--;
	if (pyeval_expr(vars, t, n, &i, &v) == 0 && i == n && !v.list) {
		buf_puts(out, v.s);
		rc = 0;
	}
	pyval_free(&v);
	free(t);
	return rc;
}

/* the backslash escape at s (s + 1 < e): its value appended to out; just
 * past it */
static const char *decode_escape(const char *s, const char *e, struct buf *out)
{
	char c = s[1], r = 0;

	switch (c) {
	case '\\': case '\'': case '"': r = c; break;
	case 'n': r = '\n'; break;
	case 't': r = '\t'; break;
	case 'r': r = '\r'; break;
	}
	if (r) {
		buf_putc(out, r);
		return s + 2;
	}
	if (c == '\n')
		return s + 2;
	if (c == 'x' && s + 3 < e && isxdigit((unsigned char)s[2]) && isxdigit((unsigned char)s[3])) {
		char hex[3] = {s[2], s[3], 0};

		buf_putc(out, (int)strtol(hex, NULL, 16));
		return s + 4;
	}
	buf_putc(out, '\\');
	return s + 1;
}

/* the f-string field opening at s ('{'), the literal ending before e: its
 * value appended to out; just past its '}', or NULL */
static const char *decode_field(const struct htab *vars, const char *s, const char *e,
				struct buf *out)
{
	const char *f, *expr_end = NULL, *x;
	int d = 0;

	/* find the end of the field and of its expression */
	for (f = s + 1; f < e; f++) {
		if (*f == '\'' || *f == '"') {
			char fq = *f;

			for (f++; f < e && *f != fq; f++)
				;
		} else if (*f == '(' || *f == '[' || *f == '{') {
			d++;
		} else if (d > 0 && (*f == ')' || *f == ']' || *f == '}')) {
			d--;
		} else if (d == 0 && *f == '}') {
			break;
		} else if (d == 0 && !expr_end
			   && (*f == ':' || (*f == '!' && f + 1 < e && f[1] != '='))) {
			expr_end = f;
		}
	}
	if (f >= e)
		return NULL;
	if (!expr_end)
		expr_end = f;
	/* only a plain field or one with !s: no format spec, no "=" */
	if (expr_end != f && !(expr_end[0] == '!' && expr_end[1] == 's' && expr_end + 2 == f))
		return NULL;
	x = expr_end;
	while (x > s + 1 && isspace((unsigned char)x[-1]))
		x--;
	if (x - 1 > s + 1 && x[-1] == '=' && !strchr("=!<>", x[-2]))
		return NULL;
	if (eval_text(vars, s + 1, (size_t)(expr_end - s - 1), out) < 0)
		return NULL;
	return f + 1;
}

int pyeval_string(const struct htab *vars, const struct pytok *tok, struct buf *out)
{
	const char *s = tok->s, *e = tok->s + tok->len;
	int flags, triple;
	char q;

	while (*s != '\'' && *s != '"')
		s++;
	flags = pytok_prefix(tok->s, (size_t)(s - tok->s));
	q = *s;
	if (flags < 0 || (flags & PYSTR_BYTES))
		return -1;
	triple = e - s >= 6 && s[1] == q && s[2] == q;
	s += triple ? 3 : 1;
	e -= triple ? 3 : 1;
	while (s < e) {
		if (*s == '\\' && s + 1 < e && !(flags & PYSTR_RAW)) {
			s = decode_escape(s, e, out);
		} else if ((flags & PYSTR_FMT) && (*s == '{' || *s == '}')) {
			if (s + 1 < e && s[1] == *s) {
				buf_putc(out, *s);
				s += 2;
			} else if (*s == '}' || !(s = decode_field(vars, s, e, out))) {
				return -1;
			}
		} else {
			/* a run of plain characters at once */
			const char *r = s + 1;

			while (r < e && !(*r == '\\' && !(flags & PYSTR_RAW))
			       && !((flags & PYSTR_FMT) && (*r == '{' || *r == '}')))
				r++;
			buf_put(out, s, (size_t)(r - s));
			s = r;
		}
	}
	return 0;
}

/* "%s" % args */
static int apply_percent(const char *fmt, const struct pyval *args, struct buf *out)
{
	size_t used = 0, i;
	size_t nargs = args->list ? args->n : 1;

	for (i = 0; fmt[i]; i++) {
		if (fmt[i] != '%') {
			buf_putc(out, fmt[i]);
			continue;
		}
		i++;
		if (fmt[i] == '%') {
			buf_putc(out, '%');
		} else if (fmt[i] == 's' || fmt[i] == 'd' || fmt[i] == 'i') {
			if (used >= nargs)
				return -1;
			buf_puts(out, args->list ? args->items[used] : args->s);
			used++;
		} else {
			return -1;
		}
	}
	return used == nargs ? 0 : -1;
}

/* "...".format(positional, name=value) */
static int apply_format(const char *fmt, const struct pyval *pos, char **kwn, char **kwv, size_t nkw,
			struct buf *out)
{
	size_t autoidx = 0, i, k;

	for (i = 0; fmt[i]; i++) {
		const char *close;
		size_t flen;

		if ((fmt[i] == '{' || fmt[i] == '}') && fmt[i + 1] == fmt[i]) {
			buf_putc(out, fmt[i++]);
			continue;
		}
		if (fmt[i] == '}')
			return -1;
		if (fmt[i] != '{') {
			buf_putc(out, fmt[i]);
			continue;
		}
		close = strchr(fmt + i, '}');
		if (!close)
			return -1;
		flen = (size_t)(close - fmt - i - 1);
		if (flen == 0) {
			if (autoidx >= pos->n)
				return -1;
			buf_puts(out, pos->items[autoidx++]);
		} else if (isdigit((unsigned char)fmt[i + 1])) {
			size_t idx = strtoul(fmt + i + 1, NULL, 10);

			if (strspn(fmt + i + 1, "0123456789") != flen || idx >= pos->n)
				return -1;
			buf_puts(out, pos->items[idx]);
		} else {
			for (k = 0; k < nkw; k++)
				if (strlen(kwn[k]) == flen && memcmp(kwn[k], fmt + i + 1, flen) == 0)
					break;
			if (k == nkw)
				return -1;
			buf_puts(out, kwv[k]);
		}
		i = (size_t)(close - fmt);
	}
	return 0;
}

/* os.getenv(NAME[, DEFAULT]) and friends: p at '(' */
static int eval_getenv(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		       struct pyval *out)
{
	struct pyval name = {0, NULL, NULL, 0}, def = {0, NULL, NULL, 0};
	const char *v;
	int have_def = 0, rc = -1;

	(*i)++;
	if (pyeval_expr(vars, t, n, i, &name) < 0 || name.list)
		goto done;
	if (pytok_is(pytok_at(t, n, *i), ",") && !pytok_is(pytok_at(t, n, *i + 1), ")")) {
		(*i)++;
		if (pytok_is(pytok_at(t, n, *i), "None")) {
			(*i)++;
		} else {
			if (pyeval_expr(vars, t, n, i, &def) < 0 || def.list)
				goto done;
			have_def = 1;
		}
	}
	if (pytok_is(pytok_at(t, n, *i), ","))
		(*i)++;
	if (!pytok_is(pytok_at(t, n, *i), ")"))
		goto done;
	(*i)++;
	v = getenv(name.s);
	if (!v && !have_def)
		goto done;
	pyval_str(out, xstrdup(v ? v : def.s));
	rc = 0;
done:
	pyval_free(&name);
	pyval_free(&def);
	return rc;
}

/* a comma-separated list of values up to the closing bracket. Like every
 * eval_*(), it leaves nothing to free in *out when it fails */
static int eval_items(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		      const char *close, struct pyval *out)
{
	memset(out, 0, sizeof(*out));
	out->list = 1;
	while (!pytok_eq(pytok_at(t, n, *i), close, strlen(close))) {
		struct pyval v;

		if (pyeval_expr(vars, t, n, i, &v) < 0)
			goto fail;
		if (v.list) {
			pyval_free(&v);
			goto fail;
		}
		val_push(out, v.s);
		if (pytok_is(pytok_at(t, n, *i), ","))
			(*i)++;
		else if (!pytok_eq(pytok_at(t, n, *i), close, strlen(close)))
			goto fail;
	}
	(*i)++;
	return 0;
fail:
	pyval_free(out);
	return -1;
}

/* a parenthesized value or tuple: p at '(' */
static int eval_paren(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		      struct pyval *out)
{
	struct pyval v;

	(*i)++;
	if (pytok_is(pytok_at(t, n, *i), ")")) {
		(*i)++;
		out->list = 1;
		return 0;
	}
	if (pyeval_expr(vars, t, n, i, &v) < 0)
		return -1;
	if (pytok_is(pytok_at(t, n, *i), ")")) {
		(*i)++;
		*out = v;
		return 0;
	}
	if (!pytok_is(pytok_at(t, n, *i), ",") || v.list) {
		pyval_free(&v);
		return -1;
	}
	(*i)++;
	if (eval_items(vars, t, n, i, ")", out) < 0) {
		pyval_free(&v);
		return -1;
	}
	/* put the first item in front */
	val_push(out, v.s);
	memmove(out->items + 1, out->items, (out->n - 1) * sizeof(char *));
	out->items[0] = v.s;
	return 0;
}

/* a variable, or os.getenv( getenv( os.environ.get( environ.get( */
static int eval_name(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		     struct pyval *out)
{
	const struct pytok *tok = pytok_at(t, n, *i);
	const struct pyval *v;
	size_t j = *i;

	if (pytok_is(tok, "os") && pytok_is(pytok_at(t, n, j + 1), "."))
		j += 2;
	if (pytok_is(pytok_at(t, n, j), "getenv") && pytok_is(pytok_at(t, n, j + 1), "(")) {
		*i = j + 1;
		return eval_getenv(vars, t, n, i, out);
	}
	if (pytok_is(pytok_at(t, n, j), "environ") && pytok_is(pytok_at(t, n, j + 1), ".")
	    && pytok_is(pytok_at(t, n, j + 2), "get") && pytok_is(pytok_at(t, n, j + 3), "(")) {
		*i = j + 3;
		return eval_getenv(vars, t, n, i, out);
	}
	v = htab_get(vars, tok->s, tok->len);
	if (!v)
		return -1;
	val_copy(out, v);
	(*i)++;
	return 0;
}

static int eval_primary(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
			struct pyval *out)
{
	const struct pytok *tok = pytok_at(t, n, *i);

	memset(out, 0, sizeof(*out));
	if (tok->kind == PYTOK_STRING) {
		struct buf b = BUF_INIT;

		while (pytok_at(t, n, *i)->kind == PYTOK_STRING) {
			if (pyeval_string(vars, pytok_at(t, n, *i), &b) < 0) {
				buf_free(&b);
				return -1;
			}
			(*i)++;
		}
		pyval_str(out, buf_take(&b));
		return 0;
	}
	if (pytok_is(tok, "("))
		return eval_paren(vars, t, n, i, out);
	if (pytok_is(tok, "[")) {
		(*i)++;
		return eval_items(vars, t, n, i, "]", out);
	}
	if (tok->kind == PYTOK_NAME && !pytok_is_keyword(tok))
		return eval_name(vars, t, n, i, out);
	return -1;
}

/* s.lower() or s.upper() (lower set): *i just past the '(' */
static int method_case(const struct pytok *t, size_t n, size_t *i, int lower, struct pyval *out)
{
	char *c;

	if (!pytok_is(pytok_at(t, n, *i), ")"))
		return -1;
	(*i)++;
	for (c = out->s; *c; c++)
		*c = (char)(lower ? tolower((unsigned char)*c) : toupper((unsigned char)*c));
	return 0;
}

/* s.join(list) */
static int method_join(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		       struct pyval *out)
{
	struct buf b = BUF_INIT;
	struct pyval args;
	size_t k;

	if (pyeval_expr(vars, t, n, i, &args) < 0)
		return -1;
	if (!args.list || !pytok_is(pytok_at(t, n, *i), ")")) {
		pyval_free(&args);
		return -1;
	}
	(*i)++;
	for (k = 0; k < args.n; k++) {
		if (k)
			buf_puts(&b, out->s);
		buf_puts(&b, args.items[k]);
	}
	pyval_free(&args);
	pyval_free(out);
	pyval_str(out, buf_take(&b));
	return 0;
}

/* the arguments of s.format(...) up to its ')': positional ones in pos,
 * name=value ones in kwn and kwv */
static int format_args(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		       struct pyval *pos, struct pyval *kwn, struct pyval *kwv)
{
	while (!pytok_is(pytok_at(t, n, *i), ")")) {
		struct pyval v;

		if (pytok_at(t, n, *i)->kind == PYTOK_NAME && pytok_is(pytok_at(t, n, *i + 1), "=")) {
			val_push(kwn, xstrndup(pytok_at(t, n, *i)->s, pytok_at(t, n, *i)->len));
			*i += 2;
			if (pyeval_expr(vars, t, n, i, &v) < 0 || v.list) {
				pyval_free(&v);
				val_push(kwv, xstrdup(""));
				return -1;
			}
			val_push(kwv, v.s);
		} else {
			if (pyeval_expr(vars, t, n, i, &v) < 0 || v.list) {
				pyval_free(&v);
				return -1;
			}
			val_push(pos, v.s);
		}
		if (pytok_is(pytok_at(t, n, *i), ","))
			(*i)++;
		else if (!pytok_is(pytok_at(t, n, *i), ")"))
			return -1;
	}
	(*i)++;
	return 0;
}

/* s.format(positional, name=value) */
static int method_format(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
			 struct pyval *out)
{
	struct pyval pos = {1, NULL, NULL, 0}, kwv = {1, NULL, NULL, 0};
	struct pyval kwn = {1, NULL, NULL, 0};
	struct buf b = BUF_INIT;
	int rc;

	rc = format_args(vars, t, n, i, &pos, &kwn, &kwv);
	if (rc == 0)
		rc = apply_format(out->s, &pos, kwn.items, kwv.items, kwn.n, &b);
	pyval_free(&pos);
	pyval_free(&kwn);
	pyval_free(&kwv);
	if (rc < 0) {
		buf_free(&b);
		return -1;
	}
	pyval_free(out);
	pyval_str(out, buf_take(&b));
	return 0;
}

/* a primary and the string methods called on it */
static int eval_postfix(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
			struct pyval *out)
{
	if (eval_primary(vars, t, n, i, out) < 0)
		return -1;
	while (pytok_is(pytok_at(t, n, *i), ".") && pytok_at(t, n, *i + 1)->kind == PYTOK_NAME
	       && pytok_is(pytok_at(t, n, *i + 2), "(")) {
		const struct pytok *m = pytok_at(t, n, *i + 1);
		int rc = -1;

		*i += 3;
		if (out->list)
			rc = -1;
		else if (pytok_is(m, "lower") || pytok_is(m, "upper"))
			rc = method_case(t, n, i, pytok_is(m, "lower"), out);
		else if (pytok_is(m, "join"))
			rc = method_join(vars, t, n, i, out);
		else if (pytok_is(m, "format"))
			rc = method_format(vars, t, n, i, out);
		if (rc < 0) {
			pyval_free(out);
			return -1;
		}
	}
	return 0;
}

static int eval_prod(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		     struct pyval *out)
{
	if (eval_postfix(vars, t, n, i, out) < 0)
		return -1;
	while (pytok_is(pytok_at(t, n, *i), "%")) {
		struct pyval r;
		struct buf b = BUF_INIT;

		(*i)++;
		if (out->list || eval_postfix(vars, t, n, i, &r) < 0) {
			pyval_free(out);
			return -1;
		}
		if (apply_percent(out->s, &r, &b) < 0) {
			buf_free(&b);
			pyval_free(&r);
			pyval_free(out);
			return -1;
		}
		pyval_free(&r);
		pyval_free(out);
		pyval_str(out, buf_take(&b));
	}
	return 0;
}

int pyeval_expr(const struct htab *vars, const struct pytok *t, size_t n, size_t *i,
		    struct pyval *out)
{
	if (eval_prod(vars, t, n, i, out) < 0)
		return -1;
	while (pytok_is(pytok_at(t, n, *i), "+")) {
		struct pyval r;

		(*i)++;
		if (eval_prod(vars, t, n, i, &r) < 0) {
			pyval_free(out);
			return -1;
		}
		if (out->list != r.list) {
			pyval_free(&r);
			pyval_free(out);
			return -1;
		}
		if (out->list) {
			size_t k;

			for (k = 0; k < r.n; k++)
				val_push(out, xstrdup(r.items[k]));
		} else {
			char *s = xasprintf("%s%s", out->s, r.s);

			free(out->s);
			out->s = s;
		}
		pyval_free(&r);
	}
	return 0;
}
