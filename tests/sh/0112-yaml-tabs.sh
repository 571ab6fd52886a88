# a tab in the indentation
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp tabs.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:4:1: a tab character (indent YAML with spaces)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
