# an unterminated quoted string
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp unterminated.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:6:1: found unexpected end of stream while scanning a quoted scalar that starts at 4:10' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
