# the child's HOME and TMPDIR are the worker's own directory in the pool,
# reused from one self-test to the next: each self-test finds them empty
# (and no outcomes file of the one before), whatever the one before left
# there, read-only directories included. -j1: every self-test of the build
# goes through the same worker
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir -p repo/tests
cat >repo/litter.py <<'P'
VALUE = 1
P
cat >repo/tests/test_litter.py <<'P'
import os, stat

def test_empty_then_litter():
    home, tmp = os.environ["HOME"], os.environ["TMPDIR"]
    assert os.listdir(home) == [], os.listdir(home)
    assert os.listdir(tmp) == [], os.listdir(tmp)
    open(os.path.join(home, ".config"), "w").write("x")
    os.makedirs(os.path.join(tmp, "ro", "deep"))
    open(os.path.join(tmp, "ro", "deep", "f"), "w").write("y")
    os.chmod(os.path.join(tmp, "ro", "deep"), stat.S_IRUSR | stat.S_IXUSR)
    os.chmod(os.path.join(tmp, "ro"), stat.S_IRUSR | stat.S_IXUSR)
P
echo '["litter.py"]' >queue.json
cat >menace.yaml <<'Y'
version: 1
rules:
  selftest:
    use: selftest
    foreach: queue.json
    matrix:
      scenario: [hostile_input, user_misuse, schema_drift, flaky_upstream]
      level: [low, high]
    in: ["repo/${item}"]
    out: ["data/${item}/${scenario}-${level}.json"]
    with:
      repo: repo
      module: ${item}
      scenario: ${scenario}
      level: ${level}
      data: data
      out: data/${item}/${scenario}-${level}.json
    env: [SANDBOX_PYTHON]
Y
expect_exit 0 env SANDBOX_PYTHON=/usr/bin/python3 "$MENACE" build -j1
for f in data/litter.py/*.json; do
	[ "$(jget "$f" passed)" = true ] || { jget "$f" output_tail >&2; fail "$f: HOME or TMPDIR not empty"; }
done
assert_eq "$(ls data/litter.py/*.json | wc -l)" 8 "results"
