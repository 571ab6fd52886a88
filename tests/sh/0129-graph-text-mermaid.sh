# the default text format and --mermaid against expected files
. "$TOP/tests/sh/lib.sh"
fixture graph_dot
menace graph > got.txt || fail "graph failed"
assert_file_eq got.txt expected.txt
menace graph --mermaid > got.mmd || fail "graph --mermaid failed"
assert_file_eq got.mmd expected.mmd
expect_err 2 "menace: unknown target 'nope'" menace graph nope
