#!/bin/sh
# paths starting with '-' are passed as ./-... in run:, never as options
# (files named --checkpoint-action=exec=... matched by in: ["*"] and passed
# to tar ran the action)
. "$TOP/tests/sh/lib.sh"
command -v tar >/dev/null || fail "tar is needed"
cat >menace.yaml <<'Y'
version: 1
rules:
  pack:
    run: "tar cf ${out} ${in}"
    in: ["*"]       # every file, -copy.out too (globs see every output)
    out: [out/all.tar]
  copy:
    run: "cp ${in[0]} ${out}"
    in: ["[-]*.txt"]
    out: [-copy.out]
Y
echo data >a.txt
: >--checkpoint=1
: >'--checkpoint-action=exec=touch pwned'
echo dash >-d.txt
expect_exit 0 menace build
[ -e pwned ] && fail "a file name ran as a tar option"
assert_eq "$(tar tf out/all.tar | sort | tr '\n' ' ')" "./--checkpoint-action=exec=touch pwned ./--checkpoint=1 ./-copy.out ./-d.txt a.txt menace.yaml " "the archive"
assert_eq "$(cat ./-copy.out)" dash "the copy"
expect_exit 0 menace graph --json copy
assert_grep '"command":	"cp ./-d.txt ./-copy.out"' "$T/.out"
