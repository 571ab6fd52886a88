# a glob matching nothing is an error unless optional
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp glob_none.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:5:10: '\''src/*.c'\'' in rule '\''a'\'' matches no file (write '\''-src/*.c'\'' if that is fine)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
