#!/bin/sh
# errors about the manifest carry FILE:LINE:COL of the rule; names not
# found get a did-you-mean; status exits 0 up to date, 1 stale, 2 usage or
# manifest error (a missing source too), 3 state error (issue 16, point 3)
. "$TOP/tests/sh/lib.sh"
mkdir src
echo 'int y;' >src/y.c
cat >menace.yaml <<'Y'
version: 1
rules:
  compile: {run: "echo compile >> .runs; cat src/x.c > x.o", in: [src/x.c], out: [x.o]}
  link: {run: "echo link >> .runs; cat x.o > app", in: [x.o], out: [app]}
Y
# a missing source: the rule's place and the file one edit away
runs_reset
expect_err 2 "menace: menace.yaml:3:3: 'src/x.c', needed by 'compile', is missing and no rule makes it (did you mean 'src/y.c'?)" menace status
[ ! -s .out ] || fail "status printed rules although a source is missing"
expect_err 1 "menace: menace.yaml:3:3: 'src/x.c', needed by 'compile', is missing and no rule makes it (did you mean 'src/y.c'?)" menace build
check_nothing_ran
# nothing close: no hint
mv src/y.c src/unrelated.c
expect_err 2 "menace: menace.yaml:3:3: 'src/x.c', needed by 'compile', is missing and no rule makes it" menace status
mv src/unrelated.c src/x.c
# status: 1 stale, 0 up to date
expect_exit 1 menace status
expect_exit 0 menace
expect_exit 0 menace status
# unknown targets: the closest rule, instance or output
expect_err 2 "menace: unknown target 'lnik' (did you mean 'link'?)" menace status lnik
expect_err 2 "menace: unknown target 'x.0' (did you mean 'x.o'?)" menace build x.0
expect_err 2 "menace: unknown target 'zzzzzz'" menace explain zzzzzz
# a usage error is 2 for status as well
expect_err 2 "menace: unknown option '--bogus'" menace status --bogus
# a state error is 3
sqlite3 .menace/menace.db 'PRAGMA user_version = 7'
expect_exit 3 menace status
rm -rf .menace
# a cycle: the place of its first rule in the manifest
cat >menace.yaml <<'Y'
version: 1
rules:
  gen: {run: "true", out: [g.txt]}
  compile: {run: "cat app > x.o", in: [app], out: [x.o]}
  link: {run: "cat x.o > app", in: [x.o], out: [app]}
Y
expect_err 2 "menace: menace.yaml:4:3: dependency cycle: compile -> link -> compile" menace status
# an unknown var or needs names its place and the closest name (as before)
cat >menace.yaml <<'Y'
version: 1
vars: {name: x}
rules:
  a: {run: "echo ${nmae}"}
Y
expect_err 2 "menace: menace.yaml:4:18: unknown var 'nmae' (did you mean 'name'?)" menace status
