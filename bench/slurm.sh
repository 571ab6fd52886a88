#!/bin/sh
# bench/slurm.sh [N]: the cost of running rules as Slurm jobs on a one-node
# cluster of this machine (tests/slurm/start.sh; docs/slurm.md):
#   1. per-job overhead: N (default 40) rules running `true`, always: true,
#      built with -j1 and -j4, here and through Slurm;
#   2. the sandbox pipeline (menace.yaml, full scenario matrix) over a fresh
#      copy of examples/sandbox_repo, -j4, here and through Slurm.
# Needs root (the daemons); starts its own cluster unless SLURM_CONF names
# a running one. Prints one line per measurement (wall seconds).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
menace=${MENACE:-$top/menace}
n=${1:-40}
w=$(mktemp -d "${TMPDIR:-/tmp}/menace-bench-slurm.XXXXXX")
started=""
if [ -z "${SLURM_CONF:-}" ]; then
	sh "$top/tests/slurm/start.sh" "$w/cluster"
	started=1
	. "$w/cluster/env"
	export SLURM_CONF
fi
stop() { [ -n "$started" ] && sh "$top/tests/slurm/stop.sh" "$w/cluster"; rm -rf "$w"; }
trap stop EXIT
secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }

mkdir "$w/trivial"
cd "$w/trivial"
printf 'version: 1\nrules:\n  t:\n    matrix: {i: [%s]}\n    run: "true"\n    always: true\n' "$(seq -s, 1 "$n")" >menace.yaml
"$menace" build -q -j1 >/dev/null 2>&1
for j in 1 4; do
	l=$(secs "$menace" build -q -j$j --executor local)
	s=$(secs "$menace" build -q -j$j --executor slurm)
	echo "trivial x$n -j$j: local ${l}s, slurm ${s}s, per job $(echo "$s $l $n" | awk '{printf "%.3f", ($1 - $2) / $3}')s more"
done

for ex in local slurm; do
	mkdir "$w/sb-$ex"
	cd "$w/sb-$ex"
	sh "$top/examples/sandbox_repo.sh" repo >/dev/null 2>&1
	mkdir rules
	sed 's|^  repo: .*examples/sandbox_repo}*$|  repo: repo|' "$top/menace.yaml" >menace.yaml
	cp "$top/rules/sandbox.yaml" rules/
	t=$(SELF_TEST_TIMEOUT=20 secs "$menace" build -q -j4 --executor $ex)
	echo "sandbox pipeline -j4 $ex: ${t}s, $(sqlite3 .menace/menace.db 'select ran from runs order by id desc limit 1') rules ran"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
