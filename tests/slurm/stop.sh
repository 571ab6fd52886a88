#!/bin/sh
# stop.sh DIR: stop what tests/slurm/start.sh DIR started (by the pid files
# in DIR, never by name), cancel its jobs first, and wait until they are gone.
set -u
D=${1:?usage: stop.sh DIR}
[ -f "$D/slurm.conf" ] && SLURM_CONF="$D/slurm.conf" scancel --user="$(id -un)" >/dev/null 2>&1
stop() {
	[ -f "$1" ] || return 0
	pid=$(cat "$1" 2>/dev/null)
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || return 0
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 "$pid" 2>/dev/null
	return 0
}
stop "$D/slurmd.pid"
stop "$D/slurmctld.pid"
stop "$D/munge/munged.pid"
exit 0
