#!/bin/sh
# PATCH_SCORE_BACKEND_URL: after score, scores.json is POSTed as JSON to an
# http URL (a local Python endpoint here), with the Authorization header of
# PATCH_SCORE_BACKEND_AUTHORIZATION, never printed; an erroring or absent
# backend is one warning and the local file stays; a file:// URL is
# written; anything else is a usage error.
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/fixtures/selftest_tools/env.sh"
mkdir repo srv
(cd repo && fixture selftest_repo)
expect_exit 0 menace selftest --repo repo --module pkg/good.py --scenario hostile_input --level low
python3 "$TOP/tests/fixtures/score_backend/server.py" srv &
DAEMONS="$DAEMONS $!"
srv_pid=$!
wait_for srv/port
url=http://127.0.0.1:$(cat srv/port)

PATCH_SCORE_BACKEND_AUTHORIZATION="Bearer sc0re-tok" PATCH_SCORE_BACKEND_URL=$url/ok expect_exit 0 menace score --repo repo
assert_file_eq srv/body.1 data/scores.json
assert_grep "pkg/good.py" srv/body.1
assert_grep "Content-Type: application/json" srv/headers.1
assert_grep "Authorization: Bearer sc0re-tok" srv/headers.1
[ ! -s .err ] || { cat .err; fail "score printed something"; }
# the flag beats the variable
PATCH_SCORE_BACKEND_URL=$url/fail expect_exit 0 menace score --repo repo --backend-url "$url/ok"
assert_file_eq srv/body.2 data/scores.json

# an erroring backend: retried, then one warning; the scores stay
PATCH_SCORE_BACKEND_AUTHORIZATION="Bearer sc0re-tok" PATCH_SCORE_BACKEND_URL=$url/fail expect_exit 0 menace score --repo repo
assert_eq "$(cat .err)" "menace: score backend '$url/fail' failed (POST: HTTP status 500); the scores stay in 'data/scores.json'"
assert_eq "$(wc -l <srv/fails)" 3 "attempts"
assert_grep "pkg/good.py" data/scores.json
# no backend at all
kill $srv_pid
wait $srv_pid 2>/dev/null
PATCH_SCORE_BACKEND_URL=$url/ok expect_exit 0 menace score --repo repo
assert_eq "$(grep -c "menace: score backend '$url/ok' failed (POST: .*); the scores stay in 'data/scores.json'" .err)" 1 "warnings"
assert_no_grep "sc0re-tok" .err

# file://
PATCH_SCORE_BACKEND_URL=file://$T/sent/scores.json expect_exit 0 menace score --repo repo
assert_file_eq sent/scores.json data/scores.json
PATCH_SCORE_BACKEND_URL=file://$T/data/scores.json/x expect_exit 0 menace score --repo repo
assert_grep "menace: score backend 'file://$T/data/scores.json/x' could not be written; the scores stay in 'data/scores.json'" .err
PATCH_SCORE_BACKEND_URL=ftp://u:pw@x/ expect_err 2 "menace: --backend-url (PATCH_SCORE_BACKEND_URL): the score backend must be an http://, https:// or file:// URL" menace score --repo repo
