"""A real Prometheus (Debian `prometheus`) scrapes a paced `drillsim run
--serve` every second; its series, read back through Prometheus's HTTP
query API, agree with the run's summary.pb; and `promtool check metrics`
accepts what /metrics serves. Fails (never skips) when either is missing.

usage: serve_prometheus_test.py DRILLSIM SOURCE_DIR WORK_DIR PROTO_PYTHON_DIR"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_run import LiveRun, check, fresh_dir  # noqa: E402

drillsim, source, work, proto_dir = sys.argv[1:5]
sys.path.insert(0, proto_dir)
from drill.v1 import metrics_pb2, run_summary_pb2  # noqa: E402

prometheus = shutil.which("prometheus")
promtool = shutil.which("promtool")
check(prometheus is not None, "prometheus is installed (Debian package prometheus)")
check(promtool is not None, "promtool is installed (Debian package prometheus)")
fresh_dir(work)
out = os.path.join(work, "out")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Prometheus first (it takes a moment to start), scraping the port the
# run will serve on; then the run: joint_drill's five simulated days at
# 54,000x take about 8 s.
serve_port = free_port()
prom_port = free_port()
config = os.path.join(work, "prometheus.yml")
with open(config, "w") as f:
    f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n"
            "scrape_configs:\n  - job_name: drillsim\n    static_configs:\n"
            "      - targets: ['127.0.0.1:%d']\n" % serve_port)
prom = subprocess.Popen([prometheus, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(work, "tsdb"),
                         "--web.listen-address=127.0.0.1:%d" % prom_port, "--log.level=warn"],
                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
run = None
try:
    def query(expr, at=None):
        params = {"query": expr}
        if at is not None:
            params["time"] = "%.3f" % at
        url = "http://127.0.0.1:%d/api/v1/query?%s" % (prom_port, urllib.parse.urlencode(params))
        with urllib.request.urlopen(url, timeout=5) as r:
            body = json.load(r)
        if body["status"] != "success":
            raise RuntimeError(body)
        return body["data"]["result"]

    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/-/ready" % prom_port, timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:
            pass
        if time.monotonic() > deadline or prom.poll() is not None:
            raise SystemExit("FAILED: Prometheus did not become ready")
        time.sleep(0.2)
    run = LiveRun([drillsim, "run", os.path.join(source, "configs", "joint_drill.yaml"), "--replication", "0", "-q",
                   "--out", out, "--serve", "127.0.0.1:%d" % serve_port, "--pace", "54000x", "--stay"])

    # promtool on what /metrics serves while the run goes on.
    status, text = run.get("/metrics")
    r = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "promtool check metrics accepts /metrics during the run " + r.stdout + r.stderr)

    run.wait_for_line("the run has ended", 50)
    status, text = run.get("/metrics")
    r = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "promtool check metrics accepts /metrics after the run " + r.stdout + r.stderr)
    ended = time.time()
    # Wait for scrapes after the end (at least two scrape intervals).
    deadline = time.monotonic() + 20
    while True:
        try:
            res = query("drillsim_run_running")
            if res and res[0]["value"][1] == "0" and float(res[0]["value"][0]) > ended + 1:
                break
        except Exception:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("FAILED: Prometheus did not scrape the ended run within 20 s")
        time.sleep(0.5)

    # Progress was scraped while the run went on: several distinct
    # simulated times, rising.
    res = query("drillsim_run_sim_time_seconds[60s]")
    values = [float(v) for _, v in res[0]["values"]] if res else []
    check(len(set(values)) >= 3, "Prometheus saw the simulated time at %d distinct values while the run went on"
          % len(set(values)))
    check(values == sorted(values), "the simulated time it saw only rose")
    check(values[-1] == 432000.0, "and ended at the horizon (432000 s)")

    summary = run_summary_pb2.RunSummary()
    with open(os.path.join(out, "summary.pb"), "rb") as f:
        summary.ParseFromString(f.read())
    res = query("drillsim_run_events_total")
    check(int(float(res[0]["value"][1])) == summary.manifest.events,
          "drillsim_run_events_total in Prometheus = summary.pb's events (%d)" % summary.manifest.events)

    compared = 0
    for m in summary.measures:
        # Counters, gauges and time-weighted levels carry `value` under the
        # measure's main name (metrics_prom.hpp).
        if m.kind not in (metrics_pb2.METRIC_KIND_COUNTER, metrics_pb2.METRIC_KIND_GAUGE,
                          metrics_pb2.METRIC_KIND_TIME_WEIGHTED):
            continue
        selector = ",".join('%s="%s"' % (l.name, l.value.replace("\\", "\\\\").replace('"', '\\"'))
                            for l in m.labels)
        res = query("%s{%s}" % (m.name, selector) if selector else m.name)
        # Exactly this series: every label of the result is one of ours.
        res = [s for s in res if set(s["metric"]) - {"__name__", "job", "instance"} == {l.name for l in m.labels}]
        check(len(res) == 1, "Prometheus holds %s{%s}" % (m.name, selector))
        got = float(res[0]["value"][1])
        check(got == m.value, "%s{%s} = %r in Prometheus and summary.pb" % (m.name, selector, m.value))
        compared += 1
    check(compared >= 10, "compared %d counter, gauge and level series with summary.pb" % compared)
finally:
    prom.terminate()
    try:
        prom.wait(timeout=20)
    except subprocess.TimeoutExpired:
        prom.kill()
    code = run.interrupt() if run else 1
check(code == 0, "drillsim --stay exits 0 on SIGINT")
print("all checks passed")
