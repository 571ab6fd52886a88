#!/bin/sh
# the graph snapshot is used while the manifest, its includes, the
# workspace's directories and the environment are unchanged, and dropped
# as soon as one of them changes
. "$TOP/tests/sh/lib.sh"
mkdir src rules
echo a >src/a.c
cat >menace.yaml <<'Y'
version: 1
vars: {greeting: hello}
include: [rules/more.yaml]
rules:
  list: {run: "echo list >> .runs; cat ${in} > all.txt", in: ["src/*.c"], out: [all.txt]}
Y
cat >rules/more.yaml <<'Y'
rules:
  more: {run: "echo more >> .runs; echo ${greeting} > more.txt", out: [more.txt]}
Y
# directories changed within the racy window are not trusted: age them (-c:
# creating a missing one would change the workspace directory again)
old() { touch -c -d '2020-01-01 00:00' src rules .menace sandbox_data . 2>/dev/null; :; }
fromsnap="menace: explain: graph loaded from its snapshot (manifest, includes, directories and environment unchanged)"
fromyaml="menace: explain: graph loaded from the manifest"
build_ok
old
build_ok --explain
assert_grep "$fromyaml" .err
build_ok --explain
assert_grep "$fromsnap" .err
check_nothing_ran
[ -f .menace/graph.snapshot ] || fail "no snapshot"
# a file added to a globbed directory
echo b >src/b.c
build_ok --explain
assert_grep "$fromyaml" .err
check_rebuilt list
old
build_ok --explain
build_ok --explain
assert_grep "$fromsnap" .err
# an include edited
sed -i 's/echo more >> .runs; echo/echo more >> .runs; echo bonjour/' rules/more.yaml
old
build_ok --explain
assert_grep "$fromyaml" .err
check_rebuilt more
echo bonjour hello >want
assert_file_eq more.txt want
old
build_ok
# -D and the environment are part of the snapshot's key
runs_reset
expect_exit 0 menace -D extra=1 build --explain
assert_grep "$fromyaml" .err
check_nothing_ran
old
runs_reset
expect_exit 0 menace -D greeting=hi build --explain
assert_grep "$fromyaml" .err
check_rebuilt more
old
build_ok
old
SOME_NEW_VAR=1 build_ok --explain
assert_grep "$fromyaml" .err
# a damaged snapshot is ignored, never misread
old
build_ok
printf 'garbage' | dd of=.menace/graph.snapshot bs=1 seek=100 conv=notrunc 2>/dev/null
build_ok --explain
assert_grep "$fromyaml" .err
check_nothing_ran
head -c 50 .menace/graph.snapshot >x && mv x .menace/graph.snapshot
old
build_ok --explain
assert_grep "$fromyaml" .err
check_nothing_ran
# another manifest in the same workspace never gets this one's snapshot
cat >other.yaml <<'Y'
version: 1
rules:
  other: {run: "echo other >> .runs; echo o > other.txt", out: [other.txt]}
Y
old
build_ok
old
build_ok --explain
assert_grep "$fromsnap" .err
runs_reset
expect_exit 0 menace -f other.yaml build --explain
assert_grep "$fromyaml" .err
check_rebuilt other
check_not_rebuilt list more
