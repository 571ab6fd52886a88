# a cycle through inputs, printed as the full path
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp cycle.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:3:3: dependency cycle: compile -> link -> compile' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
