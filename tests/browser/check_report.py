#!/usr/bin/env python3
"""Open menace's HTML report in real headless Chromium and check its DOM.

usage: check_report.py REPORT_DIR DATA_DIR OUT_DIR [HTML_NAMED_MODULE]

Starts Debian's chromedriver (port chosen by itself), drives Chromium
through the W3C WebDriver HTTP API with urllib (stdlib only, 127.0.0.1),
opens REPORT_DIR/index.html from file://, and checks:
  - the module table has one row per module of DATA_DIR/scores.json, in its
    order, with its ROI and RAROI, and the pass/fail cells of its results;
  - every plot has one point per entry of its history in roi_history.json;
  - the page has no <script> and logged no console message of level SEVERE
    (goog:loggingPrefs: a refused resource, a CSP violation);
  - HTML_NAMED_MODULE (a module whose name is markup) is a row whose text
    is that name;
and saves OUT_DIR/report.png. Exit 0 when all hold; 1 with the reason
otherwise, including when Chromium or chromedriver cannot start: that is a
failure, never a skip.
"""
import base64, glob, json, math, os, re, shutil, subprocess, sys, tempfile, time
import urllib.error, urllib.request


def die(msg):
    print("check_report: " + msg, file=sys.stderr)
    sys.exit(1)


class Driver:
    def __init__(self, tmp):
        exe = shutil.which("chromedriver") or die("chromedriver is not installed (Debian: chromium-driver)")
        browser = shutil.which("chromium") or die("chromium is not installed (Debian: chromium)")
        self.log = open(os.path.join(tmp, "chromedriver.log"), "w+")
        # a HOME of its own: the browser writes its profile and crash dumps there
        env = dict(os.environ, HOME=tmp)
        # --port=0: it picks a port; on a busy machine the IPv6 twin of the
        # IPv4 port it took can be taken ("bind() failed: Address already in
        # use") and it exits: then start it again, three times at most
        port = None
        for _ in range(3):
            self.proc = subprocess.Popen([exe, "--port=0"], stdout=subprocess.PIPE, stderr=self.log,
                                         text=True, env=env)
            deadline = time.time() + 60
            while time.time() < deadline and port is None:
                line = self.proc.stdout.readline()
                if not line:
                    break
                m = re.search(r"started successfully on port (\d+)", line)
                if m:
                    port = int(m.group(1))
            if port is not None:
                break
            self.close()
        if port is None:
            die("chromedriver did not start: " + open(self.log.name).read()[-2000:])
        self.base = "http://127.0.0.1:%d" % port
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": browser, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,2400", "--user-data-dir=" + os.path.join(tmp, "profile")]},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        try:
            self.sid = self.call("POST", "/session", caps, timeout=120)["sessionId"]
        except SystemExit:
            self.close()
            raise

    def call(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            die("%s %s: %s" % (method, path, e.read().decode(errors="replace")[:2000]))
        except OSError as e:
            die("%s %s: %s (chromium could not start?)" % (method, path, e))

    def s(self, path, body=None, method="POST"):
        return self.call(method, "/session/%s%s" % (self.sid, path), body)

    def js(self, script, *args):
        return self.s("/execute/sync", {"script": script, "args": list(args)})

    def close(self):
        if getattr(self, "sid", None):
            try:
                self.call("DELETE", "/session/" + self.sid, timeout=30)
            except SystemExit:
                pass
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# what the page shows, collected in the browser
COLLECT = r"""
const rows = [...document.querySelectorAll('#module-table tbody tr')].map(tr => ({
  module: tr.dataset.module,
  name: tr.querySelector('td.module').textContent,
  cells: [...tr.querySelectorAll('td.pass, td.fail, td.none')].map(td => td.className),
  nums: [...tr.querySelectorAll('td.num')].map(td => td.textContent),
}));
const cols = [...document.querySelectorAll('#module-table th.matrix')].map(th => th.textContent);
const plots = {};
for (const sec of document.querySelectorAll('section.module-history')) {
  const p = {};
  for (const fig of sec.querySelectorAll('figure.plot')) {
    for (const c of fig.querySelectorAll('circle.pt')) {
      const k = fig.dataset.kind + ':' + c.dataset.series;
      p[k] = (p[k] || 0) + 1;
    }
  }
  plots[sec.dataset.module] = p;
}
const overall = {};
for (const c of document.querySelectorAll('section.overall-history circle.pt'))
  overall[c.dataset.series] = (overall[c.dataset.series] || 0) + 1;
return {rows, cols, plots, overall, title: document.title,
        scripts: document.querySelectorAll('script').length,
        graph: document.querySelectorAll('#rule-graph g.node').length,
        edges: document.querySelectorAll('#graph-edges li').length};
"""


def results_of(data, module):
    out = {}
    for f in glob.glob(os.path.join(glob.escape(os.path.join(data, "selftest", module)), "*.json")):
        r = json.load(open(f))
        out["%s-%s" % (r["scenario"], r.get("level", "low"))] = r["passed"]
    return out


def check(page, data, named):
    scores = json.load(open(os.path.join(data, "scores.json")))
    hist = json.load(open(os.path.join(data, "roi_history.json")))
    if page["title"] != "menace report":
        die("title %r" % page["title"])
    if page["scripts"]:
        die("the page has %d <script> elements" % page["scripts"])
    mods = [r["module"] for r in page["rows"]]
    if mods != list(scores):
        die("table rows %r, scores.json %r" % (mods, list(scores)))
    for r in page["rows"]:
        s = scores[r["module"]]
        if r["name"] != r["module"]:
            die("row text %r for module %r" % (r["name"], r["module"]))
        roi, raroi = (float(x) for x in r["nums"][:2])
        if not (math.isclose(roi, s["roi"], rel_tol=1e-3, abs_tol=1e-4) and
                math.isclose(raroi, s["raroi"], rel_tol=1e-3, abs_tol=1e-4)):
            die("%s: ROI/RAROI %r, scores.json %r/%r" % (r["module"], r["nums"], s["roi"], s["raroi"]))
        res = results_of(data, r["module"])
        want = [("pass" if res[c] else "fail") if c in res else "none" for c in page["cols"]]
        if r["cells"] != want:
            die("%s: matrix %r, results %r" % (r["module"], r["cells"], want))
        got = page["plots"].get(r["module"], {})
        for kind, member in (("roi:ROI", "module_deltas"), ("roi:RAROI", "module_raroi"),
                             ("entropy:entropy", "module_entropy_deltas")):
            n = len(hist.get(member, {}).get(r["module"], []))
            if got.get(kind, 0) != n:
                die("%s: plot %s has %d points, roi_history.json has %d entries"
                    % (r["module"], kind, got.get(kind, 0), n))
    for series, member in (("mean ROI", "roi_history"), ("mean RAROI", "raroi_history")):
        if page["overall"].get(series, 0) != len(hist[member]):
            die("overall plot %s: %d points, %d runs" % (series, page["overall"].get(series, 0), len(hist[member])))
    if named is not None and named not in [r["name"] for r in page["rows"]]:
        die("no row shows %r as text" % named)
    if page["graph"] < 5 or page["edges"] < 4:
        die("the graph has %d rules and %d arrows" % (page["graph"], page["edges"]))


def main():
    if len(sys.argv) not in (4, 5):
        die(__doc__.split("\n\n")[1])
    report, data, out = sys.argv[1:4]
    named = sys.argv[4] if len(sys.argv) == 5 else None
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="menace-browser.")
    d = None
    try:
        d = Driver(tmp)
        d.s("/url", {"url": "file://" + os.path.abspath(os.path.join(report, "index.html"))})
        page = d.js(COLLECT)
        png = d.s("/screenshot", method="GET")
        open(os.path.join(out, "report.png"), "wb").write(base64.b64decode(png))
        logs = d.s("/se/log", {"type": "browser"})
        bad = [l for l in logs if l.get("level") == "SEVERE"]
        if bad:
            die("console errors: %r" % bad)
        check(page, data, named)
        json.dump(page, open(os.path.join(out, "dom.json"), "w"), indent=1)
    finally:
        if d:
            d.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("check_report: %d rows, %d plots, screenshot %s"
          % (len(page["rows"]), sum(len(p) for p in page["plots"].values()), os.path.join(out, "report.png")))


main()
