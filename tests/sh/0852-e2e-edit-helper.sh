# editing a helper: the selftest depfile lists the module's local imports, so
# an edit of tools/__init__.py (imported only by tools/audit.py among the
# orphans) re-runs audit's selftests only; an edit of ledger/book.py (imported
# by tools/audit.py and tools/reconcile.py) re-runs both, and nothing else
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
e2e_build 1
assert_grep 'repo/tools/__init__.py' sandbox_data/selftest/tools/audit.py/hostile_input-low.d
assert_no_grep 'repo/tools/__init__.py' sandbox_data/selftest/tools/reconcile.py/hostile_input-low.d
printf '# helpers of the ledger tools\n' >>repo/tools/__init__.py
e2e_build 2
e2e_ran 2 >ran.2
printf '%s\n' borderline discover flag score 'selftest[tools/audit.py,scenario=hostile_input,level=low]' >want.2
# integrate runs only when scores.json changed: it may or may not
grep -vx integrate ran.2 >ran.2b
assert_file_eq ran.2b want.2

printf '\n# a comment\n' >>repo/ledger/book.py
e2e_build 3
e2e_ran 3 | grep '^selftest\[' >ran.3
printf '%s\n' 'selftest[tools/audit.py,scenario=hostile_input,level=low]' \
	'selftest[tools/reconcile.py,scenario=hostile_input,level=low]' >want.3
assert_file_eq ran.3 want.3
e2e_ran 3 >all.3
grep -qx score all.3 || fail "score did not run"
