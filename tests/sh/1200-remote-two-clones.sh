#!/bin/sh
# Two separate clones of a project share a remote cache (a real nginx
# WebDAV location): the second clone's first build runs no command and its
# outputs are byte-identical to the first's, executable bits included;
# events, --explain and `menace cache stats` say where they came from.
. "$TOP/tests/sh/lib.sh"
nginx_start
mkdir a
cat >a/menace.yaml <<'YAML'
version: 1
rules:
  gen:
    in: [src.txt]
    out: [out/a.txt, out/run.sh]
    run: echo gen >> ../.runs; cat src.txt src.txt > out/a.txt; printf '#!/bin/sh\necho hi\n' > out/run.sh; chmod 755 out/run.sh
  big:
    out: [big.bin]
    run: echo big >> ../.runs; head -c 300000 /dev/urandom > big.bin
  use:
    in: [out/a.txt, big.bin]
    out: [c.txt]
    run: echo use >> ../.runs; tr a-z A-Z < out/a.txt > c.txt; wc -c < big.bin >> c.txt
YAML
echo hello >a/src.txt
cp -R a b
runs_reset
expect_exit 0 menace -C a build --remote-cache "$NGINX_URL"
check_rebuilt gen big use
# blobs, then the entry naming them
assert_eq "$(ls "$NGINX_ROOT/ac" | wc -l)" 3 "entries on the server"
assert_eq "$(grep -c '^PUT /cache/cas/' "$NGINX_LOG")" 4 "blobs uploaded"
first_entry=$(grep -n '^PUT /cache/ac/' "$NGINX_LOG" | head -1 | cut -d: -f1)
first_blob=$(grep -n '^PUT /cache/cas/' "$NGINX_LOG" | head -1 | cut -d: -f1)
[ "$first_blob" -lt "$first_entry" ] || fail "an entry was uploaded before its blobs"
: >"$NGINX_LOG"

runs_reset
expect_exit 0 menace -C b build --remote-cache "$NGINX_URL" --explain --json "$T/ev.json"
check_nothing_ran
for f in out/a.txt out/run.sh big.bin c.txt; do
	cmp a/$f b/$f || fail "b/$f differs from a/$f"
done
[ -x b/out/run.sh ] || fail "the executable bit was not restored"
assert_grep "menace: 0 ran, 3 restored, 0 up to date, 0 failed" .err
assert_grep "menace: explain 'gen': restored from remote cache" .err
assert_eq "$(grep -c '"status":"restored","duration":[0-9.e-]*,"reason":"restored from remote cache"' ev.json)" 3 "restored events"
assert_no_grep "PUT" "$NGINX_LOG"
expect_exit 0 menace -C b cache stats
assert_grep "local:  0 hits, 3 misses, 0 bytes restored" .out
assert_grep "remote: 3 hits, 0 misses, 300049 bytes downloaded, 0 bytes uploaded, 0 errors" .out

# the local cache was filled: with the server gone, a deleted output comes back from it
nginx_stop
rm b/c.txt
runs_reset
expect_exit 0 menace -C b build --remote-cache "$NGINX_URL" --json "$T/ev2.json"
check_nothing_ran
assert_grep '"reason":"restored from cache"' ev2.json
assert_no_grep "remote cache" .err
cmp a/c.txt b/c.txt || fail "c.txt differs"
