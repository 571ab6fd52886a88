#!/bin/sh
# prop finding 1 (issue 11): a glob over generated outputs must not match the
# output of a matrix value that was just removed; one build gives the clean
# result and the next build runs nothing
. "$TOP/tests/sh/lib.sh"
mkdir src && for n in a b c; do echo "$n" >src/$n.txt; done
cat >menace.yaml <<'Y'
version: 1
rules:
  words:
    matrix: {name: [a, b, c]}
    run: tr a-z A-Z < ${in} > ${out}
    in: ['src/${name}.txt']
    out: ['out/words/${name}.txt']
  total:
    run: cat ${in} | wc -l > ${out}
    in: [out/words/*.txt]
    out: [out/total.txt]
Y
build_ok
assert_eq "$(cat out/total.txt)" 3 "total before"
sed 's/\[a, b, c\]/[a, b]/' menace.yaml >m && mv m menace.yaml
build_ok
[ ! -e out/words/c.txt ] || fail "the vanished output is still there"
assert_eq "$(cat out/total.txt)" 2 "total after one build"
expect_exit 0 menace build
assert_grep "menace: 0 ran," "$T/.err"
