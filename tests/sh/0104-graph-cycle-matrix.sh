# a cycle through a matrix instance
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp cycle_matrix.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:3:3: dependency cycle: t[p=2] -> u -> t[p=2]' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
