#!/bin/sh
# Run every test: the C unit test binaries in $UNIT_DIR (each prints "ok NAME"
# or "FAIL NAME: why" per case) and the numbered shell tests tests/sh/NNNN-*.sh
# (each one test: exit 0 passes). Ends with one line "N passed, N failed".
# TESTS='01* 02*' limits the shell tests to those globs.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${MENACE:?MENACE must name the menace binary}"
: "${UNIT_DIR:=}"
export MENACE TOP="$top"
pass=0 fail=0 failed=""
log=$(mktemp)

for bin in "$UNIT_DIR"/test_*; do
	[ -x "$bin" ] || continue
	"$bin" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(sed -n 's/^FAIL \([^:]*\):.*/\1/p' "$log" | sort -u | wc -l)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $(basename "$bin"): exited $rc"
	fi
	grep '^FAIL ' "$log"
	[ "$f" -gt 0 ] && failed="$failed $(basename "$bin")"
	pass=$((pass + p))
	fail=$((fail + f))
done

pats=${TESTS:-[0-9]*}
# split $pats without expanding its globs against the current directory
set -f
for pat in $pats; do
	set +f
	for t in "$top"/tests/sh/$pat.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		( cd "$top" && sh "$t" ) >"$log" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ]; then
			pass=$((pass + 1))
			echo "ok $name"
			# a test that could not run here says so visibly
			grep '^SKIP' "$log" | sed "s/^/    $name: /"
		else
			fail=$((fail + 1))
			failed="$failed $name"
			echo "FAIL $name (exit $rc)"
			sed 's/^/    /' "$log" | tail -n 30
		fi
	done
	set -f
done
set +f
rm -f "$log"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
