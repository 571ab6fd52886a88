# GITHUB_ACTIONS=true: failed rules (at their manifest line) and failed
# self-tests (at the module's traceback line) as ::error annotations on
# stderr, and a Markdown summary appended to $GITHUB_STEP_SUMMARY
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
unset GITHUB_ACTIONS GITHUB_WORKSPACE GITHUB_STEP_SUMMARY
mkdir w
cat >w/menace.yaml <<'Y'
version: 1
rules:
  ok:
    run: echo ok > a.txt
    out: [a.txt]

  bad:
    run: echo '100% <b>bold</b>'; exit 4
    in: [a.txt]
    out: [b.txt]
Y
# not on GitHub: no workflow command
expect_exit 1 menace -f w/menace.yaml build
assert_no_grep '::error' "$T/.err"
expect_exit 1 env GITHUB_ACTIONS=false "$MENACE" -f w/menace.yaml build
assert_no_grep '::error' "$T/.err"

export GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$T/summary.md"
expect_exit 1 menace -f w/menace.yaml build
# file relative to the manifest's directory without GITHUB_WORKSPACE
assert_grep "::error file=menace.yaml,line=7,title=rule 'bad' failed::rule 'bad' failed (exit status 4)%0A\$ echo '100%25 <b>bold</b>'; exit 4%0A100%25 <b>bold</b>%0A" "$T/.err"
[ "$(grep -c '^::error' "$T/.err")" -eq 1 ] || fail "one annotation"
# relative to the checkout when it holds the file
expect_exit 1 env GITHUB_WORKSPACE="$T" "$MENACE" -f w/menace.yaml build
assert_grep "::error file=w/menace.yaml,line=7,title=rule 'bad' failed::" "$T/.err"
# two builds, two summaries; HTML from the repository is text there
[ "$(grep -c '^### menace build: failed$' summary.md)" -eq 2 ] || { cat summary.md >&2; fail "two summaries"; }
assert_grep '| 1 | 0 | 0 | 1 | 1 | 0 | 0 | 0 |' summary.md
assert_grep '| bad | menace.yaml:7 | exit status 4 |' summary.md
assert_no_grep '<b>' summary.md
# a summary file that cannot be written fails an otherwise good build
cat >w2.yaml <<'Y'
version: 1
rules:
  ok:
    run: echo ok > a.txt
    out: [a.txt]
Y
mkdir w2 && mv w2.yaml w2/menace.yaml
expect_exit 0 menace -f w2/menace.yaml build
expect_exit 1 env GITHUB_STEP_SUMMARY="$T/nodir/s.md" "$MENACE" -f w2/menace.yaml build
assert_grep "menace: cannot write '$T/nodir/s.md': No such file or directory" "$T/.err"

# a build that fails before any rule does: one annotation without a place
mkdir m && printf 'version: 1\nrules:\n  a:\n    run: cp src.txt a\n    in: [src.txt]\n    out: [a]\n' >m/menace.yaml
expect_exit 1 menace -f m/menace.yaml build
assert_grep "::error title=menace build failed::menace build failed (exit status 1)%0A" "$T/.err"

# failed self-tests: the module, at the line its traceback names
mkdir e && cd e
e2e_setup small
: >"$T/summary.md"
expect_exit 0 env GITHUB_WORKSPACE="$T" "$MENACE" build -q
line=$(python3 - <<'P'
import json, re
t = json.load(open("sandbox_data/selftest/tools/rates.py/hostile_input-low.json"))["output_tail"]
print(re.findall(r'File "[^"]*/tools/rates\.py", line (\d+)', t)[-1])
P
)
assert_grep "::error file=e/repo/tools/rates.py,line=$line,title=self-test of tools/rates.py failed under hostile_input/low::exit code 1%0A" "$T/.err"
n=$(grep -c '^::error file=e/repo/' "$T/.err")
want=$(python3 -c 'import glob,json; print(sum(not json.load(open(f))["passed"] for f in glob.glob("sandbox_data/selftest/**/*.json", recursive=True)))')
assert_eq "$n" "$want" "self-test annotations"
assert_grep '| tools/rates.py | hostile\_input | low | exit code 1 |' "$T/summary.md"
# a cycle: one summary for all its builds
: >"$T/summary.md"
expect_exit 0 menace cycle -n 2 -q
assert_grep '### menace cycle: passed' "$T/summary.md"
[ "$(grep -c '^### ' "$T/summary.md")" -eq 1 ] || fail "one summary per cycle command"
