#!/bin/sh
# libcurl and libcrypto (like libgit2) are loaded the first time a command
# needs them, not linked: every action of a build is a start of menace,
# and linking them (with the twenty-odd libraries they bring) cost each
# start about 5 ms of dynamic linking. A libcurl that cannot be loaded
# (here: a libcurl.so.4 with no functions, first on LD_LIBRARY_PATH) is
# one warning for the remote cache and the build goes on locally; the
# score backend keeps the local file, with one warning.
. "$TOP/tests/sh/lib.sh"
ldd "$MENACE" >libs || fail "ldd"
for l in libcurl libcrypto libgit2 libssl libgnutls; do
	assert_no_grep "$l" libs
done
mkdir fake
echo 'int menace_fake_curl;' >fake.c
cc -shared -fPIC -o fake/libcurl.so.4 fake.c || fail "cc"
cat >menace.yaml <<'YAML'
version: 1
rules:
  gen:
    in: [src.txt]
    out: [g.txt]
    run: echo gen >> ../.runs; cat src.txt src.txt > g.txt
YAML
echo one >src.txt
LD_LIBRARY_PATH=$T/fake expect_exit 0 menace build -q --remote-cache http://127.0.0.1:9/cache
assert_eq "$(cat .err)" "menace: remote cache: cannot load libcurl.so.4: no curl_global_init"
assert_eq "$(cat g.txt)" "one
one"
# the same build with libcurl: it is found and used (a refused connection)
rm -rf .menace g.txt
expect_exit 0 menace build -q --remote-cache http://127.0.0.1:9/cache
assert_grep "menace: remote cache 'http://127.0.0.1:9/cache' failed" .err
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir repo
(cd repo && fixture selftest_repo)
expect_exit 0 menace selftest --repo repo --module pkg/good.py --scenario hostile_input --level low
LD_LIBRARY_PATH=$T/fake PATCH_SCORE_BACKEND_URL=http://u:secret@127.0.0.1:9/s expect_exit 0 menace score --repo repo
assert_eq "$(cat .err)" "menace: score backend: cannot load libcurl.so.4: no curl_global_init; the scores stay in 'data/scores.json'"
assert_grep "pkg/good.py" data/scores.json
