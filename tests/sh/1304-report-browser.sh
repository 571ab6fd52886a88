# menace report in a real browser: headless Chromium (Debian's chromium and
# chromium-driver) opens the page from file:// and tests/browser/check_report.py
# checks the DOM: table rows as scores.json, one plot point per history
# entry, no console error, a module named as markup shown as text. The
# screenshot and the DOM it read are kept in
# ${MENACE_TEST_OUTPUT:-build/test-output}/1304-report-browser/.
# Chromium that cannot start fails this test. The one skip: where the name
# localhost does not resolve (a bare root without /etc/hosts), chromedriver
# cannot reach the browser it started (it connects to ws://localhost:PORT).
. "$TOP/tests/sh/lib.sh"
getent hosts localhost >/dev/null || {
	echo "SKIP: the name localhost does not resolve here (no /etc/hosts?): chromedriver needs it"
	exit 0
}
. "$TOP/tests/sh/e2e.sh"
OUT=${MENACE_TEST_OUTPUT:-$TOP/build/test-output}/1304-report-browser
rm -rf "$OUT"
e2e_setup small
mkdir -p 'repo/tools/<script>alert(1)<'
printf 'def f(x):\n    return x\n' >'repo/tools/<script>alert(1)</script>.py'
expect_exit 0 menace cycle -n 2 -q
# an edit: the module is scored again, its plots get a second point
printf '\ndef extra(v: int):\n    return v + 1\n' >>repo/tools/audit.py
expect_exit 0 menace cycle -n 2 -q
python3 -c 'import json,sys; h=json.load(open("sandbox_data/roi_history.json")); sys.exit(len(h["module_deltas"]["tools/audit.py"]) != 2)' ||
	fail "tools/audit.py was not scored twice"
expect_exit 0 menace report -o rep
python3 "$TOP/tests/browser/check_report.py" rep sandbox_data "$OUT" 'tools/<script>alert(1)</script>.py' ||
	fail "the report in Chromium (see above; output in $OUT)"
[ -s "$OUT/report.png" ] || fail "no screenshot"
python3 -c 'import sys; sys.exit(open(sys.argv[1], "rb").read(8) != b"\x89PNG\r\n\x1a\n")' "$OUT/report.png" ||
	fail "the screenshot is not a PNG"
