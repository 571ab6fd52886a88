# SIGINT (Ctrl-C) during a build through Slurm cancels every job in flight,
# running or still queued (none is left in squeue), exits 130, keeps what
# finished, and the next build finishes the rest like a clean one
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
# every rule to Slurm by the environment (the manifest says nothing)
export MENACE_EXECUTOR=slurm
cat >menace.yaml <<'Y'
version: 1
rules:
  quick:
    run: 'echo quick >>.runs; echo q >${out}'
    out: quick.txt
  long:
    matrix: {n: [1, 2]}
    # '&&': Slurm ends a step with SIGTERM to each of its processes in
    # turn, so a shell whose sleep died first could still run a command
    # after ';' (it did once, on a loaded machine); the output is not
    # recorded either way
    run: 'echo long >>.runs; touch started.${n}; sleep ${env.NAP} && echo ${n} >${out}'
    out: long${n}.txt
  # the node has 8 CPUs: this one waits in the queue while the others run.
  # It reads quick's output so that it is submitted after both long jobs:
  # Slurm starts jobs oldest first, and a queued job submitted first could
  # take the whole node the moment quick ended (it did once, in CI)
  queued:
    in: quick.txt
    run: 'echo queued >>.runs; sleep ${env.NAP} && echo x >${out}'
    out: queued.txt
    resources: {cpus: 8}
Y
export NAP=600
runs_reset
"$MENACE" build -k 0 -j4 >out.1 2>err.1 &
pid=$!
# quick has finished (menace said so: it is recorded), both long jobs run
# and queued waits in the queue
i=0
until grep -q '\] quick$' err.1 && [ -e started.1 ] && [ -e started.2 ] &&
	slurm_jobs | grep -q ' menace:queued PENDING$'; do
	[ $i -lt 600 ] || { slurm_jobs >&2; cat err.1 >&2; fail "the jobs never got going"; }
	sleep 0.1
	i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
assert_eq "$rc" 130 "exit status after SIGINT"
assert_grep "menace: rule 'long[n=1]' failed (interrupted)" err.1
assert_grep "menace: rule 'queued' failed (interrupted)" err.1
slurm_wait_none
[ ! -e long1.txt ] && [ ! -e queued.txt ] || fail "an interrupted job wrote its output"
# the next build: quick was recorded, the rest runs
export NAP=0
build_ok -j4
check_rebuilt long queued
check_not_rebuilt quick
build_ok
check_nothing_ran
slurm_wait_none
