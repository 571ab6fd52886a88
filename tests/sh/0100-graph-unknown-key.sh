# an unknown rule key names its place and the closest key; nothing is written
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp unknown_key.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:12:5: unknown key '\''ouput'\'' in rule '\''compile'\'' (did you mean '\''out'\''?)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
