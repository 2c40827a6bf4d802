#!/usr/bin/env bash
# Cost of the collector's sampling and of the activity trace on one drill:
# runs a single replication with
#   off     `--out` at the default interval (a sample per simulated hour),
#   minute  `--sample-every 1min`,
#   trace   `--sample-every 1min --trace`,
# in turn (off minute trace, off minute trace, ...) so that a machine whose
# speed drifts slows all three alike, and prints each one's median
# whole-command wall time and the median of the per-round speeds relative
# to `off` (off time / its time: 1.0 = free). The targets are minute >= 0.9
# and trace >= 0.5.
#
#   bench/sampling_cost.sh [DRILLSIM] [ROUNDS] [CONFIG]
#   (default: build/release/app/drillsim, 7 rounds, configs/large.yaml;
#    build with the release preset)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
bin="${1:-build/release/app/drillsim}"
rounds="${2:-7}"
cfg="${3:-configs/large.yaml}"
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build --preset release" >&2; exit 66; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

once() {  # once NAME ARGS...: wall seconds of one whole command
  local name="$1" start end
  shift
  rm -rf "${out:?}/$name"
  start=$(date +%s.%N)
  "$bin" run "$cfg" --replication 0 --quiet --out "$out/$name" "$@" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "drill $cfg, $rounds rounds (one warm-up round first); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
once off >/dev/null; once minute --sample-every 1min >/dev/null; once trace --sample-every 1min --trace >/dev/null
: >"$out/times"
for ((i = 0; i < rounds; i++)); do
  o=$(once off)
  m=$(once minute --sample-every 1min)
  t=$(once trace --sample-every 1min --trace)
  echo "$o $m $t" >>"$out/times"
done
off=$(awk '{ print $1 }' "$out/times" | median)
minute=$(awk '{ print $2 }' "$out/times" | median)
trace=$(awk '{ print $3 }' "$out/times" | median)
minute_speed=$(awk '{ print $1 / $2 }' "$out/times" | median)
trace_speed=$(awk '{ print $1 / $3 }' "$out/times" | median)
csv=$(stat -c %s "$out/minute/timeseries.csv")
pb=$(stat -c %s "$out/trace/events.pb")
printf '%-8s %10s %8s  %s\n' run "median s" speed "files"
awk -v o="$off" -v s="$(stat -c %s "$out/off/timeseries.csv")" \
  'BEGIN { printf "%-8s %10.4f %8.3f  timeseries.csv %.1f MB\n", "off", o, 1, s / 1e6 }'
awk -v t="$minute" -v r="$minute_speed" -v s="$csv" \
  'BEGIN { printf "%-8s %10.4f %8.3f  timeseries.csv %.1f MB\n", "minute", t, r, s / 1e6 }'
awk -v t="$trace" -v r="$trace_speed" -v s="$pb" \
  'BEGIN { printf "%-8s %10.4f %8.3f  events.pb %.1f MB\n", "trace", t, r, s / 1e6 }'
echo "speed: median over the rounds of off time / its time (targets: minute 0.9, trace 0.5)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
