"""The live page (`/`) of `drillsim run --serve` in headless Chromium
(tests/report/page/chromium_page.py; a missing browser fails the test):
a set of replications served after its end shows what its report.html
shows (the units' rows, the map's units, the Replications section), and a
token-guarded server opened without `#token=` tells the reader how to open
it instead of showing a stack trace.

usage: serve_page_test.py DRILLSIM SOURCE_DIR WORK_DIR"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live_run import LiveRun, check, fresh_dir  # noqa: E402

drillsim, source, work = sys.argv[1:4]
sys.path.insert(0, os.path.join(source, "tests", "report", "page"))
from chromium_page import open_page  # noqa: E402

fresh_dir(work)
drill = os.path.join(source, "configs", "joint_drill.yaml")


def report_document(folder):
    with open(os.path.join(folder, "report.html"), encoding="utf-8") as f:
        html = f.read()
    tag = '<script id="dashboard-data" type="application/json">'
    start = html.index(tag) + len(tag)
    return json.loads(html[start:html.index("</script>", start)])


# A set of replications, served after its end.
out = os.path.join(work, "set")
run = LiveRun([drillsim, "run", drill, "--replications", "3", "--out", out, "-q", "--serve", "0", "--stay"])
run.wait_for_line("still serving", 60)
doc = report_document(out)
try:
    state = open_page(run.url, os.path.join(work, "set.png"), timeout=60,
                      settle=lambda s: s.get("replicationsShown") and int(s.get("bars") or 0) >= len(doc["activities"]))
finally:
    check(run.interrupt() == 0, "the set served with --stay exits 0 on Ctrl-C")
check(state.get("drawn") and not state.get("error") and not state.get("problems"),
      "the live page of a set draws without errors: %s %s" % (state.get("error"), state.get("problems")))
check(int(state.get("bars") or 0) == len(doc["activities"]),
      "its timeline has report.html's %d rows (%s)" % (len(doc["activities"]), state.get("bars")))
check(int(state.get("markers") or 0) > 0, "its map places the units (%s)" % state.get("markers"))
check(state.get("replicationsShown") and state.get("replicationRows", 0) > 0,
      "its Replications section is shown (%d rows)" % state.get("replicationRows", 0))

# A token-guarded server opened without the token.
run = LiveRun([drillsim, "run", drill, "--replication", "0", "-q", "--serve", "0", "--stay", "--token", "page-token"])
run.wait_for_line("still serving", 60)
try:
    state = open_page(run.url, os.path.join(work, "no_token.png"), timeout=30)
finally:
    check(run.interrupt() == 0, "the guarded run exits 0 on Ctrl-C")
error = state.get("error") or ""
check("#token=TOKEN" in error and "--token" in error, "without #token= the page says how to open it: " + error)
check(" at " not in error and ".js:" not in error, "and shows no stack trace")
print("all checks passed")
