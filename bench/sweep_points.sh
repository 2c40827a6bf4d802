#!/usr/bin/env bash
# How a sweep's cost grows with its design points: a grid of P points (the
# drill with P seeds, `drill.seed` 1..P, so any drill will do), REPS runs
# each, for each P given, run whole with --jobs JOBS. Each point adds its
# drill's load and check (before anything runs), its rows in sweep.db (a
# row per series in `aggregate`), its lines in aggregate.csv and the
# printout; a cost that grows faster than the points shows as a rising
# "per point" column. Prints one line per P, the median of REPEAT calls
# (peak RSS the largest):
#   runs         P x REPS
#   wall s       the whole command (the shell's clock)
#   sweep s      the sweep itself, first run to the database's last commit
#                (the command's closing line)
#   runs own s   the sum of the runs' own wall time (the closing line)
#   point us     (sweep s - runs own s / JOBS) / P: the sweep's time a
#                point costs besides its runs
#   peak RSS     /usr/bin/time's maximum resident set
#
# usage: bench/sweep_points.sh [DRILLSIM] [POINTS] [REPS] [JOBS] [REPEAT] [DRILL]
#   DRILLSIM  default build/release/app/drillsim
#   POINTS    a list in quotes, default "250 500 1000 2000"
#   REPS      replications a point (default 2)
#   JOBS      --jobs of every call (default 1)
#   REPEAT    calls of each line (default 3)
#   DRILL     default configs/small.yaml
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
source bench/sweep_common.sh

drillsim="${1:-build/release/app/drillsim}"
points="${2:-250 500 1000 2000}"
reps="${3:-2}"
jobs="${4:-1}"
repeat="${5:-3}"
drill="$(realpath "${6:-configs/small.yaml}")"
if [[ ! -x "$drillsim" ]]; then
  echo "sweep_points.sh: $drillsim is not built" >&2
  exit 66
fi
for n in $points "$reps" "$jobs" "$repeat"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "sweep_points.sh: '$n' is not a whole number from 1" >&2
    exit 64
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() {  # numbers on stdin, one a line
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%s, --jobs %s, %s runs a point, median of %s calls\n' "$(basename "$drill")" "$jobs" "$reps" "$repeat"
printf '%7s %7s %8s %8s %10s %9s %9s\n' points runs "wall s" "sweep s" "runs own s" "point us" "peak RSS"
for p in $points; do
  cat >"$work/sweep.yaml" <<SWEEP
sweep: points
drill: $drill
parameters:
  - path: drill.seed
    range: {from: 1, to: $p, step: 1}
replications: $reps
SWEEP
  : >"$work/line"
  for ((call = 0; call < repeat; ++call)); do
    rm -rf "$work/out"
    t0="$EPOCHREALTIME"
    /usr/bin/time -f '%M' -o "$work/time" "$drillsim" sweep "$work/sweep.yaml" --jobs "$jobs" --out "$work/out" \
      >/dev/null 2>"$work/err" || {
      echo "sweep_points.sh: the sweep of $p points failed:" >&2
      cat "$work/err" >&2
      exit 1
    }
    t1="$EPOCHREALTIME"
    times="$(closing_times "$work/err")"
    if [[ -z "$times" ]]; then
      echo "sweep_points.sh: no closing line (times in seconds) from the sweep of $p points" >&2
      exit 1
    fi
    read -r n sweep own <<<"$times"
    echo "$n $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') $sweep $own $(cat "$work/time")" >>"$work/line"
  done
  runs="$(cut -d' ' -f1 "$work/line" | head -1)"
  wall="$(cut -d' ' -f2 "$work/line" | median)"
  sweep="$(cut -d' ' -f3 "$work/line" | median)"
  own="$(cut -d' ' -f4 "$work/line" | median)"
  rss="$(cut -d' ' -f5 "$work/line" | sort -n | tail -1)"
  awk -v p="$p" -v runs="$runs" -v wall="$wall" -v sweep="$sweep" -v own="$own" -v jobs="$jobs" -v rss="$rss" \
    'BEGIN { printf "%7d %7d %8.3f %8.3f %10.3f %9.1f %6.1f MB\n", p, runs, wall, sweep, own,
             (sweep - own / jobs) / p * 1e6, rss / 1024 }'
done
