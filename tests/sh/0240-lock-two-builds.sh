#!/bin/sh
# Two builds at once in one workspace: the second waits for the workspace
# lock (saying so, with the holder's pid) instead of running the same rules
# into the same files. Outputs are right, the next build runs nothing, and
# after clean the cache restores the right bytes.
. "$TOP/tests/sh/lib.sh"
mkdir src
{
	echo "version: 1"
	echo "rules:"
	for i in 1 2 3 4 5 6 7 8; do
		echo "input $i" >src/$i.txt
		echo "  r$i: {run: \"echo r$i >> .runs; printf 'start\\\\n' > \${out}; sleep 0.03; cat \${in} >> \${out}\", in: [src/$i.txt], out: [out/$i.txt]}"
	done
	echo "  hold: {run: \"touch started; while [ ! -f go ]; do sleep 0.01; done; echo held > \${out}\", out: [out/held.txt]}"
} >menace.yaml
check_outputs() {
	for i in 1 2 3 4 5 6 7 8; do
		printf 'start\ninput %s\n' $i >want
		cmp -s out/$i.txt want || { cat out/$i.txt >&2; fail "out/$i.txt is not what one run writes ($1)"; }
	done
}

# the reproduction: both at once, no rule holding the first
rules="r1 r2 r3 r4 r5 r6 r7 r8"
"$MENACE" build -q -j2 $rules 2>err1 &
p1=$!
"$MENACE" build -q -j2 $rules 2>err2 &
p2=$!
wait $p1 || { cat err1; fail "the first build failed"; }
wait $p2 || { cat err2; fail "the second build failed"; }
check_outputs "two builds at once"
build_ok $rules
check_nothing_ran

# the second build waits while the first holds the lock, and says for whom
rm -rf out .menace started go
"$MENACE" build -q -j2 2>err1 &
p1=$!
wait_for started
# emptied first: the loop below may read err2 before the background shell
# has truncated it, and the first part's second build may have waited too
: >err2
"$MENACE" build -j2 >out2 2>err2 &
p2=$!
i=0
while ! grep -q waiting err2 && kill -0 $p2 2>/dev/null && [ $i -lt 1500 ]; do sleep 0.02; i=$((i + 1)); done
grep -qxF "menace: waiting for the workspace lock held by pid $p1" err2 || { cat err2; fail "no waiting line naming pid $p1"; }
kill -0 $p2 2>/dev/null || fail "the second build ended while the first held the lock"
touch go
wait $p1 || { cat err1; fail "the first build failed"; }
wait $p2 || { cat err2; fail "the second build failed"; }
assert_grep "menace: 0 ran, 9 up to date, 0 failed" err2
check_outputs "the second build waited"

# the cache holds what one run wrote
expect_exit 0 menace clean
build_ok $rules
check_nothing_ran
check_outputs "restored from the cache"
