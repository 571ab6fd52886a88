#!/bin/sh
# SIGINT mid-build kills the running commands, keeps what finished, exits
# 130, commits the cache entries of what finished; the next build ends with
# the same files as a clean build
. "$TOP/tests/sh/lib.sh"
mkdir a b
for d in a b; do
	echo data >$d/in.txt
	cat >$d/menace.yaml <<'Y'
version: 1
rules:
  fast: {run: "echo fast >> .runs; cp in.txt fast.out", in: [in.txt], out: [fast.out]}
  slow:
    run: "echo slow >> .runs; if [ -f hold ]; then touch started; sleep 30; fi; echo partial > slow.out; cat fast.out > slow.out"
    in: [fast.out]
    out: [slow.out]
  last: {run: "echo last >> .runs; cat slow.out fast.out > last.out", in: [slow.out], out: [last.out]}
Y
done
(cd b && "$MENACE" build -q) || fail "clean build"
cd a
touch hold
"$MENACE" build -q >/dev/null 2>err &
pid=$!
i=0
while [ ! -f started ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -f started ] || fail "the slow rule never started"
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { cat err; fail "interrupted build exited $rc, want 130"; }
[ ! -f last.out ] || fail "a rule after the interrupted one ran"
# fast's cache entry was committed at the interrupt (entries are written in
# batches): with its output gone, fast is restored, not run
rm hold fast.out
: >.runs
"$MENACE" build -q || fail "build after the interrupt"
# fast finished before the interrupt and was recorded: it does not run again
grep -qx fast .runs && fail "fast ran again"
[ -f fast.out ] || fail "fast was not restored"
grep -qx slow .runs || fail "slow did not run"
for f in fast.out slow.out last.out; do cmp "$f" "../b/$f" || fail "$f differs from a clean build"; done
