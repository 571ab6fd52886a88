# flag on a directory that is not a git repository, or one with no commit:
# the alignment check is skipped with a note, not an error;
# ENABLE_ALIGNMENT_FLAGGER=0 turns it off
. "$TOP/tests/sh/lib.sh"
mkdir plain
expect_err 0 "menace: 'plain' is not a git repository: alignment check skipped" menace flag --repo plain
assert_eq "$(cat sandbox_data/sandbox_meta.log.flags)" "[]" "flags"
[ -f sandbox_data/alignment_flags.jsonl ] || fail "no alignment_flags.jsonl"
ENABLE_ALIGNMENT_FLAGGER=0 expect_exit 0 menace flag --repo plain
assert_eq "$(cat .err)" "" "stderr with the flagger off"
ENABLE_ALIGNMENT_FLAGGER=0 expect_err 0 "menace: 'plain' is not a git repository: alignment check skipped" menace flag --repo plain --alignment
mkdir empty && git -C empty init -q
expect_err 0 "menace: 'empty' has no commit: alignment check skipped" menace flag --repo empty
expect_err 2 "menace: option '--repo' needs a value" menace flag --repo
ENABLE_ALIGNMENT_FLAGGER=perhaps expect_err 2 "menace: ENABLE_ALIGNMENT_FLAGGER: 'perhaps' is not a boolean" menace flag
