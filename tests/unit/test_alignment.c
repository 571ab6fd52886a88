/* the alignment checks on old/new file contents, without git */
#include <stdio.h>
#include <stdlib.h>

#include "rules/alignment.h"
#include "unit.h"

/* the tiers found for one change, as a string like "3,2" in issue order */
static const char *tiers(const char *path, const char *old_text, const char *new_text)
{
	static char out[64];
	struct align_report r = {0};
	size_t i, n = 0;

	alignment_check_file(&r, path, old_text, new_text);
	out[0] = '\0';
	for (i = 0; i < r.nissues && n + 3 < sizeof(out); i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%d", i ? "," : "", r.issues[i].tier);
	alignment_report_release(&r);
	return out;
}

static void docstrings(void)
{
	const char *old_text = "\"\"\"Mod.\"\"\"\n\ndef f():\n    \"\"\"Doc.\n\n    Args:\n    \"\"\"\n    return 1\n";
	const char *reworded = "\"\"\"Mod.\"\"\"\n\ndef f():\n    '''Other words.'''\n    return 1\n";
	const char *gone = "\"\"\"Mod.\"\"\"\n\ndef f():\n    return 1\n";

	CHECK_STR(tiers("m.py", old_text, reworded), "");
	CHECK_STR(tiers("m.py", old_text, gone), "3");
	/* a string that is not the first statement is no docstring */
	CHECK_STR(tiers("m.py", "x = 1\ns = \"\"\"text\"\"\"\n", "x = 1\n"), "");
	/* not Python: not checked */
	CHECK_STR(tiers("m.txt", old_text, gone), "");
}

static void removals(void)
{
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\nlogger.warning('x')\nlogging.info('y')\n", "\"\"\"A.\"\"\"\nlogging.info('y')\n"), "2");
	/* a logging call in a comment does not count */
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n# log.info('x')\n", "\"\"\"A.\"\"\"\n"), "");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\ndef g(x):\n    assert x\n    return x\n", "\"\"\"A.\"\"\"\ndef g(x):\n    return x\n"), "4");
	CHECK_STR(tiers("t.py", "def test_a():\n    pass\ndef test_b():\n    pass\n", "def test_a():\n    pass\n"), "4");
	CHECK_STR(tiers("tests/test_x.py", "def test_a():\n    assert 1\n", NULL), "4");
	CHECK_STR(tiers("pkg/test_y.py", "x = 1\n", NULL), "4");
	/* a deleted ordinary module is not "weakened" */
	CHECK_STR(tiers("pkg/mod.py", "\"\"\"M.\"\"\"\nlog.info('x')\n", NULL), "");
	/* moving a logging call is no removal */
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\nlog.info('a')\nx = 1\n", "\"\"\"A.\"\"\"\nx = 1\nlog.info('a')\n"), "");
}

static void additions(void)
{
	CHECK_STR(tiers("new.py", NULL, "x = 1\n"), "1");
	CHECK_STR(tiers("new.py", NULL, "#!/usr/bin/env python3\n# c\n\"\"\"Doc.\"\"\"\nx = 1\n"), "");
	CHECK_STR(tiers("pkg/__init__.py", NULL, ""), "");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\ny = eval(s)\n"), "3");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nexec (code)\n"), "3");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nmodel.eval()\n# eval(x)\n"), "");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nsubprocess.run(c, shell=True)\n"), "3");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nos.system('ls')\n"), "3");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nimport os  # noqa: F401\n"), "2");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nx = f()  # type: ignore\n"), "2");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\nAPI_KEY = \"sk-live-12345678\"\n"), "3");
	CHECK_STR(tiers("settings.ini", "", "password = 'hunter2hunter2'\n"), "3");
	CHECK_STR(tiers("a.py", "\"\"\"A.\"\"\"\n", "\"\"\"A.\"\"\"\npassword = os.environ['PW']\n"), "");
	CHECK_STR(tiers("id.txt", NULL, "AKIAABCDEFGHIJKLMNOP\n"), "3");
}

/* Python is read as tokens: what a string or a comment holds is no code,
 * every call counts (not every line), and a comment is a comment wherever
 * it stands (the old line-and-regex reader got each of these wrong) */
static void tokens(void)
{
	const char *doc = "\"\"\"A.\"\"\"\n";
	char old_text[256], new_text[256];

	snprintf(new_text, sizeof(new_text), "%sx = \"eval(s)\"\nhelp = 'see os.system(cmd)'\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "");
	snprintf(new_text, sizeof(new_text), "%ss = \"# noqa\"\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "");
	snprintf(old_text, sizeof(old_text), "%smsg = \"log.info(x)\"\n", doc);
	snprintf(new_text, sizeof(new_text), "%smsg = \"\"\n", doc);
	CHECK_STR(tiers("a.py", old_text, new_text), "");
	/* a suppression after a string of several lines */
	snprintf(new_text, sizeof(new_text), "%sx = \"\"\"\n\"\"\"  # noqa\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "2");
	/* two calls on one line, one removed */
	snprintf(old_text, sizeof(old_text), "%slog.info('a'); log.debug('b')\n", doc);
	snprintf(new_text, sizeof(new_text), "%slog.info('a')\n", doc);
	CHECK_STR(tiers("a.py", old_text, new_text), "2");
	/* a method named eval is defined, not called */
	snprintf(new_text, sizeof(new_text), "%sclass M:\n    def eval(self):\n        pass\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "");
	/* an assert after "if x:" on the same line */
	snprintf(old_text, sizeof(old_text), "%sdef g(x):\n    if x: assert x > 0\n", doc);
	snprintf(new_text, sizeof(new_text), "%sdef g(x):\n    if x: pass\n", doc);
	CHECK_STR(tiers("a.py", old_text, new_text), "4");
}

/* Python that does not tokenize is read past its errors */
static void broken(void)
{
	const char *doc = "\"\"\"A.\"\"\"\n";
	char new_text[256];

	snprintf(new_text, sizeof(new_text), "%sx = (\ny = eval(s)\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "3");
	snprintf(new_text, sizeof(new_text), "%ss = 'oops\n  y = exec(s)\n", doc);
	CHECK_STR(tiers("a.py", doc, new_text), "3");
	/* an unterminated docstring is a docstring all the same */
	CHECK_STR(tiers("new.py", NULL, "\"\"\"Doc.\n\neval(x)\n"), "");
}

static void grading(void)
{
	struct align_report r = {0};

	alignment_check_file(&r, "a.py", "\"\"\"A.\"\"\"\ndef f():\n    \"\"\"D.\"\"\"\n    log.info('x')\n",
	                     "\"\"\"A.\"\"\"\ndef f():\n    pass\n");
	CHECK_INT(r.nissues, 2);
	CHECK(alignment_severity(&r) == 0.75);
	CHECK(alignment_score(&r) == 1.25);
	alignment_report_release(&r);
	CHECK(alignment_severity(&r) == 0.0);
}

int main(void)
{
	RUN(docstrings);
	RUN(removals);
	RUN(additions);
	RUN(tokens);
	RUN(broken);
	RUN(grading);
	return unit_failed != 0;
}
