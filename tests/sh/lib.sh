# Helpers for the numbered shell tests. Source it first:  . "$TOP/tests/sh/lib.sh"
# Each test runs in its own scratch directory; a failed test leaves it behind.
set -u
: "${MENACE:?}"
: "${TOP:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/menace-test.XXXXXX")
export NO_COLOR=1
unset SANDBOX_DATA_DIR MENACE_JOBS SANDBOX_JSON_LOGS MENACE_EXECUTOR MENACE_JOBSERVER MAKEFLAGS MENACE_REMOTE_CACHE MENACE_REMOTE_CACHE_MODE
# $ELSEWHERE: a directory outside the workspace (create it when needed), removed with it
ELSEWHERE=$T-elsewhere
# $DAEMONS: pids a test started (nginx_start, ...), killed when it ends; so
# is every child the test's shell still has (a build it started with '&'
# and did not wait for because a check failed first: left running, it
# would wait for its file forever and hold the test's directory)
DAEMONS=""
cleanup() { rc=$?; for p_ in $DAEMONS; do kill "$p_" 2>/dev/null; done; pkill -P $$ 2>/dev/null; if [ $rc -eq 0 ]; then rm -rf "$T" "$ELSEWHERE"; else echo "left behind: $T"; fi; exit $rc; }
trap cleanup EXIT
cd "$T"

# fail MSG: stop the test
fail() { echo "FAIL: $*" >&2; exit 1; }
# fixture NAME: copy tests/fixtures/NAME/* into the scratch dir
fixture() { cp -R "$TOP/tests/fixtures/$1/." . || fail "no fixture $1"; }
# menace ARGS: run the binary under test
menace() { "$MENACE" "$@"; }
# expect_exit CODE CMD...: run CMD, fail unless it exits CODE; its stdout is in $T/.out, stderr in $T/.err
expect_exit() {
	want=$1; shift
	"$@" >"$T/.out" 2>"$T/.err"
	got=$?
	[ "$got" -eq "$want" ] || { cat "$T/.out" "$T/.err" >&2; fail "'$*' exited $got, want $want"; }
}
# expect_err CODE 'exact stderr line' CMD...: the exit code and one exact line of stderr
expect_err() {
	want=$1 line=$2; shift 2
	expect_exit "$want" "$@"
	grep -qxF -- "$line" "$T/.err" || { cat "$T/.err" >&2; fail "stderr lacks: $line"; }
}
# wait_for FILE...: until each exists (8 s at most), else fail
wait_for() {
	i_=0
	for f_ in "$@"; do
		while [ ! -e "$f_" ]; do
			[ $i_ -lt 400 ] || fail "'$f_' never appeared"
			sleep 0.02
			i_=$((i_ + 1))
		done
	done
}
# wait_no_process PATTERN: until no process's command line matches
# PATTERN (pgrep -f; 10 s at most), else fail. Give the process a command
# line of its own (`sleep 31.243`) so no other test's matches.
wait_no_process() {
	i_=0
	while pgrep -f -- "$1" >/dev/null; do
		[ $i_ -lt 200 ] || { pgrep -af -- "$1" >&2; fail "'$1' still runs"; }
		sleep 0.05
		i_=$((i_ + 1))
	done
}
# assert_eq GOT WANT [WHAT]
assert_eq() { [ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"; }
# assert_file_eq FILE EXPECTED-FILE
assert_file_eq() { diff -u "$2" "$1" >&2 || fail "$1 differs from $2"; }
# assert_grep PATTERN FILE: a fixed string somewhere in FILE
assert_grep() { grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "'$2' lacks '$1'"; }; }
assert_no_grep() { ! grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "'$2' has '$1'"; }; }

# --- engine helpers (tests 0200-0399) ---
# Rules in engine tests log themselves with "echo NAME >> .runs" (cwd is the
# manifest's directory, the scratch dir).
# runs_reset: forget which rules ran
runs_reset() { : >"$T/.runs"; }
# check_rebuilt NAME...: each NAME ran since runs_reset
check_rebuilt() { for r_ in "$@"; do grep -qxF -- "$r_" "$T/.runs" 2>/dev/null || { cat "$T/.runs" >&2; fail "'$r_' did not run"; }; done; }
# check_not_rebuilt NAME...: none of them ran since runs_reset
check_not_rebuilt() { for r_ in "$@"; do ! grep -qxF -- "$r_" "$T/.runs" 2>/dev/null || fail "'$r_' ran"; done; }
# check_nothing_ran: no rule ran since runs_reset
check_nothing_ran() { [ ! -s "$T/.runs" ] || { cat "$T/.runs" >&2; fail "something ran"; }; }
# build_ok [ARGS]: runs_reset, then menace build ARGS must exit 0
build_ok() { runs_reset; expect_exit 0 menace build "$@"; }
# build_fail_msg 'exact stderr line' [ARGS]: runs_reset, then menace build
# ARGS must exit 1 printing that line
build_fail_msg() { m_=$1; shift; runs_reset; expect_err 1 "$m_" menace build "$@"; }
# age_dirs DIR...: date every directory under each DIR (links not followed)
# back to 2020, so the graph snapshot trusts them (it distrusts a directory
# modified just before it was written)
age_dirs() { find "$@" -type d -exec touch -d '2020-01-01 00:00' {} +; }
# snapshot_settle [DIR...]: build; date the workspace's directories and
# those under each DIR back (age_dirs); build again, which reads the
# manifest and writes a graph snapshot the next build trusts; then check
# that a third build runs nothing and uses that snapshot
snapshot_settle() {
	build_ok
	age_dirs . "$@"
	build_ok
	build_ok --explain
	assert_grep "menace: explain: graph loaded from its snapshot (manifest, includes, directories and environment unchanged)" .err
	check_nothing_ran
}
# db_dump: the state database as SQL text (for "nothing changed" checks)
db_dump() { sqlite3 .menace/menace.db .dump; }
# the local cache's entries (.menace/cache/entries.db, engine/acstore.h):
# ac_keys: their keys, one per line; ac_dump DIR: each entry's text into
# DIR/KEY; ac_put KEY FILE: KEY's entry replaced by the bytes of FILE
AC_DB=.menace/cache/entries.db
ac_keys() { [ ! -e "$AC_DB" ] || sqlite3 "$AC_DB" 'SELECT key FROM entry ORDER BY key'; }
ac_dump() { mkdir -p "$1" && rm -f "$1"/* && sqlite3 "$AC_DB" "SELECT writefile('$1/' || key, body) FROM entry" >/dev/null; }
ac_put() { sqlite3 "$AC_DB" "UPDATE entry SET body = readfile('$2') WHERE key = '$1'"; }

# --- remote cache helpers (tests 1200-1299) ---
# nginx_start [NAME]: a WebDAV nginx (tests/nginx/start.sh) of this test on
# a free 127.0.0.1 port, under $ELSEWHERE/NAME (default nginx); sets
# $NGINX_PID, $NGINX_URL (http://127.0.0.1:PORT/cache), $NGINX_ROOT (where
# the cache's files are: ac/, cas/) and $NGINX_LOG ("METHOD URI STATUS
# AUTHORIZATION" a line); killed when the test ends
nginx_start() {
	p_=$ELSEWHERE/${1:-nginx}
	t_=0
	while [ $t_ -lt 5 ]; do
		t_=$((t_ + 1))
		set -- $(sh "$TOP/tests/nginx/start.sh" "$p_")
		[ $# -eq 2 ] || fail "cannot configure nginx"
		"$1" -p "$p_" -c "$p_/nginx.conf" -e "$p_/error.log" </dev/null >/dev/null 2>&1 &
		NGINX_PID=$!
		DAEMONS="$DAEMONS $NGINX_PID"
		NGINX_URL=http://127.0.0.1:$2/cache
		NGINX_ROOT=$p_/root/cache
		NGINX_LOG=$p_/access.log
		# until it accepts a connection (20 s), or dies (the port was taken: again)
		i_=0
		while [ $i_ -lt 200 ] && kill -0 $NGINX_PID 2>/dev/null; do
			python3 -c "import socket; socket.create_connection(('127.0.0.1', $2), 1)" 2>/dev/null && return 0
			sleep 0.1
			i_=$((i_ + 1))
		done
		kill $NGINX_PID 2>/dev/null
		wait $NGINX_PID 2>/dev/null
	done
	cat "$p_/error.log" >&2
	fail "nginx did not start"
}
# nginx_stop: stop it (it is this shell's child: wait reaps it)
nginx_stop() {
	kill "$NGINX_PID" 2>/dev/null
	wait "$NGINX_PID" 2>/dev/null
}
