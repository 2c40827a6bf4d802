"""`--serve` changes nothing a run computes: the result set of a served run
(with a client reading it as it goes) is byte-identical to an unserved
one's, for a single run with its trace and for a set of replications; and
the command line refuses what it must (exit 64).

usage: serve_determinism_test.py DRILLSIM SOURCE_DIR WORK_DIR"""
import json
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_run import LiveRun, check, fresh_dir  # noqa: E402

drillsim, source, work = sys.argv[1:4]
drill = os.path.join(source, "configs", "joint_drill.yaml")
fresh_dir(work)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# A single run with its trace.
plain = os.path.join(work, "plain")
served = os.path.join(work, "served")
subprocess.run([drillsim, "run", drill, "--replication", "0", "--trace", "--out", plain, "-q"], check=True)
run = LiveRun([drillsim, "run", drill, "--replication", "0", "--trace", "--out", served, "-q", "--serve", "0",
               "--pace", "200000x"])
stop = threading.Event()
reads = [0]


def poll():
    while not stop.is_set():
        try:
            for path in ("/metrics", "/api/run", "/api/summary", "/api/timeline?limit=50",
                         "/api/series?metric=drill_sorties_flown_total", "/api/dashboard"):
                run.get(path, timeout=5)
                reads[0] += 1
        except Exception:
            pass


t = threading.Thread(target=poll)
t.start()
code = run.wait(60)
stop.set()
t.join()
check(code == 0, "the served run exits 0")
check(reads[0] > 0, "a client read the served run while it went on (%d reads)" % reads[0])
for name in ("summary.json", "summary.pb", "metrics.prom", "timeseries.csv", "events.pb"):
    check(read(os.path.join(plain, name)) == read(os.path.join(served, name)), name + " is byte-identical with --serve")
fp = json.loads(read(os.path.join(served, "summary.json")))["manifest"]["fingerprint"]
check(fp == json.loads(read(os.path.join(plain, "summary.json")))["manifest"]["fingerprint"],
      "the fingerprint is the same (" + fp + ")")

# A set of replications.
plain_set = os.path.join(work, "plain_set")
served_set = os.path.join(work, "served_set")
subprocess.run([drillsim, "run", drill, "--replications", "3", "--out", plain_set, "-q"], check=True)
run = LiveRun([drillsim, "run", drill, "--replications", "3", "--out", served_set, "-q", "--serve", "0"])
check(run.wait(60) == 0, "the served set exits 0")
for name in sorted(os.listdir(plain_set)):
    if name.endswith(".pb") or name.endswith(".csv"):
        check(read(os.path.join(plain_set, name)) == read(os.path.join(served_set, name)),
              name + " of the set is byte-identical with --serve")

# The aggregate served while a set runs ends as replications.json's figures.
stay_set = os.path.join(work, "stay_set")
run = LiveRun([drillsim, "run", drill, "--replications", "3", "--out", stay_set, "-q", "--serve", "0", "--stay"])
run.wait_for_line("still serving", 60)
status, body = run.get("/api/aggregate")
served_aggregate = json.loads(body)
reference = json.loads(read(os.path.join(plain_set, "replications.json")))
check(status == 200 and served_aggregate["replications"] == 3, "/api/aggregate counts the 3 replications")
check(served_aggregate["measures"] == reference["measures"] and served_aggregate["fingerprint"] == reference["fingerprint"],
      "/api/aggregate's measures equal replications.json's (%d measures)" % len(reference["measures"]))
check("runs" not in served_aggregate, "/api/aggregate does not list the runs (its size is bounded)")
status, body = run.get("/api/dashboard")
html = read(os.path.join(stay_set, "report.html")).decode()
tag = '<script id="dashboard-data" type="application/json">'
start = html.index(tag) + len(tag)
set_doc = json.loads(html[start:html.index("</script>", start)])
check(status == 200 and json.loads(body) == set_doc,
      "a served set's /api/dashboard is report.html's document once the set has ended")
# The hub's part of a set (README: `run`, `units` by name, `activities`,
# `series`) is the replication shown in detail, as report.html has it, and
# the page's snapshot carries the set's aggregate: the live page of a set
# shows what report.html shows.
rows, since = [], 0
while since is not None:
    page = json.loads(run.get("/api/timeline?since=%d&limit=10000" % since)[1])
    rows += page["activities"]
    since = page["next"]
check(len(rows) > 100 and [a[0] for a in rows] == list(range(len(set_doc["activities"]))) and
      [a[1:] for a in rows] == set_doc["activities"],
      "a served set's /api/timeline is report.html's rows, row id = index (%d)" % len(rows))
try:
    import websockets  # noqa: E402
except ImportError:
    check(False, "python3-websockets is installed")


async def set_snapshot():
    async with websockets.connect(run.url.replace("http://", "ws://") + "ws", open_timeout=10,
                                  max_size=64 * 1024 * 1024) as ws:
        await ws.send(json.dumps({"subscribe": {"metrics": ["*"], "timeline": True, "tracks": True}}))
        return json.loads(await asyncio.wait_for(ws.recv(), timeout=20))


import asyncio  # noqa: E402
snapshot = asyncio.run(set_snapshot())["dashboard"]
check([u["name"] for u in snapshot["units"]] == [u["name"] for u in set_doc["units"]] and
      snapshot["units"] == set_doc["units"], "a served set's snapshot has report.html's %d units" % len(set_doc["units"]))
check(snapshot["activities"] == set_doc["activities"], "and its %d rows" % len(set_doc["activities"]))
check(snapshot["aggregate"] == set_doc["aggregate"] and snapshot["aggregate"]["replications"] == 3,
      "and its aggregate (the Replications section)")
# /api/summary of a completed set: the replication shown, as a single run of
# it reports it (replication-0000.json's figures), consistent with /api/run.
served_summary = json.loads(run.get("/api/summary")[1])
replication0 = json.loads(read(os.path.join(stay_set, "replication-0000.json")))
check(served_summary["manifest"]["status"] == "RUN_STATUS_COMPLETED" and
      json.loads(run.get("/api/run")[1])["status"] == "completed", "a completed set's /api/summary says completed")
check(all(served_summary["manifest"][k] == replication0["manifest"][k] for k in ("fingerprint", "events", "replication")),
      "with replication 0's fingerprint and events (%s)" % served_summary["manifest"]["fingerprint"])
check(served_summary["measures"] == replication0["measures"] and served_summary["tasks"] == replication0["tasks"],
      "and its measures and tasks")
# The DNS-rebinding defence: a name that merely starts like a loopback
# address is refused (421), localhost in any case is not.
import http.client  # noqa: E402
for host, want in (("127.attacker.example:%d" % run.port, 421), ("127.0.0.1.evil.example", 421),
                   ("LOCALHOST:%d" % run.port, 200)):
    c = http.client.HTTPConnection("127.0.0.1", run.port, timeout=10)
    c.putrequest("GET", "/api/run", skip_host=True)
    c.putheader("Host", host)
    c.endheaders()
    got = c.getresponse().status
    c.close()
    check(got == want, "Host: %s gets %d" % (host, got))
check(run.interrupt() == 0, "the set served with --stay exits 0 on Ctrl-C after its end")

# Message events in the timeline: every event of the trace, in order, named.
sys.path.insert(0, sys.argv[4])
sys.path.insert(0, os.path.join(source, "tests", "support"))
from delimited import read_delimited  # noqa: E402
from drill.v1 import trace_pb2  # noqa: E402
traced = [r for r in read_delimited(read(os.path.join(plain, "events.pb")), trace_pb2.TraceRecord)
          if r.HasField("message_event")]
run = LiveRun([drillsim, "run", drill, "--replication", "0", "-q", "--serve", "0", "--stay"])
run.wait_for_line("still serving", 60)
served_messages, cursor, pages = [], 0, 0
while cursor is not None and pages < 1000:
    status, body = run.get("/api/timeline?limit=10000&since_message=%d" % cursor)
    page = json.loads(body)
    served_messages += page["messages"]
    cursor = page["next_message"]
    pages += 1
check(run.interrupt() == 0, "the run served with --stay exits 0 on Ctrl-C")
kinds = ["", "created", "queued", "transmitted", "received", "delivered", "dropped", "lost", "expired",
         "retransmitted"]
check(len(traced) > 100 and len(served_messages) == len(traced),
      "/api/timeline?since_message= pages through every message event of the trace (%d in %d pages)" %
      (len(served_messages), pages))
mismatch = [(m, r) for m, r in zip(served_messages, traced)
            if (m[1], m[2], m[7], m[8]) != (r.time_us, kinds[r.message_event.kind], r.message_event.attempt,
                                              r.message_event.message.envelope.message_id)
            or m[3] != r.message_event.message.WhichOneof("payload")]
check(not mismatch, "each served message event is the trace's (time, event, type, attempt, message id): %r" %
      (mismatch[:1],))
check(all(m[4] is not None and m[5] is not None for m in served_messages), "every message event names its nodes")

# Refusals: exit 64, nothing served.
for args, what in ((["--serve", "0.0.0.0:0"], "a non-loopback address without a token"),
                   (["--stay"], "--stay without --serve"),
                   (["--serve", "0", "--pace", "fast"], "a pace that is not a multiple"),
                   (["--serve", "0", "--replications", "3", "--pace", "600x"], "--pace for a set of replications"),
                   (["--serve", "localhost:99999"], "a port out of range"),
                   (["--serve", ""], "an empty --serve (not the flag's absence)"),
                   (["--serve=", "--replication", "0"], "an empty --serve="),
                   (["--serve", "0", "--token", ""], "an empty --token (not an unguarded server)"),
                   (["--serve", "999.1.1.1:0"], "an address that is not an IP address"),
                   (["--serve", "foo:0"], "a name that is not an IP address")):
    env = dict(os.environ)
    env.pop("DRILLSIM_TOKEN", None)
    r = subprocess.run([drillsim, "run", drill, "-q"] + args, capture_output=True, text=True, env=env, timeout=60)
    check(r.returncode == 64 and r.stderr, "exit 64 with a reason for " + what + ": " + r.stderr.strip())
    if "IP address" in what:
        check("is not an IP address" in r.stderr and "token" not in r.stderr, "it says so, not that a token is missing")

# The README's first served command: the drill asks for 20 replications and
# --pace watches one, its replication 0 (said on stderr), the same run as
# --replication 0's.
paced = os.path.join(work, "paced")
r = subprocess.run([drillsim, "run", drill, "-q", "--serve", "0", "--pace", "2000000x", "--out", paced],
                   capture_output=True, text=True, timeout=120)
check(r.returncode == 0, "--pace on a drill of 20 replications runs (exit %d: %s)" % (r.returncode, r.stderr.strip()))
check("replication 0 of the drill's 20" in r.stderr, "it says which run it watches: " + r.stderr.strip())
check(os.path.exists(os.path.join(paced, "summary.json")) and
      not os.path.exists(os.path.join(paced, "replications.json")), "the result set is one run's")
with open(os.path.join(paced, "summary.json")) as f, open(os.path.join(plain, "summary.json")) as g:
    check(json.load(f)["manifest"]["fingerprint"] == json.load(g)["manifest"]["fingerprint"],
          "the paced run is replication 0 (its fingerprint)")

# DRILLSIM_TOKEN stands for --token.
env = dict(os.environ, DRILLSIM_TOKEN="from-the-environment")
run = LiveRun([drillsim, "run", drill, "--replication", "0", "-q", "--serve", "0", "--stay"], env=env)
try:
    run.get("/api/run")
    check(False, "a request without the token is refused")
except Exception as e:
    check(getattr(e, "code", None) == 401, "without the token from DRILLSIM_TOKEN: 401")
status, _ = run.get("/api/run", token="from-the-environment")
check(status == 200, "with the token from DRILLSIM_TOKEN: 200")
run.wait_for_line("the run has ended", 60)
check(run.interrupt() == 0, "--stay ends on SIGINT with exit 0 after a completed run")
print("all checks passed")
