# SANDBOX_FAIL_ON_MISSING_SCENARIOS=1: a planned use: selftest rule whose
# matrix "scenario" values leave a canonical scenario out fails the build with
# exit 2 before anything runs; without the variable it builds; the default
# rules/sandbox.yaml passes
. "$TOP/tests/sh/lib.sh"
fixture cycle_small            # its selftest matrix: scenario [hostile_input]
export SANDBOX_FAIL_ON_MISSING_SCENARIOS=1
msg="menace: scenario matrix lacks canonical scenarios 'high_latency_api', 'user_misuse', 'concurrency_spike', 'schema_drift', 'flaky_upstream' (SANDBOX_FAIL_ON_MISSING_SCENARIOS=1)"
expect_err 2 "$msg" menace build
assert_grep "menace: menace.yaml:" .err
assert_grep ": in the scenario matrix of rule 'selftest'" .err
[ ! -e sandbox_data/discovered.json ] || fail "discover ran"
# again, with the graph from its snapshot; and status, and a dry run
expect_err 2 "$msg" menace build
expect_err 2 "$msg" menace status
expect_err 2 "$msg" menace build -n
expect_err 2 "$msg" menace cycle
# a target that does not need the selftest rule is not checked
expect_exit 0 menace build discover -q
# "0" is off; so is unset
SANDBOX_FAIL_ON_MISSING_SCENARIOS=0 expect_exit 0 menace build -q
unset SANDBOX_FAIL_ON_MISSING_SCENARIOS
expect_exit 0 menace build -q
[ -s sandbox_data/scores.json ] || fail "no scores"
# an instance of the expanded foreach rule as the target is checked too
SANDBOX_FAIL_ON_MISSING_SCENARIOS=1 expect_err 2 "$msg" menace build 'selftest[tools/neg.py,scenario=hostile_input,level=low]'
unset SANDBOX_FAIL_ON_MISSING_SCENARIOS

# a plain (not foreach) matrix rule, aliases allowed
mkdir plain && cd plain
mkdir repo && echo 'X = 1' >repo/m.py
cat >menace.yaml <<'Y'
version: 1
rules:
  st:
    use: selftest
    matrix:
      scenario: [high_latency, hostile_input, user_misuse, concurrency_spike, schema_drift]
    in: [repo/m.py]
    out:
      - out/${scenario}.json
    with:
      repo: repo
      module: m.py
      scenario: ${scenario}
      level: low
      out: out/${scenario}.json
Y
SANDBOX_FAIL_ON_MISSING_SCENARIOS=1 expect_err 2 "menace: scenario matrix lacks canonical scenario 'flaky_upstream' (SANDBOX_FAIL_ON_MISSING_SCENARIOS=1)" menace build -n
assert_grep "menace: menace.yaml:3:3: in the scenario matrix of rule 'st'" "$T/.err"
sed -i 's/schema_drift]/schema_drift, flaky_upstream]/' menace.yaml
SANDBOX_FAIL_ON_MISSING_SCENARIOS=1 expect_exit 0 menace build -n --explain
assert_eq "$(grep -c '^# st\[' "$T/.out")" 6 "instances that would run"
cd ..

# the default pipeline covers all six
mkdir top && cp "$TOP/menace.yaml" top/ && mkdir top/rules && cp "$TOP/rules/sandbox.yaml" top/rules/
mkdir -p top/examples && cp -R "$TOP/examples/sandbox_repo" top/examples/
SANDBOX_FAIL_ON_MISSING_SCENARIOS=1 expect_exit 0 menace -C top build -n --explain
assert_grep "# discover: " .out
