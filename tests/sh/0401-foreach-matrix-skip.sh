#!/bin/sh
# foreach x matrix: every element with every combination, named
# rule[ELEMENT,p=v]; skip: written by a later rule takes effect on the next
# build (read as it stands, not an edge); object elements with key:
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  mods:
    run: "echo mods >> .runs; cp mods.in mods.json"
    in: [mods.in]
    out: [mods.json]
  test:
    foreach: {from: mods.json, key: name, skip: skip.json}
    matrix: {mode: [fast, slow]}
    run: "echo 'test[${item.name},mode=${mode}]' >> .runs; echo ${item.name} ${item.size} ${mode} > res/${item.name}-${mode}.txt"
    out: ["res/${item.name}-${mode}.txt"]
  report:
    needs: [test]
    run: "echo report >> .runs; cat res/*.txt > report.txt; echo '[\"b\"]' > skip.json"
    out: [report.txt]
Y
echo '[{"name":"a","size":1},{"name":"b","size":2}]' >mods.in
build_ok
check_rebuilt mods 'test[a,mode=fast]' 'test[a,mode=slow]' 'test[b,mode=fast]' 'test[b,mode=slow]' report
printf 'a 1 fast\na 1 slow\nb 2 fast\nb 2 slow\n' >want && assert_file_eq report.txt want
[ -f skip.json ] || fail "report did not write skip.json"
# the skip list written by report is read at the next expansion: b's instances vanish
build_ok
check_not_rebuilt 'test[a,mode=fast]' 'test[a,mode=slow]' 'test[b,mode=fast]' 'test[b,mode=slow]'
check_rebuilt report
assert_grep "menace: removed 'res/b-fast.txt' (instance removed: test[b,mode=fast])" .err
assert_grep "menace: removed 'res/b-slow.txt' (instance removed: test[b,mode=slow])" .err
printf 'a 1 fast\na 1 slow\n' >want && assert_file_eq report.txt want
build_ok
check_nothing_ran
# a field of an element: changing it runs that element's instances only
echo '[{"name":"a","size":5},{"name":"b","size":2},{"name":"c","size":3}]' >mods.in
build_ok
check_rebuilt mods 'test[a,mode=fast]' 'test[a,mode=slow]' 'test[c,mode=fast]' 'test[c,mode=slow]' report
check_not_rebuilt 'test[b,mode=fast]' 'test[b,mode=slow]'
# status lists the instances that would run by name
echo '[{"name":"a","size":5},{"name":"d","size":4}]' >mods.in
expect_exit 1 menace status
assert_grep "mods: input 'mods.in' changed" .out
assert_grep "test: foreach list 'mods.json' will be rebuilt by 'mods'" .out
