#!/bin/sh
# bench/selftest/run.sh: menace's self-tests against the per-process
# baseline (the original's way), side by side in one run, and print a
# Markdown table. gen.py writes a repository of N modules (half with a
# tests/test_<stem>.py, half without) and a manifest with a `use: selftest`
# foreach over them x the 12 scenario x level matrix; then
#   menace     `menace build -jJOBS` from scratch (state and results
#              removed), then a no-op build;
#   baseline   one process per self-test through `xargs -PJOBS`, with the
#              preset's variables (`menace presets`) in its environment:
#              `PY -m pytest -q -p no:cacheprovider TESTFILE`, or for a
#              module without tests `PY -c 'import importlib...' NAME`;
# each timed by timed.py (wall time, and user+sys CPU of every process the
# run started, orphaned workers included). A second, smaller repository of
# OVERHEAD_N modules, each with one empty test (`def test_x(): pass`), gives
# the overhead per self-test: (wall x JOBS) / self-tests, for both sides.
#
# Variables: N (modules, default 1000), JOBS (default 2), PY (the
# interpreter of both sides, default /usr/bin/python3; it needs pytest;
# both get its sys.executable, so a version manager's shim is not timed),
# MENACE (default: ./menace of this checkout), OVERHEAD_N (default N/10, at
# least 10), BENCH_DIR (default /tmp/menace-bench-selftest-N), SIDES
# (default "menace baseline"; a side left out keeps the figures of an
# earlier run in BENCH_DIR). Exit 0, 1 when something is missing or a build
# or the baseline could not run (the message says which).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${N:-1000}
jobs=${JOBS:-2}
menace=${MENACE:-$here/../../menace}
work=${BENCH_DIR:-/tmp/menace-bench-selftest-$n}
sides=${SIDES:-menace baseline}
on=${OVERHEAD_N:-$((n / 10 > 10 ? n / 10 : 10))}

die() {
	echo "bench/selftest: $*" >&2
	exit 1
}

for side in $sides; do
	case $side in
	menace | baseline) ;;
	*) die "unknown side '$side' in SIDES (menace, baseline)" ;;
	esac
done
[ -x "$menace" ] && [ ! -d "$menace" ] || die "no menace binary at '$menace' (run make -j2, or set MENACE=)"
menace=$(cd "$(dirname "$menace")" && pwd)/$(basename "$menace")
py=$(command -v "${PY:-/usr/bin/python3}") || die "no python at '${PY:-/usr/bin/python3}' (set PY=)"
"$py" -c 'import pytest' 2>/dev/null || die "'$py' has no pytest (the baseline needs it; set PY=)"
py=$("$py" -c 'import sys; print(sys.executable)') # the real executable, not a shim
pyver=$("$py" -c 'import sys, pytest; print("Python", sys.version.split()[0] + ", pytest", pytest.__version__)')
unset SANDBOX_DATA_DIR MENACE_JOBS SANDBOX_JSON_LOGS MENACE_SELFTEST_POOL SELF_TEST_TIMEOUT PYTHONPATH
commit=$(git -C "$(dirname "$menace")" log -1 --format=%h 2>/dev/null || echo "not a git checkout")
started=$(date '+%Y-%m-%d %H:%M')
mkdir -p "$work/results"
res=$work/results

load() { cut -d' ' -f1-3 /proc/loadavg; }

# setup DIR COUNT [--empty]: a fresh repository, manifest and job list
setup() {
	rm -rf "$1"
	mkdir -p "$1"
	"$menace" presets >"$1/presets.json" || die "menace presets failed"
	"$py" "$here/gen.py" ${3:-} "$2" "$1" "$1/presets.json" "$py" || die "gen.py failed"
}

# side_menace DIR TAG: a cold build, then a no-op build
side_menace() {
	rm -rf "$1/.menace" "$1/data" "$res/$2.menace-cold" "$res/$2.menace-noop"
	echo "$(load)" >"$res/$2.menace-load"
	for b in cold noop; do
		(cd "$1" && SANDBOX_PYTHON=$py "$py" "$here/timed.py" "$res/$2.menace-$b" \
			"$menace" build -j"$jobs" >"$1/menace-$b.log" 2>&1) ||
			die "menace build failed ($b build, see $1/menace-$b.log)"
		ran=$(sed -n 's/^menace: \([0-9]*\) ran,.*/\1/p' "$1/menace-$b.log")
		failed=$(grep -rl '"passed": *false' "$1/data/selftest" 2>/dev/null | wc -l)
		echo "${ran:-0} $failed" >>"$res/$2.menace-$b"
		want=$(($(grep -c '\.py"' "$1/modules.json") * 12))
		[ "$b" = noop ] || [ "${ran:-0}" = "$want" ] ||
			echo "bench/selftest: warning: the cold build ran ${ran:-0} of $want self-tests ($1/menace-cold.log)" >&2
	done
	echo "$(load)" >>"$res/$2.menace-load"
}

# side_baseline DIR TAG: one process per line of DIR/baseline.jobs
side_baseline() {
	rm -f "$res/$2.baseline"
	echo "$(load)" >"$res/$2.baseline-load"
	rc=0
	(cd "$1/repo" && PYTHONPATH=$1/repo PYTHONDONTWRITEBYTECODE=1 \
		"$py" "$here/timed.py" "$res/$2.baseline" xargs -P"$jobs" -L1 env \
		<"$1/baseline.jobs" >"$1/baseline.log" 2>&1) || rc=$?
	case $rc in
	0) failed=0 ;;
	123) failed=some ;; # xargs: at least one self-test failed
	*) die "the baseline could not run (xargs exit $rc, see $1/baseline.log)" ;;
	esac
	echo "$(wc -l <"$1/baseline.jobs") $failed" >>"$res/$2.baseline"
	echo "$(load)" >>"$res/$2.baseline-load"
}

setup "$work/full" "$n"
setup "$work/empty" "$on" --empty
# alternate the sides, so both see the same machine as far as possible
for tag in full empty; do
	for side in $sides; do
		side_$side "$work/$tag" $tag
	done
done

# field FILE LINE COLUMN: one figure of a result file, '-' when missing
field() { [ -f "$1" ] && sed -n "${2}p" "$1" | cut -d' ' -f"$3" || echo -; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1f", b / a; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", b / a; else print "-" }'; }
perms() { awk -v t="$1" -v c="$2" -v j="$3" 'BEGIN { if (c + 0 > 0 && t != "-") printf "%.0f ms", t * j * 1000 / c; else print "-" }'; }

row() { # LABEL FILE
	w=$(field "$2" 1 1) c=$(field "$2" 1 2) k=$(field "$2" 2 1) f=$(field "$2" 2 2)
	echo "| $1 | $k | ${w}s | ${c}s | $(rate "$w" "$k") | $f |"
}

echo "$started to $(date '+%H:%M'), $(uname -n), $(nproc) cores, -j$jobs; $menace ($commit); $pyver ($py)"
echo "N = $n modules ($(((n + 1) / 2)) with tests), $((n * 12)) self-tests; overhead run: $on modules, $((on * 12)) self-tests with empty test bodies"
loads() { tr '\n' '/' <"$res/$1-load" 2>/dev/null | sed 's,/$,,'; }
echo "load average (1, 5, 15 min) before/after: menace $(loads full.menace), baseline $(loads full.baseline); overhead run: menace $(loads empty.menace), baseline $(loads empty.baseline)"
echo
echo "| run | self-tests | wall | CPU user+sys | self-tests/s | failed |"
echo "|---|---|---|---|---|---|"
row "menace, cold build" "$res/full.menace-cold"
row "menace, no-op build" "$res/full.menace-noop"
row "baseline, a process per self-test" "$res/full.baseline"
echo "| baseline / menace (cold) | | $(ratio "$(field "$res/full.menace-cold" 1 1)" "$(field "$res/full.baseline" 1 1)") | $(ratio "$(field "$res/full.menace-cold" 1 2)" "$(field "$res/full.baseline" 1 2)") | | |"
echo
mw=$(field "$res/empty.menace-cold" 1 1) mc=$(field "$res/empty.menace-cold" 1 2) mk=$(field "$res/empty.menace-cold" 2 1)
bw=$(field "$res/empty.baseline" 1 1) bc=$(field "$res/empty.baseline" 1 2) bk=$(field "$res/empty.baseline" 2 1)
echo "| overhead per self-test (empty bodies) | menace | baseline |"
echo "|---|---|---|"
echo "| self-tests | $mk | $bk |"
echo "| (wall x $jobs) / self-tests | $(perms "$mw" "$mk" "$jobs") | $(perms "$bw" "$bk" "$jobs") |"
echo "| CPU / self-tests | $(perms "$mc" "$mk" 1) | $(perms "$bc" "$bk" 1) |"
