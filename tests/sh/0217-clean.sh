#!/bin/sh
# clean removes the outputs (of the targets, or all) and the next build runs them again
# (--no-cache: otherwise it restores them from the local cache)
. "$TOP/tests/sh/lib.sh"
echo 1 >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; cp in.txt a.txt", in: [in.txt], out: [a.txt]}
  b: {run: "echo b >> .runs; mkdir -p tree/sub; cp in.txt tree/sub/b.txt", in: [in.txt], out: [tree/]}
Y
build_ok --no-cache
[ -f tree/sub/b.txt ] || fail "no tree"
expect_err 0 "menace: removed 1 file" menace clean a
[ ! -f a.txt ] && [ -f tree/sub/b.txt ] || fail "clean a removed the wrong things"
build_ok --no-cache
check_rebuilt a
check_not_rebuilt b
expect_err 0 "menace: removed 2 files" menace clean
[ ! -e a.txt ] && [ ! -e tree ] || fail "clean left outputs"
[ -f in.txt ] || fail "clean removed a source"
build_ok --no-cache
check_rebuilt a b
