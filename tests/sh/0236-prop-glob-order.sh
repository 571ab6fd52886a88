#!/bin/sh
# prop finding 6 (issue 11, item 1): a glob over generated outputs sees the
# planned outputs of every rule, also of one written below it in the
# manifest: the same on a clean tree as on an incremental one, and moving
# the rules in the manifest changes nothing
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  all:
    in: ['out/gen/*.txt']
    out: [out/all.txt]
    run: "cat ${in} > ${out}"
  gen:
    matrix: {n: [a, b]}
    out: ['out/gen/${n}.txt']
    run: "echo ${n} > ${out}"
Y
build_ok
printf 'a\nb\n' >want && assert_file_eq out/all.txt want
# the optional form, in a fresh workspace, after the producer's outputs exist
mkdir w2 && sed "s|'out/gen/\*.txt'|'-out/gen/*.txt'|" menace.yaml >w2/menace.yaml
(cd w2 && "$MENACE" build -q) || fail "optional glob: the build failed"
assert_file_eq w2/out/all.txt want
# a value added to the producer below: the reader sees it in the same build
sed 's/\[a, b\]/[a, b, c]/' menace.yaml >m && mv m menace.yaml
build_ok
printf 'a\nb\nc\n' >want && assert_file_eq out/all.txt want
expect_exit 0 menace build --json -
assert_grep '"ran":0,' "$T/.out"
