#!/bin/sh
# Run each libFuzzer target for SECONDS: sh tests/fuzz/run.sh SECONDS BIN...
# A target build/fuzz/fuzz_NAME starts from its seed corpus
# tests/fuzz/corpus/NAME/ (read only) and keeps what it finds in
# build/fuzz/corpus/NAME/, with the dictionary tests/fuzz/NAME.dict if there
# is one. A crash, leak, timeout or out-of-memory leaves the
# input in build/fuzz/crash/NAME/ and fails the run (after every target ran).
set -u
secs=$1
shift
top=$(cd "$(dirname "$0")/../.." && pwd)
failed=""
for bin in "$@"; do
	name=$(basename "$bin" | sed 's/^fuzz_//')
	work=$top/build/fuzz/corpus/$name crash=$top/build/fuzz/crash/$name
	log=$top/build/fuzz/$name.log
	mkdir -p "$work" "$crash"
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict=-dict=$top/tests/fuzz/$name.dict
	echo "fuzz $name: ${secs}s"
	# shellcheck disable=SC2086
	if "$bin" $dict -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$crash/" \
		"$work" "$top/tests/fuzz/corpus/$name" >"$log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2 | sed 's/^/  /'
	else
		failed="$failed $name"
		grep -E '^==[0-9]+==ERROR|^SUMMARY|^    #[0-9]' "$log" | head -20 | sed 's/^/  /'
		sed -n 's/.*Test unit written to /  input: /p' "$log"
		echo "  full log: $log"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: crashes in:$failed"
	echo "  make each input a regression test: copy it into tests/fuzz/corpus/NAME/"
	echo "  (make test replays the corpus), then fix the code"
	exit 1
fi
echo "fuzz: no crash"
