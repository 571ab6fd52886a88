#!/bin/sh
# remote_cache: in menace.yaml names the remote cache; MENACE_REMOTE_CACHE
# overrides it and --remote-cache overrides both. A bad value is a manifest
# error at its place (exit 2, nothing built).
. "$TOP/tests/sh/lib.sh"
nginx_start one
one=$NGINX_URL one_log=$NGINX_LOG
nginx_start two
two=$NGINX_URL two_log=$NGINX_LOG
nginx_start three
three=$NGINX_URL three_log=$NGINX_LOG
cat >menace.yaml <<YAML
version: 1
remote_cache: $one
rules:
  gen:
    in: [src.txt]
    out: [g.txt]
    run: echo gen >> .runs; cat src.txt > g.txt
YAML
echo a >src.txt
expect_exit 0 menace build
assert_grep "PUT /cache/ac/" "$one_log"
echo b >src.txt
MENACE_REMOTE_CACHE=$two expect_exit 0 menace build
assert_grep "PUT /cache/ac/" "$two_log"
echo c >src.txt
MENACE_REMOTE_CACHE=$two expect_exit 0 menace build --remote-cache "$three"
assert_grep "PUT /cache/ac/" "$three_log"
assert_eq "$(grep -c 'PUT /cache/ac/' "$one_log")" 1 "uploads to the manifest's cache"
assert_eq "$(grep -c 'PUT /cache/ac/' "$two_log")" 1 "uploads to the variable's cache"
# the same through the graph snapshot: its URL is the manifest's
age_dirs .
echo d >src.txt
expect_exit 0 menace build
echo e >src.txt
expect_exit 0 menace build --explain
assert_grep "graph loaded from its snapshot" .err
assert_eq "$(grep -c 'PUT /cache/ac/' "$one_log")" 3 "uploads to the manifest's cache"

mkdir bad && cd bad
printf 'version: 1\nremote_cache: ftp://x/\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:2:15: 'remote_cache' must be an http:// or https:// URL" menace build
printf 'version: 1\nremote_cache:\n  url: http://x/\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:3:3: 'remote_cache' must be a URL, not a map" menace build
printf 'version: 1\nremote_cache: http://x/\ninclude: [inc.yaml]\nrules: {}\n' >menace.yaml
printf 'remote_cache: http://y/\n' >inc.yaml
expect_err 2 "menace: inc.yaml:1:1: 'remote_cache' is set twice (first at menace.yaml:2:1)" menace build
printf 'version: 1\nremote_cachee: http://x/\nrules: {}\n' >menace.yaml
expect_exit 2 menace build
assert_grep "remote_cache" "$T/.err"
[ ! -e .menace ] || fail "a manifest error wrote state"
