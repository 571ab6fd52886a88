# a rule with both run and use
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp run_and_use.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:5:5: rule '\''a'\'' has both '\''run'\'' and '\''use'\'' (it needs exactly one)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
