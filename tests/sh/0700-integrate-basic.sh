# integrate on hand-written discovered/scores fixtures (older shapes of the
# existing files: a flat module map without .py, a list of orphans) writes
# exactly the expected module_map.json, orphan_modules.json, workflows.json;
# a second run changes nothing
. "$TOP/tests/sh/lib.sh"
fixture integrate_basic
expect_exit 0 menace integrate
assert_file_eq sandbox_data/module_map.json expected/module_map.json
assert_file_eq sandbox_data/orphan_modules.json expected/orphan_modules.json
assert_file_eq sandbox_data/workflows.json expected/workflows.json
assert_grep 'alpha.py: integrated (group 3)' .out
assert_grep 'beta.py: integrated (group 2)' .out
assert_grep 'gamma.py: rejected (failed_tests)' .out
assert_grep 'old_api.py: rejected (legacy)' .out
assert_grep 'notscored.py: untested (not_tested)' .out
# no temporary files left beside the outputs
assert_eq "$(ls sandbox_data | grep -c tmp)" 0 "temporary files"

# again: the same files, the modules now already in the map
expect_exit 0 menace integrate
assert_file_eq sandbox_data/module_map.json expected/module_map.json
assert_file_eq sandbox_data/orphan_modules.json expected/orphan_modules.json
assert_file_eq sandbox_data/workflows.json expected/workflows.json
assert_grep 'alpha.py: kept' .out

# the --KEY=VALUE form of a use: rule, with the inputs named explicitly
mkdir other
cp sandbox_data/discovered.json sandbox_data/scores.json other/
expect_exit 0 menace integrate --data=other --discovered=other/discovered.json --scores other/scores.json
assert_grep '"lonely.py": 2' other/module_map.json
