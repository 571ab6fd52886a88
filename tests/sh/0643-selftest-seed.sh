# the seed comes from the module's content, the scenario and the level: the
# same across runs and directories, another for another scenario, level or
# content
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
mkdir other
cp -R pkg tests other/
expect_exit 0 menace selftest --module pkg/helper.py --scenario hostile_input --level high --out a.json
expect_exit 0 menace selftest --module pkg/helper.py --scenario hostile_input --level high --out b.json
expect_exit 0 menace selftest --repo other --module pkg/helper.py --scenario malicious_data --level high --out c.json
expect_exit 0 menace selftest --module pkg/helper.py --scenario hostile_input --level low --out d.json
expect_exit 0 menace selftest --module pkg/helper.py --scenario user_misuse --level high --out e.json
s=$(jget a.json seed)
case $s in ''|*[!0-9]*) fail "seed '$s' is not a whole number" ;; esac
assert_eq "$(jget b.json seed)" "$s" "second run"
assert_eq "$(jget c.json seed)" "$s" "another directory, the alias"
[ "$(jget d.json seed)" != "$s" ] || fail "the level does not change the seed"
[ "$(jget e.json seed)" != "$s" ] || fail "the scenario does not change the seed"
echo "# changed" >>pkg/helper.py
expect_exit 0 menace selftest --module pkg/helper.py --scenario hostile_input --level high --out f.json
[ "$(jget f.json seed)" != "$s" ] || fail "the content does not change the seed"
