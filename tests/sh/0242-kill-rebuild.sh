#!/bin/sh
# SIGKILL mid-build, then a build right away: the killed build's command
# does not go on writing (it dies with menace), the half-written output is
# not taken as built, and the rebuild ends with what a clean build writes;
# status then says up to date and a build runs nothing.
. "$TOP/tests/sh/lib.sh"
echo one >in.txt
cat >menace.yaml <<'Y'
version: 1
rules:
  slow:
    run: "echo slow >> .runs; printf 'start\n' > ${out}; touch started; sleep $${NAP:-0}; cat ${in} >> ${out}"
    in: [in.txt]
    out: [out.txt]
  next: {run: "echo next >> .runs; cat ${in} > ${out}", in: [out.txt], out: [next.txt]}
Y
build_ok
echo two >in.txt
rm started
NAP=0.6 "$MENACE" build -q 2>err &
pid=$!
wait_for started
kill -KILL $pid
wait $pid
assert_eq "$(cat out.txt)" "start" "the half-written output"
build_ok
check_rebuilt slow next
printf 'start\ntwo\n' >want
assert_file_eq out.txt want
assert_file_eq next.txt want
# the killed build's command would have appended by now
sleep 1
assert_file_eq out.txt want
expect_exit 0 menace status
build_ok
check_nothing_ran
