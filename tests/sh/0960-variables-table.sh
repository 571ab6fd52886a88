# every variable of the original is read or warned about: the table of
# cli/variables.c and docs/sandbox.md ("Every variable") name the same
# variables, in strcmp order (the table is searched); each unsupported one,
# when set, prints exactly one "warning: NAME is not supported: WHY" line,
# once per command even when a build starts menace commands; empty is unset
. "$TOP/tests/sh/lib.sh"
src=$TOP/cli/variables.c
grep -o '\(READ\|NOPE\)("[A-Z_]*"' "$src" | sed 's/^\(....\)("\(.*\)"/\1 \2/' >rows
cut -d' ' -f2 rows >names
[ "$(wc -l <names)" -ge 60 ] || fail "only $(wc -l <names) variables in $src"
LC_ALL=C sort -c names || fail "cli/variables.c is not in strcmp order"
sed -n '/^### Every variable$/,/^### /p' "$TOP/docs/sandbox.md" |
	sed -n 's/^| `\([A-Z_]*\)` |.*/\1/p' >docnames
diff -u names docnames >&2 || fail "docs/sandbox.md's table differs from cli/variables.c"
# a documented row says "not supported" exactly when the table says NOPE
sed -n '/^### Every variable$/,/^### /p' "$TOP/docs/sandbox.md" |
	sed -n 's/^| `\([A-Z_]*\)` | not supported: .*/\1/p' >docnope
sed -n 's/^NOPE //p' rows >nope
diff -u nope docnope >&2 || fail "unsupported rows differ"
# the issue's list: these are read or warned about, never silently ignored
for v in SELF_TEST_DISABLE_AUTO_INTEGRATION SELF_TEST_METRICS_PORT METRICS_PORT \
	ALIGNMENT_FLAGS_PATH ALIGNMENT_BASELINE_METRICS_PATH SANDBOX_CYCLES SANDBOX_JSON_LOGS; do
	grep -qx "$v" names || fail "$v is not in the table"
done

cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a > a.txt", out: [a.txt]}
Y
for v in $(cat nope); do
	env "$v=1" "$MENACE" targets >.out 2>.err || fail "$v=1: targets failed"
	n=$(grep -c "^menace: warning: $v is not supported: ." .err)
	[ "$n" -eq 1 ] || { cat .err >&2; fail "$v=1 gave $n warnings"; }
	[ "$(wc -l <.err)" -eq 1 ] || { cat .err >&2; fail "$v=1: more on stderr"; }
	env "$v=" "$MENACE" targets >.out 2>.err
	[ ! -s .err ] || { cat .err >&2; fail "$v= (empty) warned"; }
done
# a read variable is never warned about
SANDBOX_CYCLES=2 SELF_TEST_TIMEOUT=5 expect_exit 0 menace targets
[ ! -s .err ] || { cat .err >&2; fail "a read variable warned"; }
# once per command: the menace commands a build runs inherit the check
cat >menace.yaml <<Y
version: 1
rules:
  p: {run: "'$MENACE' presets >p.json && '$MENACE' presets >q.json", out: [p.json, q.json]}
Y
SELF_TEST_METRICS_PORT=9 SANDBOX_DEBUG=1 expect_exit 0 menace build
assert_eq "$(grep -c 'SELF_TEST_METRICS_PORT is not supported' .err)" 1 "warnings in a build"
assert_eq "$(grep -c 'SANDBOX_DEBUG is not supported' .err)" 1 "warnings in a build"
# the order is the table's: ALIGNMENT_* before SANDBOX_*
ALIGNMENT_FLAGS_PATH=x SANDBOX_LOG_LEVEL=debug expect_exit 0 menace targets
assert_eq "$(cut -d' ' -f3 .err | tr '\n' ' ')" "ALIGNMENT_FLAGS_PATH SANDBOX_LOG_LEVEL " "order"
