/* pyscan.c: the tokenizer and the per-file facts (see pyscan.h). The
 * statement walk that finds imports is pyscan_file() at the end. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "pyscan.h"
#include "util.h"

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
