#!/bin/sh
# depfiles: the headers a compile names become inputs of the next check
# (escaped spaces, continuation lines, several targets); touching a header
# runs nothing; a missing or malformed depfile is an error naming the rule
. "$TOP/tests/sh/lib.sh"
echo 'int main;' >main.c && echo '#define A 1' >a.h && echo '#define B 1' >'my b.h'
cat >menace.yaml <<'Y'
version: 1
rules:
  cc:
    run: "echo cc >> .runs; cat main.c a.h 'my b.h' > main.o; printf 'main.o main.s: main.c \\\\\n a.h my\\\\ b.h\n' > main.d"
    in: [main.c]
    out: [main.o]
    depfile: main.d
Y
build_ok
check_rebuilt cc
build_ok
check_nothing_ran
touch a.h 'my b.h'
build_ok
check_nothing_ran
echo '#define B 2' >'my b.h'
expect_exit 1 menace status
assert_grep "cc: depfile input 'my b.h' changed" .out
build_ok
check_rebuilt cc
grep -q 'B 2' main.o || fail "main.o was not rebuilt with the new header"
echo '#define A 2' >a.h
build_ok --explain
check_rebuilt cc
assert_grep "menace: explain 'cc': depfile input 'a.h' changed" .err
# a header edited and reverted: the outputs of the key with the old header
# are restored from the cache, nothing runs
echo '#define A 3' >a.h
build_ok
check_rebuilt cc
echo '#define A 2' >a.h
build_ok
check_nothing_ran
assert_grep "1 restored" .err
grep -q 'A 2' main.o || fail "the restored main.o is not the one built with A 2"
# malformed: a line without ':'
cat >menace.yaml <<'Y'
version: 1
rules:
  bad:
    run: "echo bad >> .runs; echo x > bad.o; echo 'bad.o main.c' > bad.d"
    out: [bad.o]
    depfile: bad.d
  gone:
    run: "echo gone >> .runs; echo x > gone.o"
    out: [gone.o]
    depfile: gone.d
Y
runs_reset
expect_exit 1 menace build -k 0
assert_grep "menace: rule 'bad' wrote a malformed depfile 'bad.d' (a line without ':')" .err
assert_grep "menace: rule 'gone' did not write its depfile 'gone.d'" .err
# neither is recorded: both run again
build_fail_msg "menace: rule 'bad' wrote a malformed depfile 'bad.d' (a line without ':')" bad
check_rebuilt bad
