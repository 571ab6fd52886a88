#!/bin/sh
# prop finding 5 (issue 11, item 3): a glob (without '-') over foreach
# instances' outputs matches the instances of the current list, also on a
# clean tree, where they do not exist yet when the manifest is read
. "$TOP/tests/sh/lib.sh"
mkdir src && printf 'a\nb\n' >src/items
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
  all:
    in: ['out/each/*.txt']
    out: [out/all.txt]
    run: "cat ${in} > ${out}"
Y
build_ok
printf 'a\nb\n' >want && assert_file_eq out/all.txt want
printf 'b\nc\n' >src/items
build_ok
printf 'b\nc\n' >want && assert_file_eq out/all.txt want
expect_exit 0 menace build --json -
assert_grep '"ran":0,' "$T/.out"
