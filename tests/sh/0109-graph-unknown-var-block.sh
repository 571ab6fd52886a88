# an unknown var inside a block scalar, at its own line
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp unknown_var_block.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:6:13: unknown var '\''greeting'\''' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
