#!/bin/sh
# prop finding 4 (issue 11, item 3): an output of a foreach instance can be an
# explicit input of another rule, tracked by content like any input
. "$TOP/tests/sh/lib.sh"
mkdir src && printf 'a\nb\n' >src/items && echo A >src/a.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    in: [src/items]
    out: [out/list.json]
    run: "awk 'BEGIN{printf \"[\"} {printf \"%s\\\"%s\\\"\", (NR>1?\",\":\"\"), $0} END{print \"]\"}' ${in} > ${out}"
  each:
    foreach: out/list.json
    in: ['-src/${item}.txt']
    out: ['out/each/${item}.txt']
    run: "{ echo ${item}; cat ${in}; } > ${out}"
  use:
    in: [out/each/a.txt]
    out: [out/use.txt]
    run: "tr a-z A-Z < ${in} > ${out}"
Y
build_ok
printf 'A\nA\n' >want && assert_file_eq out/use.txt want
# a change of the instance's output reruns the reader
echo B >src/a.txt
build_ok
printf 'A\nB\n' >want && assert_file_eq out/use.txt want
# another instance's change does not
echo b2 >src/b.txt
expect_exit 0 menace build --json -
assert_grep '"rule":"each[b]","status":"ran"' "$T/.out"
assert_no_grep '"rule":"use","status":"ran"' "$T/.out"
expect_exit 0 menace build --json -
assert_grep '"ran":0,' "$T/.out"
