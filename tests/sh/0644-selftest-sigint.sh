# SIGINT while the test runs in the worker's child: exit 130, no result,
# and nothing left: not the child, not the worker, not their directories
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir pkg tmp
mark=/dev/shm/menace-0644-$$-$(basename "$T")
# /dev/shm is writable to the child: it says there that it started
cat >pkg/waiter.py <<PY
import os, time
with open("$mark", "w") as f:
    f.write("%d\n" % os.getpid())
time.sleep(60)
PY
TMPDIR=$PWD/tmp SELF_TEST_TIMEOUT=60 "$MENACE" selftest --module pkg/waiter.py --scenario hostile_input --out r.json 2>err &
pid=$!
wait_for "$mark"
until [ -s "$mark" ]; do sleep 0.02; done
child=$(cat "$mark")
rm -f "$mark"
kill -INT $pid
wait $pid
rc=$?
assert_eq "$rc" 130 "exit status"
assert_grep "menace: interrupted" err
[ -e r.json ] && fail "a result was written"
kill -0 "$child" 2>/dev/null && fail "the child still runs ($child)"
[ -z "$(ls -A tmp)" ] || fail "left in TMPDIR: $(ls -A tmp)"
ps -eo args >ps.txt
assert_no_grep "$PWD/tmp/menace-pool" ps.txt
exit 0
