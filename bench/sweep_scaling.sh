#!/usr/bin/env bash
# How a sweep scales with workers: a sweep of ten design points (the drill
# with ten seeds, `drill.seed` 1..10, so any drill will do) run whole with
# `--jobs 1` and `--jobs 2`, then as `mpirun -np 1` and `-np 2` (rank 0 runs
# tickets on a thread of its own, so each rank is one worker); then with four
# times the runs, for peak memory. Prints one table:
#   wall s       the whole command (validation, runs, sweep.db, aggregate,
#                the committed result folder; under mpirun MPI's start and
#                end too, 0.1 s on the 2-core test machine): the shell's
#                clock (EPOCHREALTIME) around /usr/bin/time and the command,
#                to the millisecond (/usr/bin/time's own elapsed time has
#                10 ms steps, 4 % of a 0.25 s sweep); /usr/bin/time's start,
#                under a millisecond, is in it
#   sweep s      the sweep itself, from its first run to the database's last
#                commit, as the command's closing line gives it
#   runs own s   the sum of the runs' own wall time (the closing line)
#   overhead     sweep s x workers / runs own s - 1: the sweep's time not
#                spent in runs
#   speed-up     the one-worker line's time (of the same kind and size) over
#                this line's: of the whole command, and of the sweep itself
#   peak RSS     /usr/bin/time's maximum resident set (rank 0's under mpirun)
# Each line is the median of REPEAT calls (each column's own median; peak
# RSS the largest): a sweep of 1,000 small-drill runs lasts a few tens of
# milliseconds, and one call of it shows the scheduler as much as the sweep.
#
# usage: bench/sweep_scaling.sh [DRILLSIM] [RUNS] [DRILL] [REPEAT]
#   DRILLSIM  default build/release/app/drillsim: a release build, with MPI
#             (`cmake --preset release && cmake --build --preset release
#             --target drillsim` builds it when libopenmpi-dev is installed)
#   RUNS      runs of the first four lines, a multiple of 10 (default 1000)
#   DRILL     default configs/small.yaml (runs of about 35 us); configs/joint_drill.yaml has runs of ~10 ms
#   REPEAT    calls of each line (default 5), taken in turn line by line
# Measure on a quiet machine: each line uses every core it is given.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/sweep_common.sh

drillsim="${1:-build/release/app/drillsim}"
runs="${2:-1000}"
drill="$(realpath "${3:-configs/small.yaml}")"
repeat="${4:-5}"
if [[ ! -x "$drillsim" ]]; then
  echo "sweep_scaling.sh: $drillsim is not built (see the usage in this script)" >&2
  exit 66
fi
if ((runs < 10 || runs % 10)); then
  echo "sweep_scaling.sh: RUNS must be a multiple of 10" >&2
  exit 64
fi
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "sweep_scaling.sh: REPEAT must be a whole number from 1" >&2
  exit 64
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sweep_file "$work/sweep.yaml" scaling "$drill" $((runs / 10))
sweep_file "$work/sweep4.yaml" scaling "$drill" $((4 * runs / 10))

# As root OpenMPI wants both variables; shared memory and loopback only,
# through the ob1 layer (OpenMPI's default probes for UCX interconnects,
# 0.2 s more at every start here); --oversubscribe: as many ranks as asked
# even on fewer cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun=(mpirun --oversubscribe --mca pml ob1 --mca btl self,vader --mca oob_tcp_if_include lo)

# Runs one sweep (the command; --out is added) and prints a row:
# "label workers runs wall sweep own rss_kb". Not --quiet: the sweep's own
# times are on the command's closing stderr line.
run_line() {  # LABEL WORKERS COMMAND...
  local label="$1" workers="$2"
  shift 2
  local out="$work/out"
  rm -rf "$out"
  local t0="$EPOCHREALTIME"
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" --out "$out" >/dev/null 2>"$work/err" || {
    echo "sweep_scaling.sh: failed: $*" >&2
    cat "$work/err" >&2
    exit 1
  }
  local t1="$EPOCHREALTIME"
  local wall rss times
  read -r wall rss <"$work/time"
  wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
  times="$(closing_times "$work/err")"
  if [[ -z "$times" ]]; then
    echo "sweep_scaling.sh: no closing line (times in seconds) from: $*" >&2
    cat "$work/err" >&2
    exit 1
  fi
  local n sweep own
  read -r n sweep own <<<"$times"
  echo "$label $workers $n $wall $sweep $own $rss"
}

# The eight lines, REPEAT rounds of all eight in turn (so that a slow
# stretch of the host falls on every line alike); row k of a round is line k.
raw="$work/raw"
: >"$raw"
for ((round = 0; round < repeat; ++round)); do
  {
    run_line "--jobs_1" 1 "$drillsim" sweep "$work/sweep.yaml" --jobs 1
    run_line "--jobs_2" 2 "$drillsim" sweep "$work/sweep.yaml" --jobs 2
    run_line "mpirun_-np_1" 1 "${mpirun[@]}" -np 1 "$drillsim" sweep "$work/sweep.yaml"
    run_line "mpirun_-np_2" 2 "${mpirun[@]}" -np 2 "$drillsim" sweep "$work/sweep.yaml"
    run_line "--jobs_1" 1 "$drillsim" sweep "$work/sweep4.yaml" --jobs 1
    run_line "--jobs_2" 2 "$drillsim" sweep "$work/sweep4.yaml" --jobs 2
    run_line "mpirun_-np_1" 1 "${mpirun[@]}" -np 1 "$drillsim" sweep "$work/sweep4.yaml"
    run_line "mpirun_-np_2" 2 "${mpirun[@]}" -np 2 "$drillsim" sweep "$work/sweep4.yaml"
  } | awk '{ print NR, $0 }' >>"$raw"
done

# One row per line: the median of each timed column, the largest RSS.
median() {  # COLUMN: of $work/line
  cut -d' ' -f"$1" "$work/line" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rows="$work/rows"
for ((line = 1; line <= 8; ++line)); do
  awk -v line="$line" '$1 == line' "$raw" >"$work/line"
  read -r _ label workers n _ <"$work/line"
  echo "$label $workers $n $(median 5) $(median 6) $(median 7) $(cut -d' ' -f8 "$work/line" | sort -g | tail -1)"
done >"$rows"

echo "$(basename "$drill"), $(nproc) cores, median of $repeat calls a line, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
awk '
  BEGIN {
    printf "%-13s %7s %5s %7s %7s %10s %8s %9s %9s %9s\n", "command", "workers", "runs", "wall s", "sweep s",
      "runs own s", "overhead", "speed-up", "(sweep)", "peak RSS"
  }
  {
    label = $1; gsub("_", " ", label)
    key = ((label ~ /^mpirun/) ? "mpi" : "jobs") "/" $3
    if ($2 == 1) { base[key] = $4; base_sweep[key] = $5 }
    speed = (key in base && $4 > 0) ? sprintf("%.2fx", base[key] / $4) : "-"
    speed_sweep = (key in base_sweep && $5 > 0) ? sprintf("%.2fx", base_sweep[key] / $5) : "-"
    overhead = ($6 > 0) ? sprintf("%+.0f %%", 100 * ($5 * $2 / $6 - 1)) : "-"
    printf "%-13s %7d %5d %7.3f %7.3f %10.3f %8s %9s %9s %6.1f MB\n", label, $2, $3, $4, $5, $6, overhead, speed,
      speed_sweep, $7 / 1024
  }' "$rows"

# The host's cores: the same --jobs 1 sweep with all its threads on one CPU,
# per CPU (median of REPEAT calls), as the runs' own time per run. On the
# 2-vCPU test machine one vCPU was at times 1.5x slower than the other at
# these memory-bound runs (another guest on its core?): a one-worker line
# then lands on the fast or the slow one, and every speed-up above says as
# much about the host as about the sweep (the overhead column, measured
# against the runs' own time, does not).
if command -v taskset >/dev/null; then
  cpus="$(taskset -cp $$ | sed 's/.*: //')"
  line="runs' own time per run with the sweep on one CPU:"
  per_cpu=()
  for cpu in $(echo "$cpus" | tr ',' ' '); do
    [[ "$cpu" =~ ^[0-9]+$ ]] || continue
    : >"$work/line"
    for ((round = 0; round < repeat; ++round)); do
      row="$(run_line cpu 1 taskset -c "$cpu" "$drillsim" sweep "$work/sweep.yaml" --jobs 1)"
      echo "$row" | awk '{ printf "%.2f\n", 1e6 * $6 / $3 }' >>"$work/line"
    done
    line="$line cpu$cpu $(median 1) us"
    per_cpu+=("$(median 1)")
  done
  echo "$line"
  # CPUs more than a tenth apart: the one-worker lines ran on either, so
  # the speed-ups are the host's as much as the sweep's.
  if ((${#per_cpu[@]} > 1)); then
    printf '%s\n' "${per_cpu[@]}" | awk '
      NR == 1 || $1 < lo { lo = $1 }
      NR == 1 || $1 > hi { hi = $1 }
      END {
        if (lo > 0 && hi / lo > 1.1)
          printf "the CPUs differ by %.0f %%: the speed-ups above are not a measurement of the sweep; measure again\n", 100 * (hi / lo - 1)
      }'
  fi
fi
