#!/bin/sh
# A -> B -> A: after reverting an edit, the outputs of the first build are
# restored from the local cache and nothing runs; --no-cache runs them
. "$TOP/tests/sh/lib.sh"
echo 'version A' >src.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  gen:
    run: "echo gen >> .runs; tr a-z A-Z < src.txt > gen.txt; printf '#!/bin/sh\necho hi\n' > tool.sh; chmod +x tool.sh"
    in: [src.txt]
    out: [gen.txt, tool.sh]
  tree:
    run: "echo tree >> .runs; mkdir -p d/sub; cp gen.txt d/sub/copy.txt; ln -sf sub/copy.txt d/link"
    in: [gen.txt]
    out: [d/]
  use:
    run: "echo use >> .runs; cat d/sub/copy.txt d/link > use.txt"
    in: [d/]
    out: [use.txt]
Y
build_ok --json events.a
check_rebuilt gen tree use
cp gen.txt gen.A; cp use.txt use.A
echo 'version B' >src.txt
build_ok
check_rebuilt gen tree use
echo 'version A' >src.txt
build_ok --json events.json
check_nothing_ran
assert_file_eq gen.txt gen.A
assert_file_eq use.txt use.A
[ -x tool.sh ] || fail "the executable bit was not restored"
[ -L d/link ] || fail "the symlink in the directory output was not restored"
assert_eq "$(readlink d/link)" sub/copy.txt "restored symlink"
assert_grep '"rule":"gen","status":"restored"' events.json
assert_grep '"reason":"restored from cache"' events.json
assert_grep '"restored":3' events.json
assert_grep "menace: 0 ran, 3 restored, 0 up to date, 0 failed" .err
build_ok
check_nothing_ran
assert_grep "0 ran, 3 up to date" .err
# restored files are copies: writing one in place does not reach the cache
echo tampered >>gen.txt
build_ok
check_nothing_ran
assert_file_eq gen.txt gen.A
# --no-cache: the same revert runs the rules
echo 'version B' >src.txt
build_ok
echo 'version A' >src.txt
build_ok --no-cache
check_rebuilt gen tree use
assert_file_eq use.txt use.A
