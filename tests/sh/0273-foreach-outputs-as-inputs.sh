#!/bin/sh
# foreach instances' outputs are inputs of other rules, by glob and by
# path, tracked by content like any input; a failed expansion keeps every
# existing instance's outputs and records
. "$TOP/tests/sh/lib.sh"
mkdir src
for x in a b c; do echo $x >src/$x.txt; done
printf '["a","b"]' >list.json
cat >menace.yaml <<'Y'
version: 1
rules:
  each:
    foreach: list.json
    run: echo "each[${item}]" >> .runs; tr a-z A-Z < ${in} > ${out}
    in: ['src/${item}.txt']
    out: ['out/each/${item}.txt']
  total:
    run: echo total >> .runs; cat ${in} > ${out}
    in: [out/each/*.txt]
    out: [out/total.txt]
  first:
    run: echo first >> .runs; cp ${in} ${out}
    in: [out/each/a.txt]
    out: [out/first.txt]
  both:
    run: echo both >> .runs; cat ${in} > ${out}
    in: [out/total.txt, out/first.txt]
    out: [out/both.txt]
Y
build_ok
printf 'A\nB\n' >want
assert_file_eq out/total.txt want
printf 'A\nB\nA\n' >want
assert_file_eq out/both.txt want
build_ok
check_nothing_ran
# a new element: its instance and the readers of the glob run, first does not
printf '["a","b","c"]' >list.json
build_ok
check_rebuilt 'each[c]' total both
check_not_rebuilt 'each[a]' 'each[b]' first
printf 'A\nB\nC\n' >want
assert_file_eq out/total.txt want
build_ok
check_nothing_ran
# a content change of one instance's source: only its chain
echo aa >src/a.txt
build_ok
check_rebuilt 'each[a]' total first both
check_not_rebuilt 'each[b]' 'each[c]'
# same bytes again: early cutoff, the readers stay up to date
touch src/b.txt
build_ok
check_nothing_ran
# an element leaves: its output is gone before total reads the glob
printf '["a","c"]' >list.json
build_ok
printf 'AA\nC\n' >want
assert_file_eq out/total.txt want
[ ! -e out/each/b.txt ] || fail "out/each/b.txt survived"
build_ok
check_nothing_ran
# a list that does not expand fails the rule and keeps every instance's files
printf '["a",' >list.json
expect_err 1 "menace: 'list.json', the foreach list of rule 'each', is not a JSON array or object" menace build
assert_grep "menace: rule 'each' failed (cannot expand its foreach list)" .err
[ -f out/each/a.txt ] && [ -f out/each/c.txt ] || fail "a failed expansion removed outputs"
printf '["a","c"]' >list.json
build_ok
check_nothing_ran
# the same files as a clean build
mkdir clean && cp -R menace.yaml list.json src clean/ && (cd clean && "$MENACE" build -q) || fail "clean build"
for f in out/total.txt out/first.txt out/both.txt out/each/a.txt out/each/c.txt; do
	assert_file_eq "$f" "clean/$f"
done
assert_eq "$(cd out && find . -type f | sort)" "$(cd clean/out && find . -type f | sort)" "files under out/"
# targets lists the instances of the expanded foreach rule and the late
# rules' outputs, as graph does (a late rule waiting for a list a rule
# will rebuild still shows what it reads)
expect_exit 0 menace targets
assert_grep "    out/total.txt" .out
assert_grep "  each[c]" .out
assert_no_grep "reads the outputs of" .out
