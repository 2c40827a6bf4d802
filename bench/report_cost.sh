#!/usr/bin/env bash
# Cost of the report on one drill: a single replication written with `--out`
#   report     as every result set is (report.html, timetable.csv, timetable.ics),
#   no_report  the same with the hidden `--no-report` (everything else alike:
#              timeseries.csv, summaries; nothing recorded for the report),
# in turn (no_report report, no_report report, ...) so that a machine whose
# speed drifts slows both alike. Prints each one's median whole-command wall
# time, the median of the per-round cost (report time / no_report time - 1;
# target < 20 %), and the sizes of report.html (target < 15 MB) and of the
# timetable. Extra arguments after CONFIG go to both runs (e.g. --trace).
#
#   bench/report_cost.sh [DRILLSIM] [ROUNDS] [CONFIG] [ARGS...]
#   (default: build/release/app/drillsim, 5 rounds, configs/large.yaml;
#    build with the release preset: cmake --preset release && cmake --build build/release --target drillsim)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
bin="${1:-build/release/app/drillsim}"
rounds="${2:-5}"
cfg="${3:-configs/large.yaml}"
shift $(( $# < 3 ? $# : 3 ))
extra=("$@")
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build build/release --target drillsim" >&2; exit 66; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

once() {  # once NAME ARGS...: wall seconds of one whole command
  local name="$1" start end
  shift
  rm -rf "${out:?}/$name"
  start=$(date +%s.%N)
  "$bin" run "$cfg" --replication 0 --quiet --out "$out/$name" "${extra[@]}" "$@" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "drill $cfg ${extra[*]}, $rounds rounds (one warm-up round first); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
once no_report --no-report >/dev/null; once report >/dev/null
: >"$out/times"
for ((i = 0; i < rounds; i++)); do
  a=$(once no_report --no-report)
  b=$(once report)
  echo "$a $b" >>"$out/times"
  printf 'round %d: no_report %.2f s, report %.2f s, cost %+.1f %%\n' "$((i + 1))" "$a" "$b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { print (b / a - 1) * 100 }')"
done
printf 'median wall: no_report %.2f s, report %.2f s\n' "$(cut -d' ' -f1 "$out/times" | median)" \
  "$(cut -d' ' -f2 "$out/times" | median)"
printf 'median cost of the report: %+.1f %% (target < 20 %%)\n' \
  "$(awk '{ print ($2 / $1 - 1) * 100 }' "$out/times" | median)"
size() { stat -c %s "$out/report/$1" 2>/dev/null || echo 0; }
printf 'report.html %.2f MB (target < 15 MB), timetable.csv %.2f MB, timetable.ics %.2f MB\n' \
  "$(awk -v s="$(size report.html)" 'BEGIN { print s / 1e6 }')" \
  "$(awk -v s="$(size timetable.csv)" 'BEGIN { print s / 1e6 }')" \
  "$(awk -v s="$(size timetable.ics)" 'BEGIN { print s / 1e6 }')"
