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
# (a foreach instance is expanded late: the error names the rule's place)
expect_err 1 "menace: menace.yaml:3:3: expands to more than 100000 words (every combination of its lists)" timeout 20 "$MENACE" build
assert_grep "menace: rule 'each' failed (cannot expand its foreach list)" .err
[ ! -d out ] || fail "out/ was created"
# read with the manifest: at the 17th reference, the first past 100000 (2^17)
rm -rf .menace
echo x >a && echo y >b
refs=""
i=0
while [ $i -lt 22 ]; do refs="$refs\${in}"; i=$((i + 1)); done
cat >menace.yaml <<Y
version: 1
rules:
  r:
    run: "true"
    in: [a, b]
    out: ["o/$refs"]
Y
expect_err 2 "menace: menace.yaml:6:94: expands to more than 100000 words (every combination of its lists)" timeout 20 "$MENACE" build
[ ! -e o ] && [ ! -e .menace ] && [ ! -e sandbox_data ] || fail "a manifest error wrote files"
