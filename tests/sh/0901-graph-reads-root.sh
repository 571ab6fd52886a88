# reads: names directories outside the workspace that inputs may come from
# (absolute or relative, globs too); anything else outside is still refused,
# and nothing is ever written there. A new file in a reads: directory is
# seen by the next build (the graph snapshot watches those directories too)
. "$TOP/tests/sh/lib.sh"
mkdir -p "$ELSEWHERE/src/sub" "$ELSEWHERE/other"
echo one >"$ELSEWHERE/src/a.txt"
echo two >"$ELSEWHERE/src/sub/b.txt"
echo no >"$ELSEWHERE/other/c.txt"
rel=../$(basename "$ELSEWHERE")
cat >menace.yaml <<Y
version: 1
vars:
  src: $ELSEWHERE/src
reads: ["\${src}", "$rel/src"]
rules:
  abs:
    in: ["\${src}/**/*.txt"]
    out: [abs.out]
    run: cat \${in} > \${out}
  rel:
    in: ["$rel/src/a.txt"]
    out: [rel.out]
    run: cat \${in} > \${out}
Y
expect_exit 0 menace build
assert_eq "$(cat abs.out)" "one
two" "abs.out"
assert_eq "$(cat rel.out)" one "rel.out"
sleep 0.1
expect_exit 0 menace build
assert_grep "0 ran" "$T/.err"
sleep 0.1
expect_exit 0 menace build
# a new file below a reads: directory (snapshot in use) is globbed
echo three >"$ELSEWHERE/src/sub/c.txt"
expect_exit 0 menace build
assert_eq "$(cat abs.out)" "one
two
three" "abs.out after a new file"
# an edit there re-runs what reads it
echo uno >"$ELSEWHERE/src/a.txt"
expect_exit 0 menace build
assert_eq "$(cat rel.out)" uno "rel.out after an edit"
# outside every reads: directory: refused
sed "s|$rel/src/a.txt|$rel/other/c.txt|" menace.yaml >m && mv m menace.yaml
expect_err 2 "menace: rule 'rel' reads '$rel/other/c.txt' outside the workspace" menace build
# a reads: directory is never an output directory
sed "s|$rel/other/c.txt|$rel/src/a.txt|; s|out: \[rel.out\]|out: [$rel/src/x.out]|" menace.yaml >m && mv m menace.yaml
expect_err 2 "menace: rule 'rel' writes '$rel/src/x.out' outside the workspace" menace build
[ ! -e "$ELSEWHERE/src/x.out" ] || fail "wrote below a reads: directory"
# an empty entry is placed
printf 'version: 1\nreads: [""]\nrules: {}\n' >menace.yaml
expect_err 2 'menace: menace.yaml:2:9: empty path in '\''reads'\''' menace build
