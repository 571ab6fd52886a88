# SIGINT in the middle of the first build (some selftests done, others
# running), then a build again: the result files equal those of a clean
# build in another directory, except the time-dependent fields of the
# selftest results (duration_s; the test file's absolute path in
# output_tail names the directory, and pytest's summary its time)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
mkdir a b
for d in a b; do
	(cd "$d" && e2e_setup small &&
		sed -i 's/scenario: \[hostile_input\]/scenario: [hostile_input, user_misuse]/' rules/sandbox.yaml) ||
		fail "setup $d"
done
(cd b && e2e_build 1) || fail "clean build"
cd a
"$MENACE" build --json ev.int >out.int 2>err.int &
pid=$!
# four selftests finished as menace sees them (a result file on disk may
# belong to a command that has not exited yet: that rule runs again)
finished() { cat ev.int 2>/dev/null | grep -c '"rule_end","rule":"selftest.*"status":"ran"'; }
i=0
while [ "$(finished)" -lt 4 ] && [ $i -lt 1200 ]; do
	sleep 0.05; i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { tail err.int; fail "interrupted build exited $rc, want 130"; }
done_n=$(find sandbox_data/selftest -name '*.json' | wc -l)
[ "$done_n" -ge 4 ] && [ "$done_n" -lt 26 ] || fail "$done_n selftest results at the interrupt"
[ ! -f sandbox_data/scores.json ] || fail "score ran in the interrupted build"
e2e_build 2
ran=$(e2e_ran 2 | grep -c '^selftest')
[ "$ran" -lt 26 ] || fail "all 26 selftests ran again"
[ "$ran" -ge $((26 - done_n)) ] || fail "$ran selftests ran after $done_n were done"
cd ..
for f in discovered.json orphan_classifications.json test_queue.json scores.json roi_history.json \
	module_map.json orphan_modules.json workflows.json sandbox_meta.log.flags alignment_flags.jsonl; do
	cmp -s "a/sandbox_data/$f" "b/sandbox_data/$f" || { diff "a/sandbox_data/$f" "b/sandbox_data/$f" >&2; fail "$f differs"; }
done
python3 - <<'P' || fail "selftest results differ"
import json, os, re
def load(top):
    out = {}
    for d, _, fs in os.walk(top + "/sandbox_data/selftest"):
        for f in fs:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, top)
            if f.endswith(".json"):
                r = json.load(open(p))
                del r["duration_s"]
                r["output_tail"] = r["output_tail"].replace(os.path.abspath(top) + "/", "DIR/")
                # pytest's summary line names its own time ("2 passed in 0.01s")
                r["output_tail"] = re.sub(r" in [0-9.]+s\b", " in Ns", r["output_tail"])
                out[rel] = r
            else:
                out[rel] = open(p).read()
    return out
a, b = load("a"), load("b")
assert len(a) == 52 and sorted(a) == sorted(b), (len(a), sorted(set(a) ^ set(b)))
for k in a:
    assert a[k] == b[k], (k, a[k], b[k])
P
