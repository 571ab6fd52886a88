# the result file is format version 2: every version-1 key, runner "stub"
# for a module without a test file, plus seed, interpreter, network and the
# child's summary (import, tests, calls, functions, effects, failures)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_exit 0 menace selftest --module pkg/helper.py --scenario user_misuse --out h.json
expect_exit 0 menace selftest --module pkg/good.py --scenario user_misuse --out g.json
expect_exit 0 menace selftest --module pkg/broken.py --scenario user_misuse --out b.json
python3 - <<'PY' || fail "result keys"
import json
v1 = ["version", "module", "scenario", "level", "passed", "exit_code", "duration_s", "timed_out",
      "output_tail", "runner", "test", "confined"]
v2 = ["seed", "interpreter", "network", "import", "tests", "calls", "functions", "effects", "failures"]
for f in ("h.json", "g.json", "b.json"):
    r = json.load(open(f))
    assert list(r)[:len(v1)] == v1, (f, list(r))
    assert sorted(r) == sorted(v1 + v2), (f, sorted(set(r) ^ set(v1 + v2)))
    assert r["version"] == 2, f
    assert isinstance(r["seed"], int) and 0 <= r["seed"] < 2 ** 53, (f, r["seed"])
    assert r["interpreter"].startswith("/"), (f, r["interpreter"])
    assert isinstance(r["failures"], int), (f, r["failures"])
h, g, b = (json.load(open(f)) for f in ("h.json", "g.json", "b.json"))
assert h["runner"] == "stub" and h["test"] is None and h["passed"] and h["import"] == "ok", h
assert g["runner"] == "builtin" and g["passed"] and g["failures"] == 0, g
assert b["runner"] == "stub" and not b["passed"] and b["import"] == "failed", b
assert b["failures"] >= 1, b
PY
