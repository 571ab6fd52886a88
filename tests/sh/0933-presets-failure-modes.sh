# every canonical preset carries FAILURE_MODES at both levels, the same at
# low and high, as the original's environment_generator.py sets them (the
# high levels of schema_drift and flaky_upstream lacked it)
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace presets
python3 - .out <<'P' || fail "FAILURE_MODES"
import json, sys
p = json.load(open(sys.argv[1]))
assert len(p) == 6, list(p)
for name, levels in p.items():
    for lv in ("low", "high"):
        assert "FAILURE_MODES" in levels[lv], (name, lv)
    assert levels["low"]["FAILURE_MODES"] == levels["high"]["FAILURE_MODES"], name
assert p["schema_drift"]["high"]["FAILURE_MODES"] == "schema_drift"
assert p["flaky_upstream"]["high"]["FAILURE_MODES"] == "flaky_upstream"
P
expect_exit 0 menace presets --profiles schema_mismatch upstream_failure
assert_eq "$(grep -c '"FAILURE_MODES"' .out)" 4 "FAILURE_MODES lines"
