#!/bin/sh
# the inputs a depfile names are part of the next key check
. "$TOP/tests/sh/lib.sh"
echo 'int x;' >main.c && echo '#define A 1' >a.h && echo '#define B 1' >b.h
cat >menace.yaml <<'Y'
version: 1
rules:
  cc:
    run: "echo cc >> .runs; cat main.c a.h > main.o; printf 'main.o: main.c \\\\\n  a.h\n' > main.d"
    in: [main.c]
    out: [main.o]
    depfile: main.d
Y
build_ok
check_rebuilt cc
build_ok
check_nothing_ran
echo '#define B 2' >b.h
build_ok
check_nothing_ran
echo '#define A 2' >a.h
expect_exit 0 menace explain cc
assert_grep "depfile input 'a.h' changed" .out
build_ok
check_rebuilt cc
rm a.h
build_ok
check_rebuilt cc
