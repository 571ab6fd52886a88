#!/bin/sh
# an empty foreach list, foreach skip file or depfile (also after ${...}
# expansion) is a manifest error at its place, like an empty in: or out:
# path. It once became "." one byte past its buffer (a heap-buffer-overflow
# the manifest fuzzer found), and the build then read the workspace
# directory as the foreach list
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  each:
    foreach: ""
    run: "echo ${item} > ${out}"
    out: ["o/${item}.txt"]
Y
expect_err 2 "menace: menace.yaml:4:14: empty path in 'foreach' of rule 'each'" menace graph
cat >menace.yaml <<'Y'
version: 1
vars: {none: ""}
rules:
  list: {run: "echo a > ${out}", out: [l.txt]}
  each:
    foreach: {from: l.txt, skip: "${none}"}
    run: "echo ${item} > ${out}"
    out: ["o/${item}.txt"]
Y
expect_err 2 "menace: menace.yaml:6:34: empty path in 'foreach: skip' of rule 'each'" menace graph
cat >menace.yaml <<'Y'
version: 1
rules:
  cc: {run: "echo > x.o", out: [x.o], depfile: ""}
Y
expect_err 2 "menace: menace.yaml:3:48: empty path in 'depfile' of rule 'cc'" menace graph
expect_err 2 "menace: menace.yaml:3:48: empty path in 'depfile' of rule 'cc'" menace build
# an empty target on the command line is an unknown target (it was cleaned
# to "." one byte past its buffer too)
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > a.txt", out: [a.txt]}
Y
expect_err 2 "menace: unknown target ''" menace build ""
