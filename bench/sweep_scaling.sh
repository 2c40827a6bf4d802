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
# Around every round the host is checked: drill_thread_speeds runs the drill
# on two threads at once and gives each CPU's time per run. On the 2-vCPU
# test machine one vCPU at times ran the model 1.6x slower than the other
# for seconds on end; a round with the CPUs more than a tenth apart, before
# or after it, says as much about the host as about the sweep, and the table
# is of the even rounds (of all, with a warning, when none was even).
#
# usage: bench/sweep_scaling.sh [DRILLSIM] [RUNS] [DRILL] [REPEAT]
#   DRILLSIM  default build/release/app/drillsim: a release build, with MPI
#             (`cmake --preset release && cmake --build --preset release
#             --target drillsim` builds it when libopenmpi-dev is installed)
#   RUNS      runs of the first four lines, a multiple of 10 (default 1000)
#   DRILL     default configs/small.yaml (runs of about 35 us); configs/joint_drill.yaml has runs of ~10 ms
#   REPEAT    calls of each line (default 5), taken in turn line by line
# drill_thread_speeds is looked for beside DRILLSIM's build (BUILD/bench/,
# built by `cmake --build --preset release --target drill_thread_speeds`),
# or where DRILL_THREAD_SPEEDS says.
# Measure on a quiet machine: each line uses every core it is given.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
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

speeds="${DRILL_THREAD_SPEEDS:-$(dirname "$drillsim")/../bench/drill_thread_speeds}"
if [[ ! -x "$speeds" ]]; then
  echo "sweep_scaling.sh: $speeds is not built (see the usage in this script)" >&2
  exit 66
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
# The slowest CPU's time per run over the fastest's, both busy at once.
spread() {
  "$speeds" "$drill" 1000 2 | awk '$1 == "spread" { print $2 }'
}
raw="$work/raw"
: >"$raw"
spreads=()
even_rounds=()
for ((round = 0; round < repeat; ++round)); do
  before="$(spread)"
  {
    run_line "--jobs_1" 1 "$drillsim" sweep "$work/sweep.yaml" --jobs 1
    run_line "--jobs_2" 2 "$drillsim" sweep "$work/sweep.yaml" --jobs 2
    run_line "mpirun_-np_1" 1 "${mpirun[@]}" -np 1 "$drillsim" sweep "$work/sweep.yaml"
    run_line "mpirun_-np_2" 2 "${mpirun[@]}" -np 2 "$drillsim" sweep "$work/sweep.yaml"
    run_line "--jobs_1" 1 "$drillsim" sweep "$work/sweep4.yaml" --jobs 1
    run_line "--jobs_2" 2 "$drillsim" sweep "$work/sweep4.yaml" --jobs 2
    run_line "mpirun_-np_1" 1 "${mpirun[@]}" -np 1 "$drillsim" sweep "$work/sweep4.yaml"
    run_line "mpirun_-np_2" 2 "${mpirun[@]}" -np 2 "$drillsim" sweep "$work/sweep4.yaml"
  } | awk -v round="$round" '{ print NR, $0, round }' >>"$raw"
  after="$(spread)"
  spreads+=("$before/$after")
  if awk -v a="$before" -v b="$after" 'BEGIN { exit !(a <= 1.1 && b <= 1.1) }'; then even_rounds+=("$round"); fi
done
# The rounds the table is of.
kept=("${even_rounds[@]}")
if ((${#kept[@]} == 0)); then
  for ((round = 0; round < repeat; ++round)); do kept+=("$round"); done
fi

# One row per line: the median of each timed column, the largest RSS.
median() {  # COLUMN: of $work/line
  cut -d' ' -f"$1" "$work/line" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
rows="$work/rows"
for ((line = 1; line <= 8; ++line)); do
  awk -v line="$line" -v kept=" ${kept[*]} " '$1 == line && index(kept, " " $NF " ")' "$raw" >"$work/line"
  read -r _ label workers n _ <"$work/line"
  echo "$label $workers $n $(median 5) $(median 6) $(median 7) $(cut -d' ' -f8 "$work/line" | sort -g | tail -1)"
done >"$rows"

echo "$(basename "$drill"), $(nproc) cores, median of ${#kept[@]} calls a line, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
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

# The host: each round's check before and after it (the slowest CPU's time
# per run over the fastest's, both busy).
echo "CPUs' spread around each round (before/after): ${spreads[*]}"
if ((${#even_rounds[@]} == 0)); then
  echo "no round had CPUs within a tenth of each other: the table is of all $repeat, and its speed-ups are not a measurement of the sweep; measure again"
else
  echo "the table is of the ${#even_rounds[@]} of $repeat rounds with CPUs within a tenth of each other before and after"
fi
