#!/bin/sh
# ${item}, matrix values and vars are shell-quoted in run: (a module named
# 'a;touch pwned' ran 'touch pwned'); ${raw:NAME} is inserted unquoted,
# for the rule that wants the shell to split it
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
vars:
  greeting: hello
  words: one two  three
rules:
  each:
    foreach: list.json
    run: "printf '%s\n' ${item} > ${out}"
    out: ["out/${item}.txt"]
  m:
    matrix: {p: ["x;touch pwned-m", "y $(touch pwned-s)"]}
    run: "printf '%s\n' ${p} ${greeting} > ${out}"
    out: ["m/${p}.txt"]
Y
echo '["a;touch pwned-i", "b c", "d`touch pwned-b`", "it'"'"'s"]' >list.json
expect_exit 0 menace -D 'greeting=hi;touch pwned-v' build
ls pwned* 2>/dev/null && fail "a value ran as a command"
assert_eq "$(cat 'out/a;touch pwned-i.txt')" "a;touch pwned-i" "item with ;"
assert_eq "$(cat 'out/b c.txt')" "b c" "item with a space"
assert_eq "$(cat 'out/d`touch pwned-b`.txt')" 'd`touch pwned-b`' "item with backquotes"
assert_eq "$(cat "out/it's.txt")" "it's" "item with a quote"
assert_eq "$(cat 'm/x;touch pwned-m.txt')" "x;touch pwned-m
hi;touch pwned-v" "matrix value and -D var"
assert_eq "$(cat 'm/y $(touch pwned-s).txt')" 'y $(touch pwned-s)
hi;touch pwned-v' "matrix value with \$(...)"
# a var is one word; ${raw:...} is split by the shell
cat >>menace.yaml <<'Y'
  v:
    run: "printf '%s\n' ${greeting} > ${out}; set -- ${words}; echo $# >> ${out}; set -- ${raw:words}; echo $# >> ${out}"
    out: [v.txt]
Y
expect_exit 0 menace -D 'greeting=hi;touch pwned-v' build v
ls pwned* 2>/dev/null && fail "a value ran as a command"
assert_eq "$(cat v.txt)" "hi;touch pwned-v
1
3" "\${words} and \${raw:words}"
# ordinary values read as they are written
expect_exit 0 menace graph --json v
assert_grep '"command":	"printf '"'"'%s\n'"'"' hello > v.txt; set -- '"'"'one two  three'"'"'; echo $# >> v.txt; set -- one two  three; echo $# >> v.txt"' "$T/.out"
