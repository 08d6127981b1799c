#!/usr/bin/env bash
# A posterior calibration over Slurm job arrays, wave after wave: submits calibrate.sbatch for wave 1, waits for
# it (sbatch --wait), merges it, and goes on until the merge reports the posterior complete.
#   bash cluster/slurm/calibrate-waves.sh TASKS SCENARIO --targets TARGETS [feesim calibrate options…]
# Extra sbatch options go in SBATCH_OPTIONS (for example "--cpus-per-task=1 --time=10"); FEESIM names the binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tasks=${1:?usage: calibrate-waves.sh TASKS SCENARIO --targets TARGETS [feesim calibrate options…]}
shift
feesim=${FEESIM:-.build/release/feesim}
for wave in $(seq 1 20); do
    # shellcheck disable=SC2086
    sbatch --wait --parsable --array=0-$((tasks - 1)) ${SBATCH_OPTIONS:-} "$here/calibrate.sbatch" "$wave" "$@" >/dev/null
    echo "calibrate: wave $wave: $tasks tasks done"
    out=$("$feesim" calibrate "$@" --wave "$wave" --merge-shards -q)
    if grep -q "posterior complete" <<<"$out"; then
        echo "calibrate: posterior complete after wave $wave"
        exit 0
    fi
done
echo "calibrate: no posterior after 20 waves" >&2
exit 1
