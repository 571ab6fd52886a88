# score reads the modules' sources (entropy), so they are its inputs: an edit
# that leaves every selftest result byte-identical is still scored. Here an
# edit of app/cli.py (no orphan reaches it, so no selftest runs) re-runs
# score, which adds no per-module history entry (no scored module changed;
# the per-run means roi_history/raroi_history do get one). (Without the sources as inputs, a whitespace edit of an
# orphan whose selftest result came out byte-identical, same duration_s to
# the millisecond, was not scored: tests/sh/0853 failed now and then.)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
e2e_build 1
cp sandbox_data/roi_history.json hist.1
printf '\n' >>repo/app/cli.py
e2e_build 2
e2e_ran 2 >ran.2
grep -qx score ran.2 || fail "score did not run"
assert_eq "$(grep -c '^selftest' ran.2)" 0 "selftests run"
python3 -c '
import json, sys
for l in open("ev.2"):
    e = json.loads(l)
    if e["event"] == "rule_start" and e["rule"] == "score":
        sys.exit(0 if "repo/app/cli.py" in e["reason"] else 1)
sys.exit(1)' || fail "score did not run because of repo/app/cli.py"
python3 - <<'P' || fail "per-module histories changed"
import json
a, b = json.load(open("hist.1")), json.load(open("sandbox_data/roi_history.json"))
for k in ("module_deltas", "module_raroi", "module_entropy_deltas", "module_roi", "module_entropy", "module_hash"):
    assert a[k] == b[k], k
assert len(b["roi_history"]) == len(a["roi_history"]) + 1
P
