# a 50 MB manifest (a huge comment, then a mistake): the error, no crash or hang
. "$TOP/tests/sh/lib.sh"
{
	printf 'version: 1\nrules:\n  a:\n    run: true\n'
	line='# 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789'
	yes "$line" | head -n 520000
	printf '  b:\n    run: true\n    ouput: [x]\n'
} > menace.yaml
size=$(wc -c < menace.yaml)
[ "$size" -gt 50000000 ] || fail "only $size bytes"
expect_err 2 "menace: menace.yaml:520007:5: unknown key 'ouput' in rule 'b' (did you mean 'out'?)" menace graph
# and 50 MB of one string
{ printf 'version: 1\nrules:\n  a:\n    run: "'; head -c 50000000 /dev/zero | tr '\0' x; printf '\n' ; } > menace.yaml
expect_err 2 'menace: menace.yaml:5:1: found unexpected end of stream while scanning a quoted scalar that starts at 4:10' menace graph
