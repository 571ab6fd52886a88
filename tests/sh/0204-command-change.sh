#!/bin/sh
# a change of the command text re-runs the rule
. "$TOP/tests/sh/lib.sh"
echo data >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt out.txt", in: [in.txt], out: [out.txt]}
Y
build_ok
sed -i 's/cp in.txt out.txt/cat in.txt > out.txt/' menace.yaml
build_ok
check_rebuilt copy
build_ok
check_nothing_ran
