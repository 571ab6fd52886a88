# every examples/*/menace.yaml loads and its --dot renders with Graphviz
. "$TOP/tests/sh/lib.sh"
n=0
for m in "$TOP"/examples/*/menace.yaml; do
	d=$(dirname "$m")
	menace -C "$d" graph --dot > g.dot || fail "graph of $d failed"
	dot -Tsvg g.dot > g.svg || fail "dot rejected the graph of $d"
	menace -C "$d" targets > /dev/null || fail "targets of $d failed"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n examples"
