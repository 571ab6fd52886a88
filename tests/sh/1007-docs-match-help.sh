#!/bin/sh
# the documentation says what --help says (issue 16, "Done when"): README's
# usage section is 'menace --help' verbatim; docs/menace.1 names every flag
# of every command's --help (usage line and option lines) and every exit
# code the --help texts give
. "$TOP/tests/sh/lib.sh"
expect_exit 0 menace --help
cp .out help.txt
# README: the block after '## Usage' is the help text, line for line
awk '/^## Usage$/ { u = 1; next } u && /^```/ { if (b) exit; b = 1; next } b { print }' \
	"$TOP/README.md" >readme.txt
[ -s readme.txt ] || fail "README.md has no '## Usage' block"
diff -u help.txt readme.txt >&2 || fail "README.md's usage block differs from 'menace --help'"
# the man page, as plain words: \- is -, font escapes go
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$TOP/docs/menace.1" >man.txt
cmds=$(sed -n '/^commands:$/,/^$/p' help.txt | awk 'NR > 1 && NF { print $1 }')
missing=
for c in "" $cmds; do
	menace $c --help >h.txt || fail "'menace $c --help' failed"
	flags=$(grep -E '^(usage:|  +-)' h.txt | grep -oE '(^|[][ ,|])--?[A-Za-z][A-Za-z0-9-]*' |
		sed 's/^[][ ,|]//' | sort -u)
	for f in $flags; do
		# a flag is named when the page has it as a word of its own
		grep -qE -- "(^|[^A-Za-z0-9-])$f([^A-Za-z0-9-]|\$)" man.txt || missing="$missing ${c:-menace}:$f"
	done
	for code in $(grep -iE 'exit status|^exit [0-9]|exit [0-9]' h.txt | grep -oE '\b(0|1|2|3|129|130)\b' | sort -u); do
		grep -qxF ".B $code" "$TOP/docs/menace.1" || missing="$missing ${c:-menace}:exit-$code"
	done
done
[ -z "$missing" ] || fail "docs/menace.1 lacks:$missing"
