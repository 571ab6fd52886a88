/* test_report.c: the pieces of the reports CI and people read: XML/HTML
 * escaping (base/xmlesc.h), the SVG plots (rules/svgplot.h), the JUnit
 * document (cli/outcomes.h) and the HTML report (rules/htmlreport.h). */
#include <math.h>
#include <stdlib.h>

#include "unit.h"
#include "base/buf.h"
#include "base/fsio.h"
#include "base/path.h"
#include "base/util.h"
#include "base/xmlesc.h"
#include "cli/outcomes.h"
#include "rules/htmlreport.h"
#include "rules/svgplot.h"

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	while (s && (s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void test_xml_specials(void)
{
	struct buf b = BUF_INIT;

	buf_putxmls(&b, "<a href=\"x\">&'</a>", 0);
	CHECK_STR(b.s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	buf_reset(&b);
	buf_putxmls(&b, "a\nb\tc\rd", 1);
	CHECK_STR(b.s, "a&#10;b&#9;c&#13;d");
	buf_reset(&b);
	buf_putxmls(&b, "a\nb", 0);
	CHECK_STR(b.s, "a\nb");
	buf_free(&b);
}

static void test_xml_bytes(void)
{
	struct buf b = BUF_INIT;

	/* kept: UTF-8 of 2, 3 and 4 bytes; replaced: a control character,
	 * a lone continuation byte, an overlong '/', a surrogate, a cut sequence */
	static const char in[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|\x01|\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82";

	buf_putxml(&b, in, sizeof(in) - 1, 0);
	CHECK_STR(b.s, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80|?|?|??|???|??");
	buf_free(&b);
}

static void test_svg_points(void)
{
	double v[] = {0.5, NAN, 1, 0.75};
	struct svgseries s[] = {{"R<I>", v, 4, "#000"}};
	struct buf b = BUF_INIT;
	double lo, hi;

	svgplot_lines(&b, "a <label>", s, 1, 300, 100);
	/* one point per finite value, the name escaped everywhere */
	CHECK_INT(count(b.s, "<circle class=\"pt\""), 3);
	CHECK_INT(count(b.s, "data-series=\"R&lt;I&gt;\""), 3);
	CHECK_HAS(b.s, "data-i=\"4\" data-v=\"0.75\"");
	CHECK_HAS(b.s, "aria-label=\"a &lt;label&gt;\"");
	CHECK_INT(count(b.s, "<polyline"), 1);
	CHECK(!strstr(b.s, "<I>"));
	svgplot_range(s, 1, &lo, &hi);
	CHECK(lo == 0.5 && hi == 1);
	v[0] = v[2] = v[3] = 2;
	svgplot_range(s, 1, &lo, &hi);
	CHECK(lo == 1.5 && hi == 2.5);
	buf_free(&b);
}

static void test_junit_document(void)
{
	char dir[] = "/tmp/menace-unit-report.XXXXXX", *path, *text;
	struct outcomes oc;
	struct rulecase *c;
	struct selfcase *s;

	CHECK(mkdtemp(dir));
	path = path_join(dir, "j.xml");
	outcomes_init(&oc);
	oc.caprules = 2;
	oc.nrules = 2;
	oc.rules = xcalloc(2, sizeof(*oc.rules));
	c = &oc.rules[0];
	c->suite = xstrdup("build");
	c->name = xstrdup("cc[a<b>.c]");
	c->rule = xstrdup("cc");
	c->file = xstrdup("menace.yaml");
	c->st = RS_FAILED;
	c->secs = 0.25;
	c->reason = xstrdup("never built");
	c->failure = xstrdup("exit status 2");
	c->command = xstrdup("$ cc -c a<b>.c");
	c->output = xstrdup("error: ]]> \x02");
	c = &oc.rules[1];
	c->suite = xstrdup("build");
	c->name = xstrdup("link");
	c->rule = xstrdup("link");
	c->file = xstrdup("menace.yaml");
	c->st = RS_SKIPPED;
	c->reason = xstrdup("a dependency failed");
	oc.capself = oc.nself = 1;
	oc.self = xcalloc(1, sizeof(*oc.self));
	s = &oc.self[0];
	s->rule = xstrdup("selftest");
	s->result = xstrdup("r.json");
	s->module = xstrdup("pkg/a.py");
	s->path = xstrdup("repo/pkg/a.py");
	s->scenario = xstrdup("hostile_input");
	s->level = xstrdup("high");
	s->exit_code = 1;
	s->tail = xstrdup("Traceback & <boom>");
	CHECK_INT(junit_write(&oc, path), 0);
	text = read_file(path, NULL);
	CHECK_HAS(text, "<testsuites name=\"menace\" tests=\"3\" failures=\"2\" errors=\"0\"");
	CHECK_HAS(text, "<testsuite name=\"build\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\"");
	CHECK_HAS(text, "<testcase classname=\"cc\" name=\"cc[a&lt;b&gt;.c]\" time=\"0.250\" status=\"failed\">");
	CHECK_HAS(text, "<failure message=\"exit status 2\" type=\"rule\">$ cc -c a&lt;b&gt;.c\nerror: ]]&gt; ?</failure>");
	CHECK_HAS(text, "<skipped>a dependency failed</skipped>");
	CHECK_HAS(text, "<testcase classname=\"pkg/a.py\" name=\"hostile_input-high\" time=\"0.000\" status=\"failed\">");
	CHECK_HAS(text, "<failure message=\"exit code 1\" type=\"selftest\">Traceback &amp; &lt;boom&gt;</failure>");
	CHECK_INT(outcomes_failed_rules(&oc), 1);
	CHECK_INT(outcomes_failed_selftests(&oc), 1);
	free(text);
	outcomes_release(&oc);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = path_join(dir, name);

	CHECK_INT(write_file_atomic(p, text, strlen(text)), 0);
	free(p);
}

static void test_html_module_named_markup(void)
{
	char dir[] = "/tmp/menace-unit-report.XXXXXX";
	struct htmlreport_opts o;
	struct buf b = BUF_INIT;

	CHECK(mkdtemp(dir));
	put(dir, "scores.json", "{\"<script>alert(1)</script>.py\": {\"roi\": 0.5, \"raroi\": 0.25},"
	    " \"a.py\": {\"roi\": 1, \"raroi\": 1}}");
	put(dir, "roi_history.json", "{\"version\": 2, \"roi_history\": [0.5, 0.75], \"raroi_history\": [0.1, 0.6],"
	    " \"module_deltas\": {\"<script>alert(1)</script>.py\": [1, -0.5], \"a.py\": [1]},"
	    " \"module_raroi\": {\"<script>alert(1)</script>.py\": [1, 0.25], \"a.py\": [1]},"
	    " \"module_entropy_deltas\": {\"a.py\": [0, 0.5, -0.25]}, \"module_entropy\": {\"a.py\": 3}}");
	put(dir, "selftest/a.py/hostile_input-low.json", "{\"scenario\": \"hostile_input\", \"level\": \"low\", \"passed\": true}");
	put(dir, "selftest/a.py/user_misuse-high.json", "{\"scenario\": \"user_misuse\", \"level\": \"high\", \"passed\": false}");
	put(dir, "sandbox_meta.log.flags", "[{\"name\": \"a.py\"}]");
	memset(&o, 0, sizeof(o));
	o.data = dir;
	CHECK_INT(htmlreport_render(&o, &b), 0);
	CHECK_INT(count(b.s, "<script"), 0);
	CHECK_HAS(b.s, "<tr data-module=\"&lt;script&gt;alert(1)&lt;/script&gt;.py\">");
	/* columns in canonical order, low before high; a.py's cells */
	CHECK_HAS(b.s, "<th class=\"matrix\">hostile_input-low</th><th class=\"matrix\">user_misuse-high</th>");
	CHECK_HAS(b.s, "<code>a.py</code></td><td class=\"pass\">pass</td><td class=\"fail\">fail</td>");
	CHECK_HAS(b.s, "<td class=\"status\">scored, flagged complete</td>");
	/* points: ROI 2 + RAROI 2 for the first module, 1 + 1 + entropy 3 for
	 * a.py, 2 + 2 overall; the entropy rebuilt backwards from the last */
	CHECK_INT(count(b.s, "<circle class=\"pt\""), 13);
	CHECK_HAS(b.s, "data-series=\"entropy\" data-i=\"1\" data-v=\"2.75\"");
	CHECK_HAS(b.s, "data-series=\"entropy\" data-i=\"3\" data-v=\"3\"");
	CHECK_HAS(b.s, "data-series=\"ROI\" data-i=\"2\" data-v=\"0.5\"");
	buf_free(&b);
	unit_remove_dir(dir);
}

int main(void)
{
	RUN(test_xml_specials);
	RUN(test_xml_bytes);
	RUN(test_svg_points);
	RUN(test_junit_document);
	RUN(test_html_module_named_markup);
	return unit_failed != 0;
}
