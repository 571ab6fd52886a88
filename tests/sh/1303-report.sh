# menace report [-o DIR]: one static page of the sandbox data (no script,
# no network), every repository string escaped; bad input is exit 1 with
# the place, nothing rewritten
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
mkdir e && cd e
e2e_setup small
# a module whose path is markup: tools/<script>alert(1)</script>.py
mkdir -p 'repo/tools/<script>alert(1)<'
printf 'def f(x):\n    return x\n' >'repo/tools/<script>alert(1)</script>.py'
expect_exit 0 menace cycle -n 2 -q
cd ..
# DIR defaults to menace-report, relative to where menace started
expect_exit 0 menace -f e/menace.yaml report
assert_grep "menace: report written to '$(pwd -P)/menace-report/index.html'" "$T/.err"
[ ! -e e/menace-report ] || fail "DIR taken relative to the manifest"
expect_exit 0 menace -f e/menace.yaml report -o out
sed 's/made [^.]*UTC/made X/' out/index.html >a.html
sed 's/made [^.]*UTC/made X/' menace-report/index.html >b.html
cmp -s a.html b.html || fail "two reports of the same data differ"
python3 - out/index.html e/sandbox_data <<'P' || fail "the report's content"
import html.parser, json, re, sys
text = open(sys.argv[1]).read()
scores = json.load(open(sys.argv[2] + "/scores.json"))
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.rows, self.urls, self.slow, self.intd = [], [], [], [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "tr" and "data-module" in a:
            self.rows.append(a["data-module"])
        for k in ("src", "href", "xlink:href", "action"):
            if k in a:
                self.urls.append(a[k])
p = P()
p.feed(text)
assert "script" not in p.tags and "iframe" not in p.tags and "link" not in p.tags, set(p.tags)
assert all(u.startswith("#") for u in p.urls), p.urls
assert "default-src 'none'" in text
assert p.rows == list(scores), (p.rows, list(scores))
name = "tools/<script>alert(1)</script>.py"
assert name in scores
assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert" not in text
assert "<li><code>discover</code> &rarr; <code>selftest</code></li>" in text
secs = [float(x) for x in re.findall(r'<td class="num">([0-9.]+)</td></tr>', text.split('id="slowest-rules"')[1].split("</table>")[0])]
assert len(secs) >= 5 and secs == sorted(secs, reverse=True), secs
assert text.count("<tr><td class=\"num\">") >= 2  # the cycles logged
P
# usage
expect_err 2 "menace: unexpected argument 'x'" menace -f e/menace.yaml report x
expect_err 2 "menace: option '-o' needs a value" menace -f e/menace.yaml report -o
# a data file that is not JSON: its place, exit 1, the old report kept
cp out/index.html before.html
printf '{"a.py": \n' >e/sandbox_data/scores.json
expect_exit 1 menace -f e/menace.yaml report -o out
grep -q "^menace: sandbox_data/scores.json:2:1: " "$T/.err" || { cat "$T/.err" >&2; fail "no placed error"; }
cmp -s before.html out/index.html || fail "a failed report rewrote index.html"
# a project with no sandbox data yet: a report that says so
mkdir p && printf 'version: 1\nrules:\n  a:\n    run: touch a\n    out: [a]\n' >p/menace.yaml
expect_exit 0 menace -f p/menace.yaml report -o pr
assert_grep "No scores.json yet: run a cycle." pr/index.html
assert_grep "No rule has run yet." pr/index.html
