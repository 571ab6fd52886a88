#!/bin/sh
# a corrupt cache blob is detected by its hash, removed, and the rule runs
# with the right result; a deleted output is restored. The output is larger
# than CACHE_INLINE_MAX (4096 bytes), so it is a blob of its own
. "$TOP/tests/sh/lib.sh"
echo one >src.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; { tr a-z A-Z < src.txt; seq 2000; } > up.txt", in: [src.txt], out: [up.txt]}
Y
build_ok
echo two >src.txt
build_ok
# the blob of "ONE\n" is corrupted by hand
blob=$(grep -l -r -x ONE .menace/cache/cas) || fail "no blob holds the output"
[ "$(wc -c <"$blob")" -gt 4096 ] || fail "the blob is not the whole output"
chmod u+w "$blob" && echo EVIL >"$blob"
echo one >src.txt
build_ok
check_rebuilt up
assert_grep "is corrupt: removed" .err
{ echo ONE; seq 2000; } >want && assert_file_eq up.txt want
[ ! -e "$blob" ] || ! grep -q EVIL "$blob" || fail "the corrupt blob was kept"
# deleting an output restores it (the cache has it again) without running
rm up.txt
build_ok
check_nothing_ran
assert_file_eq up.txt want
# a truncated cache entry is not used
printf 'menace-cache 2\nf 0' >truncated
for k in $(ac_keys); do ac_put "$k" truncated; done
rm up.txt
build_ok
check_rebuilt up
assert_grep "does not match its key: not used" .err
assert_file_eq up.txt want
# cache: false never stores nor restores
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; { tr a-z A-Z < src.txt; seq 2000; } > up.txt", in: [src.txt], out: [up.txt], cache: false}
Y
rm -rf .menace/cache
build_ok
[ -z "$(ac_keys)" ] || fail "cache: false stored an entry"
rm up.txt
build_ok
check_rebuilt up
