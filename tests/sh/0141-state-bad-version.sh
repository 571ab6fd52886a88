#!/bin/sh
# a state database with a negative schema version, or version 0 holding
# tables, is refused with exit 3 (it read migrations[-1], or failed half-way
# with "table files already exists")
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  a: {run: "echo a >> .runs; echo a > a.txt", out: [a.txt]}
Y
build_ok
db=.menace/menace.db
for v in -1 -2147483648; do
	sqlite3 $db "PRAGMA user_version = $v"
	expect_err 3 "menace: state '$db' has an invalid schema version $v (remove it to start afresh)" menace build
	expect_err 3 "menace: state '$db' has an invalid schema version $v (remove it to start afresh)" menace status
	expect_err 3 "menace: state '$db' has an invalid schema version $v (remove it to start afresh)" menace build -n
	assert_eq "$(sqlite3 $db 'PRAGMA user_version')" "$v" "the version after the refusal"
done
sqlite3 $db 'PRAGMA user_version = 0'
expect_err 3 "menace: state '$db' has schema version 0 but holds tables (remove it to start afresh)" menace build
expect_err 3 "menace: state '$db' has schema version 0 but holds tables (remove it to start afresh)" menace status
assert_eq "$(sqlite3 $db 'PRAGMA user_version')" 0 "the version after the refusal"
# a fresh database is version 0 and empty: migrated
rm -rf .menace
build_ok
check_rebuilt a
assert_eq "$(sqlite3 $db 'PRAGMA user_version')" 1 "a new database"
