#!/bin/sh
# GNU make's jobserver: under 'make -j2' menace runs at most two commands
# at once (its own token and one of make's) and gives every token back; the
# fifo form of make 4.4 as well, after a SIGINT too; a jobserver make did
# not pass on is a warning, and menace keeps to its -j (issue 16, point 7)
. "$TOP/tests/sh/lib.sh"
command -v make >/dev/null || fail "no make"
# the test's exit status goes on to cleanup, which judges by it
trap 'rc_=$?; [ -s "$T/child.pid" ] && kill -9 "$(cat "$T/child.pid")" 2>/dev/null; (exit $rc_); cleanup' EXIT
# six commands that note how many of them run at once
{
	echo 'version: 1'
	echo 'rules:'
	for i in 1 2 3 4 5 6; do
		echo "  r$i: {run: \"mkdir -p running; touch running/r$i; ls running | wc -l >> counts; sleep 0.4; rm running/r$i; echo r$i > r$i.txt\", out: [r$i.txt]}"
	done
} >menace.yaml
most() { sort -n counts | tail -1; }
printf 'all:\n\t+"$(MENACE)" -j 8 -q --no-cache\n' >Makefile.plus
printf 'all:\n\t"$(MENACE)" -q --no-cache\n' >Makefile.plain
# make -j2: two at once, though menace's -j is 8
rm -f counts
MENACE="$MENACE" make -s -j2 -f Makefile.plus MENACE="$MENACE" >make.out 2>make.err || { cat make.err >&2; fail "make -j2 failed"; }
assert_eq "$(most)" 2 "commands at once under make -j2 (menace -j 8)"
assert_eq "$(wc -l <counts)" 6 "commands run"
! grep -i jobserver make.err || fail "make complained about its tokens"
# make -j3: three
rm -rf counts .menace r*.txt
make -s -j3 -f Makefile.plus MENACE="$MENACE" >make.out 2>make.err || { cat make.err >&2; fail "make -j3 failed"; }
assert_eq "$(most)" 3 "commands at once under make -j3"
! grep -i jobserver make.err || fail "make complained about its tokens"
# a recipe make does not treat as recursive gets no jobserver: menace's -j
rm -rf counts .menace r*.txt
MENACE_JOBS=1 make -s -j4 -f Makefile.plain MENACE="$MENACE" >make.out 2>make.err || { cat make.err >&2; fail "make (plain) failed"; }
assert_eq "$(most)" 1 "commands at once with MENACE_JOBS=1"
# MAKEFLAGS naming fds that are not open here (an older make, a recipe
# without '+'): a warning, and menace's own -j
rm -rf counts .menace r*.txt
MAKEFLAGS="-j4 --jobserver-auth=98,99" expect_exit 0 menace -j 2 -q --no-cache
assert_grep "menace: warning: the jobserver of MAKEFLAGS is not open here (mark the make recipe line with '+'); using -j" .err
assert_eq "$(most)" 2 "commands at once with -j 2 and no usable jobserver"
# the fifo form (make 4.4): a fifo holding two tokens, so three at once
rm -rf counts .menace r*.txt
mkfifo fifo
cat >tokens.py <<'P'
import os, subprocess, sys
# hold the fifo open, put N tokens in, run the command (its pid in
# child.pid), then count the tokens left (all must be back)
n, cmd = int(sys.argv[1]), sys.argv[2:]
fd = os.open("fifo", os.O_RDWR | os.O_NONBLOCK)
os.write(fd, b"+" * n)
child = subprocess.Popen(cmd)
open("child.pid", "w").write(str(child.pid))
rc = child.wait()
left = 0
while True:
    try:
        left += len(os.read(fd, 64))
    except BlockingIOError:
        break
print(left)
sys.exit(0 if rc in (0, 130) else 1)
P
MAKEFLAGS="-j3 --jobserver-auth=fifo:$T/fifo" python3 tokens.py 2 "$MENACE" -q --no-cache >left.txt 2>fifo.err ||
	{ cat fifo.err >&2; fail "the fifo build failed"; }
assert_eq "$(most)" 3 "commands at once with two fifo tokens"
assert_eq "$(cat left.txt)" 2 "tokens back in the fifo"
# SIGINT mid-build: the tokens come back all the same
rm -rf counts .menace r*.txt running
sed -i 's/sleep 0.4/sleep 30/' menace.yaml
MAKEFLAGS="--jobserver-auth=fifo:$T/fifo" python3 tokens.py 2 "$MENACE" -q --no-cache >left.txt 2>int.err &
pid=$!
i=0
until [ "$(ls running 2>/dev/null | wc -l)" -ge 3 ]; do
	[ $i -lt 1500 ] || fail "three commands never ran at once"
	sleep 0.02
	i=$((i + 1))
done
kill -INT "$(cat child.pid)" || fail "no menace to interrupt"
wait $pid || fail "the interrupted build did not exit 130"
assert_eq "$(cat left.txt)" 2 "tokens back after SIGINT"
