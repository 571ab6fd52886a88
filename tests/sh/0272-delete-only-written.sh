#!/bin/sh
# menace deletes only files it wrote: (a) an output of a removed rule that
# the user edited and now reads as a source is kept; (b) clean removes what
# the state recorded, not what a rule now declares (a source, a depfile);
# (c) nothing is removed through a symlink that leaves the workspace
. "$TOP/tests/sh/lib.sh"
# (a)
cat >menace.yaml <<'Y'
version: 1
rules:
  gen: {run: "echo generated > data.txt", out: [data.txt]}
Y
build_ok
echo "by hand" >data.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  use: {run: "cp data.txt copy.txt", in: [data.txt], out: [copy.txt]}
Y
build_ok
assert_no_grep "removed 'data.txt'" .err
assert_grep "menace: kept 'data.txt': it changed since menace wrote it" .err
assert_eq "$(cat data.txt)" "by hand" "data.txt"
assert_eq "$(cat copy.txt)" "by hand" "copy.txt"
build_ok
check_nothing_ran
# an unchanged output of a removed rule, named as an input: a clean build
# would find it missing, so the build fails as one would, and keeps it
rm -rf .menace data.txt copy.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  gen: {run: "echo generated > data.txt", out: [data.txt]}
Y
build_ok
cat >menace.yaml <<'Y'
version: 1
rules:
  use: {run: "cp data.txt copy.txt", in: [data.txt], out: [copy.txt]}
Y
build_fail_msg "menace: menace.yaml:3:3: 'data.txt', needed by 'use', is missing and no rule makes it (the file there was written by 'gen', which is gone: edit it to keep it as a source, or delete it)"
assert_eq "$(cat data.txt)" generated "data.txt kept"
# (b)
rm -rf .menace ./*.txt
mkdir src build
echo 'int main(void){return 0;}' >src/main.c
echo "my notes" >NOTES.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  cc: {run: "cp src/main.c build/main.o", in: [src/main.c], out: [build/main.o]}
Y
build_ok
cat >menace.yaml <<'Y'
version: 1
rules:
  cc: {run: "true", out: [src/main.c], depfile: NOTES.txt}
Y
expect_exit 0 menace clean
[ -f src/main.c ] || fail "clean removed src/main.c"
[ -f NOTES.txt ] || fail "clean removed NOTES.txt"
[ ! -e build/main.o ] || fail "clean kept build/main.o"
assert_grep "menace: removed 1 file" .err
# (c)
rm -rf .menace build src NOTES.txt menace.yaml
mkdir ws outside
echo "not menace's" >outside/keep.txt
ln -s ../outside ws/out
cat >ws/menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > out/a.txt", out: [out/a.txt]}
  b: {run: "echo b > out/b.txt", out: [out/b.txt]}
Y
expect_exit 0 menace -C ws build
expect_exit 0 menace -C ws clean a
assert_grep "menace: kept 'out/a.txt': it lies behind a symlink that leaves the workspace" .err
[ -f outside/a.txt ] || fail "clean removed a file outside the workspace"
cat >ws/menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > out/a.txt", out: [out/a.txt]}
Y
expect_exit 0 menace -C ws build
[ -f outside/b.txt ] || fail "a vanished output outside the workspace was removed"
[ -f outside/keep.txt ] || fail "a file no rule wrote was removed"
