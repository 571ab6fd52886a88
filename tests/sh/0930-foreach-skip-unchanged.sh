# foreach skip entries that hold only while files are unchanged: an entry
# {"name": N, "unchanged": {PATH: XXH3-128 hex, PATH: null}} skips N while
# every PATH has that content (null: is absent); when one changes, N is
# expanded and runs again, and skipped again once the file is back. A
# scalar entry, or an object without "unchanged", skips always; an entry
# whose hash is not a hash never holds.
. "$TOP/tests/sh/lib.sh"
cat >menace.yaml <<'Y'
version: 1
rules:
  each:
    foreach: {from: list.json, skip: skip.json}
    run: "echo ${item} >> .runs; cat ${in} > ${out}"
    in: ["src/${item}.txt"]
    out: ["out/${item}.txt"]
Y
mkdir src
echo a >src/a.txt
echo b >src/b.txt
echo '["a", "b"]' >list.json
build_ok
check_rebuilt a b
h=$(sqlite3 .menace/menace.db "select lower(hex(hash)) from files where path = 'src/a.txt'")
assert_eq "${#h}" 32 "the hash of src/a.txt"
printf '[{"name": "a", "unchanged": {"src/a.txt": "%s", "src/new.txt": null}, "other": 1}]\n' "$h" >skip.json
build_ok
check_nothing_ran
[ ! -e out/a.txt ] || fail "the skipped instance's output was kept"
# a changed file: expanded again, and run
echo a2 >src/a.txt
build_ok
check_rebuilt a
check_not_rebuilt b
assert_eq "$(cat out/a.txt)" a2 "out/a.txt"
# back as it was: skipped again
echo a >src/a.txt
build_ok
check_nothing_ran
# a file that must be absent appears: expanded again (restored from the
# cache, its input being as at the first build)
echo n >src/new.txt
build_ok
assert_eq "$(cat out/a.txt)" a "out/a.txt restored"
rm src/new.txt
build_ok
check_nothing_ran
# a scalar and an object without "unchanged" skip always; a bad hash never holds
echo '["b", {"name": "a"}]' >skip.json
echo b2 >src/b.txt
echo a3 >src/a.txt
build_ok
check_nothing_ran
echo '[{"name": "a", "unchanged": {"src/a.txt": "zz"}}, {"unchanged": {}}]' >skip.json
build_ok
check_rebuilt a b
