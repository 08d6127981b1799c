#!/usr/bin/env bash
# Submits the job-array scripts beside this file to the running Slurm cluster — a sweep, a probabilistic
# comparison and a posterior calibration (one array per wave), each split over a job array with `sbatch --array` —
# waits for every task, merges the shards and
# checks that the merged files are byte for byte those of a single run. Run by `swift test`
# (SlurmJobArrayTests) when `sinfo` answers; CI starts a one-node cluster first (local-cluster.sh).
#   bash cluster/slurm/test-job-arrays.sh [FEESIM_BINARY]      (default: .build/release/feesim)
# (A Nelder–Mead fit has no shard mode: its evaluations depend on each other; the posterior's particles within a
# wave do not.) The inputs are tiny scenarios written here, so a debug build takes seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
feesim=$(realpath "${1:-.build/release/feesim}")
[ -x "$feesim" ] || { echo "no feesim binary at $feesim" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/feesim-slurm.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export FEESIM=$feesim
log() { echo "slurm: $*"; }

cat > base.yaml <<'YAML'
months: 12
community:
  households: 60
  buildings: 3
  fee_rate: 2
  warmup_months: 6
  segments:
    owner: {share: 1, propensity: {a: 3, b: 1}, trust: {a: 4, b: 2}}
rollout: []
YAML
sed 's/^rollout: \[\]$/rollout:\n  - {name: all, start_month: 1, buildings: all, levers: [dunning, transparency]}/' base.yaml > plan.yaml
cat > study.yaml <<'YAML'
base: plan.yaml
replications: 2
seed: 5
design: latin_hypercube
points: 12
parameters:
  levers.dunning.ladder[0].uplift: {min: 0, max: 1}
  behaviour.beta_trust: {min: 0, max: 3}
outputs: [collection_rate_year_1, total_cost]
YAML
cat > compare.yaml <<'YAML'
description: Job-array test comparison
baseline: base.yaml
variants: [plan.yaml]
replications: 3
uncertainty: {sets: 6, replications: 1}
YAML

cat > targets.yaml <<'YAML'
months: 12
targets:
  collection_rate_year_1: {value: 0.8, sd: 0.03, source: "a test"}
  owing_share_year_1: {value: 0.3, sd: 0.05, source: assumption, range: [0.2, 0.4]}
parameters:
  community.segments.owner.attention: {min: 0.2, max: 0.95}
  behaviour.repay_all_prob: {min: 0.3, max: 0.95}
posterior: {particles: 24, replications: 2, waves: 4, seed: 3}
YAML

# Submits `script args…` as an array of `tasks` tasks, waits for all of them (at most 10 minutes), and fails
# unless every task completed.
run_array() {
    local name=$1 tasks=$2; shift 2
    local job
    job=$(sbatch --parsable --array=0-$((tasks - 1)) --cpus-per-task=1 --time=10 \
        --output="$work/$name-%A_%a.log" "$@")
    log "$name: submitted job $job, array 0-$((tasks - 1)) ($*)"
    local deadline=$((SECONDS + 600))
    while [ -n "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]; do
        if [ $SECONDS -gt $deadline ]; then scancel "$job"; log "$name: timed out"; exit 1; fi
        sleep 1
    done
    local states completed
    states=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' || true)
    completed=$(grep -c 'JobState=COMPLETED' <<<"$states" || true)
    log "$name: completed $completed of $tasks tasks"
    if [ "$completed" -ne "$tasks" ]; then
        echo "$states" >&2
        cat "$work/$name"-*.log >&2 || true
        exit 1
    fi
}

same() {   # same NAME FILE_A FILE_B
    if cmp -s "$2" "$3"; then log "$1: $(basename "$2") byte-identical to the single run"
    else log "$1: $(basename "$2") DIFFERS from the single run"; diff "$2" "$3" | head -5 >&2; exit 1; fi
}

# A sweep: 12 points over 4 tasks, merged with `feesim merge`.
"$feesim" sweep study.yaml --out single -q >/dev/null
run_array sweep 4 "$here/sweep.sbatch" study.yaml --out split
"$feesim" merge study.yaml --out split | sed 's/^/slurm: sweep: merged: /'
same sweep single/study/points.csv split/study/points.csv

# A probabilistic comparison: 6 parameter sets over 3 tasks, merged with --merge-shards.
"$feesim" compare compare.yaml --out single -q >/dev/null
run_array psa 3 "$here/psa.sbatch" compare.yaml --out split
"$feesim" compare compare.yaml --out split --merge-shards -q >/dev/null
log "psa: merged $(ls split/compare-psa-shards | wc -l) shard files"
for file in psa.csv uncertainty.md tornado.csv costbenefit.csv targets.csv monthly.csv; do
    same psa "single/compare/$file" "split/compare/$file"
done
# A posterior calibration: each wave's 24 particles over 3 tasks, merged before the next wave is submitted.
"$feesim" calibrate base.yaml --targets targets.yaml --out single --posterior-file single-posterior.csv -q >/dev/null
community=$(basename "$work")
for wave in 1 2 3 4; do
    run_array "calibrate-wave-$wave" 3 "$here/calibrate.sbatch" "$wave" base.yaml --targets targets.yaml --out split
    merged=$("$feesim" calibrate base.yaml --targets targets.yaml --out split --posterior-file split-posterior.csv \
        --wave "$wave" --merge-shards -q)
    if grep -q "posterior complete" <<<"$merged"; then log "calibrate: merged $wave waves"; break; fi
done
same calibrate single-posterior.csv split-posterior.csv
for file in calibration.md parameters.csv checks.csv waves.csv; do
    same calibrate "single/$community-posterior/$file" "split/$community-posterior/$file"
done
log "all job arrays merged byte-identical to single runs"
