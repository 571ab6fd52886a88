#!/bin/sh
# property test (issue 11): random workspaces and random edits (sources,
# matrix values, foreach list items, commands, rules, outputs by hand); after
# every edit the incremental build's out/ equals a clean build's, and a second
# build runs nothing. Fixed seeds, at least 300 builds (fewer under a
# sanitizer); PROP_SEED=random|N, PROP_STEPS=N, PROP_FEATURES=... to vary it.
# See tests/prop/incremental.py and tests/prop/FINDINGS.md.
. "$TOP/tests/sh/lib.sh"
python3 "$TOP/tests/prop/incremental.py" -q >"$T/prop.log" 2>&1
rc=$?
cat "$T/prop.log"
# the summary last, where the test runner's excerpt shows it
grep -E '^(FAIL|prop:|[0-9]+ passed)' "$T/prop.log"
[ "$rc" -eq 0 ] || fail "the property test failed (workspaces left as printed above)"
tail -n 1 "$T/prop.log" | grep -qx '[1-9][0-9]* passed, 0 failed' || fail "no summary line"
# the fixed seeds make at least 300 builds (fewer under a sanitizer or when varied)
builds=$(sed -n 's/^prop: \([0-9]*\) incremental builds .*/\1/p' "$T/prop.log")
case "$MENACE" in */build/san/*) min=1 ;; *) min=300 ;; esac
[ -n "${PROP_SEED:-}${PROP_STEPS:-}${PROP_FEATURES:-}" ] && min=1
[ "${builds:-0}" -ge "$min" ] || fail "only ${builds:-0} incremental builds, want at least $min"
