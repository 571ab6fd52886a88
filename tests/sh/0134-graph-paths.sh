# paths are canonical: a/./b/../c and a/c are one node, so the edge exists; dirs end in /
. "$TOP/tests/sh/lib.sh"
cat > menace.yaml <<'YAML'
version: 1
rules:
  gen:
    run: mkdir -p ${out}
    out: [a/./b/../c, outdir/]
  use:
    run: cat ${in}
    in: [a/c, ./outdir/file.txt]
YAML
menace graph > got || fail "graph failed"
assert_eq "$(cat got)" "gen (stale)
use <- gen (stale)"
menace graph --json > g.json
assert_grep '"outputs":	["a/c", "outdir/"]' g.json
