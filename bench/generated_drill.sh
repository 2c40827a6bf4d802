#!/usr/bin/env bash
# Whole-model benchmark: the generated sortie-and-stock drill
# (bench/generated_drill.hpp: N aircraft in squadrons at airfields, D days of
# sortie-rate tasks, fuel and spares stocks) run by `drillsim run`, several
# times. Prints each run's events, seconds, events/s and ns/event, then the
# range and median over the runs.
#
#   bench/generated_drill.sh [DRILLSIM] [AIRCRAFT] [DAYS] [REPEATS]
#   (default: build/release/app/drillsim, 2000 aircraft, 60 days, 5 runs;
#   drill_generate is taken from beside DRILLSIM's build folder, or
#   $DRILL_GENERATE)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
bin="${1:-build/release/app/drillsim}"
aircraft="${2:-2000}"
days="${3:-60}"
repeats="${4:-5}"
gen="${DRILL_GENERATE:-$(dirname "$bin")/../bench/drill_generate}"
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build --preset release --target drillsim drill_generate" >&2; exit 66; }
[[ -x "$gen" ]] || { echo "no drill_generate at $gen: cmake --build --preset release --target drill_generate" >&2; exit 66; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$gen" --aircraft "$aircraft" --days "$days" >"$out/drill.yaml"
# Each run is the whole `drillsim run` command (loading the drill, running
# it, printing the measures; no result files), timed by /usr/bin/time: wall
# seconds and cpu = user + system seconds. On a machine shared with other
# work the cpu figure is the steadier one.
printf '%-4s %10s %8s %12s %9s %8s %12s %9s\n' run events "wall s" events/s ns/event "cpu s" "events/cpu s" ns/event
for ((i = 1; i <= repeats; i++)); do
  /usr/bin/time -f '%e %U %S' -o "$out/time" "$bin" run "$out/drill.yaml" >"$out/printout" 2>"$out/stderr" ||
    { cat "$out/stderr" >&2; exit 1; }
  read -r events fp < <(sed -n 's/.*events \([0-9]*\), fingerprint \([0-9a-f]*\).*/\1 \2/p' "$out/printout" | tail -1)
  read -r wall cpu < <(awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$out/time")
  awk -v i="$i" -v e="$events" -v w="$wall" -v c="$cpu" \
    'BEGIN { printf "%-4d %10d %8.3f %12.0f %9.1f %8.3f %12.0f %9.1f\n", i, e, w, e / w, 1e9 * w / e, c, e / c, 1e9 * c / e }'
  echo "$wall $cpu" >>"$out/times"
done
summary() {  # $1: column of $out/times; $2: label
  awk -v k="$1" '{ print $k }' "$out/times" | sort -g | awk -v e="$events" -v label="$2" '
    { w[NR] = $1 }
    END {
      med = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
      printf "%-5s %.2f-%.2f M events/s (median %.2f M), %.0f-%.0f ns/event (median %.0f)\n",
             label, e / w[NR] / 1e6, e / w[1] / 1e6, e / med / 1e6, 1e9 * w[1] / e, 1e9 * w[NR] / e, 1e9 * med / e
    }'
}
echo "events $events, fingerprint $fp, $repeats runs:"
summary 1 wall
summary 2 cpu
