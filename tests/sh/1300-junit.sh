# build --junit FILE: one testcase per rule instance that ended (failed with
# its command and output, skipped, up to date), one per self-test result
# with its output tail; valid against the Jenkins JUnit schema
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
command -v xmllint >/dev/null || fail "xmllint (libxml2-utils) is not installed: sh .ci/deps"
XSD=$TOP/tests/junit/jenkins-junit.xsd
valid() { xmllint --noout --schema "$XSD" "$1" 2>"$T/.xsd" || { cat "$T/.xsd" >&2; fail "$1 is not valid JUnit"; }; }
# junit_cases FILE: "SUITE|CLASSNAME|NAME|STATUS|FAILURE-MESSAGE" per testcase
junit_cases() {
	python3 - "$1" <<'P'
import sys, xml.etree.ElementTree as ET
for s in ET.parse(sys.argv[1]).getroot():
    for c in s:
        f = c.find("failure")
        print("|".join([s.get("name"), c.get("classname"), c.get("name"), c.get("status"),
                        f.get("message") if f is not None else ""]))
P
}

mkdir w && cd w
cat >menace.yaml <<'Y'
version: 1
rules:
  ok:
    run: echo ok > a.txt
    out: [a.txt]
  bad<x>:
    run: echo 'boom & <stuff>'; printf 'ctl\001\n'; test -e fixed && touch b.txt
    in: [a.txt]
    out: [b.txt]
  after:
    run: cp a.txt c.txt
    in: [b.txt]
    out: [c.txt]
Y
# FILE is relative to where menace started (after -C), as --json's, not to
# the manifest's directory; a missing directory is created
cd ..
expect_exit 1 menace -f w/menace.yaml build -k 0 --junit out/j.xml
[ ! -e w/out ] || fail "FILE was taken relative to the manifest"
valid out/j.xml
junit_cases out/j.xml >cases
cat >want <<'W'
build|ok|ok|ran|
build|bad<x>|bad<x>|failed|exit status 1
build|after|after|skipped|
W
assert_file_eq cases want
python3 - out/j.xml <<'P' || fail "the failed rule's testcase"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
assert (r.get("tests"), r.get("failures")) == ("3", "1"), r.attrib
s = r.find("testsuite")
assert (s.get("tests"), s.get("failures"), s.get("skipped")) == ("3", "1", "1"), s.attrib
f = s.find("testcase[@name='bad<x>']/failure")
assert f.text.startswith("$ echo 'boom & <stuff>'"), f.text
assert "boom & <stuff>\nctl?\n" in f.text, repr(f.text)
assert s.find("testcase[@name='after']/skipped").text == "a dependency failed"
P
# fixed: it runs and passes; a no-op build lists every rule up to date
touch w/fixed
expect_exit 0 menace -f w/menace.yaml build --junit out/j.xml
valid out/j.xml
assert_eq "$(junit_cases out/j.xml | tr '\n' ' ')" "build|ok|ok|cached| build|bad<x>|bad<x>|ran| build|after|after|ran| "
expect_exit 0 menace -f w/menace.yaml build --junit out/j.xml
assert_eq "$(junit_cases out/j.xml | cut -d'|' -f4 | sort -u)" cached
# -n and status end no rule: no file
rm out/j.xml
expect_exit 0 menace -f w/menace.yaml build -n --junit out/j.xml
[ ! -e out/j.xml ] || fail "build -n wrote a JUnit file"
expect_err 2 "menace: unknown option '--junit'" menace -C w status --junit out/j.xml

# the sandbox pipeline: one testcase per self-test result, a failed one
# with the result's output tail
mkdir e && cd e
e2e_setup small
expect_exit 0 menace build --junit j.xml
valid j.xml
junit_cases j.xml | grep '^selftest|' >self
n=$(find sandbox_data/selftest -name '*.json' | wc -l)
[ "$n" -eq 13 ] || fail "expected 13 self-test results, got $n"
assert_eq "$(wc -l <self)" "$n" "self-test testcases"
assert_grep 'selftest|tools/rates.py|hostile_input-low|failed|exit code 1' self
assert_grep 'selftest|tools/audit.py|hostile_input-low|passed|' self
python3 - j.xml sandbox_data/selftest/tools/rates.py/hostile_input-low.json <<'P' || fail "output tail"
import json, sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
tail = json.load(open(sys.argv[2]))["output_tail"]
f = r.find("testsuite[@name='selftest']/testcase[@classname='tools/rates.py']/failure")
assert f.get("type") == "selftest" and f.text == tail, (f.text, tail)
assert "AttributeError" in f.text
P
# up to date, the self-tests are still reported from their results
expect_exit 0 menace build --junit j2.xml
valid j2.xml
junit_cases j2.xml | grep '^selftest|' >self2
assert_file_eq self2 self
[ "$(junit_cases j2.xml | grep -c '^build|.*|ran|')" -eq 0 ] || fail "a no-op build ran something"
# a build that fails before any rule does (a missing source) is one failed
# case of its own, so the file alone shows the failure
cd "$T" && mkdir m && printf 'version: 1\nrules:\n  a:\n    run: cp src.txt a\n    in: [src.txt]\n    out: [a]\n' >m/menace.yaml
expect_exit 1 menace -f m/menace.yaml build --junit m.xml
valid m.xml
assert_eq "$(junit_cases m.xml)" "build|menace|build|failed|exit status 1"
