# an output outside the workspace
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp outside.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: rule '\''bad'\'' writes '\''../outside'\'' outside the workspace' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
