# Helpers for the end-to-end sandbox tests 0850-0899 (source after lib.sh).
# They build the pipeline of the top-level menace.yaml over a git copy of
# examples/sandbox_repo in the scratch dir, with menace.yaml and
# rules/sandbox.yaml copied next to it.

# e2e_setup [small]: repo/ (two commits), menace.yaml, rules/sandbox.yaml;
# "small" keeps one scenario level (hostile_input/low) in the selftest
# matrix, for tests that are not about the matrix: 12 instances, not 144
e2e_setup() {
	sh "$TOP/examples/sandbox_repo.sh" repo >/dev/null 2>&1 || fail "sandbox_repo.sh failed"
	mkdir -p rules
	sed 's|^  repo: .*examples/sandbox_repo}*$|  repo: repo|' "$TOP/menace.yaml" >menace.yaml
	grep -qx '  repo: repo' menace.yaml || fail "menace.yaml: no repo var to replace"
	if [ "${1:-}" = small ]; then
		python3 - "$TOP/rules/sandbox.yaml" <<'P' >rules/sandbox.yaml || fail "reducing the matrix"
import re, sys
s = open(sys.argv[1]).read()
s2 = re.sub(r"scenario: \[[^\]]*\]", "scenario: [hostile_input]", s)
s2 = re.sub(r"level: \[low, high\]", "level: [low]", s2)
assert s2.count("[hostile_input]") == 1 and "level: [low]" in s2
sys.stdout.write(s2)
P
	else
		cp "$TOP/rules/sandbox.yaml" rules/
	fi
	export SELF_TEST_TIMEOUT=20
}

# e2e_build NAME [ARGS]: menace build --json ev.NAME ARGS must exit 0;
# stderr in err.NAME
e2e_build() {
	n_=$1; shift
	menace build --json "ev.$n_" "$@" >"out.$n_" 2>"err.$n_" || { tail -20 "err.$n_" >&2; fail "build $n_ failed"; }
}

# e2e_ran NAME: the sorted instance names that ran in build NAME, one a line
e2e_ran() {
	python3 - "ev.$1" <<'P'
import json, sys
for r in sorted(json.loads(l)["rule"] for l in open(sys.argv[1])
		if '"rule_end"' in l and json.loads(l)["status"] == "ran"):
	print(r)
P
}

# e2e_count NAME FIELD: a count of build NAME's build_end event
e2e_count() {
	python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1]) if "build_end" in l][0][sys.argv[2]])' "ev.$1" "$2"
}
