/* pytoken.c: the Python tokenizer and its token and string helpers (see
 * pytoken.h). The lexer is one step function, lex_step(), run to the end
 * of the source; pytok_tokenize_all() restarts it after each error. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/swar.h"
#include "base/util.h"
#include "rules/pytoken.h"

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
	int lenient;       /* no indentation errors; an unterminated string is a token */
	int partial;       /* the last error was an unterminated string */
	int cr;            /* the source has a '\r': line ends are not only '\n' */
	void (*comment)(void *arg, const char *s, size_t len);  /* else COMMENT tokens */
	void *comment_arg;
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

	if (lx->n == lx->cap)
		growarray(&lx->toks, &lx->cap, lx->n + 1, sizeof(*lx->toks));
	t = &lx->toks[lx->n++];
	t->s = s;
	t->len = (unsigned)len;
	t->line = line;
	t->kind = kind;
	if (kind != PYTOK_COMMENT && kind != PYTOK_NEWLINE)
		lx->line_has_tok = 1;
}

/* per byte: 1 an identifier character, 2 one that starts an identifier
 * (letters, '_', every byte >= 0x80; digits are 1 only) */
static const unsigned char idclass[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 3,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

static inline int is_idstart(unsigned char c)
{
	return idclass[c] & 2;
}

static inline int is_digit(unsigned char c)
{
	return (unsigned char)(c - '0') < 10;
}

static inline int is_idchar(unsigned char c)
{
	return idclass[c] & 1;
}

/* consume one line end at p (\n, \r\n or \r); returns its length, 0 if none */
static inline size_t line_end(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return 1;
	if (p < end && *p == '\r')
		return (p + 1 < end && p[1] == '\n') ? 2 : 1;
	return 0;
}

int pytok_prefix(const char *s, size_t n)
{
	int f = 0;
	size_t i;

	if (n > 2)
		return -1;
	for (i = 0; i < n; i++) {
		int bit;

		switch (s[i] | 0x20) {
		case 'r': bit = PYSTR_RAW; break;
		case 'b': bit = PYSTR_BYTES; break;
		case 'f': case 't': bit = PYSTR_FMT; break;
		case 'u': bit = PYSTR_UNI; break;
		default: return -1;
		}
		if (f & bit)
			return -1;
		f |= bit;
	}
	if ((f & PYSTR_UNI) && n > 1)
		return -1;
	if ((f & PYSTR_BYTES) && (f & PYSTR_FMT))
		return -1;
	return f;
}

static int scan_string(struct lexer *lx, int flags);
static int scan_field(struct lexer *lx, char quote, int triple, unsigned start);

/* the format spec of an f-string field: literal text with nested fields,
 * p just after its ':'; ends after the field's closing '}' */
static int scan_spec(struct lexer *lx, char quote, int triple, unsigned start)
{
	for (;;) {
		const char *p = lx->p;
		size_t nl;

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
}

/* a name inside an f-string field, and the string it prefixes if any */
static int scan_field_name(struct lexer *lx)
{
	const char *s = lx->p;

	while (lx->p < lx->end && is_idchar((unsigned char)*lx->p))
		lx->p++;
	if (lx->p < lx->end && (*lx->p == '\'' || *lx->p == '"')) {
		int f = pytok_prefix(s, (size_t)(lx->p - s));

		if (f >= 0 && scan_string(lx, f) < 0)
			return -1;
	}
	return 0;
}

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
			if (scan_field_name(lx) < 0)
				return -1;
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
			lx->p++;
			if (d > 0)
				continue;
			return scan_spec(lx, quote, triple, start);
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

		/* the plain characters in one go, eight at a time first */
		while (lx->end - p >= 8) {
			uint64_t v = swar_load(p);

			if (swar_has(v, (unsigned char)q) | swar_has(v, '\\') | swar_has(v, '\n')
			    | (lx->cr ? swar_has(v, '\r') : 0) | (flags & PYSTR_FMT ? swar_has(v, '{') : 0))
				break;
			p += 8;
		}
		while (p < lx->end && *p != q && *p != '\\' && *p != '\n' && *p != '\r'
		       && !(*p == '{' && (flags & PYSTR_FMT)))
			p++;
		lx->p = p;
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
			if ((flags & PYSTR_FMT) && (flags & PYSTR_RAW) && p[1] != q && p[1] != '\\'
			    && !line_end(p + 1, lx->end)) {
				lx->p++;   /* raw f-string: "\{" still opens a field */
				continue;
			}
			if ((flags & PYSTR_FMT) && !(flags & PYSTR_RAW) && p[1] == 'N' && p + 2 < lx->end
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
		if ((flags & PYSTR_FMT) && *p == '{') {
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

/* the length of the operator at p, 0 if none: the 3-character ones **=
 * //= >>= <<= ..., the 2-character != == <= >= -> := ** // << >> and
 * augmented assignments, and +-*\/%@&|^~<>()[]{},:;.= */
static size_t op_len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)p[0];
	unsigned char d = end - p >= 2 ? (unsigned char)p[1] : 0;
	unsigned char e = end - p >= 3 ? (unsigned char)p[2] : 0;

	switch (c) {
	case '*': case '/': case '<': case '>':
		if (d == c)
			return e == '=' ? 3 : 2;
		return d == '=' ? 2 : 1;
	case '.':
		return d == '.' && e == '.' ? 3 : 1;
	case '!':
		return d == '=' ? 2 : 0;
	case '-':
		return d == '>' || d == '=' ? 2 : 1;
	case '=': case ':': case '+': case '%': case '&': case '|': case '^': case '@':
		return d == '=' ? 2 : 1;
	case '~': case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';':
		return 1;
	default:
		return 0;
	}
}

/* measure the indentation at the start of a logical line */
static int indentation(struct lexer *lx)
{
	int col = 0;
	const char *p = lx->p;

	/* eight spaces at a time first */
	while (lx->end - p >= 8 && swar_load(p) == SWAR_ONES * ' ') {
		col += 8;
		p += 8;
	}
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
		if (lx->nindent < MAXINDENT)
			lx->indents[lx->nindent++] = col;
		else if (!lx->lenient)
			return lex_error(lx, lx->line, "too many levels of indentation");
	} else {
		while (col < lx->indents[lx->nindent - 1])
			lx->nindent--;
		if (col == lx->indents[lx->nindent - 1])
			return 0;
		if (!lx->lenient)
			return lex_error(lx, lx->line,
					 "unindent does not match any outer indentation level");
		lx->indents[lx->nindent++] = col;   /* a level of its own */
	}
	return 0;
}


static void lex_init(struct lexer *lx, const char *src, size_t len, struct pyerr *err)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->p = src;
	lx->end = src + len;
	lx->line = 1;
	lx->bol = 1;
	lx->nindent = 1;
	lx->err = err;
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		lx->p += 3;
	lx->cr = memchr(src, '\r', len) != NULL;
}

/* a line end at p, nl bytes long */
static void lex_line_end(struct lexer *lx, size_t nl)
{
	if (lx->depth == 0 && lx->line_has_tok) {
		emit(lx, PYTOK_NEWLINE, lx->p, 0, lx->line);
		lx->line_has_tok = 0;
	}
	lx->p += nl;
	lx->line++;
	if (lx->depth == 0)
		lx->bol = 1;
}

/* a backslash outside a string: it must end the line */
static int lex_continuation(struct lexer *lx)
{
	const char *p = lx->p;
	size_t nl;

	if ((nl = line_end(p + 1, lx->end))) {
		lx->p += 1 + nl;
		lx->line++;
		return 0;
	}
	if (p + 1 >= lx->end)
		return lex_error(lx, lx->line, "unexpected eof after line continuation");
	return lex_error(lx, lx->line, "unexpected character after line continuation character");
}

/* a string literal that does not end, p..lx->p: a STRING token all the
 * same when lenient; -1 */
static int partial_string(struct lexer *lx, const char *p, unsigned line)
{
	if (lx->lenient) {
		emit(lx, PYTOK_STRING, p, (size_t)(lx->p - p), line);
		lx->partial = 1;
	}
	return -1;
}

/* a name, or a string literal with a prefix */
static int lex_name(struct lexer *lx)
{
	const char *p = lx->p, *e = p + 1;
	unsigned line = lx->line;
	int f;

	while (e < lx->end && is_idchar((unsigned char)*e))
		e++;
	lx->p = e;
	if (lx->p < lx->end && (*lx->p == '\'' || *lx->p == '"')
	    && (f = pytok_prefix(p, (size_t)(lx->p - p))) >= 0) {
		if (scan_string(lx, f) < 0)
			return partial_string(lx, p, line);
		emit(lx, PYTOK_STRING, p, (size_t)(lx->p - p), line);
	} else {
		emit(lx, PYTOK_NAME, p, (size_t)(lx->p - p), line);
	}
	return 0;
}

/* the bracket nesting after the operator c */
static int lex_bracket(struct lexer *lx, unsigned char c)
{
	if (c == '(' || c == '[' || c == '{') {
		if (lx->depth == MAXDEPTH)
			return lex_error(lx, lx->line, "too many nested parentheses");
		lx->bracket_line[lx->depth] = lx->line;
		lx->brackets[lx->depth++] = (char)c;
	} else if (c == ')' || c == ']' || c == '}') {
		char open = c == ')' ? '(' : c == ']' ? '[' : '{';

		if (lx->depth == 0)
			return lex_error(lx, lx->line, "unmatched '%c'", c);
		if (lx->brackets[lx->depth - 1] != open)
			return lex_error(lx, lx->line,
					 "closing parenthesis '%c' does not match opening parenthesis '%c'",
					 c, lx->brackets[lx->depth - 1]);
		lx->depth--;
	}
	return 0;
}

/* one step at p: the indentation of a line, a blank, or one token */
static int lex_step(struct lexer *lx)
{
	const char *p = lx->p;
	unsigned char c;
	size_t nl, ol;

	if (lx->bol && lx->depth == 0) {
		lx->bol = 0;
		return indentation(lx);
	}
	c = (unsigned char)*p;
	if (is_idstart(c))   /* the most common token first */
		return lex_name(lx);
	if (c == ' ' || c == '\t' || c == '\f') {
		while (++p < lx->end && (*p == ' ' || *p == '\t' || *p == '\f'))
			;
		lx->p = p;
	} else if (c == '#') {
		const char *e = p;

		if (!lx->cr)
			e = (e = memchr(p, '\n', (size_t)(lx->end - p))) ? e : lx->end;
		else
			while (++e < lx->end && *e != '\n' && *e != '\r')
				;
		lx->p = e;
		if (lx->comment)
			lx->comment(lx->comment_arg, p, (size_t)(e - p));
		else
			emit(lx, PYTOK_COMMENT, p, (size_t)(e - p), lx->line);
	} else if ((nl = line_end(p, lx->end))) {
		lex_line_end(lx, nl);
	} else if (c == '\\') {
		return lex_continuation(lx);
	} else if (c == '\'' || c == '"') {
		unsigned line = lx->line;

		if (scan_string(lx, 0) < 0)
			return partial_string(lx, p, line);
		emit(lx, PYTOK_STRING, p, (size_t)(lx->p - p), line);
	} else if (is_digit(c) || (c == '.' && p + 1 < lx->end && is_digit((unsigned char)p[1]))) {
		scan_number(lx);
		emit(lx, PYTOK_NUMBER, p, (size_t)(lx->p - p), lx->line);
	} else if ((ol = op_len(p, lx->end))) {
		if (lex_bracket(lx, c) < 0)
			return -1;
		emit(lx, PYTOK_OP, p, ol, lx->line);
		lx->p += ol;
	} else if (c == 0) {
		return lex_error(lx, lx->line, "source code cannot contain null bytes");
	} else {
		return lex_error(lx, lx->line, "invalid character '%c' (U+%04X)", c, c);
	}
	return 0;
}

/* read to the end of the source: 0, or -1 at the first error (the tokens
 * read before it are kept) */
static int lex_run(struct lexer *lx)
{
	while (lx->p < lx->end)
		if (lex_step(lx) < 0)
			return -1;
	if (lx->depth > 0)
		return lex_error(lx, lx->bracket_line[lx->depth - 1], "'%c' was never closed",
				 lx->brackets[lx->depth - 1]);
	if (lx->line_has_tok)
		emit(lx, PYTOK_NEWLINE, lx->p, 0, lx->line);
	return 0;
}

int pyscan_tokenize(const char *src, size_t len, struct pytok **toks, size_t *n,
		    struct pyerr *err)
{
	return pytok_tokenize_code(src, len, toks, n, err, NULL, NULL);
}

int pytok_tokenize_code(const char *src, size_t len, struct pytok **toks, size_t *n,
			struct pyerr *err, void (*comment)(void *arg, const char *s, size_t len),
			void *arg)
{
	struct lexer lx;

	lex_init(&lx, src, len, err);
	lx.comment = comment;
	lx.comment_arg = arg;
	/* about one token per six bytes of Python: few reallocations */
	growarray(&lx.toks, &lx.cap, len / 6 + 16, sizeof(*lx.toks));
	if (lex_run(&lx) < 0) {
		free(lx.toks);
		*toks = NULL;
		*n = 0;
		return -1;
	}
	*toks = lx.toks;
	*n = lx.n;
	return 0;
}

/* after an error on line: drop the tokens of later lines, end the
 * statement of the kept ones, and go on at the start of the next line (the
 * line after an unterminated string's end) with nothing open. *from (at
 * line *from_line) is where the reading restarted last: the line is looked
 * for from there. */
static void lex_restart(struct lexer *lx, unsigned line, const char **from, unsigned *from_line)
{
	const char *p = *from;
	unsigned l = *from_line;
	size_t k, nl;

	while (lx->n > 0 && lx->toks[lx->n - 1].line > line)
		lx->n--;
	if (lx->partial)
		line = lx->line;
	lx->partial = 0;
	for (k = lx->n; k > 0 && lx->toks[k - 1].kind == PYTOK_COMMENT; k--)
		;
	while (p < lx->end && l <= line) {
		if ((nl = line_end(p, lx->end))) {
			p += nl;
			l++;
		} else {
			p++;
		}
	}
	if (k > 0 && lx->toks[k - 1].kind != PYTOK_NEWLINE)
		emit(lx, PYTOK_NEWLINE, p, 0, line);
	*from = lx->p = p;
	*from_line = lx->line = l;
	lx->depth = 0;
	lx->nindent = 1;
	lx->bol = 1;
	lx->line_has_tok = 0;
}

size_t pytok_tokenize_all(const char *src, size_t len, struct pytok **toks, size_t *n)
{
	struct lexer lx;
	struct pyerr err;
	const char *from = src;
	unsigned from_line = 1;
	size_t nerr = 0;

	lex_init(&lx, src, len, &err);
	lx.lenient = 1;
	while (lex_run(&lx) < 0) {
		nerr++;
		lex_restart(&lx, err.line, &from, &from_line);
	}
	*toks = lx.toks;
	*n = lx.n;
	return nerr;
}

/* ---- reading tokens ---- */

const struct pytok *pytok_at(const struct pytok *t, size_t n, size_t i)
{
	static const struct pytok eol = {"", 0, 0, PYTOK_NEWLINE};

	return i < n ? &t[i] : &eol;
}

int pytok_in(const struct pytok *t, const struct pyword *list)
{
	size_t k;

	if (t->kind != PYTOK_NAME && t->kind != PYTOK_OP)
		return 0;
	for (k = 0; list[k].s; k++)
		if (pytok_eq(t, list[k].s, list[k].len))
			return 1;
	return 0;
}

/* the keywords of Python 3 by length (at most 8) and first letter */
int pytok_is_keyword(const struct pytok *t)
{
	static const struct pyword kw[9][8] = {
		[2] = {PYWORD("as"), PYWORD("if"), PYWORD("in"), PYWORD("is"), PYWORD("or")},
		[3] = {PYWORD("and"), PYWORD("def"), PYWORD("del"), PYWORD("for"), PYWORD("not"),
		       PYWORD("try")},
		[4] = {PYWORD("None"), PYWORD("True"), PYWORD("elif"), PYWORD("else"), PYWORD("from"),
		       PYWORD("pass"), PYWORD("with")},
		[5] = {PYWORD("False"), PYWORD("async"), PYWORD("await"), PYWORD("break"),
		       PYWORD("class"), PYWORD("raise"), PYWORD("while"), PYWORD("yield")},
		[6] = {PYWORD("assert"), PYWORD("except"), PYWORD("global"), PYWORD("import"),
		       PYWORD("lambda"), PYWORD("return")},
		[7] = {PYWORD("finally")},
		[8] = {PYWORD("continue"), PYWORD("nonlocal")},
	};
	/* the first letters of each length's keywords: most names stop here */
#define KWBIT(c) ((c) >= 'a' ? 1u << ((c) - 'a') : (c) == 'F' ? 1u << 26 : (c) == 'N' ? 1u << 27 : 1u << 28)
	static const unsigned first[9] = {
		[2] = KWBIT('a') | KWBIT('i') | KWBIT('o'),
		[3] = KWBIT('a') | KWBIT('d') | KWBIT('f') | KWBIT('n') | KWBIT('t'),
		[4] = KWBIT('N') | KWBIT('T') | KWBIT('e') | KWBIT('f') | KWBIT('p') | KWBIT('w'),
		[5] = KWBIT('F') | KWBIT('a') | KWBIT('b') | KWBIT('c') | KWBIT('r') | KWBIT('w') | KWBIT('y'),
		[6] = KWBIT('a') | KWBIT('e') | KWBIT('g') | KWBIT('i') | KWBIT('l') | KWBIT('r'),
		[7] = KWBIT('f'),
		[8] = KWBIT('c') | KWBIT('n'),
	};
	const struct pyword *w;
	unsigned char c;

	if (t->kind != PYTOK_NAME || t->len < 2 || t->len > 8)
		return 0;
	c = (unsigned char)t->s[0];
	if (!((c >= 'a' && c <= 'z') || c == 'F' || c == 'N' || c == 'T') || !(first[t->len] & KWBIT(c)))
		return 0;
#undef KWBIT
	for (w = kw[t->len]; w < kw[t->len] + 8 && w->s; w++)
		if (w->s[0] == t->s[0] && memcmp(w->s, t->s, t->len) == 0)
			return 1;
	return 0;
}

/* ---- string literals ---- */

/* the opening quote of the STRING t, past its prefix */
static const char *string_quote(const struct pytok *t)
{
	const char *s = t->s;

	while (*s != '\'' && *s != '"')
		s++;
	return s;
}

int pytok_triple(const struct pytok *t)
{
	const char *s = string_quote(t);

	return t->s + t->len - s >= 3 && s[1] == s[0] && s[2] == s[0];
}

