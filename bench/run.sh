#!/bin/sh
# bench/run.sh N [RUNS]: build the synthetic graph of gen.py (N sources) with
# menace, ninja and make, and print a Markdown table: the median wall time
# of RUNS runs (default 5; full builds: FULL_RUNS, default 3) of
#   full     a build from scratch, -j2
#   no-op    a build with nothing to do
#   change   a build after one source's content changed
#   touch    a build after one source was touched (new mtime, same bytes)
# with the peak resident memory (from /usr/bin/time: the maximum over all
# runs of a tool, and the median of its no-op runs), the commands each
# scenario ran, and the ratios to ninja. MENACE names the binary (default:
# ./menace of this checkout); TOOLS limits the tools (default "menace ninja
# make"; a tool left out keeps the results of an earlier run in BENCH_DIR).
set -eu
n=${1:?usage: bench/run.sh N [RUNS]}
runs=${2:-5}
full_runs=${FULL_RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
menace=${MENACE:-$here/../menace}
work=${BENCH_DIR:-/tmp/menace-bench-$n}
tools=${TOOLS:-menace ninja make}
if [ ! -d "$work/tree" ] || [ -z "${TOOLS:-}" ]; then
	rm -rf "$work"
	mkdir -p "$work"
	python3 "$here/gen.py" "$n" "$work/tree"
fi
unset SANDBOX_DATA_DIR MENACE_JOBS SANDBOX_JSON_LOGS

# one timed run: prints "SECONDS KB COMMANDS"
timed() {
	tool=$1
	case $tool in
	menace) /usr/bin/time -f '%e %M' -o "$work/t" "$menace" build -j2 >"$work/o" 2>&1 ;;
	ninja) /usr/bin/time -f '%e %M' -o "$work/t" ninja -j2 >"$work/o" 2>&1 ;;
	make) /usr/bin/time -f '%e %M' -o "$work/t" make -j2 >"$work/o" 2>&1 ;;
	esac
	case $tool in
	menace) c=$(sed -n 's/^menace: \([0-9]*\) ran,.*/\1/p' "$work/o") ;;
	ninja) c=$(grep -c '^\[' "$work/o" || true) ;;
	make) c=$(grep -c -e '^cp ' -e '^cat ' "$work/o" || true) ;;
	esac
	echo "$(cat "$work/t") ${c:-0}"
}

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

for tool in $tools; do
	d=$work/$tool
	: >"$work/$tool.full" ; : >"$work/$tool.noop" ; : >"$work/$tool.change" ; : >"$work/$tool.touch"
	i=0
	while [ $i -lt "$full_runs" ]; do
		rm -rf "$d"
		cp -R "$work/tree" "$d"
		(cd "$d" && timed $tool) >>"$work/$tool.full"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$runs" ]; do
		(cd "$d" && timed $tool) >>"$work/$tool.noop"
		echo "changed $i" >"$d/src/s7.txt"
		(cd "$d" && timed $tool) >>"$work/$tool.change"
		touch "$d/src/s7.txt"
		(cd "$d" && timed $tool) >>"$work/$tool.touch"
		i=$((i + 1))
	done
done

echo "N = $n sources ($((n + n / 100 + 1)) rules), -j2; median of $full_runs full builds, $runs runs otherwise"
echo
echo "| scenario | menace | ninja | make | menace/ninja | commands run (menace, ninja, make) |"
echo "|---|---|---|---|---|---|"
for s in full noop change touch; do
	m=$(cut -d' ' -f1 "$work/menace.$s" | median)
	nj=$(cut -d' ' -f1 "$work/ninja.$s" | median)
	mk=$(cut -d' ' -f1 "$work/make.$s" | median)
	cm=$(tail -n 1 "$work/menace.$s" | cut -d' ' -f3)
	cn=$(tail -n 1 "$work/ninja.$s" | cut -d' ' -f3)
	ck=$(tail -n 1 "$work/make.$s" | cut -d' ' -f3)
	r=$(awk -v a="$m" -v b="$nj" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
	echo "| $s | ${m}s | ${nj}s | ${mk}s | $r | $cm, $cn, $ck |"
done
pm=$(cut -d' ' -f2 "$work"/menace.* | sort -n | tail -n 1)
pn=$(cut -d' ' -f2 "$work"/ninja.* | sort -n | tail -n 1)
pk=$(cut -d' ' -f2 "$work"/make.* | sort -n | tail -n 1)
echo "| peak memory | $((pm / 1024)) MB | $((pn / 1024)) MB | $((pk / 1024)) MB | $(awk -v a="$pm" -v b="$pn" 'BEGIN { printf "%.2fx", a / b }') | |"
pm=$(cut -d' ' -f2 "$work"/menace.noop | median)
pn=$(cut -d' ' -f2 "$work"/ninja.noop | median)
pk=$(cut -d' ' -f2 "$work"/make.noop | median)
echo "| peak memory, no-op (median) | $((pm / 1024)) MB | $((pn / 1024)) MB | $((pk / 1024)) MB | $(awk -v a="$pm" -v b="$pn" 'BEGIN { printf "%.2fx", a / b }') | |"
