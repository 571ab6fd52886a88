# a cycle through needs
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp cycle_needs.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:3:3: dependency cycle: a -> b -> c -> a' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
