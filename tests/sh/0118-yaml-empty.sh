# an empty manifest
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp empty.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:1:1: empty manifest (expected a map with '\''version'\'' and '\''rules'\'')' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
