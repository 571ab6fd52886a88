#!/bin/sh
# foreach and matrix values are literals in in:, never globs: a module named
# 'b[x]' reads src/b[x].txt (it was a glob: it matched src/bx.txt, or
# nothing and the expansion failed); a backslash in in: escapes by hand
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  list:
    run: "cp src.json list.json"
    in: [src.json]
    out: [list.json]
  each:
    foreach: list.json
    run: "cat ${in} > ${out}"
    in: ["src/${item}.txt"]
    out: ["out/${item}.txt"]
  m:
    matrix: {p: ["c*", "d?"]}
    run: "cat ${in} > ${out}"
    in: ["src/${p}.txt"]
    out: ["m/${p}.txt"]
  hand:
    run: "cat ${in} > ${out}"
    in: ['src/c\*.txt', 'src/b\[x\]*']
    out: [hand.txt]
Y
mkdir src
for f in a 'b[x]' bx 'c*' cc 'd?' dd; do echo "$f" >"src/$f.txt"; done
echo '["a", "b[x]", "c*"]' >src.json
build_ok
assert_eq "$(cat out/a.txt)" a "out/a.txt"
assert_eq "$(cat 'out/b[x].txt')" 'b[x]' "out/b[x].txt"
assert_eq "$(cat 'out/c*.txt')" 'c*' "out/c*.txt"
assert_eq "$(cat 'm/c*.txt')" 'c*' "m/c*.txt"
assert_eq "$(cat 'm/d?.txt')" 'd?' "m/d?.txt"
assert_eq "$(cat hand.txt | tr '\n' ' ')" 'c* b[x] ' "hand.txt"
# a literal value names a file that need not exist yet: a missing source, not a glob error
echo '["a", "b[x]", "c*", "e[1]"]' >src.json
expect_err 1 "menace: menace.yaml:7:3: 'src/e[1].txt', needed by 'each[e[1]]', is missing and no rule makes it" menace build
[ -f 'out/b[x].txt' ] && [ -f out/a.txt ] || fail "other instances' outputs were removed"
# a value with a backslash, as a whole directory before a glob
rm -rf .menace out
mkdir -p 'k\l' && echo kl >'k\l/x.c'
printf '["k\\\\l"]' >bs.json
cat >menace.yaml <<'Y'
version: 1
rules:
  bs:
    foreach: bs.json
    run: cat ${in} > ${out}
    in: ['${item}/*.c']
    out: ['out/${item}.txt']
Y
expect_exit 0 menace build
assert_eq "$(cat 'out/k\l.txt')" kl "a backslash value before a glob"
