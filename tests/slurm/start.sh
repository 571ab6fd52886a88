#!/bin/sh
# start.sh DIR: a one-node Slurm cluster on 127.0.0.1 for the tests: munged,
# slurmctld and slurmd, with every file (configuration, key, sockets, state,
# logs) in DIR, which must be empty or absent. Works in a container or chroot:
# no cgroups, no systemd (ProctrackType=proctrack/linuxproc, TaskPlugin=task/none).
# On success it writes DIR/env (". DIR/env" sets SLURM_CONF) and exits 0 once
# the node takes jobs; tests/slurm/stop.sh DIR stops it.
# Exit 77 (with the reason on stderr) when the daemons cannot run here (not
# root, or no sysfs: a bare chroot); 1 when they failed to start, or are not
# installed (as root on a machine they must run: sh .ci/deps installs them).
set -u
D=${1:?usage: start.sh DIR}
[ "$(id -u)" -eq 0 ] || { echo "start.sh: the Slurm daemons need root (uid $(id -u))" >&2; exit 77; }
# slurmd learns the machine from sysfs (hwloc) and stops without it (a bare chroot)
[ -d /sys/devices/system/cpu ] ||
	{ echo "start.sh: slurmd cannot run without sysfs (/sys/devices/system/cpu is missing)" >&2; exit 77; }
for t in munged slurmctld slurmd srun scontrol; do
	command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] ||
		{ echo "start.sh: '$t' is not installed (Debian: slurm-wlm munge; sh .ci/deps)" >&2; exit 1; }
done
PATH=$PATH:/usr/sbin
mkdir -p "$D" && D=$(cd "$D" && pwd) || exit 1
chmod 0755 "$D"
mkdir -p "$D/munge" "$D/state" "$D/spool" "$D/log" || exit 1
chmod 0700 "$D/munge"
# two free TCP ports on 127.0.0.1 (slurmctld, slurmd)
ports=$(python3 -c 'import socket
ss=[socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))') || exit 1
set -- $ports
ctld_port=$1 slurmd_port=$2
dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 2>/dev/null || exit 1
chmod 0400 "$D/munge/munge.key"
cat >"$D/slurm.conf" <<C
# written by tests/slurm/start.sh
ClusterName=menacetest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$D/munge/munge.sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
DefMemPerCPU=512
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobAcctGatherParams=OverMemoryKill
PreemptType=preempt/partition_prio
PreemptMode=CANCEL
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
KillWait=2
MinJobAge=300
InactiveLimit=0
MessageTimeout=10
NodeName=menacenode NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=8 RealMemory=4096 State=UNKNOWN
PartitionName=debug Nodes=menacenode Default=YES MaxTime=INFINITE State=UP PriorityTier=1
PartitionName=urgent Nodes=menacenode MaxTime=INFINITE State=UP PriorityTier=10 PreemptMode=OFF
C
echo "export SLURM_CONF='$D/slurm.conf'" >"$D/env"
export SLURM_CONF="$D/slurm.conf"
munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/munge.sock" \
	--pid-file="$D/munge/munged.pid" --log-file="$D/log/munged.log" \
	--seed-file="$D/munge/munged.seed" 2>"$D/log/munged.err" ||
	{ cat "$D/log/munged.err" >&2; echo "start.sh: munged did not start" >&2; exit 1; }
slurmctld -f "$D/slurm.conf" 2>"$D/log/slurmctld.err" ||
	{ cat "$D/log/slurmctld.err" >&2; echo "start.sh: slurmctld did not start" >&2; exit 1; }
slurmd -f "$D/slurm.conf" -N menacenode 2>"$D/log/slurmd.err" ||
	{ cat "$D/log/slurmd.err" >&2; echo "start.sh: slurmd did not start" >&2; exit 1; }
# until the node is idle (60 s at most)
i=0
while :; do
	st=$(sinfo -h -n menacenode -o %t 2>/dev/null)
	case $st in idle*|mix*|alloc*) break ;; esac
	i=$((i + 1))
	if [ $i -ge 300 ]; then
		echo "start.sh: the node never became idle (state '$st'); logs in $D/log" >&2
		tail -5 "$D/log/slurmctld.log" "$D/log/slurmd.log" >&2
		exit 1
	fi
	sleep 0.2
done
exit 0
