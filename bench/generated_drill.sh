#!/usr/bin/env bash
# Whole-model benchmark: the generated sortie-and-stock drill
# (bench/generated_drill.hpp: N aircraft in squadrons at airfields, D days of
# sortie-rate tasks, fuel and spares stocks) run by `drillsim run`, several
# times. Prints each run's events, simulation wall seconds (loading
# excluded, as recorded in manifest.json), events/s and ns/event, then the
# range and median over the runs.
#
#   bench/generated_drill.sh [DRILLSIM] [AIRCRAFT] [DAYS] [REPEATS]
#   (default: build/release/app/drillsim, 2000 aircraft, 60 days, 5 runs;
#   drill_generate is taken from beside DRILLSIM's build folder, or
#   $DRILL_GENERATE)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
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
printf '%-4s %10s %10s %12s %9s\n' run events "wall s" events/s ns/event
for ((i = 1; i <= repeats; i++)); do
  "$bin" run "$out/drill.yaml" --quiet --out "$out/run"
  wall=$(sed -n 's/.*"wall_seconds": \([0-9.e+-]*\).*/\1/p' "$out/run/manifest.json")
  events=$(sed -n 's/.*"events": \([0-9]*\).*/\1/p' "$out/run/manifest.json")
  fp=$(sed -n 's/.*"fingerprint": "\([0-9a-f]*\)".*/\1/p' "$out/run/manifest.json")
  awk -v i="$i" -v e="$events" -v w="$wall" \
    'BEGIN { printf "%-4d %10d %10.4f %12.0f %9.1f\n", i, e, w, e / w, 1e9 * w / e }'
  echo "$wall" >>"$out/walls"
done
sort -g "$out/walls" | awk -v e="$events" -v fp="$fp" '
  { w[NR] = $1 }
  END {
    med = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
    printf "events %d, fingerprint %s: %.2f-%.2f M events/s (median %.2f M), %.1f-%.1f ns/event\n",
           e, fp, e / w[NR] / 1e6, e / w[1] / 1e6, e / med / 1e6, 1e9 * w[1] / e, 1e9 * w[NR] / e
  }'
