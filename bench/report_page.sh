#!/usr/bin/env bash
# The report page's first full draw in headless Chromium, as the page measures
# it (performance.now() when it sets body data-drawn, read through the
# DevTools protocol), and the file's size. Several loads, each in a fresh
# browser; prints each load's draw time, then the median and range.
#
#   bench/report_page.sh [REPORT.html] [REPEATS]
#   (no file, or "synthetic": a synthetic document of 100,000 activity rows
#   and 512 units, written by tests/report/page/synthetic_dashboard.py and
#   made into report.html by report_page_tool from $BUILD, default build/dev:
#   cmake --build build/dev --target report_page_tool)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
page="${1:-synthetic}"
repeats="${2:-5}"
build="${BUILD:-build/dev}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ "$page" == synthetic ]]; then
  tool="$build/tests/report/page/report_page_tool"
  [[ -x "$tool" ]] || { echo "no report_page_tool at $tool: cmake --build $build --target report_page_tool" >&2; exit 66; }
  /usr/bin/python3 tests/report/page/synthetic_dashboard.py "$work/synthetic.json" --rows 100000 --units 512
  "$tool" write "$work/synthetic.json" "$work/report.html"
  page="$work/report.html"
fi
[[ -f "$page" ]] || { echo "no such file: $page" >&2; exit 66; }
page="$(realpath "$page")"
bytes=$(stat -c %s "$page")
printf 'file: %s\nsize: %d bytes (%.2f MB)\n' "$page" "$bytes" "$(echo "$bytes / 1000000" | bc -l)"
times=()
for ((i = 1; i <= repeats; i++)); do
  state="$(/usr/bin/python3 tests/report/page/chromium_page.py "file://$page" --timeout 60)" || {
    echo "load $i: the page did not draw cleanly:" >&2; echo "$state" >&2; exit 1; }
  read -r ms start loaded bars frame < <(/usr/bin/python3 -c 'import json,sys; s=json.load(sys.stdin)
print(s["drawMs"], s["startMs"], s["loadedMs"], s["bars"], s["frameMs"])' <<<"$state")
  views=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["viewMs"])' <<<"$state")
  printf 'load %d: first full draw %s ms; scripts ran at %s ms, data read by %s ms; views (ms): %s; a timeline frame %s ms (%s activity rows)\n' \
    "$i" "$ms" "$start" "$loaded" "$views" "$frame" "$bars"
  times+=("$ms")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "first full draw: median %.0f ms, range %.0f-%.0f ms over %d loads\n", m, v[1], v[NR], NR }'
