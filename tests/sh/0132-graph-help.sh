# graph and targets: --help on stdout, bad options exit 2
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace graph --help
assert_grep 'usage: menace graph [--text|--dot|--json|--mermaid] [TARGET...]' "$T/.out"
expect_exit 0 menace targets --help
assert_grep 'usage: menace targets' "$T/.out"
expect_exit 2 menace graph --svg
assert_grep "menace: unknown option '--svg'" "$T/.err"
expect_err 2 "menace: unexpected argument 'x'" menace targets x
expect_err 2 "menace: cannot read 'menace.yaml': No such file or directory" menace graph
