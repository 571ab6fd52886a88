/* pyscan.c: the statement walk that finds a file's imports and facts (see
 * pyscan.h), over the tokens of pytoken.h, with pyeval.h for the values of
 * dynamic imports. pyscan_file() walks the statements; statement() and
 * call() read the ones that matter. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/htab.h"
#include "base/swar.h"
#include "base/util.h"
#include "rules/pyeval.h"
#include "rules/pyscan.h"

struct scan {
	struct pyscan *ps;
	size_t cap;
	struct htab *vars;     /* name -> struct pyval * (NULL: not static) */
	struct htab *aliases;  /* names bound to importlib.import_module or __import__ */
	int values;            /* the file's static values can matter (needs_values) */
};

static double token_entropy(const struct pytok *toks, size_t n)
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
	h = token_entropy(toks, n);
	free(toks);
	return h;
}

/* 1 when s[0..n) is w (lowercase), any ASCII case */
static int lower_eq(const char *s, const char *w, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++) {
		unsigned char c = (unsigned char)s[j];

		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)w[j])
			return 0;
	}
	return 1;
}

/* a legacy marker (deprecated, legacy, missing_reference), any case */
static int has_marker(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		/* none of the next eight bytes starts "dep", "leg" or "mis" in
		 * any case (v: the bytes, w and x: the ones one and two after
		 * them): skip them */
		while (n - i >= 10) {
			uint64_t v = swar_load(s + i) | (SWAR_ONES * 0x20);
			uint64_t w = swar_load(s + i + 1) | (SWAR_ONES * 0x20);
			uint64_t x = swar_load(s + i + 2) | (SWAR_ONES * 0x20);

			if ((swar_has(v, 'd') & swar_has(w, 'e') & swar_has(x, 'p'))
			    | (swar_has(v, 'l') & swar_has(w, 'e') & swar_has(x, 'g'))
			    | (swar_has(v, 'm') & swar_has(w, 'i') & swar_has(x, 's')))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		switch (s[i++] | 0x20) {
		case 'd':
			if (n - i >= 9 && lower_eq(s + i, "eprecated", 9))
				return 1;
			break;
		case 'l':
			if (n - i >= 5 && lower_eq(s + i, "egacy", 5))
				return 1;
			break;
		case 'm':
			if (n - i >= 16 && lower_eq(s + i, "issing_reference", 16))
				return 1;
			break;
		}
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

	while (pytok_at(t, n, *i)->kind == PYTOK_NAME && !pytok_is_keyword(&t[*i])) {
		buf_put(&b, t[*i].s, t[*i].len);
		(*i)++;
		if (!pytok_is(pytok_at(t, n, *i), ".") || pytok_at(t, n, *i + 1)->kind != PYTOK_NAME)
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
		if (pytok_is(pytok_at(t, n, i), "as"))
			i += 2;
		if (!pytok_is(pytok_at(t, n, i), ","))
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
		if (pytok_is(pytok_at(t, n, i), "."))
			level++;
		else if (pytok_is(pytok_at(t, n, i), "..."))
			level += 3;
		else
			break;
	}
	mod = dotted(t, n, &i);
	if (!pytok_is(pytok_at(t, n, i), "import") || (!mod && level == 0)) {
		free(mod);
		return;
	}
	if (!mod)
		mod = xstrdup("");
	i++;
	if (pytok_is(pytok_at(t, n, i), "(")) {
		paren = 1;
		i++;
	}
	for (;;) {
		const struct pytok *nm = pytok_at(t, n, i), *as = nm;

		if (pytok_is(nm, "*")) {
			add_import(sc, PYIMPORT_FROM, level, xstrdup(mod), xstrdup("*"), line);
			break;
		}
		if (nm->kind != PYTOK_NAME)
			break;
		i++;
		if (pytok_is(pytok_at(t, n, i), "as") && pytok_at(t, n, i + 1)->kind == PYTOK_NAME) {
			as = &t[i + 1];
			i += 2;
		}
		add_import(sc, PYIMPORT_FROM, level, xstrdup(mod), xstrndup(nm->s, nm->len), line);
		if (level == 0 && strcmp(mod, "importlib") == 0 && pytok_is(nm, "import_module"))
			set_alias(sc, as);
		if (!pytok_is(pytok_at(t, n, i), ","))
			break;
		i++;
		if (paren && pytok_is(pytok_at(t, n, i), ")"))
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
		if (pytok_is(&t[i], "(") || pytok_is(&t[i], "[") || pytok_is(&t[i], "{"))
			depth++;
		else if (pytok_is(&t[i], ")") || pytok_is(&t[i], "]") || pytok_is(&t[i], "}"))
			depth--;
		else if (depth == 0 && pytok_is(&t[i], ";"))
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
	yes = pyeval_string(sc->vars, tok, &b) == 0 && b.s && strcmp(b.s, "__main__") == 0;
	buf_free(&b);
	return yes;
}

static void check_main(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	size_t k = i + 1;
	int parens = 0;

	while (pytok_is(pytok_at(t, n, k), "(")) {
		parens++;
		k++;
	}
	if (((pytok_is(pytok_at(t, n, k), "__name__") && is_main_string(sc, pytok_at(t, n, k + 2)))
	     || (is_main_string(sc, pytok_at(t, n, k)) && pytok_is(pytok_at(t, n, k + 2), "__name__")))
	    && pytok_is(pytok_at(t, n, k + 1), "==")) {
		k += 3;
		while (parens-- > 0 && pytok_is(pytok_at(t, n, k), ")"))
			k++;
		if (parens < 0 && pytok_is(pytok_at(t, n, k), ":"))
			sc->ps->main_guard = 1;
	}
}

static void set_var(struct scan *sc, const struct pytok *name, struct pyval *v)
{
	void **slot = htab_put(sc->vars, name->s, name->len);

	if (*slot) {
		pyval_free(*slot);
		free(*slot);
	}
	*slot = v;
}

/* NAME = expr, NAME: T = expr, NAME += expr */
static void assignment(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	const struct pytok *name = &t[i];
	size_t k = i + 1, end;
	int augment = 0;
	struct pyval v, *nv;

	if (!pytok_is(pytok_at(t, n, k), ":") && !pytok_is(pytok_at(t, n, k), "+=")
	    && !pytok_is(pytok_at(t, n, k), "="))
		return;
	end = stmt_end(t, n, i);
	if (pytok_is(pytok_at(t, n, k), ":")) {
		while (k < end && !pytok_is(&t[k], "="))
			k++;
		if (k == end)
			return;
	} else if (pytok_is(pytok_at(t, n, k), "+=")) {
		augment = 1;
	} else if (!pytok_is(pytok_at(t, n, k), "=")) {
		return;
	}
	k++;
	/* X = importlib.import_module / X = import_module / X = __import__ */
	if (!augment && end - k >= 1 && t[end - 1].kind == PYTOK_NAME
	    && (pytok_is(&t[end - 1], "import_module") || pytok_is(&t[end - 1], "__import__")
		|| (end - k == 1 && htab_get(sc->aliases, t[k].s, t[k].len)))) {
		size_t j = k;
		char *d = dotted(t, n, &j);

		free(d);
		if (j == end)
			set_alias(sc, name);
	}
	if (pyeval_expr(sc->vars, t, n, &k, &v) < 0) {
		set_var(sc, name, NULL);
		return;
	}
	if (k != end) {
		pyval_free(&v);
		set_var(sc, name, NULL);
		return;
	}
	if (augment) {
		const struct pyval *old = htab_get(sc->vars, name->s, name->len);

		if (!old || old->list || v.list) {
			pyval_free(&v);
			set_var(sc, name, NULL);
			return;
		}
		nv = xmalloc(sizeof(*nv));
		pyval_str(nv, xasprintf("%s%s", old->s, v.s));
		pyval_free(&v);
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

	if (pytok_is(tok, "import")) {
		parse_import(sc, t, n, i);
	} else if (pytok_is(tok, "from")) {
		parse_from(sc, t, n, i);
	} else if (pytok_is(tok, "if")) {
		check_main(sc, t, n, i);
	} else if (pytok_is(tok, "raise")) {
		end = stmt_end(t, n, i);
		for (k = i; k < end; k++)
			if (pytok_is(&t[k], "DeprecationWarning"))
				sc->ps->legacy = 1;
	} else if (tok->kind == PYTOK_STRING) {
		end = stmt_end(t, n, i);
		for (k = i; k < end && t[k].kind == PYTOK_STRING; k++)
			;
		if (k != end)
			return;
		sc->ps->docstring = 1;
		for (k = i; k < end && !sc->ps->legacy; k++)
			if (has_marker(t[k].s, t[k].len))
				sc->ps->legacy = 1;
	} else if (tok->kind == PYTOK_NAME && !pytok_is_keyword(tok)) {
		if (sc->values)
			assignment(sc, t, n, i);
	}
}

/* a call at t[i] == "(": dynamic imports and warnings.warn(..., DeprecationWarning) */
static void call(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	const struct pytok *last = &t[i - 1];
	size_t first = i - 1, k;
	struct pyval v;
	int level = 0;
	const char *s;

	while (first >= 2 && pytok_is(&t[first - 1], ".") && t[first - 2].kind == PYTOK_NAME)
		first -= 2;
	if (pytok_is(last, "warn")) {
		int depth = 0;

		for (k = i; k < n; k++) {
			if (pytok_is(&t[k], "(") || pytok_is(&t[k], "[") || pytok_is(&t[k], "{"))
				depth++;
			else if (pytok_is(&t[k], ")") || pytok_is(&t[k], "]") || pytok_is(&t[k], "}"))
				depth--;
			else if (pytok_is(&t[k], "DeprecationWarning"))
				sc->ps->legacy = 1;
			if (depth == 0)
				break;
		}
		return;
	}
	if (!(pytok_is(last, "import_module") || pytok_is(last, "spec_from_file_location")
	      || pytok_is(last, "spec_from_loader") || pytok_is(last, "SourceFileLoader")
	      || (first == i - 1 && (pytok_is(last, "__import__")
				     || (htab_count(sc->aliases)
					 && htab_get(sc->aliases, last->s, last->len))))))
		return;
	k = i + 1;
	if (pytok_at(t, n, k)->kind == PYTOK_NAME && pytok_is(pytok_at(t, n, k + 1), "=")) {
		if (!pytok_is(pytok_at(t, n, k), "name"))
			return;
		k += 2;
	}
	if (pyeval_expr(sc->vars, t, n, &k, &v) < 0)
		return;
	if (v.list || !(pytok_is(pytok_at(t, n, k), ",") || pytok_is(pytok_at(t, n, k), ")"))) {
		pyval_free(&v);
		return;
	}
	s = v.s;
	while (*s == '.') {
		level++;
		s++;
	}
	/* import_module(".x", "pkg"): resolve against a static package */
	if (level > 0 && pytok_is(pytok_at(t, n, k), ",")) {
		struct pyval pkg;
		size_t j = k + 1;

		if (pytok_at(t, n, j)->kind == PYTOK_NAME && pytok_is(pytok_at(t, n, j + 1), "="))
			j += 2;
		if (pyeval_expr(sc->vars, t, n, &j, &pkg) == 0) {
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
					pyval_free(&pkg);
					pyval_free(&v);
					return;
				}
			}
			pyval_free(&pkg);
		}
	}
	add_import(sc, PYIMPORT_DYNAMIC, level, xstrdup(s), NULL, t[i].line);
	pyval_free(&v);
}

/* def f(a, b=1, *c, d: T, **e): inside the body the parameters are not the
 * static values the same names may have been given earlier in the file */
static void forget_params(struct scan *sc, const struct pytok *t, size_t n, size_t i)
{
	int depth = 0;

	if (!pytok_is(pytok_at(t, n, i), "("))
		return;
	for (; i < n; i++) {
		const struct pytok *tok = &t[i];

		if (pytok_is(tok, "(") || pytok_is(tok, "[") || pytok_is(tok, "{")) {
			depth++;
		} else if (pytok_is(tok, ")") || pytok_is(tok, "]") || pytok_is(tok, "}")) {
			if (--depth == 0)
				return;
		} else if (depth == 1 && tok->kind == PYTOK_NAME && i > 0
			   && (pytok_is(&t[i - 1], "(") || pytok_is(&t[i - 1], ",") || pytok_is(&t[i - 1], "*")
			       || pytok_is(&t[i - 1], "**"))
			   && htab_get(sc->vars, tok->s, tok->len)) {
			set_var(sc, tok, NULL);
		}
	}
}

/* a word that counts as a branch: if elif for while except and or */
static int is_branch(const struct pytok *t)
{
	if (t->kind != PYTOK_NAME)
		return 0;
	switch (t->s[0]) {
	case 'i': return pytok_is(t, "if");
	case 'e': return pytok_is(t, "elif") || pytok_is(t, "except");
	case 'f': return pytok_is(t, "for");
	case 'w': return pytok_is(t, "while");
	case 'a': return pytok_is(t, "and");
	case 'o': return pytok_is(t, "or");
	default: return 0;
	}
}

/* a word that starts a compound statement: if elif else for while try
 * except finally with def class async */
static int is_compound(const struct pytok *t)
{
	if (t->kind != PYTOK_NAME)
		return 0;
	switch (t->s[0]) {
	case 'i': return pytok_is(t, "if");
	case 'e': return pytok_is(t, "elif") || pytok_is(t, "else") || pytok_is(t, "except");
	case 'f': return pytok_is(t, "for") || pytok_is(t, "finally");
	case 'w': return pytok_is(t, "while") || pytok_is(t, "with");
	case 't': return pytok_is(t, "try");
	case 'd': return pytok_is(t, "def");
	case 'c': return pytok_is(t, "class");
	case 'a': return pytok_is(t, "async");
	default: return 0;
	}
}

/* a comment only matters for the legacy markers */
static void comment_marker(void *arg, const char *s, size_t len)
{
	struct pyscan *ps = arg;

	if (!ps->legacy && has_marker(s, len))
		ps->legacy = 1;
}

/* 1 when the values of the file's variables can change what it is found
 * to hold: it names a function call() follows (an alias of one is bound
 * from a name of one), or an f-string stands next to "==" (a __main__
 * guard check_main() evaluates). Else assignments need no evaluation. */
static int needs_values(const struct pytok *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pytok *tok = &t[i];

		if (tok->kind == PYTOK_NAME) {
			/* by length first: the text is read for few names */
			switch (tok->len) {
			case 10: case 13: case 16: case 23:
				if (pytok_is(tok, "import_module") || pytok_is(tok, "__import__")
				    || pytok_is(tok, "spec_from_file_location")
				    || pytok_is(tok, "spec_from_loader") || pytok_is(tok, "SourceFileLoader"))
					return 1;
			}
			continue;
		}
		if (tok->kind == PYTOK_STRING
		    && (pytok_is(pytok_at(t, n, i + 1), "==") || (i > 0 && pytok_is(&t[i - 1], "==")))
		    && tok->s[0] != '\'' && tok->s[0] != '"') {
			size_t k = 0;
			int f;

			while (tok->s[k] != '\'' && tok->s[k] != '"')
				k++;
			if ((f = pytok_prefix(tok->s, k)) >= 0 && (f & PYSTR_FMT))
				return 1;
		}
	}
	return 0;
}

/* 1 when the '(' at t[i] calls something: it follows a name that is no
 * keyword and not the one def or class introduces, or a ')' or ']' */
static int is_call(const struct pytok *t, size_t i)
{
	const struct pytok *prev = i > 0 ? &t[i - 1] : NULL;

	return prev && ((prev->kind == PYTOK_NAME && !pytok_is_keyword(prev)
			 && !(i >= 2 && (pytok_is(&t[i - 2], "def") || pytok_is(&t[i - 2], "class"))))
			|| pytok_is(prev, ")") || pytok_is(prev, "]"));
}

/* every statement of t to statement(), every call to call(), and the counts */
static void walk(struct scan *sc, const struct pytok *t, size_t n)
{
	struct pyscan *ps = sc->ps;
	int depth = 0, start = 1, compound_stmt = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pytok *tok = &t[i];

		if (start) {
			start = 0;
			compound_stmt = is_compound(tok);
			statement(sc, t, n, i);
		}
		if (tok->kind == PYTOK_NEWLINE) {
			start = 1;
			continue;
		}
		if (tok->kind == PYTOK_NAME) {
			if (pytok_is(tok, "def")) {
				ps->nfunctions++;
				if (sc->values)
					forget_params(sc, t, n, i + 2);
			} else if (is_branch(tok)) {
				ps->nbranches++;
			}
			continue;
		}
		if (tok->kind != PYTOK_OP || tok->len != 1)
			continue;
		switch (tok->s[0]) {
		case '(':
			if (is_call(t, i)) {
				ps->ncalls++;
				if (t[i - 1].kind == PYTOK_NAME)
					call(sc, t, n, i);
			}
			depth++;
			break;
		case '[': case '{':
			depth++;
			break;
		case ')': case ']': case '}':
			depth--;
			break;
		case ';':
			if (depth == 0)
				start = 1;
			break;
		case ':':
			if (depth == 0 && compound_stmt && pytok_at(t, n, i + 1)->kind != PYTOK_NEWLINE)
				start = 1;
			break;
		}
	}
}

int pyscan_file(const char *src, size_t len, struct pyscan *ps, struct pyerr *err)
{
	struct pytok *t;
	size_t n, it = 0;
	struct scan sc;
	const char *key;
	size_t klen;
	void *val;

	memset(ps, 0, sizeof(*ps));
	if (pytok_tokenize_code(src, len, &t, &n, err, comment_marker, ps) < 0) {
		memset(ps, 0, sizeof(*ps));
		return -1;
	}
	memset(&sc, 0, sizeof(sc));
	sc.ps = ps;
	sc.values = needs_values(t, n);
	sc.vars = htab_new(8);   /* grows; most files bind few names */
	sc.aliases = htab_new(1);
	walk(&sc, t, n);
	while (htab_next(sc.vars, &it, &key, &klen, &val)) {
		pyval_free(val);
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
