# a flagged module is skipped only while its content, and that of the local
# modules its self-tests imported (their depfiles), is unchanged: the flag
# names those files with their hashes; an edit of an imported helper tests
# the module again and its plateau count restarts (three new flat scorings
# flag it again, not one); a regression appended to a flagged module is
# caught on the next build (pass rate drops, integrate rejects it)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
st='selftest[tools/audit.py,scenario=hostile_input,level=low]'
# tested BUILD WHY: audit's selftest ran in BUILD, else fail WHY
tested() { e2e_ran "$1" | grep -qxF "$st" || fail "$2"; }
names() { python3 -c 'import json; print(" ".join(e["name"] for e in json.load(open("sandbox_data/sandbox_meta.log.flags"))))'; }
e2e_build 1
printf '\n' >>repo/tools/audit.py
e2e_build 2
printf '\n' >>repo/tools/audit.py
e2e_build 3
assert_eq "$(names)" "tools/audit.py" "flags after build 3"
python3 - <<'P' || fail "the flag entry"
import json
e = json.load(open("sandbox_data/sandbox_meta.log.flags"))[0]
files = e["unchanged"]
assert "repo/tools/audit.py" in files and "repo/tools/audit_rules.py" in files, files
assert all(len(h) == 32 for h in files.values()), files
assert e["history"] == {"entropy": 3, "roi": 3}, e
P
# build 4: nothing changed: skipped, its score kept
e2e_build 4
e2e_ran 4 >ran.4
assert_eq "$(grep -c '^selftest' ran.4)" 0 "selftests in build 4"
assert_grep 'tools/audit.py: kept' err.4

# build 5: an imported helper changed: tested again, the flag dropped
printf '\n' >>repo/tools/audit_rules.py
e2e_build 5
tested 5 "audit not tested after its import changed"
assert_grep 'menace: tools/audit.py changed since it was flagged complete: tested again, its plateau count restarts' err.5
assert_eq "$(names)" "" "flags after build 5"
# the count restarts: two flat scorings do not flag it, the third does
printf '\n' >>repo/tools/audit.py
e2e_build 6
printf '\n' >>repo/tools/audit.py
e2e_build 7
assert_eq "$(names)" "" "flags after build 7"
printf '\n' >>repo/tools/audit.py
e2e_build 8
assert_eq "$(names)" "tools/audit.py" "flags after build 8"

# build 9: a regression in the flagged module is caught
printf 'raise RuntimeError("regression")\n' >>repo/tools/audit.py
e2e_build 9
tested 9 "the broken module was not tested"
python3 -c 'import json; s = json.load(open("sandbox_data/scores.json")); assert s["tools/audit.py"]["pass_rate"] < 1, s["tools/audit.py"]' || fail "pass rate after the regression"
assert_grep 'tools/audit.py: rejected' err.9
assert_eq "$(names)" "" "flags after build 9"
