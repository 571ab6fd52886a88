# graph --dot: the expected text (quoted names), accepted by Graphviz; targets limit it
. "$TOP/tests/sh/lib.sh"
fixture graph_dot
menace graph --dot > got.dot || fail "graph --dot failed"
assert_file_eq got.dot expected.dot
dot -Tsvg got.dot > got.svg || fail "dot rejected the graph"
assert_grep '<svg' got.svg
menace graph --dot hi.txt > part.dot || fail "graph --dot hi.txt failed"
dot -Tsvg part.dot > /dev/null || fail "dot rejected the partial graph"
assert_grep 'n2 -> n3;' part.dot
assert_no_grep 'lint' part.dot
assert_no_grep 'each' part.dot
