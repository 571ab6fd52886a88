#!/bin/sh
# graph --json/--dot carry true staleness; targets lists foreach instances
# once expanded; trace gives skipped rules their real time; Prometheus
# gauges do not end in _total; a plain project gets no sandbox_data/;
# metrics reads the data of the manifest's directory (issue 16, point 4)
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  list: {run: "cp src.json list.json", in: [src.json], out: [list.json]}
  each:
    foreach: list.json
    run: "echo ${item} > out-${item}.txt"
    out: ["out-${item}.txt"]
  slow: {run: "sleep 0.3; echo s > slow.txt", out: [slow.txt]}
  bad: {run: "sleep 0.3; exit 1", needs: [slow]}
  after: {run: "echo a > after.txt", out: [after.txt], needs: [bad]}
Y
echo '["a","b"]' >src.json
# staleness: everything is stale before the first build
expect_exit 0 menace graph --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s={n["name"]: n["stale"] for n in d["nodes"]}; assert s["list"] and s["slow"], s' .out ||
	fail "graph --json: stale rules marked up to date"
expect_exit 0 menace graph --dot
assert_grep 'label="slow", style=filled' .out
# the build: bad fails after slow, after is skipped
expect_exit 1 menace -k 0
expect_exit 0 menace graph --json
python3 - .out <<'P' || fail "graph --json staleness after the build"
import json, sys
s = {n["name"]: n["stale"] for n in json.load(open(sys.argv[1]))["nodes"]}
assert s["list"] is False and s["slow"] is False and s["each[a]"] is False, s
assert s["bad"] is True and s["after"] is True, s
P
expect_exit 0 menace graph --dot
assert_grep 'label="bad", style=filled' .out
assert_no_grep 'label="slow", style=filled' .out
# targets: the foreach rule's instances, as graph shows them
expect_exit 0 menace targets
assert_grep '  each[a]' .out
assert_grep '    out-b.txt' .out
assert_no_grep 'foreach over' .out
# trace: the skipped rule at the time it was skipped, after bad started
expect_exit 0 menace trace trace.json
python3 - trace.json <<'P' || fail "trace: a skipped rule at ts 0"
import json, sys
ev = {e["name"]: e for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("ph") == "X"}
assert ev["after"]["args"]["status"] == "skipped", ev["after"]
assert ev["after"]["ts"] > 0, ev["after"]
assert ev["after"]["ts"] >= ev["bad"]["ts"] + ev["bad"]["dur"], (ev["after"], ev["bad"])
P
# Prometheus: counters end in _total, gauges never
expect_exit 0 menace metrics
python3 - .out <<'P' || fail "metric names break the naming guide"
import sys
for line in open(sys.argv[1]):
    if line.startswith("# TYPE "):
        _, _, name, kind = line.split()
        assert (kind == "counter") == name.endswith("_total"), line
P
assert_grep 'orphan_modules_tested 0' .out
# a plain project: no command made sandbox_data/
menace cycle -n 1 -q >/dev/null 2>&1
for c in status "explain slow" clean gc; do menace $c >/dev/null 2>&1; done
[ ! -e sandbox_data ] || fail "a plain project got sandbox_data/"
# metrics from a subdirectory reads the manifest directory's data: a
# broken metrics.db there is an error (exit 3), not an empty ./sandbox_data
mkdir -p sub/deeper sandbox_data
echo 'not a database, just text long enough to look like a header' >sandbox_data/metrics.db
cd sub/deeper
expect_exit 3 menace metrics
cd "$T"
rm -rf sandbox_data
cd sub/deeper
expect_exit 0 menace metrics
assert_grep 'menace_builds_total ' "$T/.out"
assert_no_grep 'menace_builds_total 0' "$T/.out"
