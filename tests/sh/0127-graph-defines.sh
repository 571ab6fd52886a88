# -D NAME=VALUE overrides a var, before and after its definition; env defaults
. "$TOP/tests/sh/lib.sh"
fixture graph_include
expect_exit 0 menace -D greeting=hi -D dir=out graph --json
assert_grep '"command":	"echo hi nobody > top.txt"' "$T/.out"
assert_grep '"out/lib.txt"' "$T/.out"
expect_err 2 "menace: '-D greeting': expected NAME=VALUE" menace -D greeting graph
