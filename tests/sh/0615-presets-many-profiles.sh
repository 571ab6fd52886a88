# more --profiles=a,b names than command-line words: every name is kept
# (the list once overran an array sized by argc)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
many=$(python3 -c 'print(",".join(["hostile_input", "user_misuse"] * 20))')
expect_exit 0 menace presets --profiles=$many,flaky_upstream
python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)))' <.out >keys
assert_eq "$(cat keys)" "hostile_input user_misuse flaky_upstream" "many profiles"
expect_err 2 "menace: unknown scenario 'chaos'" menace presets --profiles=$many,chaos
