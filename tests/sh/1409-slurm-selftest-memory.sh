# a self-test job fits the memory a cluster gives a job by default: the
# job's processes (`menace selftest`, its worker, the isolated child) sum
# to about 70 MB of RSS, which Slurm's polling sees whenever the child lives
# longer than a poll (here a module that sleeps 3 s on import). The test
# cluster once gave 64 MB a job (DefMemPerCPU=64), and such a self-test
# was killed OUT_OF_MEMORY (CI, 2026-12-03).
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
e2e_setup small
printf 'import time\ntime.sleep(3)\n\n\ndef double(x):\n    return 2 * x\n' >repo/tools/sleepy.py
git -C repo add tools/sleepy.py && git -C repo -c user.name=t -c user.email=t@t commit -qm sleepy || fail "commit"
e2e_build 1 --executor slurm presets discover
grep -q '"tools/sleepy.py"' sandbox_data/test_queue.json || fail "sleepy.py is not queued"
r='selftest[tools/sleepy.py,scenario=hostile_input,level=low]'
menace build --executor slurm "$r" >out 2>err || { cat err >&2; fail "the self-test job failed"; }
assert_grep '"passed": true' sandbox_data/selftest/tools/sleepy.py/hostile_input-low.json
slurm_wait_none
