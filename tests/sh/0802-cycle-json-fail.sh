# --json -: the build's JSON events and one {"event": "cycle"} object
# per cycle on stdout, every line JSON; a failed build stops the cycle with
# exit 1 and logs no threshold line
. "$TOP/tests/sh/lib.sh"
fixture cycle_small
expect_exit 0 menace cycle -n 3 -q --json -
python3 - .out <<'PY' || fail "JSON logs"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
cyc = [e for e in ev if e.get("event") == "cycle"]
assert [(c["run"], c["of"], c["ran"], c["scored"], c["converged"]) for c in cyc] == \
    [(1, 3, 7, True, False), (2, 3, 0, False, True)], cyc
assert cyc[0]["mean_abs_roi_delta"] == 1 and cyc[1]["mean_abs_roi_delta"] is None, cyc
assert sum(1 for e in ev if e.get("event") == "build_end") == 2
PY

mkdir bad && cat >bad/menace.yaml <<'Y'
version: 1
rules:
  ok:
    run: echo ok > ok.txt
    out: [ok.txt]
  broken:
    run: "false"
    needs: [ok]
    out: [never.txt]
Y
expect_exit 1 menace -C bad cycle -n 3 -q
assert_grep 'menace: cycle 1 of 3: the build failed (exit status 1)' .err
assert_no_grep 'cycle 2 of 3' .err
[ ! -e bad/sandbox_data/threshold_log.jsonl ] || fail "a failed cycle was logged"
assert_eq "$(sqlite3 bad/.menace/menace.db 'select count(*) || ":" || max(status) from runs')" "1:1" "one failed build"
