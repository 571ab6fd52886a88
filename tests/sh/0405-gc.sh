#!/bin/sh
# gc keeps the N most recently used entries (or what fits in a size);
# builds stay correct after it. The outputs are larger than
# CACHE_INLINE_MAX (4096 bytes): each is a blob of its own
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; { tr a-z A-Z < src.txt; seq 2000; } > up.txt", in: [src.txt], out: [up.txt]}
Y
for v in a b c d; do echo "$v$v$v" >src.txt; build_ok; done
assert_eq "$(ac_keys | wc -l)" 4 "entries before gc"
expect_exit 0 menace gc --keep 2
assert_grep "menace: gc: kept 2 entries" .err
assert_eq "$(ac_keys | wc -l)" 2 "entries after gc --keep 2"
assert_eq "$(find .menace/cache/cas -type f | wc -l)" 2 "blobs after gc --keep 2"
# c and d are kept (newest): reverting to c restores, to a runs
echo ccc >src.txt
build_ok
check_nothing_ran
{ echo CCC; seq 2000; } >want && assert_file_eq up.txt want
echo aaa >src.txt
build_ok
check_rebuilt up
{ echo AAA; seq 2000; } >want && assert_file_eq up.txt want
# restoring c made it recently used: --keep 1 after using c keeps c
echo ccc >src.txt
build_ok
check_nothing_ran
expect_exit 0 menace gc --keep 1
echo aaa >src.txt
build_ok
check_rebuilt up
echo ccc >src.txt
build_ok
check_nothing_ran
# a size cap too small for anything empties the cache; builds still work
expect_exit 0 menace gc --max-size 1
assert_eq "$(find .menace/cache/cas -type f | wc -l)" 0 "blobs after gc --max-size 1"
echo bbb >src.txt
build_ok
check_rebuilt up
{ echo BBB; seq 2000; } >want && assert_file_eq up.txt want
# the default cap (MENACE_CACHE_MAX) keeps small caches whole
MENACE_CACHE_MAX=1M expect_exit 0 menace gc
assert_grep "removed 0 entries" .err
expect_exit 0 menace gc --max-size 10K
expect_err 2 "menace: see 'menace gc --help'" menace gc --keep x
expect_err 2 "menace: see 'menace gc --help'" menace gc --max-size 3Q
expect_exit 0 menace gc --help
assert_grep "usage: menace gc" .out
# the entry files of an older menace (format 3: cache/ac/KEYHEX) are not
# read by builds; gc removes them, and counts them as removed entries
mkdir -p .menace/cache/ac
printf 'menace-cache 3\nsum 00000000000000000000000000000000\n' >.menace/cache/ac/0123456789abcdef0123456789abcdef
cp .menace/cache/ac/0123456789abcdef0123456789abcdef .menace/cache/ac/fedcba9876543210fedcba9876543210
expect_exit 0 menace gc --keep 100
assert_grep "removed 2 entries" .err
[ ! -e .menace/cache/ac ] || fail "gc left the old entries' directory"
