# executor: slurm runs each rule as a job of a real one-node cluster, in the
# workspace, with the rule's environment and a job name naming the rule;
# resources: become --cpus-per-task, --mem and --time; outputs are hashed
# here afterwards (a second build runs nothing); a failing job fails its
# rule with its output and exit status; executor: local on a rule keeps it
# here; -j bounds the jobs in flight
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
echo src >in.txt
cat >menace.yaml <<'Y'
version: 1
executor: slurm
rules:
  a:
    run: 'echo "$SLURM_JOB_NAME $PWD $MYVAR" >${out}; cat in.txt >>${out}; echo a >>.runs; echo said-a'
    in: in.txt
    out: out/a.txt
    env: [MYVAR]
  res:
    run: 'scontrol -o show job $SLURM_JOB_ID | tr " " "\n" | grep -E "^(NumCPUs|TimeLimit|MinMemoryNode)=" >${out}; echo res >>.runs'
    out: res.txt
    resources: {cpus: 2, mem: 100M, time: 90s}
  here:
    run: 'echo "job=$${SLURM_JOB_ID:-none}" >${out}; echo here >>.runs'
    out: here.txt
    executor: local
  # a foreach rule and a rule reading its outputs keep their executor
  each:
    foreach: list.json
    run: 'echo "job=$${SLURM_JOB_ID:-none}" >${out}'
    out: each/${item}.txt
    executor: local
  gather:
    run: 'cat ${in} >${out}; echo "job=$${SLURM_JOB_ID:-none}" >>${out}'
    in: [each/*.txt]
    out: gather.txt
    executor: local
  par:
    matrix: {i: [1, 2, 3]}
    run: 'echo "$(date +%s.%N) start" >${out}; sleep 1; echo "$(date +%s.%N) end" >>${out}; echo par >>.runs'
    out: par${i}.txt
Y
echo '["x", "y"]' >list.json
export MYVAR=hello
build_ok -j1
check_rebuilt a res here par
assert_eq "$(head -1 out/a.txt)" "menace:a $T hello" "job name, directory, environment"
assert_eq "$(sed -n 2p out/a.txt)" "src" "the job read its input"
assert_grep "said-a" .err
assert_grep "NumCPUs=2" res.txt
assert_grep "MinMemoryNode=100M" res.txt
assert_grep "TimeLimit=00:02:00" res.txt
assert_eq "$(cat here.txt)" "job=none" "executor: local ran here"
assert_eq "$(cat each/x.txt gather.txt | tr '\n' ' ')" "job=none job=none job=none job=none " "foreach and late rules ran here"
# -j1: the three par jobs never overlapped
python3 - <<'P' || fail "-j1 jobs overlapped"
spans = sorted([float(l.split()[0]) for l in open("par%d.txt" % i)] for i in (1, 2, 3))
assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans
P
[ ! -d .menace/slurm ] || [ -z "$(ls .menace/slurm)" ] || fail "job output files left behind"
build_ok
check_nothing_ran
# the key does not hold the executor: running here changes nothing
build_ok --executor local
check_nothing_ran
# an edited input runs its rule again, through Slurm
echo src2 >in.txt
build_ok
check_rebuilt a
check_not_rebuilt res here
assert_eq "$(sed -n 2p out/a.txt)" "src2" "rebuilt output"
# a failing job: its output and exit status, like a local command
cat >>menace.yaml <<'Y'
  bad:
    run: 'echo to-stdout; echo to-stderr >&2; exit 3'
Y
build_fail_msg "menace: rule 'bad' failed (exit status 3)" bad
assert_grep "to-stdout" .err
assert_grep "to-stderr" .err
slurm_wait_none
