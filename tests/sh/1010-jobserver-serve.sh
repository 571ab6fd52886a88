#!/bin/sh
# build --jobserver serves -j's slots to the commands as GNU make's
# jobserver: a make that a rule runs takes tokens from it (so it runs jobs
# in parallel, where without --jobserver it runs one at a time), and menace's
# commands and those makes together never run more than -j jobs; MAKEFLAGS
# keeps what menace had in front (issue 16,
# point 7)
. "$TOP/tests/sh/lib.sh"
command -v make >/dev/null || fail "no make"
command -v flock >/dev/null || fail "no flock"
# job.sh: one job; notes how many jobs run at once (max) under a lock
cat >job.sh <<'SH'
#!/bin/sh
exec 9>"$W/lock"
flock 9
n=$(($(cat "$W/cur") + 1))
echo $n >"$W/cur"
[ "$n" -gt "$(cat "$W/max")" ] && echo $n >"$W/max"
flock -u 9
sleep 0.4
flock 9
echo $(($(cat "$W/cur") - 1)) >"$W/cur"
flock -u 9
SH
chmod +x job.sh
printf 'all: a b c d\na b c d:\n\t@"$(W)/job.sh"\n' >sub.mk
cat >menace.yaml <<'YAML'
version: 1
rules:
  m1: {run: "make -s -f sub.mk W=$W >m1.log 2>&1; echo m1 > m1.txt", out: [m1.txt]}
  m2: {run: "make -s -f sub.mk W=$W >m2.log 2>&1; echo m2 > m2.txt", out: [m2.txt]}
  flags: {run: "printf '%s\n' \"$MAKEFLAGS\" > flags.txt", out: [flags.txt]}
YAML
W=$T
export W
reset() { echo 0 >cur; echo 0 >max; rm -rf .menace m1.txt m2.txt flags.txt m*.log; }
# without --jobserver each make runs its jobs one at a time
reset
expect_exit 0 menace build -q -j3 --no-cache
assert_eq "$(cat max)" 2 "jobs at once without --jobserver (two makes, -j1 each)"
assert_eq "$(cat flags.txt)" "" "MAKEFLAGS without --jobserver"
# with it, the makes run jobs in parallel and all of them stay within -j3
reset
expect_exit 0 menace build -q -j3 --no-cache --jobserver
assert_eq "$(cat max)" 3 "jobs at once with --jobserver -j3"
grep -q -- '-j3 --jobserver-auth=[0-9]*,[0-9]*' flags.txt || { cat flags.txt >&2; fail "MAKEFLAGS of a command"; }
! grep -qi jobserver m1.log m2.log || { cat m1.log m2.log >&2; fail "make complained about the jobserver"; }
reset
MENACE_JOBSERVER=1 expect_exit 0 menace build -q -j2 --no-cache
assert_eq "$(cat max)" 2 "jobs at once with MENACE_JOBSERVER=1 -j2"
# MAKEFLAGS menace had is kept in front; a dry run serves nothing
reset
MAKEFLAGS=s expect_exit 0 menace build -q -j2 --no-cache --jobserver flags
grep -q -- '^s -j2 --jobserver-auth=' flags.txt || { cat flags.txt >&2; fail "MAKEFLAGS kept"; }
# a -j beyond what a pipe holds: the tokens it holds, a warning, no hang
reset
expect_exit 0 timeout 60 "$MENACE" build -q -j 100000 --no-cache --jobserver flags
grep -q "^menace: warning: the jobserver pipe holds [0-9]* tokens, not 99999$" .err || { cat .err >&2; fail "no warning of a short pipe"; }
