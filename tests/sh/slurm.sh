# Helpers for the Slurm tests 1400-1499 (source after lib.sh).
#
# slurm_up: a one-node Slurm cluster for this test, SLURM_CONF exported:
# the suite's when MENACE_TEST_SLURM names the directory of a running one
# (.ci/run starts one for the whole suite), else one started here by
# tests/slurm/start.sh in $T-slurm and stopped when the test exits. Where the
# daemons cannot run (not root) it prints a SKIP line and the test exits 0.
slurm_up() {
	if [ -n "${MENACE_TEST_SLURM:-}" ] && [ -f "$MENACE_TEST_SLURM/env" ]; then
		. "$MENACE_TEST_SLURM/env"
		export SLURM_CONF
		scontrol ping 2>/dev/null | grep -q ' is UP' && return 0
		fail "MENACE_TEST_SLURM=$MENACE_TEST_SLURM: its controller does not answer"
	fi
	SLURM_DIR=$T-slurm
	sh "$TOP/tests/slurm/start.sh" "$SLURM_DIR" 2>"$T/.slurm-start"
	rc_=$?
	if [ $rc_ -eq 77 ]; then
		echo "SKIP: $(cat "$T/.slurm-start")"
		rm -rf "$SLURM_DIR"
		exit 0
	fi
	trap 'rc_=$?; sh "$TOP/tests/slurm/stop.sh" "$SLURM_DIR"; [ $rc_ -eq 0 ] && rm -rf "$SLURM_DIR"; (exit $rc_); cleanup' EXIT
	[ $rc_ -eq 0 ] || { cat "$T/.slurm-start" >&2; fail "the test cluster did not start (logs in $SLURM_DIR/log)"; }
	. "$SLURM_DIR/env"
	export SLURM_CONF
}

# slurm_jobs: the jobs of this cluster still listed (any state), one
# "ID NAME STATE" a line
slurm_jobs() { squeue -h -o '%i %j %T'; }

# slurm_wait_none: until squeue lists no job named menace:* (60 s at most)
slurm_wait_none() {
	i_=0
	while slurm_jobs | grep -q ' menace:'; do
		[ $i_ -lt 600 ] || { slurm_jobs >&2; fail "jobs are left in squeue"; }
		sleep 0.1
		i_=$((i_ + 1))
	done
}

# slurm_dead: SLURM_CONF names a cluster whose controller does not answer
# (port 9 of 127.0.0.1: nothing listens there); needs no daemon and no root
slurm_dead() {
	printf '%s\n' 'ClusterName=dead' 'SlurmctldHost=localhost(127.0.0.1)' 'SlurmctldPort=9' \
		'AuthType=auth/munge' "AuthInfo=socket=$T/no-munge.sock" \
		'NodeName=n1 NodeAddr=127.0.0.1 CPUs=1 State=UNKNOWN' 'PartitionName=p Nodes=n1 Default=YES' >"$T/dead.conf"
	export SLURM_CONF="$T/dead.conf"
}
