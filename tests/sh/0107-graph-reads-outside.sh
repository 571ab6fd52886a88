# an absolute input is outside the workspace
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp outside_in.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: rule '\''bad'\'' reads '\''/etc/passwd'\'' outside the workspace' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
