# a module that leaves background processes behind (in its process group and
# in a new session) does not hang selftest, and they are all killed
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
marker=menace-bg-$$-$(basename "$T")
# (the child's environment is built from scratch: the marker goes into the module)
sed "s/menace-bg-marker/$marker/" pkg/forker.py >f.tmp && mv f.tmp pkg/forker.py
expect_exit 0 env SELF_TEST_TIMEOUT=20 "$MENACE" selftest --repo . --module pkg/forker.py --scenario schema_drift --out f.json
assert_eq "$(jget f.json passed)" true "forker passed"
assert_eq "$(jget f.json timed_out)" false
jget f.json output_tail >tail
assert_grep "spawned $marker" tail
ps -eo args >ps.txt
assert_no_grep "$marker" ps.txt
