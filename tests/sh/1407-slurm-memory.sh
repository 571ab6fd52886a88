# a job over its memory limit (resources: mem: 20M; the test cluster
# enforces it by polling, JobAcctGatherParams=OverMemoryKill) is killed by
# Slurm: its rule fails with Slurm's reason, the others succeed
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
cat >menace.yaml <<'Y'
version: 1
rules:
  hog:
    run: python3 -c 'import time; x = bytearray(300 << 20); time.sleep(60)'; touch ${out}
    out: hog.txt
    resources: {mem: 20M}
  ok:
    run: echo ok >${out}
    out: ok.txt
Y
expect_exit 1 menace build -k 0 --executor slurm --json ev.json
grep -Eqx "menace: rule 'hog' failed \(Slurm job [0-9]+ OUT_OF_MEMORY: (ran out of memory|exceeded its memory limit \(--mem\))\)" .err ||
	{ cat .err >&2; fail "no memory message"; }
assert_eq "$(cat ok.txt)" "ok" "the other rule"
[ ! -e hog.txt ] || fail "hog wrote its output"
assert_grep '"error":"Slurm job ' ev.json
slurm_wait_none
