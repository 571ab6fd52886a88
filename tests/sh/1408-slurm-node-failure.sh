# a node that fails under a running job (here: set DOWN by scontrol; srun
# itself then exits 0) fails the job's rule with Slurm's reason, without
# waiting for outputs that will never come; the node is back afterwards
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
node_back() {
	scontrol update nodename=menacenode state=resume >/dev/null 2>&1
	i_=0
	until sinfo -h -n menacenode -o %t | grep -qx 'idle'; do
		[ $i_ -lt 600 ] || fail "the node did not come back"
		sleep 0.1
		i_=$((i_ + 1))
	done
}
cat >menace.yaml <<'Y'
version: 1
rules:
  victim:
    run: 'touch started; sleep 600; touch ${out}'
    out: victim.txt
Y
"$MENACE" build --executor slurm >out.1 2>err.1 &
pid=$!
i=0
until [ -e started ]; do
	[ $i -lt 600 ] || { cat err.1 >&2; fail "the job never started"; }
	sleep 0.1
	i=$((i + 1))
done
scontrol update nodename=menacenode state=down reason=menace-test || fail "scontrol update"
wait $pid
rc=$?
node_back
assert_eq "$rc" 1 "exit status"
grep -Eqx "menace: rule 'victim' failed \(Slurm job [0-9]+ NODE_FAIL: lost its node \(node failure\)( \([A-Za-z]+\))?\)" err.1 ||
	{ cat err.1 >&2; fail "no node failure message"; }
slurm_wait_none
