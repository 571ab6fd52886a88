#!/bin/sh
# a cache entry is bound to its key: one edited to name another valid blob,
# or copied from another key's row, is reported once and not used (the rule
# runs, its dependents see the right bytes); an entry of the old format is a
# silent miss; an intact entry is still restored
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; echo AAA > a.txt", out: [a.txt]}
  b: {run: "echo b >> .runs; echo BBB > b.txt", out: [b.txt]}
  use: {run: "echo use >> .runs; cat a.txt > use.txt", in: [a.txt], out: [use.txt]}
  mode: {run: "echo mode >> .runs; echo ${env.MODE} > m.txt", out: [m.txt]}
Y
export MODE=one
build_ok
# small outputs are inside their entry: "F HEX 5:a.txt 4:AAA"
ac_dump ents
key_a=$(cd ents && grep -l ' 5:a\.txt 4:AAA$' *) || fail "no entry for a.txt"
hex_a=$(sed -n 's/^F \([0-9a-f]*\) 5:a\.txt 4:AAA$/\1/p' "ents/$key_a")
hex_b=$(sed -n 's/^F \([0-9a-f]*\) 5:b\.txt 4:BBB$/\1/p' ents/*)
[ -n "$hex_a" ] && [ -n "$hex_b" ] || fail "entries lack their output lines"
cp "ents/$key_a" entry_a.good
sed "s/$hex_a/$hex_b/" entry_a.good >entry_a.forged
echo AAA >want.a
echo mode >want.runs
rejected="menace: cache entry $key_a in '.menace/cache/entries.db' does not match its key: not used"

# an intact entry is restored, nothing runs
rm a.txt
build_ok
check_nothing_ran
assert_file_eq a.txt want.a

# edited to name b's content hash: rejected once, a runs
ac_put "$key_a" entry_a.forged
rm a.txt
build_ok
check_rebuilt a
check_not_rebuilt use
assert_file_eq a.txt want.a
grep -qxF -- "$rejected" .err || { cat .err >&2; fail "stderr lacks: $rejected"; }
assert_eq "$(grep -c 'cache entry' .err)" 1 "rejection reports"
# the run stored a good entry again: the next restore works
rm a.txt
build_ok
check_nothing_ran
assert_file_eq a.txt want.a
assert_no_grep "cache entry" .err

# explain does not offer a forged entry as restorable
ac_put "$key_a" entry_a.forged
rm a.txt
expect_exit 0 menace explain a
assert_no_grep "restored from cache" .out
ac_put "$key_a" entry_a.good

# copied from another key's row: MODE=two writes a second entry for m.txt,
# copied over the entry of MODE=one
ac_keys >keys.one
MODE=two build_ok
check_rebuilt mode
key_two=$(ac_keys | grep -vxF -f keys.one) || fail "no new entry"
ac_dump ents
key_one=$(cd ents && grep -l ' 5:m\.txt ' $(cat ../keys.one)) || fail "no entry for m.txt"
ac_put "$key_one" "ents/$key_two"
build_ok
assert_file_eq .runs want.runs
echo one >want.m
assert_file_eq m.txt want.m
assert_grep "menace: cache entry $key_one in '.menace/cache/entries.db' does not match its key: not used" .err

# an entry of the old format (1) is ignored without a word: a miss
printf 'menace-cache 1\nf %s 5:a.txt\n' "$hex_a" >entry_a.old
ac_put "$key_a" entry_a.old
rm a.txt
build_ok
check_rebuilt a
assert_file_eq a.txt want.a
assert_no_grep "cache entry" .err

# gc removes an entry a build would not use, and keeps the good ones
ac_put "$key_a" entry_a.forged
expect_exit 0 menace gc --keep 100
! ac_keys | grep -qxF "$key_a" || fail "gc kept a forged entry"
ac_keys | grep -qxF "$key_one" || fail "gc removed a good entry"
