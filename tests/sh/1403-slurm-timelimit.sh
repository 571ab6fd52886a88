# a job Slurm kills at its time limit (resources: time: 1m; Slurm counts
# whole minutes and checks every 30 s, so this test takes 60 to 100 s)
# fails its rule only: the message and the JSON event name Slurm's reason,
# the other rules succeed, the rule after it is skipped, nothing is left in
# squeue, and the next build runs the failed rule again
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
cat >menace.yaml <<'Y'
version: 1
executor: slurm
rules:
  slow:
    run: 'echo slow >>.runs; echo started; sleep 600; touch ${out}'
    out: slow.txt
    resources: {time: 1m}
  after:
    run: 'cat ${in} >${out}'
    in: slow.txt
    out: after.txt
  fast:
    matrix: {i: [1, 2]}
    run: 'echo fast >>.runs; echo ${i} >${out}'
    out: fast${i}.txt
Y
runs_reset
expect_exit 1 menace build -k 0 -j4 --json ev.json
grep -Eqx "menace: rule 'slow' failed \(Slurm job [0-9]+ TIMEOUT: reached its time limit of 00:01:00\)" .err ||
	{ cat .err >&2; fail "no time limit message"; }
assert_grep "started" .err
assert_grep "menace: 2 ran, 0 up to date, 1 failed" .err
assert_eq "$(cat fast1.txt fast2.txt | tr '\n' ' ')" "1 2 " "the other rules"
[ ! -e after.txt ] || fail "after ran"
python3 - <<'P' || fail "JSON events"
import json, re
ev = [json.loads(l) for l in open("ev.json")]
end = {e["rule"]: e for e in ev if e["event"] == "rule_end"}
assert end["slow"]["status"] == "failed", end["slow"]
assert re.fullmatch(r"Slurm job \d+ TIMEOUT: reached its time limit of 00:01:00", end["slow"]["error"]), end["slow"]
assert end["after"]["status"] == "skipped" and end["fast[i=1]"]["status"] == "ran", end
P
slurm_wait_none
# the failure recorded nothing: slow runs again
sed -i 's/sleep 600; //; s/resources: {time: 1m}/resources: {time: 2m}/' menace.yaml
build_ok
check_rebuilt slow
check_not_rebuilt fast
[ -e after.txt ] || fail "after did not run"
