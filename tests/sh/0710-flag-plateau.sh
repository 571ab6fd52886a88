# flag: three near-zero entropy deltas in a row flag a module as complete
# (sandbox_meta.log.flags, "sandbox diminishing:" on stderr); --reset clears
# the flag and the plateau must build up again; ENTROPY_PLATEAU_CONSECUTIVE
# and ENTROPY_PLATEAU_THRESHOLD change the verdict
. "$TOP/tests/sh/lib.sh"
# the names in the flags file (format 2: entries with a name), space-separated
names() { python3 -c 'import json; print(" ".join(e["name"] for e in json.load(open("sandbox_data/sandbox_meta.log.flags"))))'; }
mkdir sandbox_data
cat >sandbox_data/roi_history.json <<'J'
{"roi_history": [0.0, 0.0, 0.0], "raroi_history": [],
 "module_deltas": {"b.py": [1.0, 0.5, 0.25], "c.py": [0.002, 0.002, 0.002]},
 "module_raroi": {},
 "module_entropy_deltas": {"pkg/a.py": [0.8, 0.001, -0.002, 0.0005],
                           "b.py": [0.3, 0.2, 0.001, 0.002],
                           "d.py": [0.001, 0.001]}}
J
expect_err 0 "menace: sandbox diminishing: c.py pkg/a.py" menace flag --no-alignment
# the stage's summary on stdout
assert_eq "$(cat .out)" "flagged complete: 2 modules (c.py, pkg/a.py)" "flag summary"
assert_eq "$(names)" "c.py pkg/a.py" "flags"
cp sandbox_data/sandbox_meta.log.flags want
# alignment_flags.jsonl exists (empty) so a rule can declare it
[ -f sandbox_data/alignment_flags.jsonl ] || fail "no alignment_flags.jsonl"
# again: nothing new, nothing logged, same file
expect_exit 0 menace flag --no-alignment
assert_no_grep 'sandbox diminishing' .err
assert_file_eq sandbox_data/sandbox_meta.log.flags want

# --reset clears it, and the old history no longer counts
expect_exit 0 menace flag --reset pkg/a.py
assert_eq "$(names)" "c.py" "flags after the reset"
cp sandbox_data/sandbox_meta.log.flags want
expect_exit 0 menace flag --alignment=0
assert_eq "$(cat .out)" "flagged complete: 1 module (c.py)" "flag summary"
assert_no_grep 'sandbox diminishing' .err
assert_file_eq sandbox_data/sandbox_meta.log.flags want
# three more flat deltas after the reset: flagged again
sed -i 's/"pkg\/a.py": \[0.8, 0.001, -0.002, 0.0005\]/"pkg\/a.py": [0.8, 0.001, -0.002, 0.0005, 0.0, 0.001, 0.0]/' sandbox_data/roi_history.json
assert_grep '0.0005, 0.0, 0.001, 0.0]' sandbox_data/roi_history.json
expect_err 0 "menace: sandbox diminishing: pkg/a.py" menace flag --no-alignment

# a longer window: c.py has only three roi deltas; a tighter threshold: nothing
rm sandbox_data/sandbox_meta.log.flags sandbox_data/sandbox_meta.log.resets
ENTROPY_PLATEAU_CONSECUTIVE=4 expect_err 0 "menace: sandbox diminishing: pkg/a.py" menace flag --no-alignment
rm sandbox_data/sandbox_meta.log.flags
ENTROPY_PLATEAU_THRESHOLD=0.0001 expect_exit 0 menace flag --no-alignment --consecutive=3
assert_no_grep 'sandbox diminishing' .err
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags"
# ROI_THRESHOLD is the diminishing threshold when set: 0.5 makes b.py's
# entropy deltas flat too (its roi deltas vary too much)
ROI_THRESHOLD=0.5 expect_err 0 "menace: sandbox diminishing: b.py c.py pkg/a.py" menace flag --no-alignment
# without ROI_THRESHOLD each module's diminishing threshold from scores.json counts
rm sandbox_data/sandbox_meta.log.flags
echo '{"b.py": {"diminishing": 0.5}, "c.py": {"diminishing": 0.0001}}' >sandbox_data/scores.json
expect_err 0 "menace: sandbox diminishing: b.py pkg/a.py" menace flag --no-alignment
expect_err 2 "menace: ENTROPY_PLATEAU_CONSECUTIVE: '0' is not a positive integer" menace flag --consecutive 0
echo '{' >sandbox_data/roi_history.json
expect_err 1 "menace: sandbox_data/roi_history.json:2:1: invalid JSON" menace flag --no-alignment

# nothing flagged: the summary says so
rm -f sandbox_data/roi_history.json sandbox_data/sandbox_meta.log.flags
expect_exit 0 menace flag --no-alignment
assert_eq "$(cat .out)" "flagged complete: 0 modules" "flag summary"
