# graph --json: nodes with inputs, outputs, command; edges; foreach templates
. "$TOP/tests/sh/lib.sh"
fixture graph_dot
menace graph --json > g.json || fail "graph --json failed"
python3 - <<'PY' || fail "bad JSON graph"
import json
g = json.load(open("g.json"))
assert g["version"] == 1
n = {x["name"]: x for x in g["nodes"]}
assert list(n) == ["compile[f=main]", "compile[f=util]", "link", 'say"hi"\\there', "lint", "list", "each"], list(n)
assert n["compile[f=util]"]["inputs"] == ["src/util.c", "src/util.h"]
assert n["compile[f=main]"]["inputs"] == ["src/main.c"]
assert n["link"]["inputs"] == ["obj/main.o", "obj/util.o"]
assert n["link"]["command"] == "cc -o app obj/main.o obj/util.o"
assert n["link"]["pool"] == "link"
assert n["each"]["foreach_template"] is True and n["each"]["inputs"] == ["list.json"]
assert n["each"]["needs"] == ["link"]
assert n["lint"]["needs"] == ["compile[f=main]", "compile[f=util]"]
e = [(x["from"], x["to"]) for x in g["edges"]]
assert ("link", 'say"hi"\\there') in e and ("list", "each") in e and ("compile[f=main]", "lint") in e, e
PY
