/* pyscan.c: the tokenizer and the per-file facts (see pyscan.h). The
 * statement walk that finds imports is pyscan_file() at the end. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/htab.h"
#include "rules/pyscan.h"
#include "base/util.h"

#define MAXDEPTH 200
#define MAXINDENT 100

struct lexer {
	const char *src, *p, *end;
	unsigned line;
	char brackets[MAXDEPTH];
	unsigned bracket_line[MAXDEPTH];
	int depth;
	int indents[MAXINDENT];
	int nindent;
	int bol;           /* at the start of a logical line */
	int line_has_tok;  /* the current logical line has a token */
	struct pytok *toks;
	size_t n, cap;
	struct pyerr *err;
};

static int lex_error(struct lexer *lx, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int lex_error(struct lexer *lx, unsigned line, const char *fmt, ...)
{
	va_list ap;

	lx->err->line = line;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void emit(struct lexer *lx, enum pytok_kind kind, const char *s, size_t len, unsigned line)
{
	struct pytok *t;

	growarray(&lx->toks, &lx->cap, lx->n + 1, sizeof(*lx->toks));
	t = &lx->toks[lx->n++];
	t->s = s;
	t->len = (unsigned)len;
	t->line = line;
	t->kind = kind;
	if (kind != PYTOK_COMMENT && kind != PYTOK_NEWLINE)
		lx->line_has_tok = 1;
}

static int is_idstart(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_idchar(unsigned char c)
{
	return is_idstart(c) || (c >= '0' && c <= '9');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* consume one line end at p (\n, \r\n or \r); returns its length, 0 if none */
static size_t line_end(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return 1;
	if (p < end && *p == '\r')
		return (p + 1 < end && p[1] == '\n') ? 2 : 1;
	return 0;
}

/* flags of a string prefix, or -1 when s[0..n) is not one */
enum { SP_RAW = 1, SP_BYTES = 2, SP_FMT = 4, SP_UNI = 8 };

static int pystr_prefix(const char *s, size_t n)
{
	int f = 0;
	size_t i;

	if (n > 2)
		return -1;
	for (i = 0; i < n; i++) {
		int bit;

		switch (s[i] | 0x20) {
		case 'r': bit = SP_RAW; break;
		case 'b': bit = SP_BYTES; break;
		case 'f': case 't': bit = SP_FMT; break;
		case 'u': bit = SP_UNI; break;
		default: return -1;
		}
		if (f & bit)
			return -1;
		f |= bit;
	}
	if ((f & SP_UNI) && n > 1)
		return -1;
	if ((f & SP_BYTES) && (f & SP_FMT))
		return -1;
	return f;
}

static int scan_string(struct lexer *lx, int flags);

/* the replacement field of an f-string: p just after '{'; ends after the
 * matching '}' */
static int scan_field(struct lexer *lx, char quote, int triple, unsigned start)
{
	int d = 0;

	for (;;) {
		const char *p = lx->p;
		size_t nl;

		if (p >= lx->end)
			return lex_error(lx, start, "unterminated f-string literal");
		if ((nl = line_end(p, lx->end))) {
			lx->p += nl;
			lx->line++;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			if (!triple && *p == quote && d == 0)
				return lex_error(lx, start, "f-string: expecting '}'");
			if (scan_string(lx, 0) < 0)
				return -1;
			continue;
		}
		if (is_idstart((unsigned char)*p)) {
			const char *s = p;

			while (lx->p < lx->end && is_idchar((unsigned char)*lx->p))
				lx->p++;
			if (lx->p < lx->end && (*lx->p == '\'' || *lx->p == '"')) {
				int f = pystr_prefix(s, (size_t)(lx->p - s));

				if (f >= 0 && scan_string(lx, f) < 0)
					return -1;
			}
			continue;
		}
		switch (*p) {
		case '(': case '[': case '{':
			d++;
			lx->p++;
			continue;
		case ')': case ']':
			d--;
			lx->p++;
			continue;
		case '}':
			lx->p++;
			if (d == 0)
				return 0;
			d--;
			continue;
		case '#':
			while (lx->p < lx->end && !line_end(lx->p, lx->end))
				lx->p++;
			continue;
		case '\\':
			lx->p += (p + 1 < lx->end) ? 2 : 1;
			continue;
		case '!':
			lx->p += (p + 1 < lx->end && p[1] == '=') ? 2 : 1;
			continue;
		case ':':
			if (d > 0) {
				lx->p++;
				continue;
			}
			/* the format spec: literal text with nested fields */
			lx->p++;
			for (;;) {
				p = lx->p;
				if (p >= lx->end)
					return lex_error(lx, start, "unterminated f-string literal");
				if ((nl = line_end(p, lx->end))) {
					if (!triple)
						return lex_error(lx, start, "unterminated f-string literal");
					lx->p += nl;
					lx->line++;
				} else if (*p == '{') {
					lx->p++;
					if (scan_field(lx, quote, triple, start) < 0)
						return -1;
				} else if (*p == '}') {
					lx->p++;
					return 0;
				} else if (*p == quote && !triple) {
					return lex_error(lx, start, "f-string: expecting '}'");
				} else {
					lx->p++;
				}
			}
		default:
			lx->p++;
		}
	}
}

/* a string literal; p at its opening quote, flags from its prefix */
static int scan_string(struct lexer *lx, int flags)
{
	char q = *lx->p;
	int triple = lx->p + 2 < lx->end && lx->p[1] == q && lx->p[2] == q;
	unsigned start = lx->line;

	lx->p += triple ? 3 : 1;
	for (;;) {
		const char *p = lx->p;
		size_t nl;

		if (p >= lx->end)
			return triple ? lex_error(lx, start, "unterminated triple-quoted string literal")
				      : lex_error(lx, start, "unterminated string literal");
		if ((nl = line_end(p, lx->end))) {
			if (!triple)
				return lex_error(lx, start, "unterminated string literal");
			lx->p += nl;
			lx->line++;
			continue;
		}
		if (*p == '\\') {
			if (p + 1 >= lx->end) {
				lx->p++;
				continue;
			}
			if ((flags & SP_FMT) && (flags & SP_RAW) && p[1] != q && p[1] != '\\'
			    && !line_end(p + 1, lx->end)) {
				lx->p++;   /* raw f-string: "\{" still opens a field */
				continue;
			}
			if ((flags & SP_FMT) && !(flags & SP_RAW) && p[1] == 'N' && p + 2 < lx->end
			    && p[2] == '{') {
				lx->p += 3;   /* \N{NAME} is an escape, not a field */
				while (lx->p < lx->end && *lx->p != '}' && *lx->p != q
				       && !line_end(lx->p, lx->end))
					lx->p++;
				if (lx->p < lx->end && *lx->p == '}')
					lx->p++;
				continue;
			}
			if ((nl = line_end(p + 1, lx->end))) {
				lx->p += 1 + nl;
				lx->line++;
				continue;
			}
			lx->p += 2;
			continue;
		}
		if (*p == q) {
			if (!triple) {
				lx->p++;
				return 0;
			}
			if (p + 2 < lx->end && p[1] == q && p[2] == q) {
				lx->p += 3;
				return 0;
			}
			lx->p++;
			continue;
		}
		if ((flags & SP_FMT) && *p == '{') {
			if (p + 1 < lx->end && p[1] == '{') {
				lx->p += 2;
				continue;
			}
			lx->p++;
			if (scan_field(lx, q, triple, start) < 0)
				return -1;
			continue;
		}
		lx->p++;
	}
}

static void scan_number(struct lexer *lx)
{
	const char *p = lx->p, *e = lx->end;

	if (*p == '0' && p + 1 < e && strchr("xXoObB", p[1]) && p[1]) {
		p += 2;
		while (p < e && (isxdigit((unsigned char)*p) || *p == '_'))
			p++;
		lx->p = p;
		return;
	}
	while (p < e && (is_digit((unsigned char)*p) || *p == '_'))
		p++;
	if (p < e && *p == '.') {
		p++;
		while (p < e && (is_digit((unsigned char)*p) || *p == '_'))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;

		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (q < e && is_digit((unsigned char)*q)) {
			p = q;
			while (p < e && (is_digit((unsigned char)*p) || *p == '_'))
				p++;
		}
	}
	if (p < e && (*p == 'j' || *p == 'J'))
		p++;
	lx->p = p;
}

static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "...", NULL};
static const char *const ops2[] = {
	"!=", "==", "<=", ">=", "->", ":=", "**", "//", "<<", ">>", "+=", "-=", "*=",
	"/=", "%=", "&=", "|=", "^=", "@=", NULL,
};

static size_t op_len(const char *p, const char *end)
{
	size_t i;

	if (end - p >= 3)
		for (i = 0; ops3[i]; i++)
			if (memcmp(p, ops3[i], 3) == 0)
				return 3;
	if (end - p >= 2)
		for (i = 0; ops2[i]; i++)
			if (memcmp(p, ops2[i], 2) == 0)
				return 2;
	if (strchr("+-*/%@&|^~<>()[]{},:;.=", *p) && *p)
		return 1;
	return 0;
}

/* measure the indentation at the start of a logical line */
static int indentation(struct lexer *lx)
{
	int col = 0;
	const char *p = lx->p;

	while (p < lx->end) {
		if (*p == ' ')
			col++;
		else if (*p == '\t')
			col = (col / 8 + 1) * 8;
		else if (*p == '\f')
			col = 0;
		else
			break;
		p++;
	}
	lx->p = p;
	if (p >= lx->end || *p == '#' || line_end(p, lx->end) || *p == '\\')
		return 0;   /* blank or comment-only lines do not indent */
	if (col > lx->indents[lx->nindent - 1]) {
		if (lx->nindent == MAXINDENT)
			return lex_error(lx, lx->line, "too many levels of indentation");
		lx->indents[lx->nindent++] = col;
	} else {
		while (col < lx->indents[lx->nindent - 1])
			lx->nindent--;
		if (col != lx->indents[lx->nindent - 1])
			return lex_error(lx, lx->line,
					 "unindent does not match any outer indentation level");
	}
	return 0;
}

int pyscan_tokenize(const char *src, size_t len, struct pytok **toks, size_t *n,
		    struct pyerr *err)
{
	struct lexer lx;

	memset(&lx, 0, sizeof(lx));
	lx.src = src;
	lx.p = src;
	lx.end = src + len;
	lx.line = 1;
	lx.bol = 1;
	lx.nindent = 1;
	lx.err = err;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		lx.p += 3;
	while (lx.p < lx.end) {
		const char *p = lx.p;
		unsigned char c;
		size_t nl, ol;

		if (lx.bol && lx.depth == 0) {
			lx.bol = 0;
			if (indentation(&lx) < 0)
				goto fail;
			continue;
		}
		c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\f') {
			lx.p++;
		} else if (c == '#') {
			while (lx.p < lx.end && !line_end(lx.p, lx.end))
				lx.p++;
			emit(&lx, PYTOK_COMMENT, p, (size_t)(lx.p - p), lx.line);
		} else if ((nl = line_end(p, lx.end))) {
			if (lx.depth == 0 && lx.line_has_tok) {
				emit(&lx, PYTOK_NEWLINE, p, 0, lx.line);
				lx.line_has_tok = 0;
			}
			lx.p += nl;
			lx.line++;
			if (lx.depth == 0)
				lx.bol = 1;
		} else if (c == '\\') {
			if ((nl = line_end(p + 1, lx.end))) {
				lx.p += 1 + nl;
				lx.line++;
			} else if (p + 1 >= lx.end) {
				lex_error(&lx, lx.line, "unexpected eof after line continuation");
				goto fail;
			} else {
				lex_error(&lx, lx.line, "unexpected character after line continuation character");
				goto fail;
			}
		} else if (is_idstart(c)) {
			unsigned line = lx.line;
			int f;

			while (lx.p < lx.end && is_idchar((unsigned char)*lx.p))
				lx.p++;
			if (lx.p < lx.end && (*lx.p == '\'' || *lx.p == '"')
			    && (f = pystr_prefix(p, (size_t)(lx.p - p))) >= 0) {
				if (scan_string(&lx, f) < 0)
					goto fail;
				emit(&lx, PYTOK_STRING, p, (size_t)(lx.p - p), line);
			} else {
				emit(&lx, PYTOK_NAME, p, (size_t)(lx.p - p), line);
			}
		} else if (c == '\'' || c == '"') {
			unsigned line = lx.line;

			if (scan_string(&lx, 0) < 0)
				goto fail;
			emit(&lx, PYTOK_STRING, p, (size_t)(lx.p - p), line);
		} else if (is_digit(c) || (c == '.' && p + 1 < lx.end && is_digit((unsigned char)p[1]))) {
			scan_number(&lx);
			emit(&lx, PYTOK_NUMBER, p, (size_t)(lx.p - p), lx.line);
		} else if ((ol = op_len(p, lx.end))) {
			if (c == '(' || c == '[' || c == '{') {
				if (lx.depth == MAXDEPTH) {
					lex_error(&lx, lx.line, "too many nested parentheses");
					goto fail;
				}
				lx.bracket_line[lx.depth] = lx.line;
				lx.brackets[lx.depth++] = (char)c;
			} else if (c == ')' || c == ']' || c == '}') {
				char open = c == ')' ? '(' : c == ']' ? '[' : '{';

				if (lx.depth == 0) {
					lex_error(&lx, lx.line, "unmatched '%c'", c);
					goto fail;
				}
				if (lx.brackets[lx.depth - 1] != open) {
					lex_error(&lx, lx.line,
						  "closing parenthesis '%c' does not match opening parenthesis '%c'",
						  c, lx.brackets[lx.depth - 1]);
					goto fail;
				}
				lx.depth--;
			}
			emit(&lx, PYTOK_OP, p, ol, lx.line);
			lx.p += ol;
		} else if (c == 0) {
			lex_error(&lx, lx.line, "source code cannot contain null bytes");
			goto fail;
		} else {
			lex_error(&lx, lx.line, "invalid character '%c' (U+%04X)", c, c);
			goto fail;
		}
	}
	if (lx.depth > 0) {
		lex_error(&lx, lx.bracket_line[lx.depth - 1], "'%c' was never closed",
			  lx.brackets[lx.depth - 1]);
		goto fail;
	}
	if (lx.line_has_tok)
		emit(&lx, PYTOK_NEWLINE, lx.p, 0, lx.line);
	*toks = lx.toks;
	*n = lx.n;
	return 0;
fail:
	free(lx.toks);
	*toks = NULL;
	*n = 0;
	return -1;
}

static double pytok_entropy(const struct pytok *toks, size_t n)
{
	struct htab *t = htab_new(n / 2 + 16);
	size_t i, total = 0, it = 0;
	const char *key;
	size_t klen;
	void *val;
	double h = 0.0;

	for (i = 0; i < n; i++) {
		void **slot;

		if (toks[i].kind == PYTOK_COMMENT || toks[i].kind == PYTOK_NEWLINE)
			continue;
		slot = htab_put(t, toks[i].s, toks[i].len);
		*slot = (void *)((uintptr_t)*slot + 1);
		total++;
	}
	while (htab_next(t, &it, &key, &klen, &val)) {
		double p = (double)(uintptr_t)val / (double)total;

		h -= p * log2(p);
	}
	htab_free(t);
	return h > 0.0 ? h : 0.0;
}

double pyscan_entropy(const char *src, size_t len)
{
	struct pytok *toks;
	size_t n;
	struct pyerr err;
	double h;

	if (pyscan_tokenize(src, len, &toks, &n, &err) < 0)
		return -1.0;
	h = pytok_entropy(toks, n);
	free(toks);
	return h;
}

/* ---- the statement walk: imports, dynamic imports, facts ---- */

/* a statically evaluated value: a string, or a list of strings */
struct val {
	int list;
	char *s;
	char **items;
	size_t n;
};

struct scan {
	struct pyscan *ps;
	size_t cap;
	struct htab *vars;     /* name -> struct val * (NULL: not static) */
	struct htab *aliases;  /* names bound to importlib.import_module or __import__ */
	const char *src;
};

static int tok_eq(const struct pytok *t, const char *s, size_t n)
{
	return t->len == n && t->s[0] == s[0] && (t->kind == PYTOK_NAME || t->kind == PYTOK_OP)
	       && memcmp(t->s, s, n) == 0;
}

/* tok_is(t, "literal"): the token's text is the literal */
#define tok_is(t, lit) tok_eq((t), (lit), sizeof(lit) - 1)

static int tok_is_str(const struct pytok *t, const char *s)
{
	return tok_eq(t, s, strlen(s));
}

/* t[i] if i < n, else a NEWLINE sentinel */
static const struct pytok *at(const struct pytok *t, size_t n, size_t i)
{
	static const struct pytok eol = {"", 0, 0, PYTOK_NEWLINE};

	return i < n ? &t[i] : &eol;
}

struct word {
	const char *s;
	size_t len;
};

#define W(lit) {lit, sizeof(lit) - 1}

/* a legacy marker (deprecated, legacy, missing_reference), any case */
static int has_marker(const char *s, size_t n)
{
	static const struct word markers[] = {
		W("deprecated"), W("legacy"), W("missing_reference"), {NULL, 0},
	};
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		char c = (char)(s[i] | 0x20);

		if (c != 'd' && c != 'l' && c != 'm')
			continue;
		for (k = 0; markers[k].s; k++) {
			if (markers[k].s[0] != c || n - i < markers[k].len)
				continue;
			for (j = 1; j < markers[k].len; j++)
				if (tolower((unsigned char)s[i + j]) != markers[k].s[j])
					break;
			if (j == markers[k].len)
				return 1;
		}
	}
	return 0;
}

static const struct word keywords[] = {
	W("False"), W("None"), W("True"), W("and"), W("as"), W("assert"), W("async"),
	W("await"), W("break"), W("class"), W("continue"), W("def"), W("del"), W("elif"),
	W("else"), W("except"), W("finally"), W("for"), W("from"), W("global"), W("if"),
	W("import"), W("in"), W("is"), W("lambda"), W("nonlocal"), W("not"), W("or"),
	W("pass"), W("raise"), W("return"), W("try"), W("while"), W("with"), W("yield"),
	{NULL, 0},
};

static int tok_in(const struct pytok *tok, const struct word *list)
{
	size_t k;

	if (tok->kind != PYTOK_NAME && tok->kind != PYTOK_OP)
		return 0;
	for (k = 0; list[k].s; k++)
		if (tok_eq(tok, list[k].s, list[k].len))
			return 1;
	return 0;
}

static int is_keyword(const struct pytok *t)
{
	return t->kind == PYTOK_NAME && t->len <= 8 && tok_in(t, keywords);
}

static void val_free(struct val *v)
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

static void val_copy(struct val *dst, const struct val *src)
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

static void val_push(struct val *v, char *s)
{
	v->items = xreallocarray(v->items, v->n + 1, sizeof(char *));
	v->items[v->n++] = s;
}

static int eval_sum(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out);

/* evaluate the expression text of an f-string field */
static int eval_text(struct scan *sc, const char *s, size_t len, struct buf *out)
{
	struct pytok *t;
	size_t n, i = 0;
	struct pyerr err;
	struct val v = {0, NULL, NULL, 0};
	int rc = -1;

	if (pyscan_tokenize(s, len, &t, &n, &err) < 0)
		return -1;
	if (n && t[n - 1].kind == PYTOK_NEWLINE)
		n--;
	if (eval_sum(sc, t, n, &i, &v) == 0 && i == n && !v.list) {
		buf_puts(out, v.s);
		rc = 0;
	}
	val_free(&v);
	free(t);
	return rc;
}

/* the value of one string literal token; -1 for bytes or a field that is not static */
static int decode_string(struct scan *sc, const struct pytok *tok, struct buf *out)
{
	const char *s = tok->s, *e = tok->s + tok->len;
	int flags, triple;
	size_t pre = 0;
	char q;

	while (s[pre] != '\'' && s[pre] != '"')
		pre++;
	flags = pystr_prefix(s, pre);
	if (flags < 0 || (flags & SP_BYTES))
		return -1;
	s += pre;
	q = *s;
	triple = e - s >= 6 && s[1] == q && s[2] == q;
	s += triple ? 3 : 1;
	e -= triple ? 3 : 1;
	while (s < e) {
		if (*s == '\\' && s + 1 < e && !(flags & SP_RAW)) {
			char c = s[1], r = 0;

			switch (c) {
			case '\\': case '\'': case '"': r = c; break;
			case 'n': r = '\n'; break;
			case 't': r = '\t'; break;
			case 'r': r = '\r'; break;
			}
			if (r) {
				buf_putc(out, r);
				s += 2;
			} else if (c == '\n') {
				s += 2;
			} else if (c == 'x' && s + 3 < e && isxdigit((unsigned char)s[2])
				   && isxdigit((unsigned char)s[3])) {
				char hex[3] = {s[2], s[3], 0};

				buf_putc(out, (int)strtol(hex, NULL, 16));
				s += 4;
			} else {
				buf_putc(out, '\\');
				s++;
			}
			continue;
		}
		if ((flags & SP_FMT) && (*s == '{' || *s == '}')) {
			const char *f, *expr_end = NULL;
			int d = 0;

			if (s + 1 < e && s[1] == *s) {
				buf_putc(out, *s);
				s += 2;
				continue;
			}
			if (*s == '}')
				return -1;
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
				return -1;
			if (!expr_end)
				expr_end = f;
			/* only a plain field or one with !s: no format spec, no "=" */
			if (expr_end != f && !(expr_end[0] == '!' && expr_end[1] == 's' && expr_end + 2 == f))
				return -1;
			{
				const char *x = expr_end;

				while (x > s + 1 && isspace((unsigned char)x[-1]))
					x--;
				if (x - 1 > s + 1 && x[-1] == '=' && !strchr("=!<>", x[-2]))
					return -1;
			}
			if (eval_text(sc, s + 1, (size_t)(expr_end - s - 1), out) < 0)
				return -1;
			s = f + 1;
			continue;
		}
		buf_putc(out, *s++);
	}
	return 0;
}

/* "%s" % args */
static int apply_percent(const char *fmt, const struct val *args, struct buf *out)
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
static int apply_format(const char *fmt, const struct val *pos, char **kwn, char **kwv, size_t nkw,
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

static void val_str(struct val *v, char *s)
{
	memset(v, 0, sizeof(*v));
	v->s = s;
}

/* os.getenv(NAME[, DEFAULT]) and friends: p at '(' */
static int eval_getenv(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out)
{
	struct val name = {0, NULL, NULL, 0}, def = {0, NULL, NULL, 0};
	const char *v;
	int have_def = 0, rc = -1;

	(*i)++;
	if (eval_sum(sc, t, n, i, &name) < 0 || name.list)
		goto done;
	if (tok_is(at(t, n, *i), ",") && !tok_is(at(t, n, *i + 1), ")")) {
		(*i)++;
		if (tok_is(at(t, n, *i), "None")) {
			(*i)++;
		} else {
			if (eval_sum(sc, t, n, i, &def) < 0 || def.list)
				goto done;
			have_def = 1;
		}
	}
	if (tok_is(at(t, n, *i), ","))
		(*i)++;
	if (!tok_is(at(t, n, *i), ")"))
		goto done;
	(*i)++;
	v = getenv(name.s);
	if (!v && !have_def)
		goto done;
	val_str(out, xstrdup(v ? v : def.s));
	rc = 0;
done:
	val_free(&name);
	val_free(&def);
	return rc;
}

/* a comma-separated list of values up to the closing bracket. Like every
 * eval_*(), it leaves nothing to free in *out when it fails */
static int eval_items(struct scan *sc, const struct pytok *t, size_t n, size_t *i, const char *close,
		      struct val *out)
{
	memset(out, 0, sizeof(*out));
	out->list = 1;
	while (!tok_is_str(at(t, n, *i), close)) {
		struct val v;

		if (eval_sum(sc, t, n, i, &v) < 0)
			goto fail;
		if (v.list) {
			val_free(&v);
			goto fail;
		}
		val_push(out, v.s);
		if (tok_is(at(t, n, *i), ","))
			(*i)++;
		else if (!tok_is_str(at(t, n, *i), close))
			goto fail;
	}
	(*i)++;
	return 0;
fail:
	val_free(out);
	return -1;
}

static int eval_primary(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out)
{
	const struct pytok *tok = at(t, n, *i);

	memset(out, 0, sizeof(*out));
	if (tok->kind == PYTOK_STRING) {
		struct buf b = BUF_INIT;

		while (at(t, n, *i)->kind == PYTOK_STRING) {
			if (decode_string(sc, at(t, n, *i), &b) < 0) {
				buf_free(&b);
				return -1;
			}
			(*i)++;
		}
		val_str(out, buf_take(&b));
		return 0;
	}
	if (tok_is(tok, "(")) {
		struct val v;

		(*i)++;
		if (tok_is(at(t, n, *i), ")")) {
			(*i)++;
			out->list = 1;
			return 0;
		}
		if (eval_sum(sc, t, n, i, &v) < 0)
			return -1;
		if (tok_is(at(t, n, *i), ")")) {
			(*i)++;
			*out = v;
			return 0;
		}
		if (!tok_is(at(t, n, *i), ",") || v.list) {
			val_free(&v);
			return -1;
		}
		(*i)++;
		if (eval_items(sc, t, n, i, ")", out) < 0) {
			val_free(&v);
			return -1;
		}
		/* put the first item in front */
		val_push(out, v.s);
		memmove(out->items + 1, out->items, (out->n - 1) * sizeof(char *));
		out->items[0] = v.s;
		return 0;
	}
	if (tok_is(tok, "[")) {
		(*i)++;
		return eval_items(sc, t, n, i, "]", out);
	}
	if (tok->kind == PYTOK_NAME && !is_keyword(tok)) {
		const struct val *v;
		size_t j = *i;

		/* os.getenv( getenv( os.environ.get( environ.get( */
		if (tok_is(tok, "os") && tok_is(at(t, n, j + 1), "."))
			j += 2;
		if (tok_is(at(t, n, j), "getenv") && tok_is(at(t, n, j + 1), "(")) {
			*i = j + 1;
			return eval_getenv(sc, t, n, i, out);
		}
		if (tok_is(at(t, n, j), "environ") && tok_is(at(t, n, j + 1), ".")
		    && tok_is(at(t, n, j + 2), "get") && tok_is(at(t, n, j + 3), "(")) {
			*i = j + 3;
			return eval_getenv(sc, t, n, i, out);
		}
		v = htab_get(sc->vars, tok->s, tok->len);
		if (!v)
			return -1;
		val_copy(out, v);
		(*i)++;
		return 0;
	}
	return -1;
}

static int eval_postfix(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out)
{
	if (eval_primary(sc, t, n, i, out) < 0)
		return -1;
	while (tok_is(at(t, n, *i), ".") && at(t, n, *i + 1)->kind == PYTOK_NAME
	       && tok_is(at(t, n, *i + 2), "(")) {
		const struct pytok *m = at(t, n, *i + 1);
		struct buf b = BUF_INIT;
		struct val args;

		if (out->list)
			goto fail;
		*i += 3;
		if (tok_is(m, "lower") || tok_is(m, "upper")) {
			char *c;

			if (!tok_is(at(t, n, *i), ")"))
				goto fail;
			(*i)++;
			for (c = out->s; *c; c++)
				*c = (char)(tok_is(m, "lower") ? tolower((unsigned char)*c)
						     : toupper((unsigned char)*c));
		} else if (tok_is(m, "join")) {
			size_t k;

			if (eval_sum(sc, t, n, i, &args) < 0)
				goto fail;
			if (!args.list || !tok_is(at(t, n, *i), ")")) {
				val_free(&args);
				goto fail;
			}
			(*i)++;
			for (k = 0; k < args.n; k++) {
				if (k)
					buf_puts(&b, out->s);
				buf_puts(&b, args.items[k]);
			}
			val_free(&args);
			val_free(out);
			val_str(out, buf_take(&b));
		} else if (tok_is(m, "format")) {
			struct val pos = {1, NULL, NULL, 0}, kwv = {1, NULL, NULL, 0};
			struct val kwn = {1, NULL, NULL, 0};
			int rc;

			while (!tok_is(at(t, n, *i), ")")) {
				struct val v;

				if (at(t, n, *i)->kind == PYTOK_NAME && tok_is(at(t, n, *i + 1), "=")) {
					val_push(&kwn, xstrndup(at(t, n, *i)->s, at(t, n, *i)->len));
					*i += 2;
					if (eval_sum(sc, t, n, i, &v) < 0 || v.list) {
						val_free(&v);
						val_push(&kwv, xstrdup(""));
						goto fmtfail;
					}
					val_push(&kwv, v.s);
				} else {
					if (eval_sum(sc, t, n, i, &v) < 0 || v.list) {
						val_free(&v);
						goto fmtfail;
					}
					val_push(&pos, v.s);
				}
				if (tok_is(at(t, n, *i), ","))
					(*i)++;
				else if (!tok_is(at(t, n, *i), ")"))
					goto fmtfail;
			}
			(*i)++;
			rc = apply_format(out->s, &pos, kwn.items, kwv.items, kwn.n, &b);
			val_free(&pos);
			val_free(&kwn);
			val_free(&kwv);
			if (rc < 0)
				goto fail;
			val_free(out);
			val_str(out, buf_take(&b));
			continue;
fmtfail:
			val_free(&pos);
			val_free(&kwn);
			val_free(&kwv);
			goto fail;
		} else {
			goto fail;
		}
		continue;
fail:
		buf_free(&b);
		val_free(out);
		return -1;
	}
	return 0;
}

static int eval_prod(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out)
{
	if (eval_postfix(sc, t, n, i, out) < 0)
		return -1;
	while (tok_is(at(t, n, *i), "%")) {
		struct val r;
		struct buf b = BUF_INIT;

		(*i)++;
		if (out->list || eval_postfix(sc, t, n, i, &r) < 0) {
			val_free(out);
			return -1;
		}
		if (apply_percent(out->s, &r, &b) < 0) {
			buf_free(&b);
			val_free(&r);
			val_free(out);
			return -1;
		}
		val_free(&r);
		val_free(out);
		val_str(out, buf_take(&b));
	}
	return 0;
}

static int eval_sum(struct scan *sc, const struct pytok *t, size_t n, size_t *i, struct val *out)
{
	if (eval_prod(sc, t, n, i, out) < 0)
		return -1;
	while (tok_is(at(t, n, *i), "+")) {
		struct val r;

		(*i)++;
		if (eval_prod(sc, t, n, i, &r) < 0) {
			val_free(out);
			return -1;
		}
		if (out->list != r.list) {
			val_free(&r);
			val_free(out);
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
		val_free(&r);
	}
	return 0;
}

static void add_import(struct scan *sc, enum pyimport_kind kind, int level, char *module, char *name,
		       unsigned line)
{
	struct pyscan *ps = sc->ps;
	struct pyimport *im;

	growarray(&ps->imports, &sc->cap, ps->nimports + 1, sizeof(*ps->imports));
	im = &ps->imports[ps->nimports++];
	im->kind = kind;
	im->level = level;
	im->module = module;
	im->name = name;
	im->line = line;
}

/* a dotted name at t[*i]: malloc'd, or NULL */
static char *dotted(const struct pytok *t, size_t n, size_t *i)
{
	struct buf b = BUF_INIT;

	while (at(t, n, *i)->kind == PYTOK_NAME && !is_keyword(&t[*i])) {
		buf_put(&b, t[*i].s, t[*i].len);
		(*i)++;
		if (!tok_is(at(t, n, *i), ".") || at(t, n, *i + 1)->kind != PYTOK_NAME)
			break;
		buf_putc(&b, '.');
		(*i)++;
	}
	return b.len ? buf_take(&b) : NULL;
}

static void set_alias(struct scan *sc, const struct pytok *name)
{
	void **slot = htab_put(sc->aliases, name->s, name->len);

	*slot = (void *)1;
}

static void parse_import(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	unsigned line = t[i].line;
	char *mod;

	i++;
	while ((mod = dotted(t, n, &i))) {
		add_import(sc, PYIMPORT_IMPORT, 0, mod, NULL, line);
		if (tok_is(at(t, n, i), "as"))
			i += 2;
		if (!tok_is(at(t, n, i), ","))
			break;
		i++;
	}
}

static void parse_from(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	unsigned line = t[i].line;
	int level = 0, paren = 0;
	char *mod;

	for (i++;; i++) {
		if (tok_is(at(t, n, i), "."))
			level++;
		else if (tok_is(at(t, n, i), "..."))
			level += 3;
		else
			break;
	}
	mod = dotted(t, n, &i);
	if (!tok_is(at(t, n, i), "import") || (!mod && level == 0)) {
		free(mod);
		return;
	}
	if (!mod)
		mod = xstrdup("");
	i++;
	if (tok_is(at(t, n, i), "(")) {
		paren = 1;
		i++;
	}
	for (;;) {
		const struct pytok *nm = at(t, n, i), *as = nm;

		if (tok_is(nm, "*")) {
			add_import(sc, PYIMPORT_FROM, level, xstrdup(mod), xstrdup("*"), line);
			break;
		}
		if (nm->kind != PYTOK_NAME)
			break;
		i++;
		if (tok_is(at(t, n, i), "as") && at(t, n, i + 1)->kind == PYTOK_NAME) {
			as = &t[i + 1];
			i += 2;
		}
		add_import(sc, PYIMPORT_FROM, level, xstrdup(mod), xstrndup(nm->s, nm->len), line);
		if (level == 0 && strcmp(mod, "importlib") == 0 && tok_is(nm, "import_module"))
			set_alias(sc, as);
		if (!tok_is(at(t, n, i), ","))
			break;
		i++;
		if (paren && tok_is(at(t, n, i), ")"))
			break;
	}
	free(mod);
}

/* the end of the simple statement starting at i: its NEWLINE or ';' */
static size_t stmt_end(const struct pytok *t, size_t n, size_t i)
{
	int depth = 0;

	for (; i < n; i++) {
		if (t[i].kind == PYTOK_NEWLINE)
			break;
		if (tok_is(&t[i], "(") || tok_is(&t[i], "[") || tok_is(&t[i], "{"))
			depth++;
		else if (tok_is(&t[i], ")") || tok_is(&t[i], "]") || tok_is(&t[i], "}"))
			depth--;
		else if (depth == 0 && tok_is(&t[i], ";"))
			break;
	}
	return i;
}

static int is_main_string(struct scan *sc, const struct pytok *tok)
{
	struct buf b = BUF_INIT;
	int yes;

	if (tok->kind != PYTOK_STRING)
		return 0;
	yes = decode_string(sc, tok, &b) == 0 && b.s && strcmp(b.s, "__main__") == 0;
	buf_free(&b);
	return yes;
}

static void check_main(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	size_t k = i + 1;
	int parens = 0;

	while (tok_is(at(t, n, k), "(")) {
		parens++;
		k++;
	}
	if (((tok_is(at(t, n, k), "__name__") && is_main_string(sc, at(t, n, k + 2)))
	     || (is_main_string(sc, at(t, n, k)) && tok_is(at(t, n, k + 2), "__name__")))
	    && tok_is(at(t, n, k + 1), "==")) {
		k += 3;
		while (parens-- > 0 && tok_is(at(t, n, k), ")"))
			k++;
		if (parens < 0 && tok_is(at(t, n, k), ":"))
			sc->ps->main_guard = 1;
	}
}

static void set_var(struct scan *sc, const struct pytok *name, struct val *v)
{
	void **slot = htab_put(sc->vars, name->s, name->len);

	if (*slot) {
		val_free(*slot);
		free(*slot);
	}
	*slot = v;
}

/* NAME = expr, NAME: T = expr, NAME += expr */
static void assignment(struct scan *sc, const struct pytok *t, size_t n, size_t i, size_t end)
{
	const struct pytok *name = &t[i];
	size_t k = i + 1;
	int augment = 0;
	struct val v, *nv;

	if (tok_is(at(t, n, k), ":")) {
		while (k < end && !tok_is(&t[k], "="))
			k++;
		if (k == end)
			return;
	} else if (tok_is(at(t, n, k), "+=")) {
		augment = 1;
	} else if (!tok_is(at(t, n, k), "=")) {
		return;
	}
	k++;
	/* X = importlib.import_module / X = import_module / X = __import__ */
	if (!augment && end - k >= 1 && t[end - 1].kind == PYTOK_NAME
	    && (tok_is(&t[end - 1], "import_module") || tok_is(&t[end - 1], "__import__")
		|| (end - k == 1 && htab_get(sc->aliases, t[k].s, t[k].len)))) {
		size_t j = k;
		char *d = dotted(t, n, &j);

		free(d);
		if (j == end)
			set_alias(sc, name);
	}
	if (eval_sum(sc, t, n, &k, &v) < 0) {
		set_var(sc, name, NULL);
		return;
	}
	if (k != end) {
		val_free(&v);
		set_var(sc, name, NULL);
		return;
	}
	if (augment) {
		const struct val *old = htab_get(sc->vars, name->s, name->len);

		if (!old || old->list || v.list) {
			val_free(&v);
			set_var(sc, name, NULL);
			return;
		}
		nv = xmalloc(sizeof(*nv));
		val_str(nv, xasprintf("%s%s", old->s, v.s));
		val_free(&v);
		set_var(sc, name, nv);
		return;
	}
	nv = xmalloc(sizeof(*nv));
	*nv = v;
	set_var(sc, name, nv);
}

static void statement(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	const struct pytok *tok = &t[i];
	size_t end, k;

	if (tok_is(tok, "import")) {
		parse_import(sc, t, n, i);
	} else if (tok_is(tok, "from")) {
		parse_from(sc, t, n, i);
	} else if (tok_is(tok, "if")) {
		check_main(sc, t, n, i);
	} else if (tok_is(tok, "raise")) {
		end = stmt_end(t, n, i);
		for (k = i; k < end; k++)
			if (tok_is(&t[k], "DeprecationWarning"))
				sc->ps->legacy = 1;
	} else if (tok->kind == PYTOK_STRING) {
		end = stmt_end(t, n, i);
		for (k = i; k < end && t[k].kind == PYTOK_STRING; k++)
			;
		if (k != end)
			return;
		sc->ps->docstring = 1;
		for (k = i; k < end; k++)
			if (has_marker(t[k].s, t[k].len))
				sc->ps->legacy = 1;
	} else if (tok->kind == PYTOK_NAME && !is_keyword(tok)) {
		assignment(sc, t, n, i, stmt_end(t, n, i));
	}
}

/* a call at t[i] == "(": dynamic imports and warnings.warn(..., DeprecationWarning) */
static void call(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	const struct pytok *last = &t[i - 1];
	size_t first = i - 1, k;
	struct val v;
	int level = 0;
	const char *s;

	while (first >= 2 && tok_is(&t[first - 1], ".") && t[first - 2].kind == PYTOK_NAME)
		first -= 2;
	if (tok_is(last, "warn")) {
		int depth = 0;

		for (k = i; k < n; k++) {
			if (tok_is(&t[k], "(") || tok_is(&t[k], "[") || tok_is(&t[k], "{"))
				depth++;
			else if (tok_is(&t[k], ")") || tok_is(&t[k], "]") || tok_is(&t[k], "}"))
				depth--;
			else if (tok_is(&t[k], "DeprecationWarning"))
				sc->ps->legacy = 1;
			if (depth == 0)
				break;
		}
		return;
	}
	if (!(tok_is(last, "import_module") || tok_is(last, "spec_from_file_location")
	      || tok_is(last, "spec_from_loader") || tok_is(last, "SourceFileLoader")
	      || (first == i - 1 && (tok_is(last, "__import__")
				     || htab_get(sc->aliases, last->s, last->len)))))
		return;
	k = i + 1;
	if (at(t, n, k)->kind == PYTOK_NAME && tok_is(at(t, n, k + 1), "=")) {
		if (!tok_is(at(t, n, k), "name"))
			return;
		k += 2;
	}
	if (eval_sum(sc, t, n, &k, &v) < 0)
		return;
	if (v.list || !(tok_is(at(t, n, k), ",") || tok_is(at(t, n, k), ")"))) {
		val_free(&v);
		return;
	}
	s = v.s;
	while (*s == '.') {
		level++;
		s++;
	}
	/* import_module(".x", "pkg"): resolve against a static package */
	if (level > 0 && tok_is(at(t, n, k), ",")) {
		struct val pkg;
		size_t j = k + 1;

		if (at(t, n, j)->kind == PYTOK_NAME && tok_is(at(t, n, j + 1), "="))
			j += 2;
		if (eval_sum(sc, t, n, &j, &pkg) == 0) {
			if (!pkg.list) {
				char *base = pkg.s, *dot;
				int up = level - 1;

				while (up > 0 && (dot = strrchr(base, '.'))) {
					*dot = '\0';
					up--;
				}
				if (up == 0) {
					char *abs = *s ? xasprintf("%s.%s", base, s) : xstrdup(base);

					add_import(sc, PYIMPORT_DYNAMIC, 0, abs, NULL, t[i].line);
					val_free(&pkg);
					val_free(&v);
					return;
				}
			}
			val_free(&pkg);
		}
	}
	add_import(sc, PYIMPORT_DYNAMIC, level, xstrdup(s), NULL, t[i].line);
	val_free(&v);
}

/* def f(a, b=1, *c, d: T, **e): inside the body the parameters are not the
 * static values the same names may have been given earlier in the file */
static void forget_params(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	int depth = 0;

	if (!tok_is(at(t, n, i), "("))
		return;
	for (; i < n; i++) {
		const struct pytok *tok = &t[i];

		if (tok_is(tok, "(") || tok_is(tok, "[") || tok_is(tok, "{")) {
			depth++;
		} else if (tok_is(tok, ")") || tok_is(tok, "]") || tok_is(tok, "}")) {
			if (--depth == 0)
				return;
		} else if (depth == 1 && tok->kind == PYTOK_NAME && i > 0
			   && (tok_is(&t[i - 1], "(") || tok_is(&t[i - 1], ",") || tok_is(&t[i - 1], "*")
			       || tok_is(&t[i - 1], "**"))
			   && htab_get(sc->vars, tok->s, tok->len)) {
			set_var(sc, tok, NULL);
		}
	}
}

static const struct word branches[] = {
	W("if"), W("elif"), W("for"), W("while"), W("except"), W("and"), W("or"), {NULL, 0},
};
static const struct word compound[] = {
	W("if"), W("elif"), W("else"), W("for"), W("while"), W("try"), W("except"),
	W("finally"), W("with"), W("def"), W("class"), W("async"), {NULL, 0},
};

int pyscan_file(const char *src, size_t len, struct pyscan *ps, struct pyerr *err)
{
	struct pytok *all, *t;
	size_t nall, n = 0, i, it = 0;
	struct scan sc;
	int depth = 0, start = 1, compound_stmt = 0;
	const char *key;
	size_t klen;
	void *val;

	memset(ps, 0, sizeof(*ps));
	if (pyscan_tokenize(src, len, &all, &nall, err) < 0)
		return -1;
	ps->entropy = pytok_entropy(all, nall);
	/* comments only matter for the legacy markers */
	t = xreallocarray(NULL, nall ? nall : 1, sizeof(*t));
	for (i = 0; i < nall; i++) {
		if (all[i].kind == PYTOK_COMMENT) {
			if (has_marker(all[i].s, all[i].len))
				ps->legacy = 1;
		} else {
			t[n++] = all[i];
		}
	}
	free(all);
	memset(&sc, 0, sizeof(sc));
	sc.ps = ps;
	sc.src = src;
	sc.vars = htab_new(64);
	sc.aliases = htab_new(8);
	for (i = 0; i < n; i++) {
		const struct pytok *tok = &t[i];

		if (start) {
			start = 0;
			compound_stmt = tok_in(tok, compound);
			statement(&sc, t, n, i);
		}
		if (tok->kind == PYTOK_NEWLINE) {
			start = 1;
			continue;
		}
		if (tok->kind == PYTOK_NAME) {
			if (tok_is(tok, "def")) {
				ps->nfunctions++;
				forget_params(&sc, t, n, i + 2);
			}
			else if (tok_in(tok, branches))
				ps->nbranches++;
			continue;
		}
		if (tok->kind != PYTOK_OP)
			continue;
		if (tok_is(tok, "(")) {
			const struct pytok *prev = i > 0 ? &t[i - 1] : NULL;

			if (prev && ((prev->kind == PYTOK_NAME && !is_keyword(prev)
				      && !(i >= 2 && (tok_is(&t[i - 2], "def") || tok_is(&t[i - 2], "class"))))
				     || tok_is(prev, ")") || tok_is(prev, "]"))) {
				ps->ncalls++;
				if (prev->kind == PYTOK_NAME)
					call(&sc, t, n, i);
			}
			depth++;
		} else if (tok_is(tok, "[") || tok_is(tok, "{")) {
			depth++;
		} else if (tok_is(tok, ")") || tok_is(tok, "]") || tok_is(tok, "}")) {
			depth--;
		} else if (depth == 0 && tok_is(tok, ";")) {
			start = 1;
		} else if (depth == 0 && compound_stmt && tok_is(tok, ":")
			   && at(t, n, i + 1)->kind != PYTOK_NEWLINE) {
			start = 1;
		}
	}
	while (htab_next(sc.vars, &it, &key, &klen, &val)) {
		val_free(val);
		free(val);
	}
	htab_free(sc.vars);
	htab_free(sc.aliases);
	free(t);
	return 0;
}

void pyscan_release(struct pyscan *ps)
{
	size_t i;

	for (i = 0; i < ps->nimports; i++) {
		free(ps->imports[i].module);
		free(ps->imports[i].name);
	}
	free(ps->imports);
	memset(ps, 0, sizeof(*ps));
}
