# an unknown var at its line and column
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp unknown_var.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:6:21: unknown var '\''nme'\'' (did you mean '\''name'\''?)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
