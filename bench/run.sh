#!/bin/sh
# bench/run.sh [SIZES [RUNS]]: build the synthetic graph of gen.py with
# menace, ninja, make and tup at each size of SIZES (comma-separated source
# counts, default 10000,100000), and print per size a Markdown table: the
# medians over RUNS runs (default 5; full builds: FULL_RUNS, default 3;
# either may be a comma-separated list, one count per size, the last one
# repeated: FULL_RUNS=3,1 builds 10,000 three times and 100,000 once) of
#   full     a build from scratch, -j2
#   noop     a build with nothing to do
#   change   a build after one source's content changed
#   touch    a build after one source was touched (new mtime, same bytes)
# as wall time and CPU time (user+sys of the tool and every process it
# started, from /usr/bin/time), the peak resident memory (the maximum over
# all runs of a tool, and the median of its no-op runs), the commands each
# scenario ran, and the ratios menace/ninja. MENACE names the binary
# (default: ./menace of this checkout); TOOLS limits the tools (default
# "menace ninja make tup"; a tool left out keeps the results of an earlier
# run in BENCH_DIR, default /tmp/menace-bench-SIZE). A tool that is not
# installed is left out with a note (Debian: apt-get install ninja-build
# make tup fuse3; tup runs its commands in a FUSE file system).
set -eu
sizes=${1:-10000,100000}
runs_list=${2:-5}
full_list=${FULL_RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
menace=${MENACE:-$here/../menace}
alltools="menace ninja make tup"
tools=${TOOLS:-$alltools}
unset SANDBOX_DATA_DIR MENACE_JOBS SANDBOX_JSON_LOGS

have() {
	case $1 in
	menace) [ -x "$menace" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# one timed run in the current directory: prints "WALL USER SYS KB COMMANDS"
timed() {
	tool=$1
	case $tool in
	menace) set -- "$menace" build -j2 ;;
	ninja) set -- ninja -j2 ;;
	make) set -- make -j2 ;;
	tup) set -- tup -j2 ;;
	esac
	/usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >"$work/o" 2>&1 || true
	case $tool in
	menace) c=$(sed -n 's/^menace: \([0-9]*\) ran,.*/\1/p' "$work/o") ;;
	ninja) c=$(grep -c '^\[' "$work/o" || true) ;;
	make) c=$(grep -c -e '^cp ' -e '^cat ' "$work/o" || true) ;;
	tup) c=$(grep -cE '\) \[[0-9.]+s\] (cp|cat) ' "$work/o" || true) ;;
	esac
	echo "$(tail -n 1 "$work/t") ${c:-0}"
}

median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }

# the median of field F (1 wall, 2 user+sys, 3 KB) of a tool's scenario
med() {
	f=$work/$1.$2
	[ -s "$f" ] || { echo -; return; }
	case $3 in
	1) cut -d' ' -f1 "$f" | median ;;
	2) awk '{printf "%.2f\n", $2 + $3}' "$f" | median ;;
	3) cut -d' ' -f4 "$f" | median ;;
	esac
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2fx", a / b; else print "-" }'; }
mb() { [ "$1" = - ] && echo - || echo "$(($1 / 1024)) MB"; }

bench_tool() {
	tool=$1 d=$work/$1
	: >"$work/$tool.full"; : >"$work/$tool.noop"; : >"$work/$tool.change"; : >"$work/$tool.touch"
	i=0
	while [ $i -lt "$full_runs" ]; do
		rm -rf "$d"
		cp -R "$work/tree" "$d"
		[ "$tool" != tup ] || (cd "$d" && tup init >/dev/null 2>&1)
		(cd "$d" && timed "$tool") >>"$work/$tool.full"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$runs" ]; do
		(cd "$d" && timed "$tool") >>"$work/$tool.noop"
		# a second apart from the last build: tup compares whole seconds
		sleep 1
		echo "changed $i" >"$d/src/s7.txt"
		(cd "$d" && timed "$tool") >>"$work/$tool.change"
		sleep 1
		touch "$d/src/s7.txt"
		(cd "$d" && timed "$tool") >>"$work/$tool.touch"
		i=$((i + 1))
	done
}

report() {
	echo "N = $n sources ($((n + n / 100 + 1)) rules), -j2; median of $full_runs full builds, $runs runs otherwise;"
	echo "wall time, then CPU time (user+sys, every process) in parentheses"
	echo
	echo "| scenario | menace | ninja | make | tup | menace/ninja wall | menace/ninja CPU | commands run (menace, ninja, make, tup) |"
	echo "|---|---|---|---|---|---|---|---|"
	for s in full noop change touch; do
		row="| $s |"
		cmds=
		for t in $alltools; do
			w=$(med "$t" "$s" 1)
			if [ "$w" = - ]; then row="$row - |"; else row="$row ${w}s ($(med "$t" "$s" 2)s) |"; fi
			c=$( [ -s "$work/$t.$s" ] && tail -n 1 "$work/$t.$s" | cut -d' ' -f5 || echo -)
			cmds="$cmds${cmds:+, }$c"
		done
		row="$row $(ratio "$(med menace "$s" 1)" "$(med ninja "$s" 1)") | $(ratio "$(med menace "$s" 2)" "$(med ninja "$s" 2)") | $cmds |"
		echo "$row"
	done
	row="| peak memory |"
	for t in $alltools; do
		p=$(cat "$work/$t".full "$work/$t".noop "$work/$t".change "$work/$t".touch 2>/dev/null | cut -d' ' -f4 | sort -n | tail -n 1)
		row="$row $(mb "${p:--}") |"
		eval "peak_$t=\${p:--}"
	done
	echo "$row $(ratio "$peak_menace" "$peak_ninja") | | |"
	row="| peak memory, no-op (median) |"
	for t in $alltools; do
		row="$row $(mb "$(med "$t" noop 3)") |"
	done
	echo "$row $(ratio "$(med menace noop 3)" "$(med ninja noop 3)") | | |"
	echo
}

# the K-th count of a comma-separated list (the last one past its end)
nth() { echo "$1" | tr ',' '\n' | awk -v k="$2" 'NR <= k { v = $0 } END { print v }'; }

k=0
for n in $(echo "$sizes" | tr ',' ' '); do
	k=$((k + 1))
	runs=$(nth "$runs_list" $k)
	full_runs=$(nth "$full_list" $k)
	work=${BENCH_DIR:-/tmp/menace-bench-$n}
	if [ ! -f "$work/tree/Tupfile" ] || [ -z "${TOOLS:-}" ]; then
		rm -rf "$work"
		mkdir -p "$work"
		python3 "$here/gen.py" "$n" "$work/tree"
	fi
	for tool in $tools; do
		if have "$tool"; then
			echo "$(date -u '+%F %T') N=$n $tool (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
			bench_tool "$tool"
		else
			echo "bench/run.sh: $tool is not installed: left out" >&2
			for s in full noop change touch; do : >"$work/$tool.$s"; done
		fi
	done
	report
done
echo "$(date -u '+%F %T') done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
