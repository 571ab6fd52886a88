#!/bin/sh
# Nothing downloaded from the remote cache is trusted: a blob whose bytes
# were changed on the server, or an entry copied over another key's, is
# reported once and not used; the rule runs, and its upload repairs the
# server's copy. Nothing bad reaches the local cache.
. "$TOP/tests/sh/lib.sh"
nginx_start
mkdir a
cat >a/menace.yaml <<'YAML'
version: 1
rules:
  gen:
    in: [src.txt]
    out: [out/a.txt]
    run: echo gen >> ../.runs; cat src.txt src.txt > out/a.txt
  other:
    in: [src.txt]
    out: [o.txt]
    run: echo other >> ../.runs; cat src.txt > o.txt
YAML
echo hello >a/src.txt
cp -R a b
expect_exit 0 menace -C a build --remote-cache "$NGINX_URL"
sha=$(sha256sum a/out/a.txt | cut -d' ' -f1)
[ -f "$NGINX_ROOT/cas/$sha" ] || fail "no blob $sha on the server"
echo "evil" >"$NGINX_ROOT/cas/$sha"
# other's entry replaced by gen's (the same outputs' count, another key)
gen_entry=$(grep -l "out/a.txt" "$NGINX_ROOT"/ac/*)
other_entry=$(grep -l "o.txt" "$NGINX_ROOT"/ac/*)
cp "$gen_entry" "$other_entry"

runs_reset
expect_exit 0 menace -C b build --remote-cache "$NGINX_URL"
check_rebuilt gen other
assert_grep "menace: remote cache blob '$NGINX_URL/cas/$sha' does not match its SHA-256: not used" .err
assert_grep "menace: remote cache entry '$NGINX_URL/ac/$(basename "$other_entry")' is malformed or not this rule's: not used" .err
assert_eq "$(grep -c 'remote cache' .err)" 2 "warnings"
cmp a/out/a.txt b/out/a.txt || fail "out/a.txt differs"
cmp a/o.txt b/o.txt || fail "o.txt differs"
! grep -rqx evil b/.menace/cache/cas || fail "the bad blob reached the local cache"
# the run uploaded the good bytes again
cmp "$NGINX_ROOT/cas/$sha" a/out/a.txt || fail "the server's blob was not repaired"

# a third clone restores everything now
mkdir c && cp a/menace.yaml a/src.txt c/
runs_reset
expect_exit 0 menace -C c build --remote-cache "$NGINX_URL"
check_nothing_ran
cmp a/out/a.txt c/out/a.txt || fail "c/out/a.txt differs"
cmp a/o.txt c/o.txt || fail "c/o.txt differs"
