#!/bin/sh
# explain names what changed: input with old and new hash, command, env,
# output missing or modified, never built, or up to date
. "$TOP/tests/sh/lib.sh"
printf one >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  copy:
    run: "cp in.txt out.txt"
    in: [in.txt]
    out: [out.txt]
    env: [MODE]
Y
expect_exit 0 menace explain copy
printf "'copy' would run:\n  never built\n" >want
assert_file_eq .out want
expect_exit 0 menace build
expect_exit 0 menace explain copy
echo "'copy' is up to date" >want
assert_file_eq .out want
old=$(python3 -c 'import sys; print(sys.argv[1])' "$(sqlite3 .menace/menace.db "select lower(hex(hash)) from files where path='in.txt'")")
printf two >in.txt
expect_exit 0 menace explain out.txt
new=$(python3 -c 'import sys; print(sys.argv[1])' "$(sqlite3 .menace/menace.db "select lower(hex(hash)) from files where path='in.txt'")")
assert_eq "$new" "$old" "explain must not write the state"
assert_grep "  input 'in.txt' changed ($old -> " .out
printf one >in.txt
sed -i 's/cp in.txt out.txt/cat in.txt > out.txt/' menace.yaml
expect_exit 0 menace explain copy
printf "'copy' would run:\n  command changed\n" >want
assert_file_eq .out want
sed -i 's/cat in.txt > out.txt/cp in.txt out.txt/' menace.yaml
MODE=fast expect_exit 0 menace explain copy
printf "'copy' would run:\n  env 'MODE' changed\n" >want
assert_file_eq .out want
rm out.txt
expect_exit 0 menace explain copy
printf "'copy' would run:\n  output 'out.txt' is missing\n  its outputs would be restored from cache\n" >want
assert_file_eq .out want
echo hand >out.txt
expect_exit 0 menace explain copy
printf "'copy' would run:\n  output 'out.txt' was modified\n  its outputs would be restored from cache\n" >want
assert_file_eq .out want
expect_err 2 "menace: usage: menace explain TARGET" menace explain
