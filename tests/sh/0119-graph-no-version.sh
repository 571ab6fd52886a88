# a manifest without version
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp no_version.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:1:1: missing '\''version: 1'\'' (this menace reads version 1)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
