#!/bin/sh
# the issue's example as written: remove a matrix value and the glob over
# the outputs no longer counts the vanished output after one build; an
# output of a removed rule that the user edited is kept, read as a source
. "$TOP/tests/sh/lib.sh"
mkdir src
for x in a b c; do echo $x >src/$x.txt; done
write() {
	cat >menace.yaml <<Y
version: 1
rules:
  words:
    matrix: {name: [$1]}
    run: tr a-z A-Z < \${in} > \${out}
    in: ['src/\${name}.txt']
    out: ['out/words/\${name}.txt']
  total:
    run: echo total >> .runs; cat \${in} | wc -l > \${out}
    in: [out/words/*.txt]
    out: [out/total.txt]
Y
}
write 'a, b, c'
build_ok
assert_eq "$(cat out/total.txt)" 3 "first build"
write 'a, b'
build_ok
assert_eq "$(cat out/total.txt)" 2 "after removing c"
assert_grep "menace: removed 'out/words/c.txt' (instance removed: words[name=c])" .err
build_ok
check_nothing_ran
# c comes back, then leaves again after the user edited its output: the
# edited file is the user's now, kept with a warning and matched as a source
write 'a, b, c'
build_ok
assert_eq "$(cat out/total.txt)" 3 "c back"
echo mine >out/words/c.txt
write 'a, b'
build_ok
assert_grep "menace: kept 'out/words/c.txt': it changed since menace wrote it" .err
assert_eq "$(cat out/words/c.txt)" mine "the edited file"
assert_eq "$(cat out/total.txt)" 3 "the kept file is a source"
build_ok
check_nothing_ran
