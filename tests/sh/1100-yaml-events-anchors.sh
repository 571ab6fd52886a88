# the manifest read from libyaml's events (no document tree): anchors and
# aliases give the node they name (a list shared by two rules, a whole
# rule reused), and the document loader's errors keep their words and
# places: an anchor defined twice, a second document, an alias to an
# anchor of another document; an error after the second document is never
# reached
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
vars: {A: &v hello}
rules:
  a: {run: "echo ${A} > o1", in: &l [p, q], out: [o1]}
  b: {run: *v, in: *l, out: [o2]}
  c: &r {run: "cat ${in} > ${out}", in: [o1, o2], out: [o3]}
Y
touch p q
menace graph --json >g.json || fail "graph of a manifest with aliases"
assert_eq "$(python3 -c 'import json,sys; d=json.load(open("g.json")); print(" ".join("%s:%s:%s" % (n["name"], ",".join(n["inputs"]), n["command"]) for n in d["nodes"]))')" \
	"a:p,q:echo hello > o1 b:p,q:hello c:o1,o2:cat o1 o2 > o3" "the aliased values"

cat >menace.yaml <<'Y'
version: 1
rules:
  a: &x {run: echo}
  b: &x {run: echo}
Y
expect_err 2 'menace: menace.yaml:4:6: second occurrence found duplicate anchor; first occurrence that starts at 3:6' menace graph

cat >menace.yaml <<'Y'
version: 1
rules: &r
  a: {run: echo}
---
foo: *r
Y
expect_err 2 'menace: menace.yaml:5:6: found undefined alias' menace graph

cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: echo, in: *nope}
x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
Y
expect_err 2 'menace: menace.yaml:4:67: lists and maps nested deeper than 64 levels' menace graph

cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: echo}
---
foo: bar
---
x: [
Y
expect_err 2 "menace: menace.yaml:5:1: a second YAML document ('---') in one file" menace graph
