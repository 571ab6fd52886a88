#!/bin/sh
# -v prints each command as it starts; -n prints each command it would
# run, as make -n does (the reason above it with --explain); with --json -
# stdout holds JSON objects only, one per rule, with the command
# (issue 16, point 2)
. "$TOP/tests/sh/lib.sh"
echo abc >src.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  up: {run: "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", in: [src.txt], out: [up.txt]}
  count: {run: "echo count >> .runs; wc -c < up.txt > count.txt", in: [up.txt], out: [count.txt]}
  p: {use: presets, with: {out: "p s.json", profiles: [hostile_input]}, out: ["p s.json"]}
Y
# -n: the commands, on stdout, nothing run, nothing written
runs_reset
expect_exit 0 menace -n
check_nothing_ran
assert_grep 'echo up >> .runs; tr a-z A-Z < src.txt > up.txt' .out
assert_grep 'echo count >> .runs; wc -c < up.txt > count.txt' .out
assert_grep " presets '--out=p s.json' --profiles=hostile_input" .out
assert_no_grep 'up: ' .out
assert_eq "$(wc -l <.out)" 3 "lines of -n"
[ ! -e .menace ] || fail "-n wrote the state"
# the printed use: command is the one that runs
sh -c "$(grep ' presets ' .out)" || fail "the printed action command failed"
[ -s "p s.json" ] || fail "the printed action command wrote nothing"
rm "p s.json"
# --explain: the reason above each command
expect_exit 0 menace build --dry-run --explain
assert_grep '# up: never built' .out
assert_grep "# count: input 'up.txt' will be rebuilt by 'up'" .out
assert_eq "$(grep -A1 -xF '# up: never built' .out | sed -n 2p)" \
	'echo up >> .runs; tr a-z A-Z < src.txt > up.txt' "the line after up's reason"
assert_eq "$(wc -l <.out)" 6 "lines of -n --explain"
# --json -: nothing but JSON objects on stdout, each would-run rule once with its command
expect_exit 0 menace -n --explain --json -
python3 - .out <<'P' || fail "-n --json - stdout is not JSON Lines"
import json, sys
would = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("status") == "would_run":
        assert o["rule"] not in would, o
        would[o["rule"]] = o
assert set(would) == {"up", "count", "p"}, would
assert would["up"]["command"] == "echo up >> .runs; tr a-z A-Z < src.txt > up.txt", would["up"]
assert would["count"]["reason"] == "input 'up.txt' will be rebuilt by 'up'", would["count"]
P
# -v: each command on stderr as it starts, before the rule's own output
runs_reset
expect_exit 0 menace -v up count
check_rebuilt up count
assert_grep 'echo up >> .runs; tr a-z A-Z < src.txt > up.txt' .err
assert_grep 'echo count >> .runs; wc -c < up.txt > count.txt' .err
[ ! -s .out ] || fail "-v wrote to stdout"
# without -v no command is printed
echo abd >src.txt
expect_exit 0 menace up
assert_no_grep 'tr a-z A-Z' .err
echo abe >src.txt
expect_exit 0 menace build up --verbose
assert_grep 'tr a-z A-Z' .err
# status keeps its 'RULE: REASON' lines
echo abf >src.txt
expect_exit 1 menace status
assert_grep "up: input 'src.txt' changed" .out
