# a key written twice in one map
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp dup_key.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: menace.yaml:7:3: duplicate key '\''a'\'' (first at menace.yaml:3:3)' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
