#!/usr/bin/python3
"""check_sweep_db.py passes a sweep folder that is right and fails one with a
changed result, fingerprint, aggregate figure or CSV cell, or a missing
summary. The folder is made here from real `drillsim run` summaries (two
design points of configs/small.yaml, three replications each) and a
database whose schema drillsim wrote (write_sweep_db_sample's, emptied), so
the reader is tested on real summary.json files before a sweep writes one.

usage: check_sweep_db_test.py DRILLSIM SAMPLE_DB SOURCE_DIR WORK_DIR
"""
import csv
import hashlib
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import check_sweep_db  # noqa: E402

POINTS = [
    [],
    ["--set", "bases.airfields[name=lossie].maintenance_crews=1", "--warm-up", "6h"],
]
REPLICATIONS = 3
PER_DAY = {"sorties_per_aircraft"}


def statistic(entry):
    if entry["measure"] in PER_DAY:
        return "per_day"
    return "value" if entry["kind"] in ("METRIC_KIND_COUNTER", "METRIC_KIND_GAUGE") else "mean"


def make_folder(drillsim, sample_db, source, folder):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "runs"))
    db_path = os.path.join(folder, "sweep.db")
    shutil.copy(sample_db, db_path)
    db = sqlite3.connect(db_path)
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        db.execute(f"DELETE FROM {table} WHERE {'key != ' + repr('schema_version') if table == 'sweep' else '1'}")
    db.execute("INSERT INTO parameters VALUES (1, 'bases.airfields[name=lossie].maintenance_crews')")
    series_ids = {}
    run_id = 0
    for point, args in enumerate(POINTS):
        db.execute("INSERT INTO design_points VALUES (?, ?, 'grid')", (point, f"point {point}"))
        db.execute("INSERT INTO point_parameters VALUES (?, 1, ?, ?)", (point, str(2 - point), float(2 - point)))
        for rep in range(REPLICATIONS):
            run_dir = os.path.join(folder, "tmp-run")
            subprocess.run(
                [drillsim, "run", os.path.join(source, "configs/small.yaml"), "--replication", str(rep), "--quiet",
                 "--out", run_dir] + args,
                check=True,
            )
            name = f"p{point:04d}-r{rep:04d}.summary.json"
            target = os.path.join(folder, "runs", name)
            shutil.move(os.path.join(run_dir, "summary.json"), target)
            shutil.rmtree(run_dir)
            summary = json.load(open(target, encoding="utf-8"))
            m = summary["manifest"]
            db.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, 'completed')",
                (run_id, point, rep, str(m["seed"]), m["fingerprint"], int(m["events"])),
            )
            ids, values = [], []
            for e in summary["measures"]:
                key = (e["measure"], check_sweep_db.labels_text(e["labels"]), statistic(e))
                if key not in series_ids:
                    series_ids[key] = len(series_ids) + 1
                    db.execute("INSERT INTO series VALUES (?, ?, ?, ?, ?)", (series_ids[key], key[0], key[1], e["unit"], key[2]))
                ids.append(series_ids[key])
                value = check_sweep_db.headline(e, key[2], summary)
                values.append(None if math.isnan(value) else value)
            # A list of series per run (drillsim shares one among the runs
            # that have the same series; a reader must not care).
            for position, sid in enumerate(ids):
                db.execute("INSERT INTO series_lists VALUES (?, ?, ?)", (run_id + 1, position, sid))
            db.execute("INSERT INTO run_values VALUES (?, ?, ?)", (run_id, run_id + 1, json.dumps(values)))
            run_id += 1
    rows = []
    for (point, sid, measure, labels) in db.execute(
        "SELECT DISTINCT point_id, series_id, measure, labels FROM results JOIN runs USING (run_id)"
        " JOIN series USING (series_id) ORDER BY point_id, series_id"
    ).fetchall():
        xs = [v for (v,) in db.execute(
            "SELECT value FROM results JOIN runs USING (run_id) WHERE point_id = ? AND series_id = ?", (point, sid))]
        n = len(xs)
        mean = math.fsum(xs) / n
        sd = math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / (n - 1))
        half = check_sweep_db.student_t_975(n - 1) * sd / math.sqrt(n)
        row = (point, sid, n, mean, sd, mean - half, mean + half, min(xs), max(xs))
        db.execute("INSERT INTO aggregate VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        rows.append([point, measure, labels] + [repr(v) for v in row[2:]])
    db.commit()
    db.close()
    with open(os.path.join(folder, "aggregate.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["point_id", "measure", "labels", "n", "mean", "sd", "ci_low", "ci_high", "min", "max"])
        w.writerows(rows)
    files = [{"name": "manifest.json"}]
    for name in ["aggregate.csv", "sweep.db"] + [f"runs/{n}" for n in sorted(os.listdir(os.path.join(folder, "runs")))]:
        data = open(os.path.join(folder, name), "rb").read()
        files.append({"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    json.dump({"format": "drillsim.manifest", "files": files}, open(os.path.join(folder, "manifest.json"), "w"))


def check(folder):
    p = subprocess.run([sys.executable, os.path.join(here, "check_sweep_db.py"), folder], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    drillsim, sample_db, source, work = sys.argv[1:]
    good = os.path.join(work, "good")
    make_folder(drillsim, sample_db, source, good)
    failures = []
    rc, text = check(good)
    print(text, end="")
    if rc != 0 or "6 runs" not in text:
        failures.append(f"the right folder fails or checks no runs (exit {rc})")

    def db_change(sql):
        def change(folder):
            db = sqlite3.connect(os.path.join(folder, "sweep.db"))
            db.execute(sql)
            db.commit()
            db.close()
        return change

    def results_change(run_id, statistics, f):
        """Changes run `run_id`'s values of the series with one of these
        statistics to f(value) in its value array."""
        def change(folder):
            db = sqlite3.connect(os.path.join(folder, "sweep.db"))
            (list_id, text), = db.execute("SELECT list_id, value_array FROM run_values WHERE run_id = ?", (run_id,))
            values = json.loads(text)
            for position, stat in db.execute(
                "SELECT position, statistic FROM series_lists JOIN series USING (series_id) WHERE list_id = ?",
                (list_id,),
            ).fetchall():
                if stat in statistics and values[position] is not None:
                    values[position] = f(values[position])
            db.execute("UPDATE run_values SET value_array = ? WHERE run_id = ?", (json.dumps(values), run_id))
            db.commit()
            db.close()
        return change

    def remove_summary(folder):
        os.remove(os.path.join(folder, "runs", "p0001-r0002.summary.json"))

    def change_csv(folder):
        path = os.path.join(folder, "aggregate.csv")
        lines = open(path, encoding="utf-8").read().split("\n")
        cells = next(csv.reader([lines[5]]))
        cells[4] = repr(float(cells[4]) * 1.001 + 1)
        out = []
        csv.writer(_Lines(out)).writerow(cells)
        lines[5] = out[0].rstrip("\r\n")
        open(path, "w", encoding="utf-8").write("\n".join(lines))

    cases = {
        "a result": (db_change("UPDATE run_values SET value_array = json_set(value_array, '$[6]',"
                               " json_extract(value_array, '$[6]') + 0.5) WHERE run_id = 0"), "in sweep.db"),
        "a per-day result": (results_change(4, {"per_day"}, lambda v: v * 2 + 1), "(per_day)"),
        "a fingerprint": (db_change("UPDATE runs SET fingerprint = '0000000000000001' WHERE run_id = 3"), "fingerprint"),
        "an aggregate mean": (db_change("UPDATE aggregate SET mean = mean + 1 WHERE point_id = 1 AND series_id = 3"), "mean"),
        "an aggregate interval": (db_change("UPDATE aggregate SET ci_high = ci_high * 1.01 + 1"), "interval"),
        "a missing summary": (remove_summary, "no summary file"),
        "a CSV cell": (change_csv, "aggregate.csv line 6"),
    }
    for what, (change, message) in cases.items():
        folder = os.path.join(work, "bad")
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(good, folder)
        change(folder)
        rc, text = check(folder)
        if rc != 1 or message not in text:
            failures.append(f"{what}: exit {rc}, no '{message}' in:\n{text}")
        else:
            print(f"{what}: found ({text.splitlines()[0]})")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


class _Lines:
    def __init__(self, out):
        self.out = out

    def write(self, s):
        self.out.append(s)


if __name__ == "__main__":
    sys.exit(main())
