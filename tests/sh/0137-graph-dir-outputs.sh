# a directory output: readers inside it wait for its rule; writing inside it is a duplicate output
. "$TOP/tests/sh/lib.sh"
cat > menace.yaml <<'YAML'
version: 1
rules:
  gen:
    run: mkdir -p ${out} && touch ${out}/a.txt
    out: [gen/]
  read:
    run: cat gen/a.txt
    in: [gen/a.txt]
YAML
menace graph > got || fail "graph failed"
assert_eq "$(cat got)" "gen (stale)
read <- gen (stale)"
cat >> menace.yaml <<'YAML'
  other:
    run: touch ${out}
    out: [gen/sub/b.txt]
YAML
expect_err 2 "menace: rules 'gen' (menace.yaml:3:3) and 'other' (menace.yaml:9:3) both write 'gen/sub/b.txt'" menace graph
