#!/bin/sh
# what lies deeper behind a symlinked directory is watched too: a real
# subdirectory of the link's target (lib/**/*.txt), a symlinked directory
# inside the target (lib/more/*.txt), a new subdirectory; and a link to a
# directory inside the workspace sees what that directory sees. lib/**
# lists lib's target but, as documented, does not descend into lib/more
. "$TOP/tests/sh/lib.sh"
mkdir -p "$ELSEWHERE/t/sub" "$ELSEWHERE/m" real
echo a >"$ELSEWHERE/t/sub/a.txt"
echo m >"$ELSEWHERE/m/m.txt"
echo r >real/r.txt
ln -s "$ELSEWHERE/t" lib
ln -s ../m "$ELSEWHERE/t/more"
ln -s real inside
cat >menace.yaml <<'Y'
version: 1
rules:
  deep: {run: "echo deep >> .runs; cat ${in} > deep.txt", in: ["lib/**/*.txt"], out: [deep.txt]}
  more: {run: "echo more >> .runs; cat ${in} > more.txt", in: ["lib/more/*.txt"], out: [more.txt]}
  inside: {run: "echo inside >> .runs; cat ${in} > inside.txt", in: ["inside/*.txt"], out: [inside.txt]}
Y
snapshot_settle "$ELSEWHERE"
# a file in a real subdirectory of the link's target
echo b >"$ELSEWHERE/t/sub/b.txt"
build_ok
check_rebuilt deep
check_not_rebuilt more inside
printf 'a\nb\n' >want
assert_file_eq deep.txt want
snapshot_settle "$ELSEWHERE"
# a new subdirectory there, with a file in it
mkdir "$ELSEWHERE/t/sub/deeper"
echo c >"$ELSEWHERE/t/sub/deeper/c.txt"
build_ok
check_rebuilt deep
printf 'a\nb\nc\n' >want
assert_file_eq deep.txt want
snapshot_settle "$ELSEWHERE"
# a file behind a symlinked directory inside the link's target
echo n >"$ELSEWHERE/m/n.txt"
build_ok
check_rebuilt more
check_not_rebuilt deep inside
printf 'm\nn\n' >want
assert_file_eq more.txt want
snapshot_settle "$ELSEWHERE"
# a file in a workspace directory reached through a link
echo s >real/s.txt
build_ok
check_rebuilt inside
printf 'r\ns\n' >want
assert_file_eq inside.txt want
snapshot_settle "$ELSEWHERE"
