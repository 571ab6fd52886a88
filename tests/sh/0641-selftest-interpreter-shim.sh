# python3 on PATH is a shim script: the interpreter is resolved once, to the
# real executable (the result's "interpreter"); the shim itself runs once
# per selftest (the probe), never for the test
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
unset SANDBOX_PYTHON
mkdir shim
printf '#!/bin/sh\necho run >>"%s/shim.log"\nexec /usr/bin/python3 "$@"\n' "$PWD" >shim/python3
chmod +x shim/python3
real=$(/usr/bin/python3 -c 'import sys; print(sys.executable)')
expect_exit 0 env PATH="$PWD/shim:$PATH" "$MENACE" selftest --module pkg/good.py --scenario hostile_input --out g.json
assert_eq "$(jget g.json interpreter)" "$real" "interpreter"
assert_eq "$(jget g.json passed)" true "good under the shim's python"
assert_eq "$(jget g.json runner)" pytest "/usr/bin/python3 has pytest"
assert_eq "$(wc -l <shim.log)" 1 "shim runs"
# a shim that adds -S (no site-packages, so no pytest) keeps it
printf '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n' >shim/python3
expect_exit 0 env PATH="$PWD/shim:$PATH" "$MENACE" selftest --module pkg/good.py --scenario hostile_input --out s.json
assert_eq "$(jget s.json interpreter)" "$real" "interpreter with -S"
assert_eq "$(jget s.json runner)" builtin "-S kept: no pytest"
