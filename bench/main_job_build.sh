#!/usr/bin/env bash
# Times the main job from a fresh clone, as a new user meets it: clones the
# repository (its HEAD, or BRANCH) into a temporary folder, runs
# `scripts/setup.sh run` there (packages already installed; no ccache) and
# prints its wall and CPU seconds (user + system, from /usr/bin/time), ROUNDS
# times, then the median and range of the wall times.
#   bench/main_job_build.sh [REPO] [ROUNDS] [BRANCH]    (defaults: this checkout, 3, HEAD)
set -euo pipefail
repo="${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}"
rounds="${2:-3}"
branch=(${3:+-b "$3"})
walls=()
printf '%-6s %8s %8s\n' round "wall s" "cpu s"
for ((i = 1; i <= rounds; i++)); do
  dir="$(mktemp -d)"
  git clone -q "${branch[@]}" "$repo" "$dir/drillsim"
  times="$dir/times"
  (cd "$dir/drillsim" && CCACHE_DISABLE=1 /usr/bin/time -o "$times" -f '%e %U %S' scripts/setup.sh run >"$dir/log" 2>&1) ||
    { echo "round $i: scripts/setup.sh run failed; its output:" >&2; tail -20 "$dir/log" >&2; rm -rf "$dir"; exit 1; }
  read -r wall user sys <"$times"
  walls+=("$wall")
  printf '%-6s %8s %8s\n' "$i" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}')"
  rm -rf "$dir"
done
printf '%s\n' "${walls[@]}" | sort -g | awk '{v[NR] = $1} END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "wall median %.1f s, range %.1f-%.1f s over %d rounds\n", m, v[1], v[NR], NR}'
