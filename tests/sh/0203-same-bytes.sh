#!/bin/sh
# rewriting a file with the same bytes (new inode, mtime, ctime) re-runs nothing
. "$TOP/tests/sh/lib.sh"
echo data >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt out.txt", in: [in.txt], out: [out.txt]}
Y
build_ok
check_rebuilt copy
cp in.txt tmp && rm in.txt && mv tmp in.txt
echo data >in.txt
build_ok
check_nothing_ran
# and the same for an output rewritten by hand with its own bytes
cp out.txt tmp && rm out.txt && mv tmp out.txt
build_ok
check_nothing_ran
