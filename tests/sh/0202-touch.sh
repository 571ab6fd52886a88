#!/bin/sh
# touching an input (new mtime, same bytes) re-runs nothing
. "$TOP/tests/sh/lib.sh"
echo data >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt out.txt", in: [in.txt], out: [out.txt]}
  next: {run: "echo next >> .runs; cp out.txt next.txt", in: [out.txt], out: [next.txt]}
Y
build_ok
check_rebuilt copy next
touch -d '2030-01-01 00:00' in.txt
build_ok
check_nothing_ran
touch in.txt out.txt next.txt
build_ok
check_nothing_ran
expect_exit 0 menace status
