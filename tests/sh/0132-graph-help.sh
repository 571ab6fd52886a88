# graph and targets: --help on stdout, bad options exit 2
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace graph --help
assert_grep 'usage: menace graph [--text|--dot|--json|--mermaid] [TARGET...]' "$T/.out"
expect_exit 0 menace targets --help
assert_grep 'usage: menace targets' "$T/.out"
expect_err 2 "menace: no menace.yaml in '$(pwd -P)' or a directory above it up to '/' (-f FILE or -C DIR names one)" menace graph
# with a good manifest, so the option is the only reason to exit 2
printf 'version: 1\nrules:\n  a: {run: "true"}\n' >menace.yaml
expect_err 2 "menace: unknown option '--svg'" menace graph --svg
expect_err 2 "menace: unknown option '--bogus'" menace targets --bogus
expect_err 2 "menace: unexpected argument 'x'" menace targets x
