# a list where a map belongs
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp seq_for_map.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:3:3: '\''rules'\'' must be a map of rule names to rules, not a list' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
