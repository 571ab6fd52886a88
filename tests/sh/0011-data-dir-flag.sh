# every sandbox action takes the data directory as --data and as --data-dir
# (each also as --KEY=VALUE), so a with: map may use either spelling
. "$TOP/tests/sh/lib.sh"
mkdir r
printf 'x = 1\n' >r/a.py
for flag in --data --data-dir; do
	d=d$flag
	expect_exit 0 menace discover --repo r $flag $d
	[ -f $d/discovered.json ] || fail "discover $flag: no $d/discovered.json"
	expect_exit 0 menace selftest --repo r --module a.py --scenario hostile_input "$flag=$d"
	[ -f $d/selftest/a.py/hostile_input-low.json ] || fail "selftest $flag: no result in $d"
	expect_exit 0 menace score --repo r $flag $d
	[ -f $d/scores.json ] || fail "score $flag: no $d/scores.json"
	expect_exit 0 menace integrate $flag $d
	[ -f $d/module_map.json ] || fail "integrate $flag: no $d/module_map.json"
	expect_exit 0 menace flag --no-alignment $flag $d
	[ -f $d/sandbox_meta.log.flags ] || fail "flag $flag: no $d/sandbox_meta.log.flags"
done
[ ! -e sandbox_data ] || fail "something wrote the default sandbox_data"
