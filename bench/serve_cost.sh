#!/usr/bin/env bash
# Cost of serving a run live: the large drill (with a longer horizon, so the
# run lasts long enough for clients to be connected through it), unpaced,
# plain and with `--serve` read by 100 WebSocket clients subscribed as a
# dashboard's charts are (the ships' fuel, sorties by squadron, the bases'
# fuel stocks: bench/serve_clients.py, SERVE_SUBSCRIPTION to change it;
# pushes at 1 Hz) and a scrape of /metrics
# every second, in turn (plain served, plain served, ...) so that a machine
# whose speed drifts slows both alike. Prints each pair's wall and cpu
# seconds of drillsim (wall: the run's own, manifest.json's wall_seconds;
# cpu: user + system of the drillsim process, its server thread included;
# the clients are another process; run cpu: drillsim's main thread, the
# simulation, without the server's thread; clients cpu: the clients'
# process, which shares the cores with the run), the median of
# the ratios served/plain, and drillsim's peak RSS both ways (the server's
# memory is the difference). Target: served/plain <= 1.05. Also what the
# machine's load moves least, the serving's own cpu in seconds: the served
# run's server thread (srv thr) and its run thread's cpu minus the plain
# run's (run +).
#
#   bench/serve_cost.sh [DRILLSIM] [PAIRS] [HORIZON] [CLIENTS]
#   (default: build/release/app/drillsim, 5 pairs, 2000d, 100 clients; HORIZON
#    at least the large drill's plan, 30d;
#    CLIENTS 0: served with no client, the cost of publishing alone;
#    needs python3-websockets)
# The result sets (about 2 GB a run at 2000 days) go under SERVE_COST_DIR
# (default: TMPDIR, else /tmp); SERVE_COST_DIR=/dev/shm keeps them in
# memory, so the disk's writeback is not part of either run's time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/in_repository.sh"
bin="${1:-build/release/app/drillsim}"
pairs="${2:-5}"
horizon="${3:-2000d}"
clients="${4:-100}"
[[ -x "$bin" ]] || { echo "no drillsim at $bin: cmake --preset release && cmake --build --preset release" >&2; exit 66; }
out="$(mktemp -d -p "${SERVE_COST_DIR:-${TMPDIR:-/tmp}}")"
trap 'rm -rf "$out"' EXIT
args=(run configs/large.yaml --replication 0 --quiet --set "drill.horizon=$horizon" --out)
once() {  # once plain|CLIENTS NAME: "wall cpu rss_kib messages bytes run_cpu clients_cpu server_thread_cpu"
  rm -rf "${out:?}/$2"
  /usr/bin/python3 bench/serve_clients.py "$1" "$bin" "${args[@]}" "$out/$2"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "large.yaml to $horizon, $clients clients, $pairs pairs (one warm-up pair first), results under $(dirname "$out"); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
once plain plain >/dev/null
once "$clients" served >/dev/null
: >"$out/pairs"
printf '%-5s %9s %9s %9s %9s %7s %7s %7s %10s %10s %11s %8s %7s\n' pair "plain s" "served s" "plain cpu" "srv cpu" wall cpu "run cpu" messages MB "clients cpu" "srv thr" "run +"
for ((i = 1; i <= pairs; i++)); do
  read -r pw pc prss _ _ pt _ _ < <(once plain plain)
  read -r sw sc srss msgs bytes st ccpu scpu < <(once "$clients" served)
  cmp -s "$out/plain/summary.pb" "$out/served/summary.pb" || { echo "summary.pb differs with --serve" >&2; exit 1; }
  echo "$pw $sw $pc $sc $prss $srss $pt $st $ccpu $scpu" >>"$out/pairs"
  awk -v pw="$pw" -v sw="$sw" -v pc="$pc" -v sc="$sc" -v i="$i" -v m="$msgs" -v b="$bytes" -v pt="$pt" -v st="$st" -v cc="$ccpu" -v sv="$scpu" \
    'BEGIN { printf "%-5s %9.3f %9.3f %9.3f %9.3f %7.3f %7.3f %7.3f %10d %10.1f %11.2f %8.2f %7.2f\n", i, pw, sw, pc, sc, sw / pw, sc / pc, (pt > 0 ? st / pt : 0), m, b / 1e6, cc, sv, st - pt }'
done
wall=$(awk '{ print $2 / $1 }' "$out/pairs" | median)
cpu=$(awk '{ print $4 / $3 }' "$out/pairs" | median)
runcpu=$(awk '{ print ($7 > 0 ? $8 / $7 : 0) }' "$out/pairs" | median)
prss=$(awk '{ print $5 }' "$out/pairs" | median)
srss=$(awk '{ print $6 }' "$out/pairs" | median)
echo "served/plain median: wall $wall, process cpu $cpu, run thread cpu $runcpu (target <= 1.05)"
[[ "$clients" == 0 ]] || echo "clients' process cpu median: $(awk '{ print $9 }' "$out/pairs" | median) s"
echo "server thread cpu median: $(awk '{ print $10 }' "$out/pairs" | median) s; run thread cpu served - plain median: $(awk '{ print $8 - $7 }' "$out/pairs" | median) s (plain run thread: $(awk '{ print $7 }' "$out/pairs" | median) s)"
echo "peak RSS median: plain $((prss / 1024)) MiB, served $((srss / 1024)) MiB (+$(((srss - prss) / 1024)) MiB); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
