# needs naming no rule
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp unknown_needs.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:7:13: unknown rule '\''compil'\'' in '\''needs'\'' of rule '\''link'\'' (did you mean '\''compile'\''?)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
