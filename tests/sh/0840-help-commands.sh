# every command menace --help lists has a --help that exits 0 and prints its
# usage line on stdout (nothing on stderr), and an entry in docs/menace.1
# (a .TP paragraph whose tag starts with the command's name)
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace --help
cmds=$(sed -n '/^commands:$/,/^$/p' .out | awk 'NR > 1 && NF { print $1 }')
n=$(echo "$cmds" | wc -l)
[ "$n" -ge 16 ] || fail "only $n commands listed: $cmds"
for want in build status explain clean trace gc graph targets discover presets selftest score integrate flag metrics cycle; do
	echo "$cmds" | grep -qx "$want" || fail "menace --help lacks '$want'"
done
# the tags of the command entries of the manual
awk 'tp { print; tp = 0 } /^\.TP$/ { tp = 1 }' "$TOP/docs/menace.1" >tags
for c in $cmds; do
	expect_exit 0 menace "$c" --help
	grep -q "^usage: menace $c" .out || { cat .out >&2; fail "'$c --help' prints no usage line"; }
	[ ! -s .err ] || { cat .err >&2; fail "'$c --help' wrote to stderr"; }
	expect_exit 0 menace "$c" -h
	grep -Eq "^\.B[IR]? \"?$c( |\"|\$)" tags || fail "docs/menace.1 has no entry for '$c'"
done
# a first word that is no command is a target ('menace a' builds a); one
# close to a command's name gets a hint
printf 'version: 1\nrules:\n  a: {run: "true"}\n' >menace.yaml
expect_err 2 "menace: unknown target 'nosuch'" menace nosuch
expect_err 2 "menace: 'biuld' is not a command either (did you mean 'build'?)" menace biuld
