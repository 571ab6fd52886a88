/* pytoken.h: the Python 3 tokenizer, the one every reader of Python uses
 * (pyscan for discovery, alignment for the flag stage), and the helpers that
 * read its tokens. A string literal's value is pyeval's (its f-string fields
 * are expressions).
 *
 * The tokenizer follows Python 3.12's lexical rules closely enough never to
 * misread an import: every string form (quotes, triple quotes, r/b/u/f/t
 * prefixes and their combinations, f-strings with nested quotes, braces and
 * format specs), comments, explicit (backslash) and implicit (bracket) line
 * continuation, tabs, CRLF and lone-CR line ends, a UTF-8 BOM. Bytes >= 0x80
 * are identifier characters, so non-UTF-8 files tokenize too. Errors are the
 * ones Python's tokenizer reports: unterminated strings, unmatched or
 * never-closed brackets, bad dedents, stray characters, NUL bytes. Lines
 * are physical lines, 1-based, counted by every line end, in strings too. */
#ifndef MENACE_PYTOKEN_H
#define MENACE_PYTOKEN_H

#include <stddef.h>
#include <string.h>

enum pytok_kind {
	PYTOK_NAME,      /* identifiers and keywords */
	PYTOK_NUMBER,
	PYTOK_STRING,    /* the whole literal, prefix and quotes included */
	PYTOK_OP,        /* operators and brackets */
	PYTOK_NEWLINE,   /* end of a logical line (len 0) */
	PYTOK_COMMENT,   /* '#' to the end of the line */
};

struct pytok {
	const char *s;   /* points into the source */
	unsigned len;
	unsigned line;   /* 1-based */
	enum pytok_kind kind;
};

/* a tokenizer or scan error: line (1-based) and a lowercase message */
struct pyerr {
	unsigned line;
	char msg[120];
};

/* tokenize src into a malloc'd array *toks of *n tokens; 0, or -1 with *err
 * filled (and *toks NULL) when the source does not tokenize (the name is
 * the one the scanner's callers have always used) */
int pyscan_tokenize(const char *src, size_t len, struct pytok **toks, size_t *n,
		    struct pyerr *err);
/* as pyscan_tokenize() without COMMENT tokens: each comment goes to
 * comment(arg, its text, its length) instead, in source order, as it is
 * read (comment NULL: they are tokens) */
int pytok_tokenize_code(const char *src, size_t len, struct pytok **toks, size_t *n,
			struct pyerr *err, void (*comment)(void *arg, const char *s, size_t len),
			void *arg);
/* every token of src, read past errors: indentation is not checked; an
 * unterminated string is a STRING token to where the reading stopped (a
 * line end, or the end of src for a triple-quoted one) and the reading goes
 * on after that line; after another error the tokens of the lines up to
 * its line are kept and the reading goes on with the next line, no bracket
 * open. A NEWLINE ends the statement cut short. The number of errors met */
size_t pytok_tokenize_all(const char *src, size_t len, struct pytok **toks, size_t *n);

/* 1 when t is a NAME or OP whose text is s[0..n) (inline: the statement
 * walks call it on every token) */
static inline int pytok_eq(const struct pytok *t, const char *s, size_t n)
{
	return t->len == n && t->s[0] == s[0] && (t->kind == PYTOK_NAME || t->kind == PYTOK_OP)
	       && memcmp(t->s, s, n) == 0;
}
/* pytok_is(t, "literal"): pytok_eq() with a string literal */
#define pytok_is(t, lit) pytok_eq((t), (lit), sizeof(lit) - 1)
/* t[i] when i < n, else a NEWLINE token, so lookahead needs no bound check */
const struct pytok *pytok_at(const struct pytok *t, size_t n, size_t i);

/* a list of words, ended by {NULL, 0} */
struct pyword {
	const char *s;
	size_t len;
};
#define PYWORD(lit) {lit, sizeof(lit) - 1}
/* 1 when t is a NAME or OP whose text is one of list */
int pytok_in(const struct pytok *t, const struct pyword *list);
/* 1 when t is a NAME that is a keyword of Python 3 */
int pytok_is_keyword(const struct pytok *t);

/* the flags of a string literal's prefix */
enum { PYSTR_RAW = 1, PYSTR_BYTES = 2, PYSTR_FMT = 4, PYSTR_UNI = 8 };
/* the PYSTR_ flags of s[0..n) as a string prefix (f and t alike), or -1
 * when it is not one */
int pytok_prefix(const char *s, size_t n);
/* 1 when the STRING t is triple-quoted (three quotes open it, even when it
 * never ends) */
int pytok_triple(const struct pytok *t);

#endif
