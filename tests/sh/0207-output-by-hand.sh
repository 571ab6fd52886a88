#!/bin/sh
# an output deleted or edited by hand re-runs the rule that writes it
. "$TOP/tests/sh/lib.sh"
echo data >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> .runs; cp in.txt out.txt", in: [in.txt], out: [out.txt]}
  next: {run: "echo next >> .runs; cp out.txt next.txt", in: [out.txt], out: [next.txt]}
Y
build_ok
rm out.txt
build_ok --no-cache   # (without it the output is restored from the cache: 0404)
check_rebuilt copy
check_not_rebuilt next
echo edited >out.txt
build_ok --no-cache
check_rebuilt copy
check_not_rebuilt next
assert_file_eq out.txt in.txt
echo edited >next.txt
build_ok --no-cache
check_rebuilt next
check_not_rebuilt copy
build_ok
check_nothing_ran
