# a job never gets the build's selftest worker pool (a pool of the
# submitting machine; the job's `menace selftest` starts its own): with the
# self-tests here and a rule after them on Slurm, the pool's variable is in
# the local rule's environment and not in the job's
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
e2e_setup small
python3 - <<'P' || fail "editing rules/sandbox.yaml"
s = open("rules/sandbox.yaml").read()
s = s.replace("  selftest:\n    use: selftest\n", "  selftest:\n    use: selftest\n    executor: local\n")
for ex in ("local", "slurm"):
    s += ("  env_%s:\n    run: 'echo \"pool=$${MENACE_SELFTEST_POOL:-unset} job=$${SLURM_JOB_ID:-none}\" >${out}'\n"
          "    needs: [selftest]\n    out: env_%s.txt\n    executor: %s\n") % (ex, ex, ex)
open("rules/sandbox.yaml", "w").write(s)
P
e2e_build 1 -j2 env_local env_slurm
grep -Eqx 'pool=/.*/menace-pool\.[^ ]+ job=none' env_local.txt || { cat env_local.txt >&2; fail "the local rule had no pool"; }
grep -Eqx 'pool=unset job=[0-9]+' env_slurm.txt || { cat env_slurm.txt >&2; fail "the job got the pool"; }
slurm_wait_none
