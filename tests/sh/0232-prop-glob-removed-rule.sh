#!/bin/sh
# prop finding 2 (issue 11): a glob over the outputs of a rule that left the
# manifest must not match them in the build that removes them
. "$TOP/tests/sh/lib.sh"
mkdir src && echo x >src/x.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  one:
    matrix: {n: [a, b]}
    run: echo ${n} > ${out}
    out: ['out/one/${n}.txt']
  two:
    run: echo two > ${out}
    out: [out/two/t.txt]
  all:
    run: cat ${in} > ${out}
    in: ['-out/one/*.txt', 'out/two/*.txt']
    out: [out/all.txt]
Y
build_ok
printf 'a\nb\ntwo\n' >want && assert_file_eq out/all.txt want
cat >menace.yaml <<'Y'
version: 1
rules:
  two:
    run: echo two > ${out}
    out: [out/two/t.txt]
  all:
    run: cat ${in} > ${out}
    in: ['-out/one/*.txt', 'out/two/*.txt']
    out: [out/all.txt]
Y
build_ok
[ ! -e out/one/a.txt ] || fail "the removed rule's output is still there"
echo two >want && assert_file_eq out/all.txt want
expect_exit 0 menace build
assert_grep "menace: 0 ran," "$T/.err"
