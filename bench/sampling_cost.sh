#!/usr/bin/env bash
# Cost of the collector's sampling and of the activity trace on one drill:
# runs a single replication with
#   off     `--out` at the default interval (a row set per simulated hour),
#   minute  `--sample-every 1min`,
#   trace   `--sample-every 1min --trace`,
# takes the best whole-command wall time of N runs each, and prints the
# speed of each relative to `off` (off time / its time: 1.0 = free).
#
#   bench/sampling_cost.sh [DRILLSIM] [REPEATS] [CONFIG]
#   (default: build/release/app/drillsim, 5 repeats, configs/large.yaml;
#    build with the release preset)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin="${1:-build/release/app/drillsim}"
repeats="${2:-5}"
cfg="${3:-configs/large.yaml}"
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build --preset release" >&2; exit 66; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

best_of() {  # best_of NAME ARGS...: best wall seconds of the whole command
  local name="$1" best="" start end t
  shift
  for ((i = 0; i < repeats; i++)); do
    rm -rf "${out:?}/$name"
    start=$(date +%s.%N)
    "$bin" run "$cfg" --replication 0 --quiet --out "$out/$name" "$@" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
    end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$t"; fi
  done
  echo "$best"
}

echo "drill $cfg, best of $repeats; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
off=$(best_of off)
minute=$(best_of minute --sample-every 1min)
size=$(stat -c %s "$out/minute/timeseries.csv")
trace=$(best_of trace --sample-every 1min --trace)
tsize=$(stat -c %s "$out/trace/events.pb")
printf '%-8s %10s %8s  %s\n' run "best s" speed "files"
awk -v o="$off" 'BEGIN { printf "%-8s %10.4f %8.3f\n", "off", o, 1 }'
awk -v o="$off" -v t="$minute" -v s="$size" \
  'BEGIN { printf "%-8s %10.4f %8.3f  timeseries.csv %.1f MB\n", "minute", t, o / t, s / 1e6 }'
awk -v o="$off" -v t="$trace" -v s="$tsize" \
  'BEGIN { printf "%-8s %10.4f %8.3f  events.pb %.1f MB\n", "trace", t, o / t, s / 1e6 }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
