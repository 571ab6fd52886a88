# a job Slurm preempts (a job of a higher priority tier's partition needs
# its node; the test cluster's partition "urgent" preempts "debug" by
# cancelling, PreemptMode=CANCEL) fails its rule only, with Slurm's reason,
# and the next build runs it again. Here the command catches Slurm's
# SIGTERM, writes its output and exits 0, so srun exits 0 too: the job was
# still preempted, and its output is not taken (it was taken when a shell
# outlived its killed child under ASan's timing).
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
cat >menace.yaml <<'Y'
version: 1
rules:
  long:
    run: 'echo long >>.runs; if [ -f hold ]; then trap "echo late >${out}; exit 0" TERM; touch started; sleep 120 & wait; fi; echo done >${out}'
    out: long.txt
    executor: slurm
  other:
    run: 'echo other >>.runs; echo o >${out}'
    out: other.txt
Y
touch hold
"$MENACE" build -k 0 >out 2>err &
pid=$!
DAEMONS="$DAEMONS $pid"
i=0
until [ -f started ]; do
	[ $i -lt 600 ] || { cat err >&2; fail "the job never started"; }
	sleep 0.1
	i=$((i + 1))
done
timeout 120 srun -p urgent --exclusive -J urgent true 2>srun.err || { cat srun.err >&2; fail "the urgent job did not run"; }
wait $pid
rc=$?
[ $rc -eq 1 ] || { cat err >&2; fail "the build exited $rc, want 1"; }
grep -Eqx "menace: rule 'long' failed \(Slurm job [0-9]+ PREEMPTED: was preempted\)" err ||
	{ cat err >&2; fail "no preemption message"; }
[ -f other.txt ] || fail "the other rule did not run"
rm hold
runs_reset
expect_exit 0 menace build
check_rebuilt long
check_not_rebuilt other
assert_eq "$(cat long.txt)" "done"
slurm_wait_none
