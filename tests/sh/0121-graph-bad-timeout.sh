# a timeout that is no number (while run: 3, a number where a string belongs, is taken as text)
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp number_string.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:5:14: '\''timeout'\'' of rule '\''a'\'' must be a number of seconds above 0' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
