#!/bin/sh
# The remote cache's server stops in the middle of a build (a rule kills
# nginx): the build goes on locally and succeeds with the same files as a
# build without a remote cache, and says so in exactly one warning. A
# server that is not there at all gives one warning too.
. "$TOP/tests/sh/lib.sh"
nginx_start
export NGINX_PID
mkdir ws ref
cat >ws/menace.yaml <<'YAML'
version: 1
rules:
  a:
    in: [src.txt]
    out: [a.txt]
    run: echo a >> ../.runs; cat src.txt > a.txt
  stop:
    in: [a.txt]
    out: [b.txt]
    run: echo stop >> ../.runs; kill $NGINX_PID; cat a.txt a.txt > b.txt
  c:
    in: [b.txt]
    out: [c.txt]
    run: echo c >> ../.runs; cat b.txt b.txt > c.txt
  d:
    in: [c.txt, a.txt]
    out: [d.txt]
    run: echo d >> ../.runs; cat c.txt a.txt > d.txt
YAML
echo hello >ws/src.txt
cp ws/menace.yaml ws/src.txt ref/
runs_reset
expect_exit 0 menace -C ws build -j1 --remote-cache "$NGINX_URL"
check_rebuilt a stop c d
assert_eq "$(grep -c 'remote cache' .err)" 1 "warnings"
assert_grep "going on without it (further failures are not reported)" .err
assert_grep "menace: remote cache '$NGINX_URL' failed (" .err
# the server got a's upload before it stopped (its files: nginx may be
# killed before it logs the request)
assert_eq "$(ls "$NGINX_ROOT/ac" | wc -l)" 1 "entries on the server"
sha=$(sha256sum ws/a.txt | cut -d' ' -f1)
cmp "$NGINX_ROOT/cas/$sha" ws/a.txt || fail "a's blob is not on the server"
nginx_stop
expect_exit 0 menace -C ref build -j1
for f in a.txt b.txt c.txt d.txt; do
	cmp ws/$f ref/$f || fail "$f differs from a build without the remote cache"
done
expect_exit 0 menace -C ws build
assert_grep "menace: 0 ran, 4 up to date, 0 failed" .err

# no server at all: one warning, a local build
rm -rf ws/.menace ws/*.txt
echo hello >ws/src.txt
runs_reset
expect_exit 0 menace -C ws build -j4 --remote-cache "$NGINX_URL"
check_rebuilt a stop c d
assert_eq "$(grep -c 'remote cache' .err)" 1 "warnings with no server"
expect_exit 0 menace -C ws cache stats
assert_no_grep " 0 errors" .out
