# self-tests in a build: the interpreter is resolved once per build (the
# shim on PATH runs once, however many self-tests), its resolution is in
# the key (explain names it when it changes), and results are cached: a
# revert restores them without running anything
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
unset SANDBOX_PYTHON
mkdir shim
printf '#!/bin/sh\necho run >>"%s/shim.log"\nexec /usr/bin/python3 "$@"\n' "$PWD" >shim/python3
chmod +x shim/python3
# menace with the shim first on PATH (the test's own python3 is not the shim)
mbuild() { expect_exit 0 env PATH="$PWD/shim:$PATH" "$MENACE" build -j2 "$@"; }
real=$(/usr/bin/python3 -c 'import sys; print(sys.executable)')
echo '["pkg/good.py", "pkg/helper.py", "pkg/bad.py"]' >queue.json
cat >menace.yaml <<'Y'
version: 1
rules:
  selftest:
    use: selftest
    foreach: queue.json
    matrix: {scenario: [hostile_input, user_misuse]}
    in: ["${item}"]
    out: ["data/selftest/${item}/${scenario}-low.json"]
    depfile: data/selftest/${item}/${scenario}-low.d
    with:
      repo: .
      module: ${item}
      scenario: ${scenario}
      out: data/selftest/${item}/${scenario}-low.json
      depfile: data/selftest/${item}/${scenario}-low.d
    env: [SANDBOX_PYTHON]
Y
mbuild
assert_grep 'menace: 6 ran, 1 up to date, 0 failed' .err
assert_eq "$(wc -l <shim.log)" 1 "interpreter starts through the shim in a 6-selftest build"
assert_eq "$(jget data/selftest/pkg/good.py/hostile_input-low.json interpreter)" "$real" "interpreter"
assert_eq "$(jget data/selftest/pkg/good.py/hostile_input-low.json runner)" pytest "runner"
# a no-op build asks the interpreter once more, and runs nothing
mbuild
assert_grep 'menace: 0 ran, 7 up to date, 0 failed' .err
assert_eq "$(wc -l <shim.log)" 2 "shim runs after a no-op build"

# another interpreter through the same PATH name: every self-test runs again
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >shim/python3
mbuild --explain
assert_grep 'menace: 6 ran, 1 up to date, 0 failed' .err
assert_grep "the tools of 'selftest' changed (python $real " .err
assert_grep " -> python $real -S " .err
assert_eq "$(jget data/selftest/pkg/good.py/hostile_input-low.json runner)" builtin "runner with -S"

# an edit runs the module's two self-tests; its revert restores them
cp pkg/helper.py helper.orig
printf '\n\ndef extra(x):\n    return x\n' >>pkg/helper.py
mbuild
assert_grep 'menace: 2 ran, 5 up to date, 0 failed' .err
cp helper.orig pkg/helper.py
mbuild
assert_grep 'menace: 0 ran, 2 restored, 5 up to date, 0 failed' .err
