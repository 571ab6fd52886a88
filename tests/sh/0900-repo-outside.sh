# the pipeline over a repository outside the workspace, as the README says:
# by absolute path (-D repo=/abs), by relative path (-D repo=../x) and by
# SANDBOX_REPO_PATH (a -D beats it); the files it writes equal those of the
# same repository inside the workspace, nothing is written in the
# repository, a second build runs nothing, an edit there re-runs its chain
# and a new file there is discovered (its directories are watched)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
e2e_setup small
mkdir -p "$ELSEWHERE" && cp -R repo "$ELSEWHERE/r"
e2e_build in
# bld NAME [GLOBAL-OPTIONS]: e2e_build with options before the command
bld() {
	n_=$1; shift
	menace "$@" build --json "ev.$n_" >"out.$n_" 2>"err.$n_" || { tail -20 "err.$n_" >&2; fail "build $n_ failed"; }
}
save() { mkdir "$1" && cp sandbox_data/*.json "$1/"; rm -rf sandbox_data .menace; }
save in
# beside the scratch dir: ../NAME-elsewhere/r
rel=../$(basename "$ELSEWHERE")/r
( cd "$ELSEWHERE" && find r -exec stat -c '%n %Y %s' {} + | sort ) >before
bld abs -D repo="$ELSEWHERE/r"
bld abs2 -D repo="$ELSEWHERE/r"
assert_eq "$(e2e_count abs2 ran)" 0 "second build, ran"
for f in discovered test_queue module_map orphan_modules workflows scores; do
	assert_file_eq "sandbox_data/$f.json" "in/$f.json"
done
( cd "$ELSEWHERE" && find r -exec stat -c '%n %Y %s' {} + | sort ) >after
assert_file_eq after before
save abs
bld rel -D repo="$rel"
for f in discovered test_queue module_map orphan_modules; do
	assert_file_eq "sandbox_data/$f.json" "in/$f.json"
done
# SANDBOX_REPO_PATH sets the same; -D beats it
SANDBOX_REPO_PATH=$rel bld env
assert_eq "$(e2e_count env failed)" 0 "failed"
assert_file_eq sandbox_data/module_map.json in/module_map.json
SANDBOX_REPO_PATH=/nonexistent bld envd -D repo="$rel"
assert_file_eq sandbox_data/module_map.json in/module_map.json
# an edit outside re-runs that module's chain, a new module is discovered
printf '\nEXTRA = 1\n' >>"$ELSEWHERE/r/tools/reconcile.py"
printf 'def hello():\n    return 1\n' >"$ELSEWHERE/r/tools/brand_new.py"
bld edit -D repo="$rel"
e2e_ran edit >ran.edit
grep -qx discover ran.edit || fail "discover did not run"
grep -q '^selftest\[tools/reconcile.py' ran.edit || fail "reconcile not re-tested"
assert_grep '"tools/brand_new.py"' sandbox_data/discovered.json
# an input outside both the workspace and reads: is still refused
sed 's|^reads:.*|reads: []|' menace.yaml >m2.yaml && cp m2.yaml menace.yaml
expect_err 2 "menace: rule 'discover' reads '$rel/**/*.py' outside the workspace" menace -D repo="$rel" build
