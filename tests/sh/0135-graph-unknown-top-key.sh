# unknown keys at the top level and inside foreach; unknown pool and action
. "$TOP/tests/sh/lib.sh"
printf 'version: 1\nrulez: {}\n' > menace.yaml
expect_err 2 "menace: menace.yaml:2:1: unknown key 'rulez' at the top level (did you mean 'rules'?)" menace graph
printf 'version: 1\nrules:\n  a:\n    run: x\n    foreach: {form: l.json}\n' > menace.yaml
expect_err 2 "menace: menace.yaml:5:15: unknown key 'form' in 'foreach' of rule 'a' (did you mean 'from'?)" menace graph
printf 'version: 1\npools: {net: 2}\nrules:\n  a:\n    run: x\n    pool: nett\n' > menace.yaml
expect_err 2 "menace: menace.yaml:6:11: unknown pool 'nett' (did you mean 'net'?)" menace graph
printf 'version: 1\nrules:\n  a:\n    use: scor\n' > menace.yaml
expect_err 2 "menace: menace.yaml:4:10: unknown action 'scor' in rule 'a' (did you mean 'score'?)" menace graph
printf 'version: 1\nrules:\n  a:\n    run: x ${item}\n' > menace.yaml
expect_err 2 "menace: menace.yaml:4:12: unknown var 'item'" menace graph
