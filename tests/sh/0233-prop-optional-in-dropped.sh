#!/bin/sh
# prop finding 3: an optional input ('-path') that is dropped (no such file,
# no rule writes it) must not be in ${in}; the graph has no such input, the
# command still got it (sort failed on the missing file)
. "$TOP/tests/sh/lib.sh"
mkdir src && echo a >src/a.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  one:
    in: ['-src/x.txt']
    out: [out/one.txt]
    run: "{ echo one; sort ${in}; } > ${out}"
  each:
    matrix: {n: [a, x]}
    in: ['-src/${n}.txt']
    out: ['out/each/${n}.txt']
    run: "{ echo ${n}; sort ${in}; } > ${out}"
Y
build_ok
echo one >want && assert_file_eq out/one.txt want
printf 'a\na\n' >want && assert_file_eq out/each/a.txt want
echo x >want && assert_file_eq out/each/x.txt want
# the file appears: the input is kept from then on
echo y >src/x.txt
build_ok
printf 'one\ny\n' >want && assert_file_eq out/one.txt want
printf 'x\ny\n' >want && assert_file_eq out/each/x.txt want
# and goes again
rm src/x.txt
build_ok
echo one >want && assert_file_eq out/one.txt want
expect_exit 0 menace build
assert_grep "menace: 0 ran," "$T/.err"
