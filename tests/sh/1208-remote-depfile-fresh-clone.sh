#!/bin/sh
# A rule with a depfile is restored from the remote cache on a fresh clone
# too: its key holds the depfile inputs of its last run, which a clone that
# never ran it does not know, so the upload also stores a deps entry (the
# inputs' paths, under the key without them); the clone hashes those
# paths itself and looks up the full key. The inputs then count as
# recorded: a later change to one runs the rule. A clone whose input
# differs misses; a deps entry naming a path outside the workspace is
# reported and not used.
. "$TOP/tests/sh/lib.sh"
nginx_start
mkdir a
cat >a/menace.yaml <<'YAML'
version: 1
rules:
  cc:
    in: [main.c]
    out: [main.o]
    depfile: main.d
    run: sh cc.sh
YAML
cat >a/cc.sh <<'SH'
echo cc >> ../.runs
cat main.c inc/a.h inc/b.h > main.o
printf 'main.o: main.c inc/a.h \\\n  inc/b.h\n' > main.d
SH
mkdir a/inc
echo 'int main;' >a/main.c
echo 'A' >a/inc/a.h
echo 'B' >a/inc/b.h
cp -R a b
cp -R a c
echo 'B2' >c/inc/b.h
runs_reset
expect_exit 0 menace -C a build --remote-cache "$NGINX_URL"
check_rebuilt cc
assert_eq "$(ls "$NGINX_ROOT/ac" | wc -l)" 2 "entries on the server (the run's and its deps entry)"
dentry=$(grep -l '^menace-remote-deps 1$' "$NGINX_ROOT"/ac/*) || fail "no deps entry"
assert_eq "$(tail -n +3 "$dentry")" "dep 7:inc/a.h
dep 7:inc/b.h
dep 6:main.c" "deps entry"

# the fresh clone: restored, nothing ran, the same bytes
runs_reset
expect_exit 0 menace -C b build --remote-cache "$NGINX_URL" --explain
check_nothing_ran
assert_grep "menace: explain 'cc': restored from remote cache" .err
cmp a/main.o b/main.o || fail "main.o differs"
# its depfile inputs are recorded: a second build is a no-op, a change runs it
expect_exit 0 menace -C b build --remote-cache "$NGINX_URL"
check_nothing_ran
echo 'B3' >b/inc/b.h
expect_exit 0 menace -C b build --explain
check_rebuilt cc
assert_grep "depfile input 'inc/b.h' changed" .err

# a clone whose depfile input differs: the full key differs, the rule runs
runs_reset
expect_exit 0 menace -C c build --remote-cache "$NGINX_URL"
check_rebuilt cc
grep -q B2 c/main.o || fail "c's main.o is not built from c's b.h"

# a deps entry naming a path outside the workspace: reported once, a miss
cp -R a d
rm -rf d/.menace d/main.o d/main.d
sed -i 's/^dep 7:inc\/b.h$/dep 10:..\/secret/' "$dentry"
runs_reset
expect_exit 0 menace -C d build --remote-cache "$NGINX_URL"
check_rebuilt cc
assert_grep "menace: remote cache entry '$NGINX_URL/ac/$(basename "$dentry")' is malformed or not this rule's: not used" .err
