#!/bin/sh
# foreach over a list written in the same build: the list grows, shrinks and
# changes order; only new instances run, vanished instances' outputs are
# removed (and reported), reordering runs nothing; needs: waits for all
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    run: "echo list >> .runs; cp src.json list.json"
    in: [src.json]
    out: [list.json]
  each:
    foreach: list.json
    run: "echo 'each[${item}]' >> .runs; echo ${item} > out/${item}.txt"
    out: ["out/${item}.txt"]
  all:
    needs: [each]
    run: "echo all >> .runs; cat out/*.txt > all.txt"
    out: [all.txt]
Y
echo '["a","b"]' >src.json
build_ok
check_rebuilt list 'each[a]' 'each[b]' all
printf 'a\nb\n' >want && assert_file_eq all.txt want
# all ran after every instance
assert_eq "$(tail -n 1 .runs)" all "the rule that needs the foreach rule ran last"
build_ok
check_nothing_ran
# grows: only the new element runs
echo '["b","a","c"]' >src.json
build_ok
check_rebuilt list 'each[c]' all
check_not_rebuilt 'each[a]' 'each[b]'
printf 'a\nb\nc\n' >want && assert_file_eq all.txt want
# reorder: the list is rewritten, no instance runs, neither does all
echo '["c","b","a"]' >src.json
build_ok
check_rebuilt list
check_not_rebuilt 'each[a]' 'each[b]' 'each[c]' all
# shrinks: b's output is removed at the end of the build, and said so
echo '["c","a"]' >src.json
build_ok
check_rebuilt list
check_not_rebuilt 'each[a]' 'each[c]'
assert_grep "menace: removed 'out/b.txt' (instance removed: each[b])" .err
[ ! -e out/b.txt ] || fail "the vanished instance's output is still there"
[ -f out/a.txt ] && [ -f out/c.txt ] || fail "a kept instance's output was removed"
# a file menace never recorded is never removed
echo mine >out/mine.txt
echo '["c"]' >src.json
build_ok
[ -f out/mine.txt ] || fail "a file menace did not write was removed"
[ ! -e out/a.txt ] || fail "out/a.txt should be gone"
build_ok
check_nothing_ran
expect_exit 0 menace status
# instance names are targets once expanded in the same command
echo '["c","d"]' >src.json
build_ok each
check_rebuilt list 'each[d]'
check_not_rebuilt all
