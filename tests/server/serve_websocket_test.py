"""A WebSocket client that is not the project's (Debian python3-websockets)
subscribes to a paced `drillsim run --serve` and checks what it is pushed
against the run's timeseries.csv: each update holds, for every subscribed
series that changed since the previous push, its latest row (time and
value) and nothing else; the points in between, fetched as the contract
says (GET /api/series?since= the previous push's time, and the cursors of
rows and message events left out of an update), complete every row; the
end carries the run's fingerprint. The headline measures are served while
the run goes (/api/dashboard, the snapshot, updates when they changed) and
the last ones pushed are report.html's. Fails (never skips) when
python3-websockets is missing.

usage: serve_websocket_test.py DRILLSIM SOURCE_DIR WORK_DIR"""
import asyncio
import csv
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_run import LiveRun, check, fresh_dir  # noqa: E402

try:
    import websockets
except ImportError:
    check(False, "python3-websockets is installed")

drillsim, source, work = sys.argv[1:4]
fresh_dir(work)
out = os.path.join(work, "out")
run = LiveRun([drillsim, "run", os.path.join(source, "configs", "joint_drill.yaml"), "--replication", "0", "-q",
               "--out", out, "--serve", "0", "--pace", "86400x", "--stay", "--token", "ws-token"])
url = run.url.replace("http://", "ws://") + "ws"
METRICS = ["drill_sorties_flown_total", "drill_squadron_sorties_flown_total", "drill_fuel_on_board_tonnes"]


# The whole document as the report's recorder makes it, served while the run
# goes: the plan, the geography and the units with what they are.
# (The hub has it from the run's first boundary on: asked again until then.)
deadline = time.monotonic() + 20
while True:
    status, text = run.get("/api/dashboard", token="ws-token")
    first_doc = json.loads(text)
    if "plan" in first_doc or time.monotonic() > deadline:
        break
    time.sleep(0.05)
check(status == 200 and len(first_doc["plan"]["tasks"]) == 8, "/api/dashboard has the plan's 8 tasks while running")
check(len(first_doc["geography"]["points"]) > 0 and first_doc["network"] is not None,
      "and the geography and the network")
check(all(u.get("kind") in ("ship", "aircraft") for u in first_doc["units"]) and len(first_doc["units"]) == 32,
      "and the 32 units, each a ship or an aircraft")
check(first_doc["run"]["status"] == "running" and len(first_doc["measures"]) > 0 and
      all("value" in m and "display" in m for m in first_doc["measures"]),
      "and the headline measures so far (%d), each with its value and display" % len(first_doc["measures"]))


def fetch(path):
    status, text = run.get(path, token="ws-token")
    check(status == 200, "GET %s answers 200" % path)
    return json.loads(text)


fetched_points = {}  # (metric, labels) -> {t_us: value}, from /api/series
fetched_rows = {}    # row id -> row, from /api/timeline's cursor
fetched_messages = {}  # event id -> event, likewise


def fill(update, previous_now):
    """What a client that wants every point does: the points after the
    previous push's time, the rows and events from the update's cursors."""
    for metric in METRICS:
        for s in fetch("/api/series?metric=%s&since=%d" % (metric, previous_now))["series"]:
            key = (s["metric"], tuple(sorted(s["labels"].items())))
            fetched_points.setdefault(key, {}).update((p[0], p[1]) for p in s["points"])
    since = update.get("activities_next")
    while since is not None:
        page = fetch("/api/timeline?since=%d&limit=10000" % since)
        for a in page["activities"]:
            fetched_rows[a[0]] = a
        since = page["next"]
    since = update.get("messages_next")
    while since is not None:
        page = fetch("/api/timeline?since=%d&limit=10000&since_message=%d" % (2**62, since))
        for m in page["messages"]:
            fetched_messages[m[0]] = m
        since = page["next_message"]


async def watch():
    messages = []
    # Without the token the upgrade is refused.
    try:
        async with websockets.connect(url, open_timeout=10):
            pass
        check(False, "an upgrade without the token is refused")
    except websockets.exceptions.InvalidStatusCode as e:
        check(e.status_code == 401, "an upgrade without the token gets 401")
    async with websockets.connect(url, extra_headers={"Authorization": "Bearer ws-token"}, open_timeout=10,
                                  max_size=64 * 1024 * 1024) as ws:
        await ws.send(json.dumps({"subscribe": {"metrics": METRICS, "timeline": True, "messages": True,
                                                "tracks": True}}))
        deadline = time.monotonic() + 50
        while True:
            left = deadline - time.monotonic()
            check(left > 0, "the end arrives within 50 s")
            m = json.loads(await asyncio.wait_for(ws.recv(), timeout=left))
            messages.append(m)
            if m["type"] == "update":
                before = messages[-2]
                fill(m, (before["dashboard"] if before["type"] == "snapshot" else before)["run"]["now_us"])
            if m["type"] == "end":
                break
        # `end` is the last message: the pushes after it (every second)
        # send this client nothing more.
        try:
            extra = await asyncio.wait_for(ws.recv(), timeout=2.5)
            check(False, "nothing after the end (got %s)" % extra[:120])
        except asyncio.TimeoutError:
            check(True, "nothing comes after the end (2.5 push intervals)")
    return messages


messages = asyncio.run(watch())
# Served on after the end (--stay), so the last update's fetches find the
# server; Ctrl-C once the result set is in place.
deadline = time.monotonic() + 30
while not os.path.exists(os.path.join(out, "summary.json")) and time.monotonic() < deadline:
    time.sleep(0.05)

# The run has ended: the control steers nothing (409), and the pace stays
# the one it ran at, which the document's run carries too.
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402
for body in (b'{"action":"pace","pace":600}', b'{"action":"pause"}'):
    req = urllib.request.Request(run.url + "api/control", data=body, method="POST",
                                 headers={"Authorization": "Bearer ws-token"})
    try:
        urllib.request.urlopen(req, timeout=10)
        check(False, "control after the end is refused")
    except urllib.error.HTTPError as e:
        check(e.code == 409 and b"the run has ended" in e.read(), "control after the end: 409 (%s)" % body.decode())
final_doc = fetch("/api/dashboard")
check(final_doc["run"]["pace"] == 86400 and fetch("/api/run")["pace"] == 86400,
      "the document's run carries the pace the run went at (86400)")
# The rows served by id are the document's by index (a client merging by
# id is right).
timeline_rows, since = [], 0
while since is not None:
    page = fetch("/api/timeline?since=%d&limit=10000" % since)
    timeline_rows += page["activities"]
    since = page["next"]
check([a[0] for a in timeline_rows] == list(range(len(final_doc["activities"]))) and
      [a[1:] for a in timeline_rows] == final_doc["activities"],
      "/api/timeline's row ids are the document's activity indexes (%d rows)" % len(timeline_rows))

fuel = fetch("/api/series?metric=drill_ship_fuel_tonnes")["series"]  # checked against report.html below


async def interrupted():
    """A client connected when the server is stopped gets a close frame,
    1001 (going away), not a dropped connection."""
    loop = asyncio.get_running_loop()
    async with websockets.connect(url, extra_headers={"Authorization": "Bearer ws-token"}, open_timeout=10,
                                  max_size=64 * 1024 * 1024) as ws:
        await ws.send(json.dumps({"subscribe": {"metrics": ["drill_sorties_flown_total"]}}))
        check(json.loads(await ws.recv())["type"] == "snapshot", "a client after the end gets a snapshot")
        check(json.loads(await ws.recv())["type"] == "end", "then the end")
        code = loop.run_in_executor(None, run.interrupt)
        try:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=30)
        except websockets.exceptions.ConnectionClosed as e:
            closed = e.rcvd.code if e.rcvd else None
        return await code, closed


code, closed = asyncio.run(interrupted())
check(code == 0, "the run, served on after its end, exits 0 on Ctrl-C")
check(closed == 1001, "its WebSocket client got a close frame, 1001 going away (%s)" % closed)
check(messages[0]["type"] == "snapshot", "the first message is the snapshot")
updates = [m for m in messages if m["type"] == "update"]
check(len(updates) >= 2, "%d updates pushed while the run went on" % len(updates))

# The series as timeseries.csv has them.
rows = {}
with open(os.path.join(out, "timeseries.csv"), newline="") as f:
    reader = csv.DictReader(f)
    label_columns = [c for c in reader.fieldnames if c not in ("time", "sim_hours", "metric", "value")]
    for r in reader:
        if r["metric"] not in METRICS:
            continue
        key = (r["metric"], tuple(sorted((c, r[c]) for c in label_columns if r[c])))
        t_us = round(float(r["sim_hours"]) * 3600e6)
        rows.setdefault(key, []).append((t_us, float(r["value"])))
check(len(rows) >= 3, "timeseries.csv holds %d of the subscribed series" % len(rows))

# The series from the snapshot and the updates: each update holds, for each
# series with rows after the previous push's time (run.now_us of the
# snapshot or update before it) up to its own, the latest of those rows, and
# nothing else.
series = {}  # id -> (metric, labels, points)
for s in messages[0]["dashboard"]["series"]:
    series[s["id"]] = (s["metric"], s["labels"], [tuple(p) for p in s["points"]])
previous_now = messages[0]["dashboard"]["run"]["now_us"]
coalesced = 0
for u in updates:
    now = u["run"]["now_us"]
    pushed_here = {}
    for s in u["series"]:
        if s["id"] not in series:
            check("metric" in s, "a new series %d comes with its description" % s["id"])
            series[s["id"]] = (s["metric"], s["labels"], [])
        check(len(s["points"]) <= 1, "an update holds at most one point of series %d" % s["id"])
        if s["points"]:
            metric, labels, points = series[s["id"]]
            points.extend(tuple(p) for p in s["points"])
            pushed_here[(metric, tuple(sorted(labels.items())))] = tuple(s["points"][0])
    expected = {}
    for key, points in rows.items():
        changed = [p for p in points if previous_now < p[0] <= now]
        if changed:
            expected[key] = changed[-1]
            coalesced += len(changed) - 1
    check(pushed_here == expected, "the update at %d us holds the latest row of each series that changed since %d "
          "(%d series): %s" % (now, previous_now, len(expected), set(pushed_here.items()) ^ set(expected.items())))
    previous_now = now
check(coalesced > 0, "%d rows were coalesced into later ones (the run is faster than the pushes)" % coalesced)
check(all(m in METRICS for m, _, _ in series.values()), "only the subscribed metrics were pushed")

pushed = {}
for metric, labels, points in series.values():
    pushed[(metric, tuple(sorted(labels.items())))] = points
check(set(rows) == set(pushed), "the pushed series are timeseries.csv's (%d)" % len(rows))
for key, expected in rows.items():
    got = pushed[key]
    check(got[-1] == expected[-1], "%s %s: the last point pushed is the last row" % (key[0], dict(key[1])))
    merged = dict(got)
    merged.update(fetched_points.get(key, {}))
    check(sorted(merged.items()) == expected,
          "%s %s: %d points pushed and the rest fetched after each push = timeseries.csv's %d rows" %
          (key[0], dict(key[1]), len(got), len(expected)))

summary = json.load(open(os.path.join(out, "summary.json")))
end = messages[-1]
check(end["run"]["fingerprint"] == summary["manifest"]["fingerprint"], "the end carries the run's fingerprint")
check(end["run"]["status"] == "completed", "and its status, completed")
rows_pushed = {}
for u in updates:
    for a in u.get("activities", []):
        rows_pushed[a[0]] = a
    check(len(u.get("activities", [])) <= 1000, "an update holds at most 1000 rows")
rows_pushed.update((i, a) for i, a in fetched_rows.items() if i not in rows_pushed or a[4] is not None)
check(len(rows_pushed) > 0 and all(a[4] is None or a[4] >= a[3] for a in rows_pushed.values()),
      "%d timeline rows pushed, each ending after it starts" % len(rows_pushed))
pushed_messages = [m for u in updates for m in u.get("messages", [])]
skipped = sum(u.get("messages_skipped", 0) for u in updates)
ids = [m[0] for m in pushed_messages]
check(len(pushed_messages) > 100 and ids == sorted(set(ids)),
      "%d message events pushed from the subscription on (id %d), each once and in order" %
      (len(pushed_messages), ids[0] if ids else -1))
every = sorted(set(ids) | set(fetched_messages))
check(every == list(range(ids[0], every[-1] + 1)) and skipped == len(every) - len(ids),
      "the events pushed (%d) and those left out (%d), fetched from the updates' cursors, are every event from "
      "id %d on, each once" % (len(ids), skipped, ids[0]))

# The pushed rows are report.html's rows: the same units (the hub numbers
# them as the document does), activities, starts and ends.
units = [u["name"] for u in messages[0]["dashboard"]["units"]]
check(units == [u["name"] for u in first_doc["units"]], "the snapshot's units are the document's, in its order")
final_rows = {}
first_row = messages[0]["dashboard"].get("first_activity", 0)
for i, a in enumerate(messages[0]["dashboard"]["activities"]):
    final_rows[first_row + i] = a[-5:]
for row_id, a in rows_pushed.items():
    final_rows[row_id] = a[-5:]
with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
    html = f.read()
tag = '<script id="dashboard-data" type="application/json">'
start = html.index(tag) + len(tag)
report = json.loads(html[start:html.index("</script>", start)])
def keyed(rows, names):
    return sorted((names[a[0]], a[1], a[2], a[3]) for a in rows)
check(keyed(final_rows.values(), units) == keyed(report["activities"], [u["name"] for u in report["units"]]),
      "the %d rows served are report.html's" % len(final_rows))
check(all(row_id < len(report["activities"]) and a == report["activities"][row_id] for row_id, a in final_rows.items()),
      "each row served while the run went is report.html's row of the same index")

# The series entries are the document's: each with its statistic (a
# measure's value and its integral told apart), and the ship's fuel with
# its reference levels, in the snapshot as in report.html.
report_series = {(s["metric"], tuple(sorted(s["labels"].items()))): s for s in report["series"]}
snapshot_series = messages[0]["dashboard"]["series"]
check(snapshot_series and all(s.get("statistic") == report_series[(s["metric"], tuple(sorted(s["labels"].items())))]
                              ["statistic"] for s in snapshot_series),
      "the snapshot's %d series carry report.html's statistic" % len(snapshot_series))
check(fuel and all(s.get("reference") == report_series[(s["metric"], tuple(sorted(s["labels"].items())))].get("reference")
                   and "critical" in s["reference"] for s in fuel),
      "/api/series gives each ship's fuel report.html's reference levels (%d ships)" % len(fuel))

# The ships' tracks pushed while the run went on are report.html's points:
# the same ship, time and place, for every point pushed.
report_points = {t["unit"]: {tuple(p) for p in t["points"]} for t in report["tracks"]}
pushed_points = [(t["unit"], tuple(p)) for u in updates for t in u.get("tracks", []) for p in t["points"]]
check(len(pushed_points) > 3 and all(p in report_points.get(unit, ()) for unit, p in pushed_points),
      "%d track points pushed, each one of report.html's" % len(pushed_points))
# Coalesced like the series: each update holds, for each ship that moved
# since the previous push, its latest position, and nothing else.
previous_now = messages[0]["dashboard"]["run"]["now_us"]
for u in updates:
    now = u["run"]["now_us"]
    expected = {}
    for t in report["tracks"]:
        moved = [tuple(p) for p in t["points"] if previous_now < p[0] <= now]
        if moved:
            expected[t["unit"]] = [moved[-1]]
    got = {t["unit"]: [tuple(p) for p in t["points"]] for t in u.get("tracks", [])}
    check(len(got) == len(u.get("tracks", [])) and got == expected,
          "the update at %d us holds the latest position of each ship that moved since %d: %s, expected %s" %
          (now, previous_now, got, expected))
    previous_now = now

# The headline measures: in the snapshot, in updates while the run goes
# (only when they changed since the previous push), and the last pushed are
# report.html's (rendered from the final snapshot), whose values are
# summary.json's.
check(len(messages[0]["dashboard"].get("measures", [])) > 0, "the snapshot holds the headline measures so far")
with_measures = [u for u in updates if "measures" in u]
check(any(u["run"]["status"] == "running" and u["run"]["now_us"] < u["run"]["horizon_us"] for u in with_measures),
      "headline measures arrive in an update before the run's end (%d of %d updates hold them)" %
      (len(with_measures), len(updates)))
previous = messages[0]["dashboard"]["measures"]
for u in with_measures:
    check(u["measures"] != previous, "the update at %d us holds the measures because they changed" % u["run"]["now_us"])
    previous = u["measures"]
check(previous == report["measures"], "the last measures pushed are report.html's: %s" %
      [(a["name"], a["value"], b["value"]) for a, b in zip(previous, report["measures"]) if a != b])
unlabelled = {m["name"]: m for m in summary["measures"] if not m.get("labels")}
compared = 0
for m in previous:
    if m["labels"] or m["statistic"] == "per_day":
        continue
    s = unlabelled.get(m["name"], {})
    check(m["value"] == s.get("value" if m["statistic"] == "value" else "mean"),
          "%s: the last pushed %s %s is summary.json's" % (m["name"], m["statistic"], m["value"]))
    compared += 1
check(compared > 0, "%d unlabelled headline measures compared with summary.json" % compared)
snapshot_tracks = messages[0]["dashboard"].get("tracks", [])
check(all(tuple(p) in report_points.get(t["unit"], ()) for t in snapshot_tracks for p in t["points"]),
      "the snapshot's tracks so far are report.html's too (%d ships)" % len(snapshot_tracks))
print("all checks passed")
