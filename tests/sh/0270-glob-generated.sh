#!/bin/sh
# globs over generated outputs are resolved against the planned graph: the
# issue's example (a matrix value removed), a glob rule written before the
# rules it matches, a source matched by a glob deleted; each is right after
# one build, and a second build runs nothing
. "$TOP/tests/sh/lib.sh"
mkdir src
for x in a b c; do echo $x >src/$x.txt; done
write() {
	cat >menace.yaml <<Y
version: 1
rules:
  total:
    run: echo total >> .runs; cat \${in} | wc -l > \${out}
    in: [out/words/*.txt]
    out: [out/total.txt]
  words:
    matrix: {name: [$1]}
    run: echo words >> .runs; tr a-z A-Z < \${in} > \${out}
    in: ['src/\${name}.txt']
    out: ['out/words/\${name}.txt']
  list:
    run: echo list >> .runs; ls \${in} > \${out}
    in: ['src/*.txt']
    out: [out/list.txt]
Y
}
write 'a, b, c'
build_ok
assert_eq "$(cat out/total.txt)" 3 "total after the first build"
write 'a, b'
build_ok
assert_eq "$(cat out/total.txt)" 2 "total after removing c"
[ ! -e out/words/c.txt ] || fail "out/words/c.txt is still there"
build_ok
check_nothing_ran
write 'a, b, c, d'
echo d >src/d.txt
build_ok
assert_eq "$(cat out/total.txt)" 4 "total after adding d"
build_ok
check_nothing_ran
rm src/d.txt
write 'a, b, c'
build_ok
assert_eq "$(cat out/total.txt)" 3 "total after removing d"
printf 'src/a.txt\nsrc/b.txt\nsrc/c.txt\n' >want
assert_file_eq out/list.txt want
build_ok
check_nothing_ran
# the same files as a clean build of the same manifest and sources
mkdir clean && cp -R menace.yaml src clean/ && (cd clean && "$MENACE" build -q) || fail "clean build"
for f in out/total.txt out/list.txt out/words/a.txt out/words/b.txt out/words/c.txt; do
	assert_file_eq "$f" "clean/$f"
done
assert_eq "$(cd out && find . -type f | sort)" "$(cd clean/out && find . -type f | sort)" "files under out/"
