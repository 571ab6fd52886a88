# a module that writes outside its temporary directories is refused
# (Landlock) and fails; the repo is untouched
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
fixture selftest_repo
expect_exit 0 menace selftest --repo . --module pkg/writer.py --scenario user_misuse --out w.json
assert_eq "$(jget w.json confined)" true "this kernel has Landlock"
assert_eq "$(jget w.json passed)" false "writer passed"
jget w.json output_tail >tail
# (the traceback's source line names the file too: match the error's own line)
grep -q "^PermissionError: .*/pkg/written_by_module.txt'$" tail || { cat tail >&2; fail "no PermissionError for written_by_module.txt"; }
[ -e pkg/written_by_module.txt ] && fail "the module wrote into the repo"
# and nothing else appeared in the repo (no __pycache__ either)
find pkg tests -newer w.json -o -name __pycache__ >new
[ -s new ] && fail "new files in the repo: $(cat new)"
exit 0
