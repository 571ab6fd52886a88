#!/bin/sh
# The sandbox pipeline on a fresh clone sharing a remote cache: every
# self-test (a rule with a depfile) is restored, none runs, and the
# results are byte-identical to the first clone's.
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
nginx_start
mkdir a b
(cd a && e2e_setup small)
(cd b && e2e_setup small)
(cd a && e2e_build 1 -j2 --remote-cache "$NGINX_URL")
(cd b && e2e_build 1 -j2 --remote-cache "$NGINX_URL")
(cd a && e2e_ran 1) | grep '^selftest\[' >ran.a
(cd b && e2e_ran 1) | grep '^selftest\[' >ran.b
[ "$(wc -l <ran.a)" -ge 12 ] || fail "the first clone ran $(wc -l <ran.a) self-tests"
[ ! -s ran.b ] || { cat ran.b >&2; fail "self-tests ran on the fresh clone"; }
for f in $(cd a && find sandbox_data/selftest -name '*.json' | sort); do
	cmp "a/$f" "b/$f" || fail "$f differs"
done
