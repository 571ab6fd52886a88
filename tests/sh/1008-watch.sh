#!/bin/sh
# menace watch: builds, then builds again after a change to a source or the
# manifest (inotify, debounced), ignores writes to other files, and leaves
# a consistent state when interrupted, idle or mid-build (issue 16, point 6)
. "$TOP/tests/sh/lib.sh"
pid=
# the test's exit status goes on to cleanup, which judges by it
trap 'rc_=$?; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; (exit $rc_); cleanup' EXIT
# wait_grep FILE TEXT: until FILE has a line with TEXT (60 s at most)
wait_grep() {
	i_=0
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		[ $i_ -lt 3000 ] || { cat "$1" >&2; fail "'$1' never had '$2'"; }
		sleep 0.02
		i_=$((i_ + 1))
	done
}
builds() { grep -c ' up to date, ' w.err; }
# wait_builds N: until N builds have ended (60 s at most)
wait_builds() {
	i_=0
	until [ "$(builds)" -ge "$1" ]; do
		[ $i_ -lt 3000 ] || { cat w.err >&2; fail "build $1 never ended"; }
		sleep 0.02
		i_=$((i_ + 1))
	done
}
echo abc >src.txt
echo other >unrelated.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", in: [src.txt], out: [up.txt]}
Y
"$MENACE" watch >w.out 2>w.err &
pid=$!
wait_grep w.err 'menace: watching 1 directory; Ctrl-C stops'
assert_eq "$(cat up.txt)" ABC "first build"
assert_eq "$(builds)" 1 "builds after the start"
# a source changes: one build, after the quiet spell
echo def >src.txt
wait_builds 2
assert_eq "$(cat up.txt)" DEF "after one change"
assert_eq "$(builds)" 2 "builds after one change"
# a write to a file that is no input does not build (given a second to)
n=$(builds)
echo note >>.runs
echo x >>unrelated.txt
sleep 1
assert_eq "$(builds)" "$n" "builds after writing a file no rule reads"
# the manifest changes: the new rule is built
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", in: [src.txt], out: [up.txt]}
  low: {run: "tr A-Z a-z < up.txt > low.txt", in: [up.txt], out: [low.txt]}
Y
wait_grep low.txt def
wait_builds 3
# while it waits, the workspace lock is free: another build goes ahead
# (once the watch has closed the workspace after its build)
i=0
until "$MENACE" build --no-wait >/dev/null 2>lock.err; do
	[ $i -lt 1500 ] || { cat lock.err >&2; fail "the watch holds the lock while waiting"; }
	sleep 0.02
	i=$((i + 1))
done
# Ctrl-C while idle: exit 130, nothing half-done
kill -INT $pid
wait $pid
rc=$?
pid=
assert_eq "$rc" 130 "exit status of an idle watch interrupted"
expect_exit 0 menace status
# Ctrl-C mid-build: the running command is killed, the state stays usable
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", in: [src.txt], out: [up.txt]}
  slow: {run: "touch started; sleep 60; cp src.txt slow.txt", in: [src.txt], out: [slow.txt]}
Y
"$MENACE" watch -j 2 >w.out 2>w2.err &
pid=$!
wait_for started
kill -INT $pid
wait $pid
rc=$?
pid=
assert_eq "$rc" 130 "exit status of a watch interrupted mid-build"
assert_grep 'menace: interrupted' w2.err
[ ! -e slow.txt ] || fail "the interrupted rule wrote its output"
# the lock is free and the finished rule is recorded: only slow would run
expect_exit 1 menace status
assert_grep 'slow: never built' .out
assert_no_grep 'up:' .out
expect_exit 0 menace build --no-wait up
# a usage error is reported once, exit 2
expect_err 2 "menace: unknown option '--jbos' (did you mean '--jobs'?)" menace watch --jbos 2
expect_err 2 "menace: unknown target 'nope'" menace watch nope
