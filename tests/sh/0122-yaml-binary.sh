# a binary file as the manifest: an error at its place, no crash
. "$TOP/tests/sh/lib.sh"
printf 'version: 1\nrules:\n  a:\n    run: "x\001y"\n' > menace.yaml
expect_err 2 'menace: menace.yaml:4:12: control characters are not allowed' menace graph
printf 'version: 1\n\377\376 rules: {}\n' > menace.yaml
expect_err 2 'menace: menace.yaml:2:1: invalid leading UTF-8 octet' menace graph
head -c 65536 /dev/urandom > menace.yaml
expect_exit 2 menace graph
assert_grep 'menace: menace.yaml:' "$T/.err"
