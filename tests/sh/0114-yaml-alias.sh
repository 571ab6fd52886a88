# an alias to no anchor
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp alias.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:4:10: found undefined alias' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
