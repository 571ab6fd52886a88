#!/bin/sh
# bench/discover.sh: time menace discover on a large Python tree.
#   sh bench/discover.sh [TREE] [RUNS]
# TREE defaults to /usr/lib/python3.11, RUNS to 7. Prints, for one thread and
# for the default (one per core), the median and best wall time over RUNS warm
# runs, the CPU time (user+sys) of the median run, files/s and MB/s. Needs ./menace built (make).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
menace=${MENACE:-$top/menace}
tree=${1:-/usr/lib/python3.11}
runs=${2:-7}
out=$(mktemp -d "${TMPDIR:-/tmp}/menace-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

[ -x "$menace" ] || { echo "build menace first (make)" >&2; exit 1; }
files=$(find "$tree" -name '*.py' -not -path '*/tests/*' -not -path '*/__pycache__/*' | wc -l)
bytes=$(find "$tree" -name '*.py' -not -path '*/tests/*' -not -path '*/__pycache__/*' -exec cat {} + | wc -c)
echo "tree: $tree ($files .py files, $((bytes / 1048576)) MB; $(nproc) cores)"
"$menace" discover --repo "$tree" --data-dir "$out" >/dev/null 2>&1 || true   # warm the page cache

for jobs in 1 0; do
	: > "$out/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		if [ "$jobs" -eq 0 ]; then set -- ; else set -- -j "$jobs"; fi
		# wall, user and system seconds
		/usr/bin/time -f "%e %U %S" -o "$out/one" \
			"$menace" discover "$@" --repo "$tree" --data-dir "$out" >"$out/summary" 2>/dev/null
		cat "$out/one" >> "$out/times"
		i=$((i + 1))
	done
	sort -n "$out/times" > "$out/sorted"
	med=$(sed -n "$(((runs + 1) / 2))p" "$out/sorted")
	best=$(head -n 1 "$out/sorted")
	label=$([ "$jobs" -eq 0 ] && echo "threads=$(nproc)" || echo "threads=1")
	echo "$med $best" | awk -v l="$label" -v f="$files" -v by="$bytes" '{
		m = $1; if (m < 0.005) m = 0.005
		printf "%-10s wall median %.2f s (best %.2f s), cpu %.2f s user+sys  %.0f files/s  %.1f MB/s (median wall)\n",
			l, $1, $4, $2 + $3, f / m, by / 1048576 / m }'
done
cat "$out/summary"
