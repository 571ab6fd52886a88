# a project keeps menace's state in one hidden directory, .menace/, and
# writes nothing else; SANDBOX_DATA_DIR=DIR keeps a run's state in DIR; the
# state an earlier menace kept in sandbox_data/ moves to .menace/ with no
# rule running again
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; echo a > a.txt", out: [a.txt]}
Y
build_ok
check_rebuilt a
assert_eq "$(ls -A | grep -vx -e .out -e .err -e .runs | tr '\n' ' ')" ".menace a.txt menace.yaml " "files of a plain project"
[ -f .menace/menace.db ] && [ -d .menace/cache ] || fail "no state in .menace"
build_ok
check_nothing_ran
# a run of its own
rm -rf .menace a.txt
SANDBOX_DATA_DIR=run1 build_ok
check_rebuilt a
[ -f run1/menace.db ] && [ ! -e .menace ] || fail "SANDBOX_DATA_DIR ignored"
# the old default place: status reads it, the next build moves it
mv run1 sandbox_data
expect_exit 0 menace status
[ ! -e .menace ] || fail "status wrote the state"
build_ok
check_nothing_ran
assert_grep "menace: moved the state from 'sandbox_data' to '.menace'" "$T/.err"
[ -f .menace/menace.db ] && [ ! -e sandbox_data ] || fail "the state did not move: $(ls -A sandbox_data)"
build_ok
check_nothing_ran
