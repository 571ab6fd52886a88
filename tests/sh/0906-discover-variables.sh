# the original's discovery variables: the SELF_TEST_ twins (a SANDBOX_ one
# or a flag beats its twin), recursion for isolated modules, the orphan-scan
# switches, SANDBOX_DISCOVERY_WORKERS; the isolated-discovery switches and
# SANDBOX_AUTO_MAP set to 0 say once that they are not supported
. "$TOP/tests/sh/lib.sh"
fixture discover_example
q() { cat sandbox_data/test_queue.json; }
rec='["a.py", "d.py"]'
expect_exit 0 menace discover
assert_eq "$(q)" "$rec" "default"
# twins
for v in SANDBOX_RECURSIVE_ORPHANS SELF_TEST_RECURSIVE_ORPHANS SANDBOX_RECURSIVE_ISOLATED SELF_TEST_RECURSIVE_ISOLATED; do
	expect_exit 0 env $v=0 "$MENACE" discover
	assert_eq "$(q)" "$(cat expected/norec/test_queue.json)" "$v=0"
done
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=1 SELF_TEST_RECURSIVE_ORPHANS=0 "$MENACE" discover
assert_eq "$(q)" "$rec" "SANDBOX_ beats SELF_TEST_"
expect_exit 0 env SELF_TEST_RECURSIVE_ORPHANS=0 "$MENACE" discover --recursive-orphans
assert_eq "$(q)" "$rec" "the flag beats the twin"
# with both said, either one turns recursion on (the original's rule)
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=0 SANDBOX_RECURSIVE_ISOLATED=1 "$MENACE" discover
assert_eq "$(q)" "$rec" "isolated recursion on"
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=0 SELF_TEST_RECURSIVE_ISOLATED=0 "$MENACE" discover
assert_eq "$(q)" "$(cat expected/norec/test_queue.json)" "both off"
expect_err 2 "menace: SELF_TEST_RECURSIVE_ORPHANS: 'maybe' is not a boolean" env SELF_TEST_RECURSIVE_ORPHANS=maybe "$MENACE" discover
# the orphan scan off: three empty files
for v in SANDBOX_DISABLE_ORPHAN_SCAN=1 SANDBOX_DISABLE_ORPHANS=1 SELF_TEST_DISABLE_ORPHANS=1 SELF_TEST_DISCOVER_ORPHANS=0 \
	SELF_TEST_INCLUDE_ORPHANS=0; do
	rm -rf sandbox_data
	expect_exit 0 env $v "$MENACE" discover
	assert_eq "$(q)" "[]" "$v"
	assert_eq "$(tr -d ' \n\t' <sandbox_data/discovered.json)" "{}" "$v: discovered"
	assert_grep "discover: the orphan scan is off (${v%=*}" "$T/.out"
done
expect_exit 0 env SANDBOX_DISABLE_ORPHAN_SCAN=0 SELF_TEST_DISCOVER_ORPHANS=1 "$MENACE" discover
assert_eq "$(q)" "$rec" "scan on"
expect_exit 0 env SANDBOX_DISABLE_ORPHAN_SCAN=1 "$MENACE" discover --orphan-scan
assert_eq "$(q)" "$rec" "--orphan-scan beats the variable"
# workers: read (the same bytes), checked
expect_exit 0 env SANDBOX_DISCOVERY_WORKERS=1 "$MENACE" discover
assert_eq "$(q)" "$rec" "one worker"
expect_err 2 "menace: SANDBOX_DISCOVERY_WORKERS: 'many' is not a count from 1 to 1000000" env SANDBOX_DISCOVERY_WORKERS=many "$MENACE" discover
# isolated discovery off: not supported, said once each, the scan unchanged
expect_exit 0 env SANDBOX_DISCOVER_ISOLATED=0 SELF_TEST_AUTO_INCLUDE_ISOLATED=0 "$MENACE" discover
assert_eq "$(q)" "$rec" "isolated switches off"
assert_eq "$(grep -c 'SANDBOX_DISCOVER_ISOLATED=0 is not supported' "$T/.err")" 1 "one warning"
assert_eq "$(grep -c 'SANDBOX_AUTO_INCLUDE_ISOLATED=0 is not supported' "$T/.err")" 1 "one warning for the twin"
expect_exit 0 env SANDBOX_DISCOVER_ISOLATED=1 "$MENACE" discover
assert_eq "$(cat "$T/.err")" "" "isolated switches on: silent"
# SANDBOX_AUTO_MAP=0: integrate says it is not supported; 1 is silent
printf '{}' >sandbox_data/scores.json
expect_exit 0 env SANDBOX_AUTO_MAP=0 "$MENACE" integrate
assert_grep 'SANDBOX_AUTO_MAP=0 is not supported' "$T/.err"
expect_exit 0 env SANDBOX_AUTO_MAP=1 "$MENACE" integrate
assert_no_grep 'SANDBOX_AUTO_MAP' "$T/.err"
# SELF_TEST_INCLUDE_REDUNDANT is SANDBOX_TEST_REDUNDANT's twin, in discover too
mkdir cls && cp -R "$TOP/tests/fixtures/discover_classify/." cls/
expect_exit 0 env SELF_TEST_INCLUDE_REDUNDANT=0 "$MENACE" discover --repo cls --data-dir nr
assert_file_eq nr/test_queue.json cls/expected/noredundant/test_queue.json
expect_exit 0 env SELF_TEST_INCLUDE_REDUNDANT=0 SANDBOX_TEST_REDUNDANT=1 "$MENACE" discover --repo cls --data-dir r
assert_file_eq r/test_queue.json cls/expected/default/test_queue.json
