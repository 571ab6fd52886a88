#!/bin/sh
# prop finding 7 (issue 11, item 1): an optional input ('-out/...') over the
# output of a rule or matrix value that left the manifest is dropped in the
# build that removes it, not read from the stale file still on disk
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  up:
    matrix: {n: [a, b]}
    out: ['out/up/${n}.txt']
    run: "echo up-${n} > ${out}"
  down:
    matrix: {n: [a, b]}
    in: ['-out/up/${n}.txt']
    out: ['out/down/${n}.txt']
    run: "{ echo down-${n}; cat ${in}; } > ${out}"
Y
build_ok
printf 'down-b\nup-b\n' >want && assert_file_eq out/down/b.txt want
# b leaves up's matrix: down[n=b] reads nothing now
sed 's/^    matrix: {n: \[a, b\]}$/&/; 0,/\[a, b\]/s//[a]/' menace.yaml >m && mv m menace.yaml
grep -q 'n: \[a\]' menace.yaml || fail "bad edit"
build_ok
[ ! -e out/up/b.txt ] || fail "the vanished output is still there"
echo down-b >want && assert_file_eq out/down/b.txt want
expect_exit 0 menace build --json -
assert_grep '"ran":0,' "$T/.out"
