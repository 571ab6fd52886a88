# executor: and resources: are checked where they are written
# (FILE:LINE:COL, exit 2, nothing written); --executor and MENACE_EXECUTOR
# take local, slurm or auto; graph --json and the snapshot keep them
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_dead
man() { printf 'version: 1\n%srules:\n  a:\n    run: echo a >${out}\n    out: a.txt\n%s' "$1" "$2" >menace.yaml; }
man '' '    executor: cluster
'
expect_err 2 "menace: menace.yaml:6:15: 'executor' of rule 'a' must be local, slurm or auto" menace build
man 'executor: [slurm]
' ''
expect_err 2 "menace: menace.yaml:2:11: 'executor' must be local, slurm or auto" menace build
man '' '    resources: {cpus: 0}
'
expect_err 2 "menace: menace.yaml:6:23: 'cpus' in 'resources' of rule 'a' must be a count from 1 to 100000" menace build
man '' '    resources: {mem: lots}
'
expect_err 2 "menace: menace.yaml:6:22: 'mem' in 'resources' of rule 'a' must be a size (512M, 4G)" menace build
man '' '    resources: {time: 0}
'
expect_err 2 "menace: menace.yaml:6:23: 'time' in 'resources' of rule 'a' must be a duration (90s, 30m, 2h)" menace build
man '' '    resources: {gpu: 1}
'
expect_err 2 "menace: menace.yaml:6:17: unknown key 'gpu' in 'resources' of rule 'a' (did you mean 'cpus'?)" menace build
man '' '    resources: 4
'
expect_err 2 "menace: menace.yaml:6:16: 'resources' of rule 'a' must be a map, not a string" menace build
man '' '    executr: slurm
'
expect_err 2 "menace: menace.yaml:6:5: unknown key 'executr' in rule 'a' (did you mean 'executor'?)" menace build
[ ! -e .menace ] || fail "a manifest error wrote the state directory"
# the command line
man '' ''
expect_err 2 "menace: --executor: 'remote' is not local, slurm or auto" menace build --executor remote
assert_grep "see 'menace build --help'" .err
MENACE_EXECUTOR=nowhere expect_exit 2 menace build
assert_grep "'nowhere' is not local, slurm or auto" .err
[ ! -e a.txt ] || fail "a bad --executor ran something"
expect_exit 0 menace build --executor local
assert_eq "$(cat a.txt)" "a" "output"
# the executor and resources survive the graph snapshot: a rule asking for
# slurm, loaded from the snapshot, still goes to Slurm (and Slurm's absence
# is then the error, before anything runs)
man 'executor: local
' '    resources: {cpus: 2, mem: 1G, time: 2m}
  b:
    run: echo b >${out}
    out: b.txt
    executor: slurm
'
expect_exit 0 menace build a
age_dirs .
expect_exit 0 menace build a
expect_exit 0 menace build --explain a
assert_grep "graph loaded from its snapshot" .err
expect_exit 1 menace build --explain b
assert_grep "graph loaded from its snapshot" .err
assert_grep "menace: the Slurm controller does not answer (" .err
[ ! -e b.txt ] || fail "b ran"
