#!/bin/sh
# the manifest and its includes must be regular files of at most 128 MiB:
# include /dev/zero grew memory without bound, a FIFO blocked for ever
. "$TOP/tests/sh/lib.sh"
printf 'version: 1\ninclude: /dev/zero\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:2:10: cannot read include '/dev/zero': not a regular file" timeout 20 "$MENACE" graph
mkfifo fifo.yaml
printf 'version: 1\ninclude: fifo.yaml\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:2:10: cannot read include 'fifo.yaml': not a regular file" timeout 20 "$MENACE" build
[ ! -e .menace ] && [ ! -e sandbox_data ] || fail "the state directory was made"
mkdir dir.yaml
printf 'version: 1\ninclude: dir.yaml\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:2:10: cannot read include 'dir.yaml': not a regular file" menace graph
# one byte over the limit (a sparse file: nothing is read)
truncate -s $((128 * 1024 * 1024 + 1)) big.yaml
printf 'version: 1\ninclude: big.yaml\nrules: {}\n' >menace.yaml
expect_err 2 "menace: menace.yaml:2:10: cannot read include 'big.yaml': larger than 128 MiB" timeout 20 "$MENACE" graph
# the manifest itself
expect_err 2 "menace: cannot read 'fifo.yaml': not a regular file" timeout 20 "$MENACE" -f fifo.yaml graph
expect_err 2 "menace: cannot read 'big.yaml': larger than 128 MiB" timeout 20 "$MENACE" -f big.yaml graph
# a FIFO put in place of an include after a build (the snapshot checks it) does not block either
printf 'rules:\n  a: {run: "echo a > a.txt", out: [a.txt]}\n' >rules.yaml
printf 'version: 1\ninclude: rules.yaml\nrules: {}\n' >menace.yaml
expect_exit 0 menace build
rm rules.yaml && mkfifo rules.yaml
expect_err 2 "menace: menace.yaml:2:10: cannot read include 'rules.yaml': not a regular file" timeout 20 "$MENACE" build
