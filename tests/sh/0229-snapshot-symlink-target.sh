#!/bin/sh
# a symlink's target can change while the link stays as it is: the target
# directory replaced by another one, a dangling link's target created (a
# directory, or a file a glob then matches), an optional input appearing
# behind a linked directory; each is seen on the next build
. "$TOP/tests/sh/lib.sh"
mkdir -p "$ELSEWHERE/t" src
echo a >"$ELSEWHERE/t/a.txt"
echo s >src/s.txt
ln -s "$ELSEWHERE/t" lib
ln -s "$ELSEWHERE/later" opt
ln -s "$ELSEWHERE/x.txt" src/x.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  lib:
    run: "echo lib >> .runs; cat lib/*.txt > lib.txt; if [ -f lib/config.h ]; then cat lib/config.h >> lib.txt; fi"
    in: ["lib/*.txt", "-lib/config.h"]
    out: [lib.txt]
  opt: {run: "echo opt >> .runs; cat /dev/null ${in} > opt.txt", in: ["-opt/*.txt"], out: [opt.txt]}
  src: {run: "echo src >> .runs; cat ${in} > src.txt", in: ["src/*.txt"], out: [src.txt]}
Y
# what each rule read, checked before snapshot_settle (a new file in the
# workspace would change its directory)
expect() { printf "$2" >want; assert_file_eq "$1" want; }
build_ok
expect lib.txt 'a\n'
expect opt.txt ''
expect src.txt 's\n'
snapshot_settle "$ELSEWHERE"
# an optional input appears behind the linked directory
echo '#define C 1' >"$ELSEWHERE/t/config.h"
build_ok
check_rebuilt lib
check_not_rebuilt opt src
expect lib.txt 'a\n#define C 1\n'
snapshot_settle "$ELSEWHERE"
# the link's target replaced by another directory of that name
mv "$ELSEWHERE/t" "$ELSEWHERE/t.old"
mkdir "$ELSEWHERE/t"
echo b >"$ELSEWHERE/t/b.txt"
build_ok
check_rebuilt lib
expect lib.txt 'b\n'
snapshot_settle "$ELSEWHERE"
# a dangling link to a directory: its target created
mkdir "$ELSEWHERE/later"
echo l >"$ELSEWHERE/later/l.txt"
build_ok
check_rebuilt opt
expect opt.txt 'l\n'
snapshot_settle "$ELSEWHERE"
# a dangling link to a file in a globbed directory: its target created
echo x >"$ELSEWHERE/x.txt"
build_ok
check_rebuilt src
expect src.txt 's\nx\n'
snapshot_settle "$ELSEWHERE"
# and removed again (src.txt of s alone is restored from the cache)
rm "$ELSEWHERE/x.txt"
build_ok
expect src.txt 's\n'
