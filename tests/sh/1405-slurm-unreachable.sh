# a controller that does not answer: with executor slurm, a clear error
# before anything runs (exit 1, nothing submitted, nothing written); with
# --executor auto (or MENACE_EXECUTOR=auto, or executor: auto in the
# manifest) one warning and every rule runs here; a rule pinned to slurm
# still needs the controller; a build whose rules all run here never asks;
# cycle takes --executor and MENACE_EXECUTOR as build does
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_dead
cat >menace.yaml <<'Y'
version: 1
rules:
  a:
    run: 'echo "job=$${SLURM_JOB_ID:-none}" >${out}; echo a >>.runs'
    out: a.txt
  b:
    run: 'cat ${in} >${out}; echo b >>.runs'
    in: a.txt
    out: b.txt
Y
expect_exit 0 menace build -n
runs_reset
expect_err 1 "menace: the Slurm controller does not answer (scontrol ping: Slurmctld(primary) at $(hostname) is DOWN); nothing was submitted" menace build --executor slurm
check_nothing_ran
[ ! -e a.txt ] && [ ! -d .menace/slurm ] || fail "something was written"
MENACE_EXECUTOR=slurm expect_exit 1 menace build
assert_grep "the Slurm controller does not answer" .err
check_nothing_ran
# auto: a warning, then here
runs_reset
expect_err 0 "menace: warning: the Slurm controller does not answer (scontrol ping: Slurmctld(primary) at $(hostname) is DOWN); executor auto runs the rules here" menace build --executor auto
check_rebuilt a b
assert_eq "$(cat a.txt)" "job=none" "ran here"
[ "$(grep -c 'does not answer' .err)" -eq 1 ] || fail "warned more than once"
# executor: auto in the manifest, and a rule pinned to slurm
rm -rf .menace a.txt b.txt
sed -i 's/^version: 1$/version: 1\nexecutor: auto/' menace.yaml
build_ok
check_rebuilt a b
assert_grep "executor auto runs the rules here" .err
cat >>menace.yaml <<'Y'
  c:
    run: 'echo c >${out}'
    out: c.txt
    executor: slurm
Y
build_fail_msg "menace: the Slurm controller does not answer (scontrol ping: Slurmctld(primary) at $(hostname) is DOWN); nothing was submitted"
check_nothing_ran
# only rules that run here (--executor local beats the manifest's auto; c,
# pinned to slurm, is not a target): Slurm is not asked
build_ok --executor local a
assert_no_grep "does not answer" .err
# cycle takes --executor and MENACE_EXECUTOR as build does
runs_reset
expect_err 1 "menace: the Slurm controller does not answer (scontrol ping: Slurmctld(primary) at $(hostname) is DOWN); nothing was submitted" menace cycle -n 1 --executor slurm
check_nothing_ran
MENACE_EXECUTOR=slurm expect_exit 1 menace cycle -n 1
assert_grep "the Slurm controller does not answer" .err
MENACE_EXECUTOR=bogus expect_err 2 "menace: --executor: 'bogus' is not local, slurm or auto" menace cycle -n 1
