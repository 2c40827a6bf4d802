#!/usr/bin/env bash
# Scenario-scale benchmark: runs each example drill through the whole model
# several times and reports the best wall time of the simulation (loading
# excluded, as recorded in manifest.json) and the events per second.
#
#   bench/drill_runs.sh [DRILLSIM] [REPEATS]
#   (default: build/release/app/drillsim, 5 repeats; build with the release preset)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
bin="${1:-build/release/app/drillsim}"
repeats="${2:-5}"
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build --preset release" >&2; exit 66; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf '%-22s %10s %12s %14s %16s\n' drill events "best wall s" "events/s" "whole command s"
for cfg in configs/*.yaml; do
  name="$(basename "$cfg" .yaml)"
  [[ "$name" == *sweep* ]] && continue  # a sweep file, not a drill
  best=""
  best_cmd=""
  events=0
  for ((i = 0; i < repeats; i++)); do
    start=$(date +%s.%N)
    "$bin" run "$cfg" --quiet --out "$out/$name"
    end=$(date +%s.%N)
    wall=$(sed -n 's/.*"wall_seconds": \([0-9.e+-]*\).*/\1/p' "$out/$name/manifest.json")
    events=$(sed -n 's/.*"events": \([0-9]*\).*/\1/p' "$out/$name/manifest.json")
    cmd=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$wall"; fi
    if [[ -z "$best_cmd" ]] || awk -v a="$cmd" -v b="$best_cmd" 'BEGIN { exit !(a < b) }'; then best_cmd="$cmd"; fi
  done
  awk -v n="$name" -v e="$events" -v w="$best" -v c="$best_cmd" \
    'BEGIN { printf "%-22s %10d %12.4f %14.0f %16s\n", n, e, w, e / w, c }'
done
