#!/bin/sh
# prop finding 8 (issue 11, items 1-3): an optional glob over foreach
# instances' outputs matches exactly the instances of the current list: in
# the build where an item is added (its output does not exist yet when the
# manifest is read) and where one leaves (its output is still on disk)
. "$TOP/tests/sh/lib.sh"
mkdir src && printf 'a\n' >src/items
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    in: [src/items]
    out: [out/list.json]
    run: "awk 'BEGIN{printf \"[\"} {printf \"%s\\\"%s\\\"\", (NR>1?\",\":\"\"), $0} END{print \"]\"}' ${in} > ${out}"
  each:
    foreach: out/list.json
    out: ['out/each/${item}.txt']
    run: "echo ${item} > ${out}"
  some:
    in: ['-out/each/*.txt']
    out: [out/some.txt]
    run: "printf '%s\\n' ${in} > ${out}"
Y
build_ok
echo out/each/a.txt >want && assert_file_eq out/some.txt want
printf 'a\nb\n' >src/items
build_ok
printf 'out/each/a.txt\nout/each/b.txt\n' >want && assert_file_eq out/some.txt want
printf 'b\n' >src/items
build_ok
[ ! -e out/each/a.txt ] || fail "the vanished instance's output is still there"
echo out/each/b.txt >want && assert_file_eq out/some.txt want
expect_exit 0 menace build --json -
assert_grep '"ran":0,' "$T/.out"
