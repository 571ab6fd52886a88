#!/bin/sh
# the bash and zsh completion scripts offer the commands, each command's
# flags and the manifest's rule, instance and output names (issue 16, point 8)
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  compile:
    matrix: {f: [main, util]}
    run: "echo ${f} > ${f}.o"
    out: ["${f}.o"]
  link: {run: "cat main.o util.o > app", in: [main.o, util.o], out: [app]}
Y
expect_exit 0 menace targets --names
assert_eq "$(tr '\n' ' ' <.out)" "compile compile[f=main] main.o compile[f=util] util.o link app " "targets --names"
# bash: complete WORDS...: the candidates for the last word, one a line
cat >complete.bash <<'B'
. "$TOP/completion/menace.bash"
COMP_WORDS=("$MENACE" "$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_menace
printf '%s\n' "${COMPREPLY[@]}"
B
bcomp() { bash complete.bash "$@" >got 2>&1 || fail "bash completion failed: $(cat got)"; }
bcomp ''
for w in build status clean graph targets watch compile link app 'compile[f=main]' main.o; do
	grep -qxF -- "$w" got || { cat got >&2; fail "bash: '' lacks '$w'"; }
done
bcomp st
assert_eq "$(cat got)" status "bash: st"
bcomp build l
assert_eq "$(cat got)" link "bash: build l"
bcomp build --kee
assert_eq "$(cat got)" --keep-going "bash: build --kee"
bcomp build --dr
assert_eq "$(cat got)" --dry-run "bash: build --dr"
bcomp graph --
grep -qxF -- --dot got && grep -qxF -- --directory got || { cat got >&2; fail "bash: graph --"; }
bcomp gc --ma
assert_eq "$(cat got)" --max-size "bash: gc --ma"
# the manifest of -C DIR
mkdir sub && cp menace.yaml sub/ && sed -i 's/link:/ship:/' sub/menace.yaml
mkdir elsewhere && cd elsewhere
bash ../complete.bash -C ../sub build s >../got 2>&1
cd "$T"
assert_eq "$(cat got)" ship "bash: -C DIR build s"
# zsh: the same function under stubs of compadd, _files and _directories
cat >complete.zsh <<'Z'
compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -l -- "$@"; }
_files() { print -l -- FILES; }
_directories() { print -l -- DIRS; }
source "$TOP/completion/_menace" >/dev/null 2>&1
words=("$MENACE" "$@")
CURRENT=${#words}
PREFIX=${words[CURRENT]}
_menace
Z
zcomp() { zsh -f complete.zsh "$@" >got 2>&1 || fail "zsh completion failed: $(cat got)"; }
zsh -n "$TOP/completion/_menace" || fail "_menace is not valid zsh"
zcomp ''
for w in build status watch compile link 'compile[f=util]' util.o; do
	grep -qxF -- "$w" got || { cat got >&2; fail "zsh: '' lacks '$w'"; }
done
zcomp build --
for w in --jobs --dry-run --keep-going --quiet --explain --verbose --file -j -n; do
	grep -qxF -- "$w" got || { cat got >&2; fail "zsh: build -- lacks '$w'"; }
done
zcomp build -f ''
assert_eq "$(cat got)" FILES "zsh: -f FILE"
zcomp clean ''
grep -qxF link got && ! grep -qxF build got || { cat got >&2; fail "zsh: clean ''"; }
# make install puts both where bash-completion and zsh look (make -n: the
# commands only; a nested build would race the one running the tests)
make -C "$TOP" -n install DESTDIR=/d PREFIX=/usr >install.txt 2>&1 || fail "make -n install failed"
assert_grep "cp completion/menace.bash /d/usr/share/bash-completion/completions/menace" install.txt
assert_grep "cp completion/_menace /d/usr/share/zsh/site-functions/_menace" install.txt
assert_grep "cp docs/menace.1 /d/usr/share/man/man1/menace.1" install.txt
