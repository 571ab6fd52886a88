# discover: the example of sandbox.md (a->b, d->b, b->c, e->{b,f}, f->e gives {a, d}),
# with and without recursion, and the same result whatever the file system order
. "$TOP/tests/sh/lib.sh"
fixture discover_example
check() { # expected-dir
	for f in discovered.json orphan_classifications.json test_queue.json; do
		assert_file_eq sandbox_data/$f expected/$1/$f
	done
}
expect_exit 0 menace discover
assert_grep "discover: 6 files scanned, 2 orphans" "$T/.out"
check default
assert_eq "$(cat sandbox_data/test_queue.json)" '["a.py", "d.py"]' "queue"
expect_exit 0 env SANDBOX_RECURSIVE_ORPHANS=0 "$MENACE" discover
check norec
# the same files created in the reverse order give the same bytes
mkdir rev && for f in f e d c b a; do cp $f.py rev/; done
expect_exit 0 menace discover --repo rev --data-dir out
for f in discovered.json orphan_classifications.json test_queue.json; do
	assert_file_eq out/$f sandbox_data/$f
done
# one thread or two: the same bytes
expect_exit 0 menace discover -j1 --data-dir one
expect_exit 0 menace discover -j 2 --data-dir two
for f in discovered.json orphan_classifications.json test_queue.json; do
	assert_file_eq one/$f two/$f
done
