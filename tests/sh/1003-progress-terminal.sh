#!/bin/sh
# the progress line on a real terminal (a pty of 40 columns) is cut to the
# terminal's width; TERM=dumb gets no escape codes; NO_COLOR and
# CLICOLOR_FORCE decide the colour of a failure (issue 16, point 4)
. "$TOP/tests/sh/lib.sh"
# a root without /dev/pts mounted (a bare chroot) has no terminal to give
python3 -c 'import os; os.openpty()' 2>/dev/null || {
	echo "SKIP: no pseudo-terminal can be opened here (is /dev/pts mounted?)"
	exit 0
}
long=$(printf 'r%.0s' $(seq 1 90))
cat >menace.yaml <<Y
version: 1
rules:
  ${long}_one: {run: "echo one > one.txt", out: [one.txt]}
  ${long}_two: {run: "echo two > two.txt", out: [two.txt]}
  short: {run: "echo short > short.txt", out: [short.txt]}
  bad: {run: "exit 3", always: true}
Y
# onpty.py COLS OUT ARGS...: run ARGS on a pty of COLS columns, TERM from the
# environment; everything it wrote goes to OUT
cat >onpty.py <<'P'
import fcntl, os, pty, struct, sys, termios
cols, out, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    os.environ.pop("COLUMNS", None)
    os.execvp(args[0], args)
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
open(out, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status))
P
unset NO_COLOR
TERM=xterm python3 onpty.py 40 tty.out "$MENACE" -k 0 >/dev/null 2>&1
rc=$?
assert_eq "$rc" 1 "exit status on the pty"
# every piece of the rewritten line fits in 39 columns
python3 - tty.out <<'P' || fail "a progress line is wider than the terminal"
import re, sys
data = open(sys.argv[1], "rb").read().decode()
assert "\r" in data and "\x1b[K" in data, repr(data)
seen = False
for line in data.split("\n"):
    for piece in line.split("\r"):
        piece = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", piece)
        if piece.startswith("["):
            seen = True
            assert len(piece) <= 39, (len(piece), piece)
assert seen, repr(data)
assert "..." in data, "a long name is not elided"
P
grep -q "$(printf '\033\\[1;31m')" tty.out || fail "no colour for a failure on a terminal"
# TERM=dumb: a terminal without escape codes: one line per rule, no colour
rm -rf .menace *.txt
TERM=dumb python3 onpty.py 40 dumb.out "$MENACE" -k 0 >/dev/null 2>&1
python3 - dumb.out <<'P' || fail "TERM=dumb got escape codes"
import sys
data = open(sys.argv[1], "rb").read().decode()
assert "\x1b" not in data, repr(data)
assert "[3/4] short" in data or "short" in data, repr(data)
P
# NO_COLOR on a terminal: the line is rewritten, but no colour
rm -rf .menace *.txt
NO_COLOR=1 TERM=xterm python3 onpty.py 40 nc.out "$MENACE" -k 0 >/dev/null 2>&1
grep -q "$(printf '\033\\[K')" nc.out || fail "NO_COLOR stopped the line rewriting"
! grep -q "$(printf '\033\\[1;31m')" nc.out || fail "NO_COLOR still coloured"
# CLICOLOR_FORCE: colour in a pipe, but no line rewriting; NO_COLOR wins
CLICOLOR_FORCE=1 expect_exit 1 menace -k 0 bad
grep -q "$(printf '\033\\[1;31m')" .err || fail "CLICOLOR_FORCE=1 did not colour"
! grep -q "$(printf '\r')" .err || fail "CLICOLOR_FORCE rewrote lines in a pipe"
NO_COLOR=1 CLICOLOR_FORCE=1 expect_exit 1 menace -k 0 bad
! grep -q "$(printf '\033')" .err || fail "NO_COLOR did not beat CLICOLOR_FORCE"
CLICOLOR_FORCE=0 expect_exit 1 menace -k 0 bad
! grep -q "$(printf '\033')" .err || fail "CLICOLOR_FORCE=0 coloured"
