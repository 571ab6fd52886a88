#!/bin/sh
# the new reasons in JSON events and explain (instance added, instance
# removed, restored from cache); menace graph shows a foreach rule's
# instances once its list is up to date, one node before; list errors
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    run: "cp src.json list.json"
    in: [src.json]
    out: [list.json]
  each:
    foreach: list.json
    run: "echo ${item} > out-${item}.txt"
    out: ["out-${item}.txt"]
Y
echo '["a","b"]' >src.json
expect_exit 0 menace graph
assert_grep "each <- list" .out
assert_no_grep "each[a]" .out
expect_exit 1 menace status
assert_grep "each: foreach list 'list.json' will be rebuilt by 'list'" .out
expect_exit 0 menace build --json ev1.json
assert_grep '"rule":"each[a]","reason":"instance added"' ev1.json
expect_exit 0 menace graph
assert_grep "each[a]" .out
assert_grep "each[b]" .out
expect_exit 0 menace graph --json
assert_grep '"each[b]"' .out
echo '["a"]' >src.json
expect_exit 0 menace build --json ev2.json
assert_grep '"event":"output_removed","rule":"each[b]","path":"out-b.txt","reason":"instance removed"' ev2.json
# b comes back: restored from the cache (it was stored before removal)
echo '["a","b"]' >src.json
expect_exit 0 menace build --json ev3.json
assert_grep '"rule":"each[b]","status":"restored"' ev3.json
assert_grep '"reason":"restored from cache"' ev3.json
echo b >want && assert_file_eq out-b.txt want
rm out-a.txt
expect_exit 0 menace explain 'each[a]'
printf "'each[a]' would run:\n  output 'out-a.txt' is missing\n  its outputs would be restored from cache\n" >want
assert_file_eq .out want
# clean removes the instances' outputs too (their list is up to date)
expect_exit 0 menace build
expect_err 0 "menace: removed 3 files" menace clean
[ ! -e out-a.txt ] && [ ! -e out-b.txt ] && [ ! -e list.json ] || fail "clean left outputs"
expect_exit 0 menace build
[ -f out-a.txt ] && [ -f out-b.txt ] || fail "the build after clean did not restore the instances"
# a rule leaving the manifest: its outputs go at the end of the build
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    run: "cp src.json list.json"
    in: [src.json]
    out: [list.json]
Y
expect_exit 0 menace build
assert_grep "menace: removed 'out-b.txt' (rule removed: each[b])" .err
[ ! -e out-b.txt ] && [ -f list.json ] || fail "wrong files removed"
# a list that is not JSON fails the build, naming the rule
cat >menace.yaml <<'Y'
version: 1
rules:
  each:
    foreach: bad.json
    run: "echo ${item}"
Y
echo 'not json' >bad.json
expect_err 1 "menace: 'bad.json', the foreach list of rule 'each', is not a JSON array or object" menace build
rm bad.json
expect_err 1 "menace: menace.yaml:3:3: 'bad.json', needed by 'each', is missing and no rule makes it" menace build
