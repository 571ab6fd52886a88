# use: names an action of the table the command line hands to the loader;
# with: keys are that action's flags ('_' = '-', any case), a typo is an
# error at its place with a did-you-mean, before anything runs
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  t:
    use: selftest
    with: {module: a, scenario: hostile_input, Time_Out: 5}
    out: [r.json]
Y
before=$(ls -A)
expect_err 2 "menace: menace.yaml:5:48: unknown key 'Time_Out' in 'with' of rule 't' (did you mean 'timeout'?)" menace graph
assert_eq "$(ls -A | grep -vx -e .out -e .err)" "$before" "files after the error"
sed -i 's/Time_Out: 5/Data_Dir: d/' menace.yaml
expect_exit 0 menace graph
sed -i 's/Data_Dir: d/colour: red/' menace.yaml
expect_err 2 "menace: menace.yaml:5:48: unknown key 'colour' in 'with' of rule 't' (action 'selftest' takes one of: repo, module, scenario, level, out, depfile, discovered, data, timeout, python, data-dir, call-timeout, conftest, args, edge-cases, preset-file, runner)" menace graph
sed -i 's/use: selftest/use: selftset/' menace.yaml
expect_err 2 "menace: menace.yaml:4:10: unknown action 'selftset' in rule 't' (did you mean 'selftest'?)" menace build
