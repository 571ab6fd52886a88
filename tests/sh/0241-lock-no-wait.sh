#!/bin/sh
# While a build holds the workspace lock: --no-wait makes build, clean, gc
# and cycle exit 3 at once, naming the holder; status, explain, graph,
# targets, build -n and trace do not wait. A lock whose holder died is
# taken over without waiting, and the lock file names its holder. Every
# writer's --help lists --no-wait.
. "$TOP/tests/sh/lib.sh"
echo data >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cat .menace/menace.db.lock > holder; echo $$PPID > me; cp in.txt copy.out", in: [in.txt], out: [copy.out]}
  hold: {run: "touch started; while [ ! -f go ]; do sleep 0.01; done; echo held > held.out", out: [held.out], always: true}
Y
build_ok copy
assert_eq "$(cat holder)" "$(cat me)" "the pid in the lock file"
"$MENACE" build -q hold 2>err1 &
p1=$!
wait_for started
msg="menace: the workspace is locked by pid $p1 (another build, clean, gc or cycle); not waiting (--no-wait)"
expect_err 3 "$msg" timeout 10 "$MENACE" build --no-wait
expect_err 3 "$msg" timeout 10 "$MENACE" clean --no-wait
expect_err 3 "$msg" timeout 10 "$MENACE" gc --no-wait
expect_err 3 "$msg" timeout 10 "$MENACE" cycle --no-wait
[ -f copy.out ] || fail "clean --no-wait removed an output"
# readers neither wait nor take the lock
expect_exit 1 timeout 10 "$MENACE" status
assert_no_grep "waiting" "$T/.err"
for r in "explain copy" graph targets "build -n" trace; do
	expect_exit 0 timeout 10 "$MENACE" $r
	assert_no_grep "waiting" "$T/.err"
done
touch go
wait $p1 || { cat err1; fail "the holding build failed"; }

# the holder is killed: its lock goes with it (once its watchdog has killed
# the rule it ran: the next build may wait a moment)
rm -f started go held.out
"$MENACE" build -q hold 2>err1 &
p1=$!
wait_for started
kill -KILL $p1
wait $p1
echo more >>in.txt
runs_reset
expect_exit 0 timeout 20 "$MENACE" build copy
check_rebuilt copy
assert_eq "$(cat holder)" "$(cat me)" "the pid in the lock file"
# a lock file naming a process that is gone is no lock
echo 999999 >.menace/menace.db.lock
expect_exit 0 timeout 20 "$MENACE" clean --no-wait copy
expect_exit 0 timeout 20 "$MENACE" gc --no-wait
for c in build clean gc cycle; do
	expect_exit 0 menace $c --help
	assert_grep "--no-wait" "$T/.out"
done
