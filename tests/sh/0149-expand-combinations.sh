#!/bin/sh
# a string whose lists combine into more than 100000 words is an error at
# its place, at once (22 references to a two-element list took 75 s and
# 1.5 GB), and writes nothing
. "$TOP/tests/sh/lib.sh"
printf '[{"name": "a", "l": ["x", "y"]}]' >list.json
refs=""
i=0
while [ $i -lt 22 ]; do refs="$refs\${item.l}"; i=$((i + 1)); done
cat >menace.yaml <<Y
version: 1
rules:
  each:
    foreach: {from: list.json, key: name}
    run: "true"
    in: ["$refs"]
    out: ["out/\${item}"]
Y
expect_exit 1 timeout 20 "$MENACE" build
assert_grep "expands to more than 100000 words (every combination of its lists)" .err
[ ! -d out ] || fail "out/ was created"
