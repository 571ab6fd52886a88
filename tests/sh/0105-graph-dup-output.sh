# two rules writing one output (after path cleaning)
. "$TOP/tests/sh/lib.sh"
fixture graph_errors
cp dup_output.yaml menace.yaml
before=$(ls -A)
expect_err 2 'menace: rules '\''a'\'' (menace.yaml:4:3) and '\''b'\'' (menace.yaml:9:3) both write '\''out/x'\''' menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
