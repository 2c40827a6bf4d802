#!/usr/bin/python3
"""Writes a synthetic dashboard data document (report/dashboard-data.md) of a
given number of activity rows, for the report page's large-scale test and
benchmark: ships and aircraft in equal numbers, each with a steady cycle of
transit, on station and refuelling rows over a 30-day horizon, ship tracks
and fuel series (within the contract's 2,000-point bounds), and a small comms
network with down periods. Deterministic: the same arguments give the same
bytes.

    synthetic_dashboard.py OUT.json [--rows 100000] [--units 512] [--points 200]
"""
import argparse
import json
import math

H = 3_600_000_000


def build(rows_wanted, unit_count, samples=200):
    horizon = 30 * 24 * H
    kinds = ["transit", "on_station", "refuelling", "waiting_for_resource", "maintenance", "replenishment_at_sea"]
    units = []
    for i in range(unit_count):
        if i % 2 == 0:
            units.append({"name": "ship-%d" % (i // 2 + 1), "kind": "ship", "class": "frigate",
                          "group": "tg%d" % (i // 32 + 1), "base": None})
        else:
            units.append({"name": "sqn%d-%d" % (i // 24 + 1, i // 2 + 1), "kind": "aircraft", "class": "helicopter",
                          "group": "sqn%d" % (i // 24 + 1), "base": "base%d" % (i % 4 + 1)})
    base_rows, extra = divmod(rows_wanted, unit_count)
    tasks = [{"name": "task%d" % k, "phase": "ops", "kind": "air_coverage", "participants": ["sqn%d" % (k + 1)],
              "location": "box%d" % k, "position": [60 + k * 0.5, 2 + k], "earliest_start_us": k * 24 * H,
              "deadline_us": (k + 10) * 24 * H, "outcome": ["on_time", "late", "not_done", "pending"][k % 4],
              "reasons": [] if k % 4 == 0 else ["synthetic reason %d" % k]} for k in range(12)]
    activities = []
    for u in range(unit_count):
        per_unit = base_rows + (1 if u < extra else 0)
        cycle = horizon // max(1, per_unit)
        for j in range(per_unit):
            start = j * cycle + (u * 7919 % max(1, cycle // 4))
            kind = j % 3 if j % 17 else 3 + (u + j) % 3
            length = max(1, cycle * (2 if kind == 1 else 1) // 3)
            related = tasks[(u + j) % len(tasks)]["name"] if kind == 1 else None
            activities.append([u, kind, start, start + length, related])
    activities.sort(key=lambda r: (r[2], r[0], r[1]))
    tracks, series = [], []
    step = horizon // (samples - 1)
    for u in range(0, unit_count, 2):
        lat0, lon0 = 58 + (u % 20) * 0.4, -4 + (u // 20) * 0.6
        points = [[t * step, round(lat0 + 2 * math.sin(t / 30 + u), 4), round(lon0 + 3 * math.cos(t / 40 + u), 4)]
                  for t in range(samples)]
        tracks.append({"unit": u, "points": points})
        series.append({"metric": "drill_fuel_on_board_tonnes", "measure": "fuel_on_board", "unit": "t",
                       "kind": "gauge", "help": "Fuel on board per ship", "labels": {"unit": units[u]["name"]},
                       "points": [[t * step, round(400 - (t % 50) * 5.0, 1)] for t in range(samples)],
                       "reference": {"critical": 120.0}})
    return {
        "format": "drillsim-dashboard", "version": 1,
        "run": {"drill": "Synthetic %d rows" % len(activities), "tool_version": "0.1.0", "config_sha256": "0" * 64,
                "seed": "1", "replication": 0, "replications": 1, "replications_done": 1, "status": "completed",
                "horizon_us": horizon, "now_us": horizon, "calendar_start": None, "events": len(activities) * 3,
                "fingerprint": "0000000000000000", "pace": None, "sample_every_us": step},
        "measures": [{"name": "drill_activity_rows", "measure": "activity_rows", "labels": {}, "statistic": "value",
                      "value": len(activities), "display": str(len(activities)), "unit": ""}],
        "plan": {"phases": [{"name": "transit", "start_us": 0, "end_us": 5 * 24 * H},
                            {"name": "ops", "start_us": 5 * 24 * H, "end_us": horizon}], "tasks": tasks},
        "geography": {"points": [{"name": "base%d" % (k + 1), "kind": "airfield", "position": [57 + k, -6 + 2 * k]}
                                 for k in range(4)],
                      "areas": [{"name": "box%d" % k, "shape": "circle", "centre": [60 + k * 0.5, 2 + k], "radius_nm": 10}
                                for k in range(12)],
                      "routes": []},
        "units": units, "activity_kinds": kinds, "activities": activities, "tracks": tracks, "series": series,
        "network": {"nodes": [{"name": "hq", "unit": None, "groups": []}],
                    "links": [{"name": "satcom%d" % k, "kind": "satellite", "nodes": ["hq"], "bandwidth_bps": 64000,
                               "latency_us": 250000, "down": [[k * 24 * H, k * 24 * H + 2 * H]], "utilisation": 0.05}
                              for k in range(4)]},
        "aggregate": None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--units", type=int, default=512)
    parser.add_argument("--points", type=int, default=200, help="points of each ship's track and fuel series")
    args = parser.parse_args()
    with open(args.out, "w") as f:
        json.dump(build(args.rows, args.units, args.points), f, separators=(",", ":"))


if __name__ == "__main__":
    main()
