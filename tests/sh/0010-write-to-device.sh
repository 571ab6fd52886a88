# menace's own files are written by rename, except when the target is not a
# regular file: a fifo (or /dev/null, /dev/stdout) is written in place and stays
# what it was, never replaced by a regular file.
. "$TOP/tests/sh/lib.sh"
mkfifo pipe
timeout 10 cat pipe > got &
reader=$!
expect_exit 0 menace presets --out pipe
wait $reader
[ -p pipe ] || fail "the fifo was replaced"
assert_grep '"hostile_input"' got
expect_exit 0 menace presets --out out.json
[ -f out.json ] || fail "no out.json"
cmp -s got out.json || fail "the fifo got other bytes than the file"
