#!/usr/bin/env bash
# Runs every libFuzzer harness of fuzz/ for a fixed budget on its corpus.
#   fuzz/run.sh BUILD_DIR [SECONDS_EACH]      (default 30 s each; CI)
# Fails on any crash, sanitizer report, timeout (-timeout, per input) or
# out-of-memory (-rss_limit_mb). New inputs go to a scratch folder, not the
# repository; keep the interesting ones by merging them into fuzz/corpus/
# (see README, Reliability).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS_EACH]}"
seconds="${2:-30}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

harnesses=(fuzz_drill_loader fuzz_quantities fuzz_event_order fuzz_result_readers fuzz_comms_drill fuzz_server_requests fuzz_sweep_file)
for h in "${harnesses[@]}"; do
  bin="$build/fuzz/$h"
  [[ -x "$bin" ]] || { echo "fuzz/run.sh: $bin is missing: build the fuzz preset first" >&2; exit 1; }
  mkdir -p "$scratch/$h"
  dict=()
  case "$h" in fuzz_drill_loader | fuzz_quantities | fuzz_sweep_file) dict=(-dict="$here/drill.dict") ;; esac
  echo "== $h: ${seconds} s"
  "$bin" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$scratch/$h-" "$scratch/$h" "$here/corpus/$h" 2>"$scratch/$h.log" || {
    tail -60 "$scratch/$h.log" >&2
    echo "fuzz/run.sh: $h failed; the input is in the log above (artifact_prefix)" >&2
    exit 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$scratch/$h.log" | sed "s/^/  /"
  echo "  corpus: $(ls "$here/corpus/$h" | wc -l) seeds, $(ls "$scratch/$h" | wc -l) new inputs"
done
