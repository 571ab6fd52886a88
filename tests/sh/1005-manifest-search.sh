#!/bin/sh
# the manifest is searched from the current directory upward, as git
# finds .git, stopping at a repository's top; -f and -C override; paths
# are relative to the manifest's directory wherever menace is started
# (issue 16, point 5)
. "$TOP/tests/sh/lib.sh"
mkdir -p proj/src/deep
cat >proj/menace.yaml <<'Y'
version: 1
rules:
  copy: {run: "echo copy >> ../.runs; cp src/in.txt out.txt", in: [src/in.txt], out: [out.txt]}
Y
echo hello >proj/src/in.txt
# from two levels below: the project's manifest, its paths, its state
cd proj/src/deep
runs_reset
expect_exit 0 menace
check_rebuilt copy
[ -f "$T/proj/out.txt" ] && [ -d "$T/proj/.menace" ] || fail "not built in the manifest's directory"
[ ! -e out.txt ] && [ ! -e .menace ] || fail "wrote in the current directory"
# an output path as a target is relative to the manifest's directory
expect_exit 0 menace status out.txt
expect_exit 0 menace explain out.txt
assert_grep "'copy' is up to date" "$T/.out"
# a file named on the command line is relative to where menace started
expect_exit 0 menace build --json ev.jsonl
[ -s ev.jsonl ] || fail "--json FILE not relative to the current directory"
expect_exit 0 menace trace t.json
[ -s t.json ] || fail "trace FILE not relative to the current directory"
cd "$T"
# -f and -C override the search
mkdir other
cat >other/menace.yaml <<'Y'
version: 1
rules:
  other: {run: "echo other >> ../.runs; echo o > o.txt", out: [o.txt]}
Y
cp other/menace.yaml other/alt.yaml
cd proj/src
runs_reset
expect_exit 0 menace -C "$T/other"
check_rebuilt other
check_not_rebuilt copy
rm "$T/other/o.txt"
runs_reset
expect_exit 0 menace -f "$T/other/alt.yaml" --no-cache
check_rebuilt other
cd "$T"
# the search stops at a repository's top: a manifest above it is not used
mkdir -p outer/repo/sub
cp proj/menace.yaml outer/menace.yaml
mkdir outer/src && echo x >outer/src/in.txt
mkdir outer/repo/.git
cd outer/repo/sub
expect_err 2 "menace: no menace.yaml in '$(pwd -P)' or a directory above it up to '$(cd .. && pwd -P)' (-f FILE or -C DIR names one)" menace status
expect_exit 2 menace graph
expect_exit 2 menace targets
# .git as a file (a worktree or submodule) is a repository's top too
rmdir ../.git
echo 'gitdir: /nowhere' >../.git
expect_exit 2 menace status
# without it, the search goes on up to outer/
rm ../.git
expect_exit 1 menace status
assert_grep "copy: never built" "$T/.out"
