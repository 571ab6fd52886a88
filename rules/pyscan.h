/* pyscan.h: the facts discovery and score need from one Python file: its
 * imports (static, relative, and dynamic ones whose module is a static
 * value), a __main__ guard, legacy markers, docstrings, counts of
 * functions, calls and branches; and, apart (score's), the entropy of its
 * tokens. The
 * tokens are pytoken.h's (included: its types and pyscan_tokenize() are
 * part of this API); the values of dynamic imports pyeval.h's. */
#ifndef MENACE_PYSCAN_H
#define MENACE_PYSCAN_H

#include <stddef.h>

#include "rules/pytoken.h"

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
};

/* scan src; 0, or -1 with *err filled when it does not tokenize. Dynamic
 * imports read os.getenv()/os.environ.get() from the current environment. */
int pyscan_file(const char *src, size_t len, struct pyscan *ps, struct pyerr *err);
/* free what pyscan_file() allocated in ps and zero it */
void pyscan_release(struct pyscan *ps);

#endif
