#!/bin/sh
# Credentials for the remote cache come from the URL's userinfo, a netrc
# file, or MENACE_REMOTE_CACHE_AUTHORIZATION (the Authorization header's
# value); the server receives them, and no output of menace holds them:
# progress, warnings, --explain, JSON events, the state, a failure's message.
. "$TOP/tests/sh/lib.sh"
nginx_start
hostport=${NGINX_URL#http://}
hostport=${hostport%/cache}
mkdir a
cat >a/menace.yaml <<'YAML'
version: 1
rules:
  gen:
    in: [src.txt]
    out: [g.txt]
    run: echo gen >> ../.runs; cat src.txt > g.txt
YAML
echo one >a/src.txt
: >all.out
# every output of a command goes into all.out
run() { expect_exit "$@"; cat .out .err >>all.out; }
check_clean() {
	for s in s3cr3t-pw tok-XYZ-123 n3trc-pw czNjcjN0LXB3; do
		assert_no_grep "$s" all.out
		! grep -rq "$s" a/.menace || fail "the state holds '$s'"
	done
}

# userinfo: sent as Basic, never shown
run 0 menace -C a build --explain --json - --remote-cache "http://ci:s3cr3t-pw@$hostport/cache"
assert_grep "GET /cache/ac/" "$NGINX_LOG"
assert_grep "Basic $(printf 'ci:s3cr3t-pw' | base64)" "$NGINX_LOG"
# the header from the environment
: >"$NGINX_LOG"
echo two >a/src.txt
MENACE_REMOTE_CACHE_AUTHORIZATION="Bearer tok-XYZ-123" run 0 menace -C a build --explain --json - --remote-cache "$NGINX_URL"
assert_grep "PUT /cache/ac/" "$NGINX_LOG"
assert_eq "$(grep -c -v 'Bearer tok-XYZ-123$' "$NGINX_LOG")" 0 "requests without the header"
# a netrc file in HOME
: >"$NGINX_LOG"
mkdir home
printf 'machine 127.0.0.1 login nu password n3trc-pw\n' >home/.netrc
chmod 600 home/.netrc
echo three >a/src.txt
HOME=$T/home run 0 menace -C a build --remote-cache "$NGINX_URL"
assert_grep "Basic $(printf 'nu:n3trc-pw' | base64)" "$NGINX_LOG"
run 0 menace -C a explain gen
run 0 menace -C a cache stats
# failures: the server gone, a bad URL, a bad mode
nginx_stop
echo four >a/src.txt
MENACE_REMOTE_CACHE_AUTHORIZATION="Bearer tok-XYZ-123" run 0 menace -C a build --json - --remote-cache "http://ci:s3cr3t-pw@$hostport/cache"
assert_grep "menace: remote cache '$NGINX_URL' failed" .err
run 2 menace -C a build --remote-cache "ftp://ci:s3cr3t-pw@$hostport/cache"
MENACE_REMOTE_CACHE="htp://ci:s3cr3t-pw@x/" run 2 menace -C a build
cat >a/bad.yaml <<'YAML'
version: 1
remote_cache: [ "ftp://ci:s3cr3t-pw@example/" ]
rules: {}
YAML
run 2 menace -C a -f bad.yaml build
check_clean
