"""Runs one `drillsim run ...`: with CLIENTS `plain`, as it is; with a
number, served (`--serve 0`) to that many WebSocket clients with a dashboard's subscription (below;
pushed at the server's 1 s interval) and one Prometheus-style
scrape of /metrics per second, all until the run ends. Prints one line:
the run's wall seconds (manifest.json's wall_seconds with --out, else the
whole command's), drillsim's cpu seconds (user + system, its server thread
included), its peak RSS in KiB, messages and bytes the clients received, the cpu
seconds of drillsim's main thread (the run, without the server's thread;
read from /proc every 50 ms, so up to 50 ms short), the cpu seconds of
this process (the clients and the scraper; they share the machine's cores
with the run), and the cpu seconds of drillsim's server thread (the one
named drillsim-serve, read the same way; 0 when not served).

usage: serve_clients.py plain|CLIENTS DRILLSIM ARGS...
(python3-websockets; the clients run in this process, on the same machine)"""
import asyncio
import collections
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
import urllib.request

import websockets

plain = sys.argv[1] == "plain"
clients = 0 if plain else int(sys.argv[1])
# What a dashboard's charts show of the large drill: the ships' fuel,
# sorties by squadron, the bases' fuel stocks (SERVE_SUBSCRIPTION replaces
# it, e.g. '{"metrics": ["*"], "timeline": true}').
subscription = os.environ.get("SERVE_SUBSCRIPTION", json.dumps({
    "metrics": ["drill_ship_fuel_tonnes", "drill_squadron_sorties_flown_total", "drill_fuel_stock_level_tonnes",
                "drill_sorties_flown_total"]}))
cmd = sys.argv[2:] + ([] if plain else ["--serve", "0"])


async def main():
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    got = {"messages": 0, "bytes": 0}
    tasks = []
    url = None
    if clients:
        while url is None:
            line = proc.stderr.readline()
            if not line:
                break
            m = re.search(r"serving (http://\S+/)", line)
            if m:
                url = m.group(1)
    # The run's own thread (the main one) apart from the server's: its cpu
    # time, read from /proc until the process ends.
    sim_cpu = [0.0]
    serve_cpu = [0.0]
    serve_tid = [None]

    def thread_cpu(tid):
        with open("/proc/%d/task/%d/stat" % (proc.pid, tid)) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    tick = os.sysconf("SC_CLK_TCK")

    def watch_main_thread():
        # Until the process is reaped (never poll() here: that would reap it).
        while True:
            try:
                sim_cpu[0] = max(sim_cpu[0], thread_cpu(proc.pid))
            except (OSError, IndexError, ValueError):
                break
            try:
                if serve_tid[0] is None and not plain:
                    for tid in os.listdir("/proc/%d/task" % proc.pid):
                        with open("/proc/%d/task/%s/comm" % (proc.pid, tid)) as f:
                            if f.read().strip() == "drillsim-serve":
                                serve_tid[0] = int(tid)
                if serve_tid[0] is not None:
                    serve_cpu[0] = max(serve_cpu[0], thread_cpu(serve_tid[0]))
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.05)

    threading.Thread(target=watch_main_thread, daemon=True).start()
    # Drain stderr on a thread so the run never blocks on it; its last lines
    # are kept to say why, should the run fail.
    tail = collections.deque(maxlen=20)
    drained = threading.Thread(target=lambda: tail.extend(proc.stderr), daemon=True)
    drained.start()

    async def client():
        try:
            async with websockets.connect(url.replace("http", "ws", 1) + "ws", max_size=None) as ws:
                await ws.send('{"subscribe": %s}' % subscription)
                async for m in ws:
                    got["messages"] += 1
                    got["bytes"] += len(m)
        except Exception:
            pass

    async def scraper():
        loop = asyncio.get_running_loop()
        while True:
            try:
                await loop.run_in_executor(None, lambda: urllib.request.urlopen(url + "metrics", timeout=5).read())
            except Exception:
                pass
            await asyncio.sleep(1)

    if url:
        tasks = [asyncio.create_task(client()) for _ in range(clients)] + [asyncio.create_task(scraper())]
    loop = asyncio.get_running_loop()
    _, status, usage = await loop.run_in_executor(None, os.wait4, proc.pid, 0)
    wall = time.monotonic() - start
    for t in tasks:
        t.cancel()
    if status != 0:
        drained.join(timeout=5)
        code = os.waitstatus_to_exitcode(status)
        sys.exit("drillsim failed (exit %d): %s\n%s" % (code, " ".join(cmd), "".join(tail)))
    # The run's own wall time (without starting and stopping), from its
    # manifest when it wrote one.
    run_wall = wall
    if "--out" in cmd:
        with open(os.path.join(cmd[cmd.index("--out") + 1], "manifest.json")) as f:
            run_wall = json.load(f)["wall_seconds"]
    me = resource.getrusage(resource.RUSAGE_SELF)
    print("%.3f %.3f %d %d %d %.2f %.2f %.2f" % (run_wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                                                 got["messages"], got["bytes"], sim_cpu[0], me.ru_utime + me.ru_stime,
                                                 serve_cpu[0]))


asyncio.run(main())
