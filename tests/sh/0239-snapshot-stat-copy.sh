#!/bin/sh
# the stat cache's copy beside the graph snapshot (graph.snapshot.files):
# written when a build changed the files table, not by a no-op; a change
# is seen through it; a damaged copy is ignored (the files table is read),
# never misread; an older copy holds only entries that were true
. "$TOP/tests/sh/lib.sh"
mkdir src
echo a >src/a.c
echo b >src/b.c
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; cat src/a.c > a.out", in: [src/a.c], out: [a.out]}
  b: {run: "echo b >> .runs; cat src/b.c > b.out", in: [src/b.c], out: [b.out]}
Y
copy=.menace/graph.snapshot.files
snapshot_settle src
[ -f $copy ] || fail "no stat-cache copy"
# a no-op leaves it as it was (an atomic rewrite would give a new inode);
# files dated back first, or their entries stay racy (hashed again and
# rewritten) for as long as builds follow each other within 50 ms
touch -d '2020-01-01 00:00' src/a.c src/b.c a.out b.out
build_ok
check_nothing_ran
ino=$(stat -c %i $copy)
build_ok
check_nothing_ran
assert_eq "$(stat -c %i $copy)" "$ino" "the copy's inode after a no-op"
cp $copy old-copy
# a change is seen, and the copy rewritten with it
echo a2 >src/a.c
build_ok
check_rebuilt a
check_not_rebuilt b
[ "$(stat -c %i $copy)" != "$ino" ] || fail "the copy was not rewritten"
build_ok
check_nothing_ran
# every row's content hash damaged: the checksum rejects the copy, the
# files table answers, nothing runs (a misread hash would rerun a and b)
cp $copy good-copy
rows=$(od -An -tu8 -j 56 -N 8 $copy | tr -d ' ')
[ "$rows" -ge 4 ] || fail "only $rows rows in the copy"
i=0
while [ $i -lt "$rows" ]; do
	printf '\377' | dd of=$copy bs=1 seek=$((80 + i * 64 + 40)) conv=notrunc 2>/dev/null
	i=$((i + 1))
done
build_ok
check_nothing_ran
# truncated
head -c 100 good-copy >$copy
build_ok
check_nothing_ran
# the copy from before a2: its entry for src/a.c is for the old tuple, so
# the file is hashed again, and nothing runs
cp old-copy $copy
build_ok
check_nothing_ran
# and a change after it is still seen
echo b2 >src/b.c
build_ok
check_rebuilt b
check_not_rebuilt a
