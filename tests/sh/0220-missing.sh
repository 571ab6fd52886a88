#!/bin/sh
# a missing input that no rule makes, and a rule that does not write its output
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  compile: {run: "echo compile >> .runs; cat src/x.c > x.o", in: [src/x.c], out: [x.o]}
Y
mkdir src && echo x >src/x.c
build_ok
rm src/x.c
build_fail_msg "menace: menace.yaml:3:3: 'src/x.c', needed by 'compile', is missing and no rule makes it"
check_nothing_ran
cat >menace.yaml <<'Y'
version: 1
rules:
  gen: {run: "echo gen >> .runs; touch out/other.h", out: [out/gen.h]}
Y
build_fail_msg "menace: rule 'gen' succeeded but did not write 'out/gen.h'"
check_rebuilt gen
build_fail_msg "menace: rule 'gen' succeeded but did not write 'out/gen.h'"
check_rebuilt gen
