# the depfile lists the module, its test file and discover's deps, joined to
# --repo; without discovered.json just the module and its test
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir r
(cd r && fixture selftest_repo)
expect_exit 0 menace selftest --repo r --module pkg/good.py --scenario high_latency_api --out out.json --depfile d1
printf 'out.json: r/pkg/good.py \\\n  r/tests/test_good.py\n' >want1
assert_file_eq d1 want1
mkdir data
cat >data/discovered.json <<'JSON'
{"pkg/good.py": {"module": "pkg.good", "parents": [], "classification": "candidate",
  "redundant": false, "deps": ["pkg/helper.py", "pkg/__init__.py"]}}
JSON
expect_exit 0 menace selftest --repo=r --module=pkg/good.py --scenario=high_latency_api --out=out.json --depfile=d2
printf 'out.json: r/pkg/good.py \\\n  r/tests/test_good.py \\\n  r/pkg/helper.py \\\n  r/pkg/__init__.py\n' >want2
assert_file_eq d2 want2
cp data/discovered.json other.json
rm data/discovered.json
expect_exit 0 menace selftest --repo r --module pkg/good.py --scenario high_latency_api --out 'o u t.json' --depfile d3 --discovered other.json
printf 'o\\ u\\ t.json: r/pkg/good.py \\\n  r/tests/test_good.py \\\n  r/pkg/helper.py \\\n  r/pkg/__init__.py\n' >want3
assert_file_eq d3 want3
