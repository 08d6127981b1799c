#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine (munged, slurmctld, slurmd on localhost), for CI and for
# trying the job-array scripts beside this file. Needs root and Debian's `slurm-wlm` and `munge` packages.
#   bash cluster/slurm/local-cluster.sh start   # writes /etc/slurm/slurm.conf, starts the daemons, waits until
#                                                 # the node is idle (at most 60 s)
#   bash cluster/slurm/local-cluster.sh stop    # stops the daemons it started
# The configuration is the smallest that runs jobs: no cgroups, no accounting, root as the Slurm user, the
# node's CPUs and memory as `slurmd -C` reports them.
set -euo pipefail
state=/var/run/feesim-slurm
case "${1:-start}" in
start)
    mkdir -p "$state" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
    if ! pgrep -x munged >/dev/null; then
        [ -s /etc/munge/munge.key ] || { mungekey --create --force 2>/dev/null || create-munge-key -f; }
        chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
        su -s /bin/sh munge -c /usr/sbin/munged || /usr/sbin/munged --force
    fi
    node=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]* //')
    cat > /etc/slurm/slurm.conf <<CONF
ClusterName=feesim
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=localhost NodeHostname=$(hostname -s) NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
    pgrep -x slurmctld >/dev/null || slurmctld -i
    pgrep -x slurmd >/dev/null || slurmd -N localhost
    for _ in $(seq 60); do
        if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then sinfo; exit 0; fi
        sleep 1
    done
    echo "the one-node Slurm cluster did not come up; its logs:" >&2
    tail -20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
    exit 1
    ;;
stop)
    for pid in "$state/slurmd.pid" "$state/slurmctld.pid"; do
        [ -s "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
    done
    ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
