# the sandbox pipeline over examples/sandbox_repo through Slurm gives the
# same files as a local run: every rule a job (each self-test's `menace
# selftest` starts its own worker pool inside its job, docs/slurm.md), every
# file of sandbox_data/ byte-identical but the measured durations
# (duration_s in the self-test results and metrics.db rows; metrics.db is
# compared row by row without its run ids, times and durations)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
. "$TOP/tests/sh/slurm.sh"
slurm_up
e2e_setup small
e2e_build slurm -j4 --executor slurm
[ "$(e2e_count slurm failed)" -eq 0 ] || fail "a rule failed"
# every rule that ran was a job of the cluster (its record stays MinJobAge,
# 300 s), each COMPLETED
e2e_ran slurm >ran.slurm
scontrol -o show job >jobs.txt 2>&1 || fail "scontrol show job"
python3 - <<'P' || fail "not every rule ran as a job"
import re
ran = set(open("ran.slurm").read().split())
jobs = {}
for line in open("jobs.txt"):
    m = re.search(r" JobName=menace:(\S+) ", line)
    st = re.search(r" JobState=(\S+) ", line)
    wd = re.search(r" WorkDir=(\S+) ", line)
    if m and wd and wd.group(1) == __import__("os").getcwd():
        jobs[m.group(1)] = st.group(1)
assert len(ran) > 12, ran
missing = ran - set(jobs)
assert not missing, missing
assert all(jobs[r] == "COMPLETED" for r in ran), jobs
P
mv sandbox_data slurm.d
rm -rf .menace
e2e_build local -j4 --executor local
e2e_ran local >ran.local
assert_file_eq ran.local ran.slurm
python3 - slurm.d sandbox_data <<'P' || fail "Slurm and local results differ"
import json, os, sqlite3, sys
a, b = sys.argv[1], sys.argv[2]
def files(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
assert files(a) == files(b), (files(a), files(b))
def nodur(x):
    if isinstance(x, dict):
        return {k: nodur(v) for k, v in x.items() if k != "duration_s"}
    if isinstance(x, list):
        return [nodur(v) for v in x]
    return x
def rows(path):
    db = sqlite3.connect(path)
    out = {}
    for (t,) in db.execute("select name from sqlite_master where type='table' order by name"):
        cols = [c[1] for c in db.execute("pragma table_info(%s)" % t)
                if c[1] not in ("id", "run_id", "recorded_at", "duration_s")]
        out[t] = sorted(db.execute("select %s from %s" % (",".join(cols), t)).fetchall(), key=repr)
    return out
n = 0
for f in files(a):
    pa, pb = os.path.join(a, f), os.path.join(b, f)
    if f == "metrics.db":
        assert rows(pa) == rows(pb), f
        continue
    ba, bb = open(pa, "rb").read(), open(pb, "rb").read()
    if f.startswith(("selftest/", "micropilot/")) and f.endswith(".json"):
        assert nodur(json.loads(ba)) == nodur(json.loads(bb)), f
        n += 1
    else:
        assert ba == bb, f
assert n >= 12, n
P
slurm_wait_none
