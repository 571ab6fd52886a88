# discover: --KEY=VALUE forms (as a use: rule passes its with: entries),
# output paths, SANDBOX_DATA_DIR, --help, usage errors and their exit codes
. "$TOP/tests/sh/lib.sh"
fixture discover_example
mkdir repo && mv ./*.py repo/
# the engine's form: one --KEY=VALUE per with: entry, underscores in keys allowed
expect_exit 0 menace discover --repo=repo --out=o/d.json --classifications=o/c.json --queue=o/q.json \
	--recursive_orphans=true --max_recursion_depth=3 --include_redundant=1 --skip_dirs=none
assert_file_eq o/d.json expected/default/discovered.json
assert_file_eq o/c.json expected/default/orphan_classifications.json
assert_file_eq o/q.json expected/default/test_queue.json
[ ! -e sandbox_data ] || fail "sandbox_data written although every output was named"
# SANDBOX_DATA_DIR names the default folder; --data-dir beats it
expect_exit 0 env SANDBOX_DATA_DIR=data "$MENACE" discover --repo repo
assert_file_eq data/test_queue.json expected/default/test_queue.json
expect_exit 0 env SANDBOX_DATA_DIR=data "$MENACE" discover --repo repo --data-dir=other
assert_file_eq other/discovered.json expected/default/discovered.json
# no temporary files left beside the outputs
assert_eq "$(ls data | tr '\n' ' ')" "discovered.json orphan_classifications.json test_queue.json " "data/"
# help
expect_exit 0 menace discover --help
assert_grep "usage: menace discover" "$T/.out"
assert_grep "SANDBOX_RECURSIVE_ORPHANS" "$T/.out"
# usage errors: exit 2, nothing written
rm -rf sandbox_data
expect_err 2 "menace: unknown option '--bogus'" menace discover --bogus
expect_err 2 "menace: option '--repo' needs a value" menace discover --repo
expect_err 2 "menace: --max-recursion-depth: 'x' is not a count from 0 to 1000000" \
	menace discover --max-recursion-depth x
expect_err 2 "menace: --recursive-orphans: 'maybe' is not a boolean" \
	menace discover --recursive-orphans=maybe
expect_err 2 "menace: unexpected argument 'repo'" menace discover repo
assert_grep "menace: see 'menace discover --help'" "$T/.err"
expect_err 2 "menace: SANDBOX_MAX_RECURSION_DEPTH: 'deep' is not a count from 0 to 1000000" \
	env SANDBOX_MAX_RECURSION_DEPTH=deep "$MENACE" discover
expect_err 2 "menace: SANDBOX_RECURSIVE_ORPHANS: 'sometimes' is not a boolean" \
	env SANDBOX_RECURSIVE_ORPHANS=sometimes "$MENACE" discover
# an empty value given to a flag is an error (an empty variable is unset)
expect_err 2 "menace: option '--skip-dirs' needs a value" menace discover --skip-dirs=
expect_err 2 "menace: option '--recursive-orphans' needs a value" menace discover --recursive-orphans=
expect_err 2 "menace: -j: '0' is not a count from 1 to 1000000" menace discover -j0
[ ! -e sandbox_data ] || fail "a usage error wrote outputs"
# a repository that is not there: exit 1
expect_err 1 "menace: cannot scan 'nowhere': No such file or directory" menace discover --repo nowhere
[ ! -e sandbox_data ] || fail "a failed scan wrote outputs"
# an output that cannot be written: exit 1
touch blocker
expect_exit 1 menace discover --repo repo --out blocker/d.json
assert_grep "blocker/d.json" "$T/.err"
# --imports of a missing file
expect_err 1 "menace: cannot read 'missing.py': No such file or directory" menace discover --imports missing.py
