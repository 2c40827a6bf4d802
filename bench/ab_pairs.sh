#!/usr/bin/env bash
# Times two commands in turn, A B A B ..., and prints each one's cpu seconds
# (user + system, from /usr/bin/time) and the ratio A/B pair by pair, then
# the median and range of the ratios: pairing keeps the ratio meaningful when
# the machine's speed drifts while it runs.
#   bench/ab_pairs.sh RUNS 'COMMAND A' 'COMMAND B'
# e.g. bench/ab_pairs.sh 7 'build/release/app/drillsim run configs/large.yaml --quiet' \
#                          'OLD/drillsim run configs/large.yaml --quiet'
set -euo pipefail
runs="${1:?usage: bench/ab_pairs.sh RUNS 'COMMAND A' 'COMMAND B'}"
a="${2:?command A}"
b="${3:?command B}"
times="$(mktemp)"
err="$(mktemp)"
trap 'rm -f "$times" "$err"' EXIT
cpu() {
  if ! /usr/bin/time -o "$times" -f '%U %S' sh -c "$1" >/dev/null 2>"$err"; then
    echo "ab_pairs.sh: failed: $1" >&2
    tail -n 20 "$err" >&2
    exit 1
  fi
  awk '{printf "%.3f", $1 + $2}' "$times"
}
cpu "$a" >/dev/null  # warm-up, not counted
cpu "$b" >/dev/null
ratios=()
printf '%-5s %8s %8s %7s\n' pair "A cpu s" "B cpu s" "A/B"
for ((i = 1; i <= runs; i++)); do
  ta=$(cpu "$a")
  tb=$(cpu "$b")
  r=$(awk -v x="$ta" -v y="$tb" 'BEGIN {printf "%.3f", (y > 0 ? x / y : 0)}')
  ratios+=("$r")
  printf '%-5s %8s %8s %7s\n' "$i" "$ta" "$tb" "$r"
done
printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR] = $1} END {
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "A/B median %.3f, range %.3f-%.3f over %d pairs\n", m, v[1], v[NR], NR }'
