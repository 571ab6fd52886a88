# a module that allocates 2 GB meets the preset's MEMORY_LIMIT (512Mi as
# RLIMIT_AS): MemoryError, a prompt failure, no timeout
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_exit 0 env SELF_TEST_TIMEOUT=20 "$MENACE" selftest --repo . --module pkg/hog.py --scenario concurrency_spike --level high --out h.json
assert_eq "$(jget h.json passed)" false "hog passed"
assert_eq "$(jget h.json timed_out)" false "hog timed out"
jget h.json output_tail >tail
assert_grep "MemoryError" tail
assert_no_grep "allocated" tail
