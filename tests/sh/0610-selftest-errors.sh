# selftest fails only when it cannot run the tests, with a clear message and
# no result file; bad usage is exit 2
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_err 1 "menace: cannot read module 'pkg/nope.py': No such file or directory" menace selftest --module pkg/nope.py --scenario hostile_input
expect_err 1 "menace: cannot run '/nonexistent/python3': No such file or directory" env SANDBOX_PYTHON=/nonexistent/python3 "$MENACE" selftest --module pkg/good.py --scenario hostile_input
expect_err 1 "menace: cannot run 'no-such-python': No such file or directory" menace selftest --module pkg/good.py --scenario hostile_input --python no-such-python
[ -e data/selftest ] && fail "a result was written"
expect_err 2 "menace: unknown scenario 'chaos'" menace selftest --module pkg/good.py --scenario chaos
expect_err 2 "menace: unknown level 'extreme' (low or high)" menace selftest --module pkg/good.py --scenario hostile_input --level extreme
expect_err 2 "menace: selftest needs --module and --scenario" menace selftest --module pkg/good.py
expect_err 2 "menace: option '--scenario' needs a value" menace selftest --module pkg/good.py --scenario
expect_err 2 "menace: module '../x.py' is outside the repo '.'" menace selftest --module ../x.py --scenario hostile_input
expect_exit 0 menace selftest --help
assert_grep "--discovered" .out
