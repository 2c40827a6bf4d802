#!/usr/bin/env bash
# Two builds side by side on the same sweep: a sweep of ten design points
# (the drill with ten seeds, `drill.seed` 1..10) run by build A and build B
# in turn, A B A B ..., CALLS calls of each, so that a slow stretch of the
# host falls on both alike. Prints each build's medians and B's over A's:
#   sweep ms   the sweep itself, from its first run to the database's last
#              commit (the command's closing line)
#   own ms     the sum of the runs' own wall time (the closing line)
#   cpu ms     user + system time of the whole command (bash's time)
#   wall ms    the whole command: the shell's clock around it
# The sweep's time depends on how the host's CPUs are shared at that moment
# (on the 2-vCPU test machine a co-tenant's load can slow two busy vCPUs by
# a third together and not one alone): compare builds only in the same
# call, never across calls.
#
# usage: bench/sweep_ab.sh A B [CALLS] [JOBS] [RUNS] [DRILL]
#   A, B    two drillsim binaries (e.g. the release build and a copy of the
#           one before a change)
#   CALLS   calls of each build (default 15)
#   JOBS    --jobs of every call (default 2); npK: `mpirun -np K` instead
#           (builds with MPI; cpu ms then counts every rank and mpirun)
#   RUNS    runs of the sweep, a multiple of 10 (default 1000)
#   DRILL   default configs/small.yaml
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
source bench/sweep_common.sh

if (($# < 2)); then
  echo "usage: bench/sweep_ab.sh A B [CALLS] [JOBS] [RUNS] [DRILL]" >&2
  exit 64
fi
a="$1"
b="$2"
calls="${3:-15}"
jobs="${4:-2}"
runs="${5:-1000}"
drill="$(realpath "${6:-configs/small.yaml}")"
for bin in "$a" "$b"; do
  if [[ ! -x "$bin" ]]; then
    echo "sweep_ab.sh: $bin is not an executable" >&2
    exit 66
  fi
done
if ! [[ "$calls" =~ ^[1-9][0-9]*$ && "$jobs" =~ ^(np)?[1-9][0-9]*$ ]]; then
  echo "sweep_ab.sh: CALLS is a whole number from 1, JOBS one too or npK (K MPI ranks)" >&2
  exit 64
fi
# How each call runs the sweep: on local threads, or on MPI ranks (as
# bench/sweep_scaling.sh starts them).
if [[ "$jobs" == np* ]]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  launch=(mpirun --oversubscribe --mca pml ob1 --mca btl self,vader --mca oob_tcp_if_include lo -np "${jobs#np}")
  workers=()
else
  launch=()
  workers=(--jobs "$jobs")
fi
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]] || ((runs % 10)); then
  echo "sweep_ab.sh: RUNS must be a multiple of 10" >&2
  exit 64
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sweep_file "$work/sweep.yaml" "side by side" "$drill" $((runs / 10))

# One call: prints "label sweep_ms own_ms cpu_ms wall_ms".
call() {  # LABEL BINARY
  rm -rf "$work/out"
  local t0="$EPOCHREALTIME"
  # bash's own `time`: user and system time to the millisecond
  # (/usr/bin/time gives them in steps of 10 ms).
  local TIMEFORMAT='%3U %3S'
  { time "${launch[@]}" "$2" sweep "$work/sweep.yaml" "${workers[@]}" --out "$work/out" >/dev/null 2>"$work/err"; } 2>"$work/time" || {
    echo "sweep_ab.sh: $2 failed:" >&2
    cat "$work/err" >&2
    exit 1
  }
  local t1="$EPOCHREALTIME"
  local times
  times="$(closing_times "$work/err")"
  if [[ -z "$times" ]]; then
    echo "sweep_ab.sh: no closing line from $2:" >&2
    cat "$work/err" >&2
    exit 1
  fi
  awk -v label="$1" -v times="$times" -v t0="$t0" -v t1="$t1" -v cpu="$(cat "$work/time")" '
    BEGIN {
      split(times, t, " ")
      split(cpu, c, " ")
      printf "%s %.3f %.3f %.1f %.1f\n", label, t[2] * 1000, t[3] * 1000, (c[1] + c[2]) * 1000, (t1 - t0) * 1000
    }'
}

for ((i = 0; i < calls; ++i)); do
  call A "$a"
  call B "$b"
done >"$work/raw"

echo "$(basename "$drill"), $runs runs, ${launch[*]:+mpirun -np ${jobs#np}}${workers[*]}, medians of $calls calls of each in turn; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  function median(list, n,   v, i, j, t) {
    split(list, v, " ")
    for (i = 2; i <= n; ++i) for (j = i; j > 1 && v[j - 1] > v[j]; --j) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  { n[$1]++; for (k = 2; k <= 5; ++k) col[$1, k] = col[$1, k] " " $k }
  END {
    printf "%-6s %9s %9s %9s %9s\n", "build", "sweep ms", "own ms", "cpu ms", "wall ms"
    for (b = 0; b < 2; ++b) {
      label = b ? "B" : "A"
      printf "%-6s", label
      for (k = 2; k <= 5; ++k) { m[label, k] = median(col[label, k], n[label]); printf " %9.2f", m[label, k] }
      printf "\n"
    }
    printf "%-6s", "B/A"
    for (k = 2; k <= 5; ++k) printf " %9.3f", (m["A", k] > 0 ? m["B", k] / m["A", k] : 0)
    printf "\n"
  }' "$work/raw"
