#!/usr/bin/python3
"""The report page in a real browser (headless Chromium, DevTools protocol).

    browser_test.py CASE --tool report_page_tool --sample sample_dashboard.json --work DIR

Each case writes a dashboard document, makes report.html of it with
report_page_tool (the C++ write_report_html), opens it from file:// (the live
case: from a loopback server that serves the live page's assets, answers
/api/dashboard and pushes updates over /ws) and checks what the page says of
itself: drawn, no error on the page or the console, timeline bars = activity
rows, map markers = units, one table row per task, chart series present. A
screenshot is kept in DIR. Exit 0 pass, 1 fail; a missing chromium fails.

Cases: sample, replications (the sample with an aggregate), no_network (no
comms, no series), escaping (markup in names), live, large (100,000 rows),
document (the document given by --document, e.g. one a run wrote).
"""
import argparse
import asyncio
import copy
import http
import json
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium_page  # noqa: E402
import synthetic_dashboard  # noqa: E402

failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


def write_report(tool, doc, work, name):
    data = os.path.join(work, name + ".json")
    page = os.path.join(work, name + ".html")
    with open(data, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    subprocess.run([tool, "write", data, page], check=True, timeout=60)
    return page


def check_page(state, doc, units_placed=None):
    check(state.get("drawn") == "1", "the page says it has drawn (body data-drawn)")
    check(not state.get("error"), "no page error (data-error: %s)" % state.get("error"))
    check(not state.get("problems"), "no console errors or exceptions: %s" % state.get("problems"))
    check(state.get("drawMs") is not None and float(state["drawMs"]) > 0, "data-draw-ms is set (%s)" % state.get("drawMs"))
    rows = len(doc["activities"])
    check(state.get("bars") == str(rows), "timeline bars %s = activity rows %d" % (state.get("bars"), rows))
    if units_placed is None:
        units = len(doc["units"])
        check(state.get("markers") == str(units), "map markers %s = units %d" % (state.get("markers"), units))
    else:
        placed, unplaced = int(state.get("markers") or 0), int(state.get("unplaced") or 0)
        check(placed + unplaced == len(doc["units"]) and placed >= units_placed,
              "map markers %d + units without a place %d = units %d, every ship and aircraft placed (%d)"
              % (placed, unplaced, len(doc["units"]), units_placed))
    tasks = len(doc["plan"]["tasks"])
    check(state.get("taskRows") == tasks, "task rows %s = tasks %d" % (state.get("taskRows"), tasks))
    series = len(doc["series"])
    check(state.get("series") == str(series), "chart series %s = series %d" % (state.get("series"), series))
    if series:
        check(int(state.get("shownSeries") or 0) > 0 and state.get("chartCanvases", 0) > 0,
              "a chart is drawn (%s series shown)" % state.get("shownSeries"))
    check(int(state.get("graticuleLines") or 0) > 0, "the map has a graticule")
    check(len(doc["measures"]) == state.get("measures"), "every headline measure is in the summary")


def open_and_keep(url, work, name, settle=lambda s: True, actions=None):
    shot = os.path.join(work, name + ".png")
    state = chromium_page.open_page(url, screenshot=shot, timeout=60, settle=settle, actions=actions)
    print(json.dumps({k: v for k, v in state.items() if k != "problems"}))
    check(os.path.getsize(shot) > 10000, "screenshot kept: " + shot)
    return state


# Where the middle of unit 1's first bar is on screen, after scrolling the
# timeline into view (the page's own geometry, read from its timeline object).
BAR_POINT = r"""(async () => {
  const tl = window.drillReportPage.timeline;
  tl.element.scrollIntoView();
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const row = tl.rows.find(r => r.type === 'unit' && r.unit === 1);
  const rec = tl.model.doc.activities[tl.model.rowsByUnit[1][0]];
  const box = tl.canvas.getBoundingClientRect();
  return { x: box.left + tl.x((rec[2] + rec[3]) / 2), y: box.top + 36 + row.y - tl.scrollY + row.h / 2,
           span: tl.t1 - tl.t0 };
})()"""


async def hover_and_zoom(devtools):
    """Hovers a bar (the tooltip shows its record) and zooms with the wheel."""
    at = await devtools.evaluate(BAR_POINT)
    await devtools.mouse("mouseMoved", at["x"], at["y"])
    await asyncio.sleep(0.3)
    tooltip = await devtools.evaluate("document.querySelector('#timeline .tooltip').hidden ? null : "
                                     "document.querySelector('#timeline .tooltip').textContent")
    await devtools.mouse("mouseWheel", at["x"], at["y"], deltaX=0, deltaY=-500)
    await asyncio.sleep(0.3)
    span = await devtools.evaluate("window.drillReportPage.timeline.t1 - window.drillReportPage.timeline.t0")
    return {"tooltip": tooltip, "spanBefore": at["span"], "spanAfter": span}


def case_sample(args, sample):
    page = write_report(args.tool, sample, args.work, "report")
    state = open_and_keep("file://" + page, args.work, "report", actions=hover_and_zoom)
    check_page(state, sample)
    not_on_time = sum(1 for t in sample["plan"]["tasks"] if t["outcome"] != "on_time")
    check(state.get("notOnTime") == not_on_time, "summary lists the %d tasks not on time" % not_on_time)
    check(int(state.get("references") or 0) > 0, "the fuel chart draws its critical levels")
    links = sample["network"]["links"]
    check(state.get("links") == str(len(links)), "network links %s = %d" % (state.get("links"), len(links)))
    down = sum(len(link["down"]) for link in links)
    check(state.get("downPeriods") == str(down), "down periods %s = %d" % (state.get("downPeriods"), down))
    check(state.get("replicationsShown") is False, "a single run shows no replications section")
    unit = sample["units"][1]["name"]
    check((state.get("tooltip") or "").startswith(unit), "hovering unit 1's first bar shows its record: %r" % state.get("tooltip"))
    check(state.get("spanAfter", 0) < state.get("spanBefore", 0), "the wheel zooms the timeline in (%s -> %s us)"
          % (state.get("spanBefore"), state.get("spanAfter")))


def case_replications(args, sample):
    doc = copy.deepcopy(sample)
    doc["run"].update({"replications": 20, "replications_done": 20, "replication": 0})
    doc["aggregate"] = {"replications": 20, "measures": [
        {"name": "drill_time_below_critical_fuel_seconds", "measure": "time_below_critical_fuel", "labels": {},
         "unit": "s", "display_unit": "h", "scale": 1 / 3600, "mean": 32760.0, "stddev": 4320.0,
         "ci95": [30600.0, 34920.0], "values": [32400.0 + 360 * ((7 * i) % 11 - 5) for i in range(20)]},
        {"name": "drill_sorties_flown_total", "measure": "sorties_flown", "labels": {}, "unit": "",
         "mean": 48.2, "stddev": 1.9, "ci95": [47.3, 49.1], "values": [47 + (i % 5) * 0.6 for i in range(20)]}]}
    page = write_report(args.tool, doc, args.work, "replications")
    state = open_and_keep("file://" + page, args.work, "replications")
    check_page(state, doc)
    check(state.get("replicationsShown") is True, "the replications section is shown")
    check(state.get("replicationRows") == 2, "one replications row per aggregate measure")


def case_no_network(args, sample):
    doc = copy.deepcopy(sample)
    doc["network"] = None
    doc["series"] = []
    doc["run"]["calendar_start"] = None
    page = write_report(args.tool, doc, args.work, "no_network")
    state = open_and_keep("file://" + page, args.work, "no_network")
    check_page(state, doc)
    check(state.get("networkNone") is True and state.get("links") == "0", "a drill without comms says so")


def case_escaping(args, sample):
    doc = copy.deepcopy(sample)
    evil = "</script><script>window.injected = 1</script><!--<script>"
    doc["run"]["drill"] = "drill " + evil
    doc["units"][1]["name"] = "argyll " + evil
    doc["plan"]["tasks"][0]["reasons"].append(evil)
    page = write_report(args.tool, doc, args.work, "escaping")

    async def injected(devtools):
        return {"injected": await devtools.evaluate("window.injected === undefined ? null : window.injected")}

    state = open_and_keep("file://" + page, args.work, "escaping", actions=injected)
    check_page(state, doc)
    check(state.get("injected") is None, "no script in the data ran")
    check(state.get("title", "").startswith("drill </script>"), "the name with markup is shown as text: %r" % state.get("title"))


def case_large(args, _sample):
    doc = synthetic_dashboard.build(100000, 512)
    page = write_report(args.tool, doc, args.work, "large")
    state = open_and_keep("file://" + page, args.work, "large")
    check_page(state, doc)
    check(0 < int(state.get("visibleBars") or 0) < 100000, "only the rows in view are drawn (%s bars)" % state.get("visibleBars"))


def case_live(args, sample):
    assets = os.path.join(args.work, "assets")
    subprocess.run([args.tool, "assets", assets], check=True, timeout=60)
    doc = copy.deepcopy(sample)
    doc["run"].update({"status": "running", "now_us": 48 * 3600 * 10**6, "fingerprint": None})
    files = {}
    for root, _dirs, names in os.walk(assets):
        for name in names:
            path = os.path.join(root, name)
            url = "/" + os.path.relpath(path, assets)
            with open(path, "rb") as f:
                files["/" if url == "/index.html" else url] = f.read()
    subscriptions = []
    rows, series_count = len(doc["activities"]), len(doc["series"])
    kept_from = 5
    t = doc["run"]["now_us"]

    # The update leaves rows out: from row id `rows + 1` on they are the
    # timeline's, two pages of one row each.
    timeline_asked = []
    left_out = {rows + 1: [rows + 1, 2, 3, t, None, None], rows + 2: [rows + 2, 0, 0, t, t + 60 * 10**6, "firth"]}

    async def process_request(path, _headers):
        if path == "/ws":
            return None
        if path.startswith("/api/timeline?"):
            timeline_asked.append(path)
            query = dict(part.split("=") for part in path.split("?", 1)[1].split("&"))
            since = int(query["since"])
            page = [left_out[i] for i in sorted(left_out) if i >= since][:1]
            following = [i for i in sorted(left_out) if i > page[0][0]] if page else []
            answer = {"activities": page, "next": following[0] if following else None}
            return http.HTTPStatus.OK, [("Content-Type", "application/json")], json.dumps(answer).encode()
        if path == "/api/dashboard":
            return http.HTTPStatus.OK, [("Content-Type", "application/json")], json.dumps(doc).encode()
        if path in files:
            kind = "text/html" if path == "/" else "text/css" if path.endswith(".css") else "text/javascript"
            return http.HTTPStatus.OK, [("Content-Type", kind)], files[path]
        return http.HTTPStatus.NOT_FOUND, [], b"not found"

    async def answer_socket(socket, _path=None):
        subscriptions.append(json.loads(await socket.recv()))
        # A server that keeps only its latest rows: the snapshot starts at
        # row id `kept_from` (first_activity); updates use the same ids.
        trimmed = dict(doc, activities=doc["activities"][kept_from:], first_activity=kept_from)
        await socket.send(json.dumps({"type": "snapshot", "dashboard": trimmed}))
        await socket.send(json.dumps({
            "type": "update", "run": {"now_us": t + 3600 * 10**6, "events": 3000},
            "activities": [[rows, 1, 2, t, None, "tidespring"],
                           [kept_from] + doc["activities"][kept_from][:3] + [t, None],
                           [kept_from - 1] + doc["activities"][kept_from - 1]],
            "activities_next": rows + 1,
            "series": [{"id": 0, "points": [[t + 3600 * 10**6, 900.0]]},
                       {"id": series_count, "metric": "drill_new_gauge", "measure": "new_gauge", "unit": "",
                        "labels": {"unit": "argyll"}, "points": [[t, 1.0]]}],
            "tracks": [{"unit": 0, "points": [[t + 3600 * 10**6, 66.5, 7.7]]}],
            "network": {"links": [{"name": "fleet_satcom", "down": [[27 * 3600 * 10**6, 30 * 3600 * 10**6], [t, None]]}]}}))
        await socket.send(json.dumps({"type": "end", "run": {"status": "completed", "now_us": t + 3600 * 10**6}}))
        await socket.wait_closed()

    import websockets
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder = {}

    def serve():
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(websockets.serve(answer_socket, "127.0.0.1", 0, process_request=process_request))
        holder["port"] = server.sockets[0].getsockname()[1]
        holder["server"] = server
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    async def rows_held(devtools):
        return {"rowsHeld": await devtools.evaluate("window.drillReportPage.model.doc.activities.length"),
                "firstRowEnd": await devtools.evaluate("window.drillReportPage.model.doc.activities[0][3]")}

    try:
        state = open_and_keep("http://127.0.0.1:%d/" % holder["port"], args.work, "live", actions=rows_held,
                              settle=lambda s: int(s.get("updates") or 0) >= 3 and s.get("bars") == str(rows - kept_from + 3)
                              and s.get("downPeriods") == "4" and s.get("sliderMax") == doc["run"]["horizon_us"]
                              and s.get("sliderValue") == s.get("sliderMax"))
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    check(state.get("source") == "live", "the served page is the live page")
    check(subscriptions == [{"subscribe": {"metrics": ["*"], "timeline": True, "tracks": True}}],
          "the page subscribes to every metric, the timeline and the tracks: %s" % subscriptions)
    check(timeline_asked == ["/api/timeline?since=%d&limit=10000" % (rows + 1), "/api/timeline?since=%d&limit=10000" % (rows + 2)],
          "the rows the update left out are read from its cursor, page by page: %s" % timeline_asked)
    check(state.get("rowsHeld") == rows - kept_from + 3 and state.get("firstRowEnd") == t,
          "row ids count from first_activity: %s rows held, the first ended at %s" % (state.get("rowsHeld"), state.get("firstRowEnd")))
    check(int(state.get("updates") or 0) >= 3, "snapshot, update and end applied (data-updates %s)" % state.get("updates"))
    grown = copy.deepcopy(doc)
    grown["activities"] = grown["activities"][kept_from:] + [[1, 2, t, None, "tidespring"], [2, 3, t, None, None],
                                                             [0, 0, t, t + 60 * 10**6, "firth"]]
    grown["series"].append({})
    check_page(state, grown)
    check(state.get("sliderMax") == doc["run"]["horizon_us"] and state.get("sliderValue") == state.get("sliderMax"),
          "the map's time followed the run to its end (%s of %s)" % (state.get("sliderValue"), state.get("sliderMax")))
    # fleet_satcom's one period becomes two; tg1_uhf keeps its two.
    check(state.get("downPeriods") == "4", "the update's down periods replace the link's (%s)" % state.get("downPeriods"))


def case_document(args, _sample):
    """Any dashboard document (--document), e.g. one a run wrote: entries that
    are neither ships nor aircraft (network nodes) may have no place."""
    with open(args.document) as f:
        doc = json.load(f)
    page = write_report(args.tool, doc, args.work, "document")
    state = open_and_keep("file://" + page, args.work, "document")
    check_page(state, doc, units_placed=sum(1 for u in doc["units"] if u.get("kind") in ("ship", "aircraft")))


def embedded_document(page):
    """The dashboard document report.html embeds (JSON.parse reads its "<\\/"
    and "\\u003c!--" escapes as "</" and "<!--"; so does Python's json)."""
    with open(page, encoding="utf-8") as f:
        html = f.read()
    start_tag = '<script id="dashboard-data" type="application/json">'
    start = html.index(start_tag) + len(start_tag)
    return json.loads(html[start:html.index("</script>", start)])


def case_result_set(args, _sample):
    """A result set a run writes (--drillsim, --drill, --run-arg ...): its
    report.html opened from file:// as it is, counts checked against the
    document it embeds."""
    out = os.path.join(args.work, "out")
    command = [args.drillsim, "run", args.drill, "--quiet", "--out", out] + (args.run_arg or [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    check(done.returncode == 0, "%s exits 0 (%d: %s)" % (" ".join(command), done.returncode, done.stderr.strip()))
    page = os.path.join(out, "report.html")
    doc = embedded_document(page)
    if "--replications" in (args.run_arg or []):
        check(doc.get("aggregate") is not None and doc["aggregate"]["replications"] > 1,
              "a replication set's report has the aggregate")
    state = open_and_keep("file://" + os.path.abspath(page), args.work, "result_set")
    check_page(state, doc, units_placed=sum(1 for u in doc["units"] if u.get("kind") in ("ship", "aircraft")))
    if doc.get("aggregate"):
        check(state.get("replicationRows") == len(doc["aggregate"]["measures"]),
              "one replications row per aggregate measure (%s)" % state.get("replicationRows"))


def case_served(args, _sample):
    """The live page of `drillsim run --serve` itself (--drillsim, --drill),
    paced to last several seconds and guarded by a token that the page
    carries from its URL: it draws the plan, the units and the map from the
    served document and its timeline grows with the pushed updates."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "server"))
    from live_run import LiveRun  # noqa: E402
    # About 16 s of wall time, and served on after the end (--stay), so a
    # browser slow to start on a loaded machine still finds it.
    run = LiveRun([args.drillsim, "run", args.drill, "--replication", "0", "-q", "--serve", "0",
                   "--pace", "27000x", "--stay", "--token", "page-token"])
    try:
        # Settled once the page has drawn and applied a few pushed updates.
        async def measures_now(devtools):
            # One evaluation: the run's status and the cards drawn at that moment.
            now = json.loads(await devtools.evaluate(
                "JSON.stringify({status: window.drillReportPage.model.doc.run.status,"
                " measures: window.drillReportPage.model.doc.measures.length,"
                " cards: document.querySelectorAll('#measures .measure').length})"))
            # The cards show the measures the page holds now (those of the
            # latest update that changed them): asked again for up to 2 s, as
            # an update may have come in since the last frame.
            for _ in range(20):
                same = await devtools.evaluate(
                    "(() => { const shown = [...document.querySelectorAll('#measures .measure .value')]"
                    ".map(e => e.textContent); const held = window.drillReportPage.model.doc.measures"
                    ".filter(m => !Object.keys(m.labels || {}).length).map(m => m.display);"
                    " return shown.length > 0 && JSON.stringify(shown) === JSON.stringify(held); })()")
                if same:
                    break
                await asyncio.sleep(0.1)
            return {"runStatus": now["status"], "measuresHeld": now["measures"], "measureCards": now["cards"],
                    "cardsShowHeld": same}

        state = open_and_keep(run.url + "#token=page-token", args.work, "served", actions=measures_now,
                              settle=lambda st: st.get("drawn") == "1" and int(st.get("updates") or 0) >= 3)
        check(state.get("source") == "live", "the page reads the live source")
        check(state.get("drawn") == "1" and not state.get("error") and not state.get("problems"),
              "drawn with no page error or console problem (%s %s)" % (state.get("error"), state.get("problems")))
        check(int(state.get("updates") or 0) >= 3, "%s updates applied while the run went on" % state.get("updates"))
        check(int(state.get("bars") or 0) > 0, "the timeline has %s bars from the pushed rows" % state.get("bars"))
        check(state.get("taskRows") == 8, "the plan's 8 tasks are listed (%s)" % state.get("taskRows"))
        check(int(state.get("markers") or 0) == 32, "the 32 units are on the map (%s)" % state.get("markers"))
        check(state.get("runStatus") in ("running", "paused") and int(state.get("measureCards") or 0) > 0
              and int(state.get("measuresHeld") or 0) > 0,
              "headline measure cards are drawn before the run's end (%s cards of %s measures, status %s)"
              % (state.get("measureCards"), state.get("measuresHeld"), state.get("runStatus")))
        check(state.get("cardsShowHeld") is True, "the measure cards show the measures the page holds now")
    finally:
        run.interrupt()


CASES = {"document": case_document, "result_set": case_result_set, "served": case_served, "sample": case_sample, "replications": case_replications, "no_network": case_no_network,
         "escaping": case_escaping, "large": case_large, "live": case_live}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--tool", required=True)
    parser.add_argument("--sample", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--document", help="the dashboard document of the `document` case")
    parser.add_argument("--drillsim", help="the program of the `result_set` case")
    parser.add_argument("--drill", help="the drill file of the `result_set` case")
    parser.add_argument("--run-arg", action="append", help="an argument of `drillsim run` (repeatable)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    if not chromium_page.find_chromium():
        print("FAIL  chromium is not installed (Debian package chromium); the browser tests need it")
        return 1
    with open(args.sample) as f:
        sample = json.load(f)
    try:
        CASES[args.case](args, sample)
    except Exception as error:  # a browser that cannot start, a timeout: a failure with its reason
        failures.append(repr(error))
        print("FAIL  %r" % error)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
