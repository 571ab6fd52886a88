#!/bin/sh
# a newer or unreadable state database is refused with exit 3, never misread;
# SANDBOX_DATA_DIR moves the state
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; echo a > a.txt", out: [a.txt]}
Y
build_ok
sqlite3 .menace/menace.db 'PRAGMA user_version = 7'
expect_err 3 "menace: state '.menace/menace.db' has schema version 7; this menace reads version 1 or older (remove it to start afresh)" menace build
expect_err 3 "menace: state '.menace/menace.db' has schema version 7; this menace reads version 1 or older (remove it to start afresh)" menace status
rm -f .menace/menace.db*
echo 'not a database at all, just some text that is long enough to be a header' >.menace/menace.db
expect_err 3 "menace: cannot use state '.menace/menace.db': file is not a database" menace build
rm -rf .menace
SANDBOX_DATA_DIR=elsewhere build_ok
[ -f elsewhere/menace.db ] && [ ! -e .menace ] || fail "SANDBOX_DATA_DIR ignored"
