/* test_pyscan.c: the facts pyscan_file() extracts from one file. */
#include <stdlib.h>

#include "base/buf.h"
#include "rules/pyscan.h"
#include "unit.h"

static struct pyscan ps;
static char list[4096];

/* scan src; list = its imports as "K:level:module:name" joined by spaces */
static int scan(const char *src)
{
	struct pyerr err;
	size_t i, o = 0;

	pyscan_release(&ps);
	list[0] = '\0';
	if (pyscan_file(src, strlen(src), &ps, &err) < 0) {
		snprintf(list, sizeof(list), "error %u: %s", err.line, err.msg);
		return -1;
	}
	for (i = 0; i < ps.nimports; i++) {
		const struct pyimport *im = &ps.imports[i];

		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%c:%d:%s%s%s", o ? " " : "",
				      "IFD"[im->kind], im->level, im->module, im->name ? ":" : "",
				      im->name ? im->name : "");
	}
	return 0;
}

static void test_static(void)
{
	CHECK_INT(scan("import a.b as c, d\nfrom ...x.y import (p as q,\n r,)\nfrom . import *\n"), 0);
	CHECK_STR(list, "I:0:a.b I:0:d F:3:x.y:p F:3:x.y:r F:1::*");
	/* 'from' in yield from / raise from is not an import */
	CHECK_INT(scan("def g():\n    yield from h()\n    raise E from None\n"), 0);
	CHECK_STR(list, "");
	CHECK_INT(scan("if x: import a\nelse: from b import c\nfor i in y: import d\n"), 0);
	CHECK_STR(list, "I:0:a F:0:b:c I:0:d");
	/* an annotation's ':' does not start a statement */
	CHECK_INT(scan("x: str = 'a'\nprint(x)\n"), 0);
	CHECK_STR(list, "");
}

static void test_dynamic(void)
{
	CHECK_INT(scan("import importlib\nA = 'p'\nA += '.q'\nimportlib.import_module(A)\n"), 0);
	CHECK_STR(list, "I:0:importlib D:0:p.q");
	/* reassigned to something not static: forgotten */
	CHECK_INT(scan("A = 'p'\nA = f()\nimport_module(A)\n"), 0);
	CHECK_STR(list, "");
	/* a parameter is not the module-level name */
	CHECK_INT(scan("name = 'x'\ndef f(a, name=None):\n    import_module(name)\n"), 0);
	CHECK_STR(list, "");
	CHECK_INT(scan("import_module('..x.y')\n"), 0);
	CHECK_STR(list, "D:2:x.y");
	CHECK_INT(scan("import_module('..c', 'a.b')\n"), 0);
	CHECK_STR(list, "D:0:a.c");
	CHECK_INT(scan("X = ('a', 'b')\nimport_module('%s.%s' % X)\nimport_module(f'{X}')\n"), 0);
	CHECK_STR(list, "D:0:a.b");
	CHECK_INT(scan("m = __import__\nm('x' 'y')\nimport_module(name='z')\nimport_module(package='w')\n"), 0);
	CHECK_STR(list, "D:0:xy D:0:z");
	CHECK_INT(scan("import_module('{0}.{0}'.format('a'))\nimport_module('%s' % 'a', 'b' % 1)\n"), 0);
	CHECK_STR(list, "D:0:a.a D:0:a");
	/* format specs, conversions and '=' are not evaluated */
	CHECK_INT(scan("A = 'a'\nimport_module(f'{A!r}')\nimport_module(f'{A:>3}')\nimport_module(f'{A=}')\n"
		       "import_module(f'{A!s}.b')\n"), 0);
	CHECK_STR(list, "D:0:a.b");
}

static void test_facts(void)
{
	CHECK_INT(scan("def f(x):\n    if x and g(x):\n        return [h(i) for i in x if i]\n"
		       "class C(B):\n    def m(self): return (self.f)(1)[0](2)\n"), 0);
	CHECK_INT(ps.nfunctions, 2);
	CHECK_INT(ps.ncalls, 4);      /* g( h( (self.f)( [0]( */
	CHECK_INT(ps.nbranches, 4);   /* if and for if */
	CHECK_INT(ps.docstring, 0);
	CHECK_INT(ps.main_guard, 0);
	CHECK_INT(scan("\"\"\"Doc.\"\"\"\nif (__name__ == '__main__'):\n    main()\n"), 0);
	CHECK_INT(ps.docstring, 1);
	CHECK_INT(ps.main_guard, 1);
	CHECK_INT(ps.legacy, 0);
	CHECK_INT(scan("if __name__ == '__mane__':\n    main()\n"), 0);
	CHECK_INT(ps.main_guard, 0);
	CHECK_INT(scan("x = 'legacy'  # fine\n"), 0);
	CHECK_INT(ps.legacy, 0);
	CHECK_INT(scan("x = 1  # Missing_Reference\n"), 0);
	CHECK_INT(ps.legacy, 1);
	CHECK_INT(scan("def f():\n    'old and deprecated'\n"), 0);
	CHECK_INT(ps.legacy, 1);
	CHECK_INT(scan("warnings.warn('x', category=DeprecationWarning)\n"), 0);
	CHECK_INT(ps.legacy, 1);
	CHECK_INT(scan("class DeprecationWarningHandler: pass\nx = DeprecationWarning\n"), 0);
	CHECK_INT(ps.legacy, 0);
	CHECK_INT(scan("x = (\n"), -1);
	CHECK_STR(list, "error 1: '(' was never closed");
	pyscan_release(&ps);
}

int main(void)
{
	RUN(test_static);
	RUN(test_dynamic);
	RUN(test_facts);
	return unit_failed != 0;
}
