"""Reads a result set's report files with independent parsers and prints
what they hold as one JSON line: the dashboard document's counts (Python's
json), the timetable.ics events (Debian's python3-icalendar) and the
timetable.csv rows (Python's csv). A missing module is an error, never a
skip: the test that runs this fails.

usage: read_report.py RESULT_SET_DIR
"""
import csv
import json
import re
import sys

import icalendar  # python3-icalendar; must be installed


def main():
    folder = sys.argv[1]
    with open(folder + "/report.html", encoding="utf-8") as f:
        html = f.read()
    m = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)
    doc = json.loads(m.group(1))
    out = {
        "format": doc["format"],
        "activities": len(doc["activities"]),
        "open_activities": sum(1 for a in doc["activities"] if a[3] is None),
        # timetable.ics has an event for each of these (waits are not planned)
        "planned_activities": sum(1 for a in doc["activities"]
                                  if doc["activity_kinds"][a[1]] != "waiting_for_resource"),
        "units": len(doc["units"]),
        "ships": sum(1 for u in doc["units"] if u["kind"] == "ship"),
        "aircraft": sum(1 for u in doc["units"] if u["kind"] == "aircraft"),
        "tasks": {t["name"]: t["outcome"] for t in doc["plan"]["tasks"]},
        "series": len(doc["series"]),
        "max_series_points": max((len(s["points"]) for s in doc["series"]), default=0),
        "tracks": len(doc["tracks"]),
        "aggregate_replications": doc["aggregate"]["replications"] if doc["aggregate"] else None,
        "aggregate_values": min((len(m["values"]) for m in doc["aggregate"]["measures"]), default=0)
        if doc["aggregate"] else None,
    }
    try:
        with open(folder + "/timetable.ics", "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        events = cal.walk("VEVENT")
        out["vevents"] = len(events)
        out["uids_unique"] = len({str(e["UID"]) for e in events}) == len(events)
        out["all_utc"] = all(e.decoded("DTSTART").tzinfo is not None for e in events)
    except FileNotFoundError:
        out["vevents"] = None
    with open(folder + "/timetable.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out["csv_rows"] = len(rows)
    out["csv_open_rows"] = sum(1 for r in rows if r["until_run_end"] == "yes")
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
