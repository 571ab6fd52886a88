#!/bin/sh
# symlink cycles (a link to its own directory, to its parent, back into the
# workspace, to the workspace itself) are followed once each: the build
# ends, the snapshot is still used, and a change behind the links is seen
. "$TOP/tests/sh/lib.sh"
mkdir -p "$ELSEWHERE/inner" src
echo a >"$ELSEWHERE/inner/a.txt"
echo s >src/s.txt
ln -s . "$ELSEWHERE/self"
ln -s .. "$ELSEWHERE/inner/up"
ln -s "$T" "$ELSEWHERE/back"
ln -s "$ELSEWHERE" lib
ln -s . loop
cat >menace.yaml <<'Y'
version: 1
rules:
  all: {run: "echo all >> .runs; cat ${in} > all.txt", in: ["lib/self/inner/up/inner/*.txt", "loop/src/*.txt"], out: [all.txt]}
Y
runs_reset
expect_exit 0 timeout 20 "$MENACE" build
printf 'a\ns\n' >want
assert_file_eq all.txt want
snapshot_settle "$ELSEWHERE"
echo b >"$ELSEWHERE/inner/b.txt"
build_ok
check_rebuilt all
printf 'a\nb\ns\n' >want
assert_file_eq all.txt want
snapshot_settle "$ELSEWHERE"
# the cycles add each directory to the snapshot a bounded number of times
size=$(wc -c <.menace/graph.snapshot)
[ "$size" -lt 4096 ] || fail "snapshot of $size bytes"
# more than 10,000 directories behind symlinks: no snapshot is kept, and
# every build reads the manifest
mkdir "$ELSEWHERE/many"
(cd "$ELSEWHERE/many" && seq 1 10000 | xargs mkdir)
expect_exit 0 timeout 60 "$MENACE" build
[ ! -f .menace/graph.snapshot ] || fail "a snapshot of 10,000 linked directories"
age_dirs . "$ELSEWHERE"
build_ok --explain
assert_grep "menace: explain: graph loaded from the manifest" .err
check_nothing_ran
[ ! -f .menace/graph.snapshot ] || fail "a snapshot of 10,000 linked directories"
