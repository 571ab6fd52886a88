# cycle --junit FILE: one suite of rules per cycle, the self-tests once
# (their latest results)
. "$TOP/tests/sh/lib.sh"
. "$TOP/tests/sh/e2e.sh"
command -v xmllint >/dev/null || fail "xmllint (libxml2-utils) is not installed: sh .ci/deps"
e2e_setup small
expect_exit 0 menace cycle -n 3 -q --junit j.xml
xmllint --noout --schema "$TOP/tests/junit/jenkins-junit.xsd" j.xml || fail "not valid JUnit"
python3 - j.xml <<'P' || fail "suites"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
names = [s.get("name") for s in r]
# the second cycle runs nothing new and converges: two cycles
assert names == ["cycle 1", "cycle 2", "selftest"], names
c1, c2, st = list(r)
assert any(c.get("status") == "ran" for c in c1)
assert all(c.get("status") == "cached" for c in c2), [c.attrib for c in c2]
assert len(c1) == len(c2)
assert len(st) == 13 and st.get("tests") == "13", len(st)
assert st.get("failures") == str(sum(c.find("failure") is not None for c in st))
assert int(r.get("tests")) == len(c1) + len(c2) + 13
P
