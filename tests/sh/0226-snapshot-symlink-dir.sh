#!/bin/sh
# a glob through a symlinked directory (lib -> ../elsewhere, outside the
# workspace) sees a file added to or removed from the link's target on the
# very next build, and a build with nothing changed behind the link still
# uses the graph snapshot: the snapshot watches what lies behind the link
. "$TOP/tests/sh/lib.sh"
mkdir "$ELSEWHERE"
echo a >"$ELSEWHERE/a.txt"
ln -s "../$(basename "$ELSEWHERE")" lib
cat >menace.yaml <<'Y'
version: 1
rules:
  all: {run: "echo all >> .runs; cat ${in} > all.txt", in: ["lib/*.txt"], out: [all.txt]}
Y
fromyaml="menace: explain: graph loaded from the manifest"
snapshot_settle "$ELSEWHERE"
# a file added behind the link
echo b >"$ELSEWHERE/b.txt"
build_ok --explain
assert_grep "$fromyaml" .err
check_rebuilt all
printf 'a\nb\n' >want
assert_file_eq all.txt want
snapshot_settle "$ELSEWHERE"
# a file removed behind the link
rm "$ELSEWHERE/a.txt"
build_ok --explain
assert_grep "$fromyaml" .err
check_rebuilt all
echo b >want
assert_file_eq all.txt want
snapshot_settle "$ELSEWHERE"
# a file renamed behind the link
mv "$ELSEWHERE/b.txt" "$ELSEWHERE/c.txt"
build_ok
check_rebuilt all
echo b >want
assert_file_eq all.txt want
build_ok
check_nothing_ran
