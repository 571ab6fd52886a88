# a format version this menace does not read
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp version2.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:3:1: unsupported version 2 (this menace reads version 1)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
