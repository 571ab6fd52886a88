#!/bin/sh
# --remote-cache-mode=read (MENACE_REMOTE_CACHE_MODE=read) restores from the
# remote cache and uploads nothing, not even what it ran; write uploads
# without looking anything up.
. "$TOP/tests/sh/lib.sh"
nginx_start
mkdir a
cat >a/menace.yaml <<'YAML'
version: 1
rules:
  gen:
    in: [src.txt]
    out: [g.txt]
    run: echo gen >> ../.runs; cat src.txt src.txt > g.txt
YAML
echo one >a/src.txt
cp -R a b
cp -R a c
# read-only against an empty cache: runs, uploads nothing
runs_reset
expect_exit 0 menace -C a build --remote-cache "$NGINX_URL" --remote-cache-mode=read
check_rebuilt gen
assert_grep "GET /cache/ac/" "$NGINX_LOG"
assert_no_grep "PUT" "$NGINX_LOG"
[ -z "$(find "$NGINX_ROOT" -type f)" ] || fail "read-only mode stored something on the server"
# write-only: uploads, looks nothing up
: >"$NGINX_LOG"
runs_reset
MENACE_REMOTE_CACHE_MODE=write expect_exit 0 menace -C b build --remote-cache "$NGINX_URL"
check_rebuilt gen
assert_no_grep "GET" "$NGINX_LOG"
assert_grep "PUT /cache/ac/" "$NGINX_LOG"
# read-only from the environment restores what write stored, uploads nothing
: >"$NGINX_LOG"
runs_reset
MENACE_REMOTE_CACHE=$NGINX_URL MENACE_REMOTE_CACHE_MODE=read expect_exit 0 menace -C c build
check_nothing_ran
cmp b/g.txt c/g.txt || fail "g.txt differs"
echo two >c/src.txt
runs_reset
MENACE_REMOTE_CACHE=$NGINX_URL MENACE_REMOTE_CACHE_MODE=read expect_exit 0 menace -C c build
check_rebuilt gen
assert_no_grep "PUT" "$NGINX_LOG"
# the flag beats the variable
MENACE_REMOTE_CACHE_MODE=bogus expect_err 2 "menace: MENACE_REMOTE_CACHE_MODE: 'bogus' is not one of read, write, readwrite" menace -C c build --remote-cache "$NGINX_URL"
MENACE_REMOTE_CACHE_MODE=bogus expect_exit 0 menace -C c build --remote-cache "$NGINX_URL" --remote-cache-mode=read
