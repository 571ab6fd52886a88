/* pyscan.h: a Python 3 tokenizer and the facts discovery needs from one file.
 *
 * The tokenizer follows Python 3.12's lexical rules closely enough never to
 * misread an import: every string form (quotes, triple quotes, r/b/u/f/t
 * prefixes and their combinations, f-strings with nested quotes, braces and
 * format specs), comments, explicit (backslash) and implicit (bracket) line
 * continuation, tabs, CRLF and lone-CR line ends, a UTF-8 BOM. Bytes >= 0x80
 * are identifier characters, so non-UTF-8 files tokenize too. Errors are the
 * ones Python's tokenizer reports: unterminated strings, unmatched or
 * never-closed brackets, bad dedents, stray characters, NUL bytes. */
#ifndef MENACE_PYSCAN_H
#define MENACE_PYSCAN_H

#include <stddef.h>

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
 * filled (and *toks NULL) when the source does not tokenize */
int pyscan_tokenize(const char *src, size_t len, struct pytok **toks, size_t *n,
		    struct pyerr *err);

/* Shannon entropy in bits of the token frequency distribution of src: every
 * NAME, NUMBER, STRING and OP token counted by its exact text (no comments,
 * whitespace, NEWLINE/INDENT/DEDENT). 0.0 for a file without tokens; a
 * negative value when src does not tokenize. */
double pyscan_entropy(const char *src, size_t len);

enum pyimport_kind {
	PYIMPORT_IMPORT,   /* import module [as x] */
	PYIMPORT_FROM,     /* from [.*level]module import name [as x] */
	PYIMPORT_DYNAMIC,  /* import_module(E), __import__(E), ... with E static */
};

struct pyimport {
	enum pyimport_kind kind;
	int level;         /* leading dots of a relative import (0: absolute) */
	char *module;      /* dotted name without the dots; "" for "from . import x" */
	char *name;        /* PYIMPORT_FROM: the imported name ("*" for a star); else NULL */
	unsigned line;     /* line of the 'import'/'from' keyword or of the call */
};

/* the facts of one file */
struct pyscan {
	struct pyimport *imports;   /* in source order */
	size_t nimports;
	int main_guard;      /* has if __name__ == "__main__": */
	int legacy;          /* a marker in a comment/docstring, or raises DeprecationWarning */
	int docstring;       /* has at least one docstring (string-only statement) */
	unsigned nfunctions; /* def statements */
	unsigned ncalls;     /* call expressions */
	unsigned nbranches;  /* if elif for while except and or; complexity = 1 + nbranches */
	double entropy;      /* as pyscan_entropy() */
};

/* scan src; 0, or -1 with *err filled when it does not tokenize. Dynamic
 * imports read os.getenv()/os.environ.get() from the current environment. */
int pyscan_file(const char *src, size_t len, struct pyscan *ps, struct pyerr *err);
void pyscan_release(struct pyscan *ps);

#endif
