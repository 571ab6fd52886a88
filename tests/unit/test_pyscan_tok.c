/* test_pyscan_tok.c: the Python tokenizer and the entropy measure. */
#include <math.h>
#include <stdlib.h>

#include "rules/pyscan.h"
#include "unit.h"

/* the kinds and texts of src's tokens as one string: "N:import O:( S:'x' ;" */
static char got[4096];

static void show(struct pytok *t, size_t n)
{
	size_t i, o = 0;

	got[0] = '\0';
	for (i = 0; i < n && o < sizeof(got) - 100; i++) {
		static const char kinds[] = "NDSOLC";

		if (t[i].kind == PYTOK_NEWLINE)
			o += (size_t)snprintf(got + o, sizeof(got) - o, "%s;", o ? " " : "");
		else
			o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%c:%.*s", o ? " " : "",
					      kinds[t[i].kind], (int)t[i].len, t[i].s);
	}
	free(t);
}

static int toks(const char *src)
{
	struct pytok *t;
	size_t n;
	struct pyerr err;

	if (pyscan_tokenize(src, strlen(src), &t, &n, &err) < 0) {
		snprintf(got, sizeof(got), "error %u: %s", err.line, err.msg);
		return -1;
	}
	show(t, n);
	return 0;
}

/* as toks() with pytok_tokenize_all(): the number of errors */
static int toks_all(const char *src)
{
	struct pytok *t;
	size_t n, nerr = pytok_tokenize_all(src, strlen(src), &t, &n);

	show(t, n);
	return (int)nerr;
}

static void test_basic(void)
{
	CHECK_INT(toks("import a.b as c, d\n"), 0);
	CHECK_STR(got, "N:import N:a O:. N:b N:as N:c O:, N:d ;");
	CHECK_INT(toks("x = (1 +\n  2)  # c\ny=3"), 0);
	CHECK_STR(got, "N:x O:= O:( D:1 O:+ D:2 O:) C:# c ; N:y O:= D:3 ;");
	CHECK_INT(toks("a = 1 \\\r\n + 2\r\nb **= 0x1F_0 >> 1.5e-3j"), 0);
	CHECK_STR(got, "N:a O:= D:1 O:+ D:2 ; N:b O:**= D:0x1F_0 O:>> D:1.5e-3j ;");
	CHECK_INT(toks("x = 1if y else 2"), 0);
	CHECK_STR(got, "N:x O:= D:1 N:if N:y N:else D:2 ;");
}

static void test_strings(void)
{
	CHECK_INT(toks("s = rb'\\'' + Rb\"x\" + u'y' + F'z' + fR'{a}'"), 0);
	CHECK_STR(got, "N:s O:= S:rb'\\'' O:+ S:Rb\"x\" O:+ S:u'y' O:+ S:F'z' O:+ S:fR'{a}' ;");
	CHECK_INT(toks("s = '''a\n'b'\n\"\"\" import x'''\nimport y"), 0);
	CHECK_STR(got, "N:s O:= S:'''a\n'b'\n\"\"\" import x''' ; N:import N:y ;");
	CHECK_INT(toks("f\"{x[\"a\"]!r:>{w}} {{ } \" + f'{ {1: 2}[1] }'"), 0);
	CHECK_STR(got, "S:f\"{x[\"a\"]!r:>{w}} {{ } \" O:+ S:f'{ {1: 2}[1] }' ;");
	CHECK_INT(toks("f'\\N{DASH} {a!=b}' ; br'\\\\'"), 0);
	CHECK_STR(got, "S:f'\\N{DASH} {a!=b}' O:; S:br'\\\\' ;");
	/* ub and bf are not prefixes: a name then a string */
	CHECK_INT(toks("ub'x'"), 0);
	CHECK_STR(got, "N:ub S:'x' ;");
}

static void test_indent(void)
{
	CHECK_INT(toks("if x:\n\tif y:\n\t\tpass\n        z\n"), 0);
	CHECK_INT(toks("if x:\n    a\n  b\n"), -1);
	CHECK_STR(got, "error 3: unindent does not match any outer indentation level");
	CHECK_INT(toks("def f():\n    x = (\n1)\n    # c\n\n    return x\n"), 0);
}

static void test_errors(void)
{
	CHECK_INT(toks("x = 'abc\n"), -1);
	CHECK_STR(got, "error 1: unterminated string literal");
	CHECK_INT(toks("x = 1\ny = '''abc\n\n"), -1);
	CHECK_STR(got, "error 2: unterminated triple-quoted string literal");
	CHECK_INT(toks("x = (1,\n2\n"), -1);
	CHECK_STR(got, "error 1: '(' was never closed");
	CHECK_INT(toks("x = 1)\n"), -1);
	CHECK_STR(got, "error 1: unmatched ')'");
	CHECK_INT(toks("x = [1)\n"), -1);
	CHECK_STR(got, "error 1: closing parenthesis ')' does not match opening parenthesis '['");
	CHECK_INT(toks("x = $y\n"), -1);
	CHECK_STR(got, "error 1: invalid character '$' (U+0024)");
	CHECK_INT(toks("x = 1 \\ y\n"), -1);
	CHECK_STR(got, "error 1: unexpected character after line continuation character");
	CHECK_INT(toks("a\n\n f'{x'\n"), -1);
	CHECK_STR(got, "error 3: f-string: expecting '}'");
}

static void test_nonutf8(void)
{
	CHECK_INT(toks("\xef\xbb\xbfs = 'caf\xe9'  # \xff\nna\xefve = 1\n"), 0);
	CHECK_STR(got, "N:s O:= S:'caf\xe9' C:# \xff ; N:na\xefve O:= D:1 ;");
}

/* reading past errors, as the alignment check does */
static void test_tokenize_all(void)
{
	CHECK_INT(toks_all("import a\nx = (1,\ny = 2\n"), 1);
	CHECK_STR(got, "N:import N:a ; N:x O:= O:( D:1 O:, ; N:y O:= D:2 ;");
	/* the innermost bracket never closed is the error's */
	CHECK_INT(toks_all("x = (\n  1\ny = [2\n"), 1);
	CHECK_STR(got, "N:x O:= O:( D:1 N:y O:= O:[ D:2 ;");
	CHECK_INT(toks_all("a = 1) # c\nb\n"), 1);
	CHECK_STR(got, "N:a O:= D:1 ; N:b ;");
	CHECK_INT(toks_all("x = $y\nz\n"), 1);
	CHECK_STR(got, "N:x O:= ; N:z ;");
	/* an unterminated string is a token to its line's end, or to the end */
	CHECK_INT(toks_all("s = 'ab # c\nt = 1\n"), 1);
	CHECK_STR(got, "N:s O:= S:'ab # c ; N:t O:= D:1 ;");
	CHECK_INT(toks_all("'''doc\nx = 1\n"), 1);
	CHECK_STR(got, "S:'''doc\nx = 1\n ;");
	/* indentation is not checked */
	CHECK_INT(toks_all("if x:\n    a\n  b\n"), 0);
	CHECK_STR(got, "N:if N:x O:: ; N:a ; N:b ;");
	CHECK_INT(toks_all("x = 1\n"), 0);
	CHECK_STR(got, "N:x O:= D:1 ;");
}

static void test_entropy(void)
{
	const char *one = "x x x x";
	const char *two = "a b # comment\n";
	const char *four = "a = b\n\n\n  # c\n(c)";
	const char *five = "x = 1; y = 2";

	CHECK(fabs(pyscan_entropy(one, strlen(one)) - 0.0) < 1e-12);
	CHECK(fabs(pyscan_entropy(two, strlen(two)) - 1.0) < 1e-12);
	/* a = b ( c ): six distinct tokens, once each */
	CHECK(fabs(pyscan_entropy(four, strlen(four)) - log2(6.0)) < 1e-12);
	/* x = 1 ; y = 2: '=' twice, five others once: 7 tokens */
	CHECK(fabs(pyscan_entropy(five, strlen(five))
		   - (5.0 / 7 * log2(7.0) + 2.0 / 7 * log2(7.0 / 2))) < 1e-12);
	CHECK(pyscan_entropy("", 0) == 0.0);
	CHECK(pyscan_entropy("x = '", 5) < 0);
}

int main(void)
{
	RUN(test_basic);
	RUN(test_strings);
	RUN(test_indent);
	RUN(test_errors);
	RUN(test_nonutf8);
	RUN(test_tokenize_all);
	RUN(test_entropy);
	return unit_failed != 0;
}
