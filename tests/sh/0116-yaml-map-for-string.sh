# a map where a string belongs
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp map_for_string.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:4:10: '\''run'\'' of rule '\''a'\'' must be a string, not a map' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
