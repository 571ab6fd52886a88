# the examples are correct manifests: running each instance's command in the
# order of `graph --json` (producers first) builds them (foreach templates aside)
. "$TOP/tests/sh/lib.sh"
cat > run.py <<'PY'
import json, os, subprocess, sys
g = json.load(sys.stdin)
nodes = {n["name"]: n for n in g["nodes"]}
deps = {n: set() for n in nodes}
for e in g["edges"]:
    deps[e["to"]].add(e["from"])
done = set()
while len(done) < len(nodes):
    ready = [n for n in nodes if n not in done and deps[n] <= done]
    if not ready:
        sys.exit("no order")
    for name in ready:
        n = nodes[name]
        done.add(name)
        if n.get("foreach_template"):
            continue
        for o in n["outputs"]:
            os.makedirs(os.path.dirname(o.rstrip("/")) or ".", exist_ok=True)
        if subprocess.run(["/bin/sh", "-c", n["command"]]).returncode != 0:
            sys.exit("failed: " + name)
        for o in n["outputs"]:
            if not os.path.exists(o):
                sys.exit(name + " did not write " + o)
PY
cp -R "$TOP/examples/c_program" c && (cd c && rm -rf build && "$MENACE" graph --json | python3 ../run.py) || fail "c_program"
assert_eq "$(cat c/build/test.log)" "HELLO, MENACE!"
assert_eq "$(c/build/hello you)" "Hello, you!"
cp -R "$TOP/examples/data_pipeline" d && (cd d && rm -rf build && "$MENACE" graph --json | python3 ../run.py) || fail "data_pipeline"
assert_eq "$(cat d/build/total.txt)" "$(cat d/data/*.txt | tr -cs 'A-Za-z' '\n' | sed '/^$/d' | wc -l | tr -d ' ')"
assert_grep 'top 10:' d/build/report.txt
assert_eq "$(cat d/build/texts.json)" '["alice","moby","raven"]'
