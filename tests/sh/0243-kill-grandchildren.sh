#!/bin/sh
# SIGKILL of menace kills what its commands started too: the command (by
# PR_SET_PDEATHSIG) and its whole process group, grandchildren included
# (a sleep under sh -c, a background subshell), before another build can
# take the workspace lock.
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  nested: {run: "sh -c 'touch nested.started; sleep 31.243; echo late > nested.late'; echo done > ${out}", out: [nested.out]}
  bg: {run: "(touch bg.started; sleep 31.243; echo late > bg.late) & wait; echo done > ${out}", out: [bg.out]}
  direct: {run: "touch direct.started; sleep 31.243; echo late > direct.late; echo done > ${out}", out: [direct.out]}
Y
"$MENACE" build -q -j3 2>err &
pid=$!
wait_for nested.started bg.started direct.started
kill -KILL $pid
wait $pid
# the next writer waits for the lock, held until every command is gone
expect_exit 0 timeout 20 "$MENACE" gc
wait_no_process 'sleep 31.243'
for r in nested bg direct; do
	[ ! -f $r.late ] || fail "a process of rule '$r' outlived menace"
	[ ! -f $r.out ] || fail "rule '$r' finished after menace died"
done
