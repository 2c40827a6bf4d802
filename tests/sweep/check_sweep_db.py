#!/usr/bin/python3
"""An independent reader of a sweep's result folder (Python's standard
library only: sqlite3, json, csv, hashlib; none of drillsim's code).

    check_sweep_db.py OUT_DIR

OUT_DIR is what `drillsim sweep ... --per-run --out OUT_DIR` writes:
  sweep.db        the database (configs/README.md, "sweep.db")
  aggregate.csv   the aggregate for spreadsheets
  manifest.json   the files of the set with their sizes and SHA-256
  runs/pPPPP-rRRRR.summary.json
                  the summary.json `drillsim run` writes, one per run (point
                  and replication zero-padded to four digits)

It checks:
  * every runs row against its summary.json: seed, fingerprint, events,
    replication and status as the summary's manifest has them;
  * every results row against the series of that summary with the same
    measure name and labels: the headline statistic the series row names
    (value: the series' value; mean: its mean; per_day: its value over the
    days of the statistics span, from the summary's time_us and since_us,
    computed in the order io/headline.cpp does, so the numbers agree to the
    bit), and that every series of the summary has a results row; that
    per_day is only a counter's and mean never a counter's or gauge's;
  * no summary file without a runs row;
  * the aggregate table against its own recomputation from the results:
    n, mean, sample standard deviation, min, max and the 95 % interval
    mean -+ t(0.975, n-1) sd / sqrt(n) (Student's t computed here from the
    closed form of its distribution for whole degrees of freedom); sd and
    the interval NULL for a point of one run;
  * aggregate.csv, when its header names the point, the series and the
    figures, against the aggregate table (to the digits the CSV prints);
  * manifest.json's sizes and checksums of the files it lists, and that it
    lists sweep.db and aggregate.csv.
Prints one line per failure and a count of what it checked; exit status 1
if anything failed, 2 on bad usage.
"""
import csv
import decimal
import hashlib
import json
import math
import os
import sqlite3
import sys

# ---------------------------------------------------------------- Student t


def t_two_sided_probability(t, df):
    """P(|T| < t) for Student's t with a whole number df of degrees of
    freedom: the finite sums in theta = atan(t / sqrt(df)) (odd df: a sum of
    odd powers of cos theta with theta; even df: of even powers)."""
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2 == 1:
        term, total = math.cos(theta), 0.0
        if df > 1:
            total = term
            for k in range(1, (df - 3) // 2 + 1):
                term *= c2 * (2 * k) / (2 * k + 1)
                total += term
        return 2.0 / math.pi * (theta + math.sin(theta) * total)
    term, total = 1.0, 1.0
    for k in range(1, (df - 2) // 2 + 1):
        term *= c2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


def student_t_975(df):
    """The 97.5 % quantile of Student's t (two-sided 95 %), by bisection."""
    if df <= 0:
        return math.inf
    lo, hi = 0.0, 20.0
    while t_two_sided_probability(hi, df) < 0.95:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if t_two_sided_probability(mid, df) < 0.95:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ---------------------------------------------------------------- helpers


class Checker:
    def __init__(self):
        self.failures = []
        self.counts = {}

    def fail(self, what):
        self.failures.append(what)

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n


def number(v):
    """A JSON number as protobuf's JSON writes it ("NaN", "Infinity" and
    64-bit integers are strings)."""
    if isinstance(v, str):
        return float(v)
    return float(v)


def same(a, b):
    """Equal doubles; NULL (SQLite's NaN) equals NaN."""
    if a is None or b is None:
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b


def close(a, b, rel=1e-9, scale=0.0):
    if a is None or b is None:
        return a is None and b is None
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b), scale)


def series_text(measure, labels):
    """`measure` or `measure{labels}`, as drillsim names a series."""
    return f"{measure}{{{labels}}}" if labels else measure


def labels_text(labels):
    return ",".join(f"{l['name']}={l['value']}" for l in labels)


def headline(entry, statistic, summary):
    """The number a run gives of a summary series, as io/headline.cpp
    computes it from the final snapshot."""
    if statistic == "value":
        return number(entry["value"])
    if statistic == "mean":
        return number(entry["mean"])
    if statistic == "per_day":
        ticks = int(summary["time_us"]) - int(summary["since_us"])
        days = float(ticks) / 1e6 / 3600.0 / 24.0
        return number(entry["value"]) / days if days > 0 else 0.0
    raise ValueError(f"unknown statistic {statistic}")


# ---------------------------------------------------------------- checks


def check_runs(db, out, c):
    series = {
        sid: (measure, labels, statistic)
        for sid, measure, labels, statistic in db.execute("SELECT series_id, measure, labels, statistic FROM series")
    }
    results = {}
    for run_id, sid, value in db.execute("SELECT run_id, series_id, value FROM results ORDER BY run_id"):
        results.setdefault(run_id, []).append((sid, value))
    runs_dir = os.path.join(out, "runs")
    expected_files = set()
    for run_id, point, rep, seed, fingerprint, events, status in db.execute(
        "SELECT run_id, point_id, replication, seed, fingerprint, events, status FROM runs ORDER BY run_id"
    ):
        name = f"p{point:04d}-r{rep:04d}.summary.json"
        expected_files.add(name)
        where = f"run {run_id} (point {point}, replication {rep}, {name})"
        path = os.path.join(runs_dir, name)
        if not os.path.exists(path):
            c.fail(f"{where}: no summary file")
            continue
        with open(path, encoding="utf-8") as f:
            summary = json.load(f)
        c.count("runs")
        m = summary.get("manifest", {})
        if str(m.get("seed")) != seed:
            c.fail(f"{where}: seed {seed!r} in sweep.db, {m.get('seed')!r} in the summary")
        if m.get("fingerprint") != fingerprint:
            c.fail(f"{where}: fingerprint {fingerprint} in sweep.db, {m.get('fingerprint')} in the summary")
        if int(m.get("events", -1)) != events:
            c.fail(f"{where}: {events} events in sweep.db, {m.get('events')} in the summary")
        if int(m.get("replication", -1)) != rep:
            c.fail(f"{where}: the summary is of replication {m.get('replication')}")
        summary_status = {"RUN_STATUS_COMPLETED": "completed", "RUN_STATUS_STOPPED": "stopped"}.get(m.get("status"))
        if summary_status != status:
            c.fail(f"{where}: status {status} in sweep.db, {m.get('status')} in the summary")
        if len(fingerprint) != 16 or any(ch not in "0123456789abcdef" for ch in fingerprint):
            c.fail(f"{where}: fingerprint {fingerprint!r} is not 16 hex digits")

        entries = {}
        for e in summary.get("measures", []):
            key = (e["measure"], labels_text(e["labels"]))
            if key in entries:
                c.fail(f"{where}: the summary has series {key} twice")
            entries[key] = e
        seen = set()
        for sid, value in results.get(run_id, []):
            measure, labels, statistic = series[sid]
            key = (measure, labels)
            text = series_text(measure, labels)
            if key in seen:
                c.fail(f"{where}: series {text} has two results rows")
            seen.add(key)
            e = entries.get(key)
            if e is None:
                c.fail(f"{where}: series {text} is not in the summary")
                continue
            kind = e.get("kind", "")
            if statistic == "per_day" and kind != "METRIC_KIND_COUNTER":
                c.fail(f"{where}: series {text} is per_day but a {kind}")
            if statistic == "mean" and kind in ("METRIC_KIND_COUNTER", "METRIC_KIND_GAUGE"):
                c.fail(f"{where}: series {text} is a {kind} but its statistic is mean")
            want = headline(e, statistic, summary)
            if not same(value, want):
                c.fail(f"{where}: series {text} ({statistic}): {value!r} in sweep.db, {want!r} from the summary")
            c.count("results")
        for key in entries.keys() - seen:
            c.fail(f"{where}: summary series {series_text(*key)} has no results row")
    if os.path.isdir(runs_dir):
        for name in sorted(set(os.listdir(runs_dir)) - expected_files):
            if name.endswith(".summary.json"):
                c.fail(f"runs/{name}: a summary without a run in sweep.db")
    elif expected_files:
        c.fail("no runs/ folder: write the sweep with --per-run")


def check_aggregate(db, c):
    values = {}
    for point, sid, value in db.execute(
        "SELECT runs.point_id, results.series_id, results.value FROM results JOIN runs USING (run_id)"
    ):
        values.setdefault((point, sid), []).append(value)
    t_cache = {}
    for point, sid, n, mean, sd, lo, hi, mn, mx, measure, labels in db.execute(
        "SELECT point_id, series_id, n, mean, sd, ci_low, ci_high, min, max, measure, labels"
        " FROM aggregate JOIN series USING (series_id) ORDER BY point_id, series_id"
    ):
        where = f"aggregate of point {point}, {series_text(measure, labels)}"
        xs = values.get((point, sid), [])
        c.count("aggregate rows")
        if n != len(xs):
            c.fail(f"{where}: n = {n}, the point has {len(xs)} results of it")
            continue
        if n == 0:
            continue
        if any(x is None for x in xs):
            if mean is not None:
                c.fail(f"{where}: a result is not a number, the mean is {mean}")
            continue
        m = math.fsum(xs) / n
        # One result has no spread and no interval: NULL.
        s = math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (n - 1)) if n > 1 else None
        scale = max(abs(x) for x in xs)
        if not close(mean, m, 1e-12, scale):
            c.fail(f"{where}: mean {mean!r}, recomputed {m!r}")
        if not close(sd, s, 1e-9, scale * 1e-6) if s is not None else sd is not None:
            c.fail(f"{where}: sd {sd!r}, recomputed {s!r}")
        if mn != min(xs) or mx != max(xs):
            c.fail(f"{where}: min/max {mn!r}/{mx!r}, the results' {min(xs)!r}/{max(xs)!r}")
        if n > 1:
            t = t_cache.setdefault(n - 1, student_t_975(n - 1))
            half = t * s / math.sqrt(n)
            lo_want, hi_want = m - half, m + half
        else:
            lo_want = hi_want = None
        if not close(lo, lo_want, 1e-9, scale) or not close(hi, hi_want, 1e-9, scale):
            c.fail(f"{where}: interval [{lo!r}, {hi!r}], recomputed [{lo_want!r}, {hi_want!r}]")


def check_aggregate_csv(db, out, c):
    path = os.path.join(out, "aggregate.csv")
    if not os.path.exists(path):
        c.fail("no aggregate.csv")
        return
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        if db.execute("SELECT count(*) FROM aggregate").fetchone()[0]:
            c.fail("aggregate.csv has no rows, the aggregate table has some")
        return
    header = rows[0].keys()
    point_col = next((h for h in ("point_id", "point") if h in header), None)
    figures = [h for h in ("n", "mean", "sd", "ci_low", "ci_high", "min", "max") if h in header]
    if point_col is None or "measure" not in header or "mean" not in figures:
        c.fail(f"aggregate.csv: header {list(header)} names no point_id, measure or mean to compare")
        return
    table = {}
    for row in db.execute(
        "SELECT point_id, measure, labels, n, mean, sd, ci_low, ci_high, min, max FROM aggregate JOIN series USING (series_id)"
    ):
        table[(row[0], row[1], row[2])] = dict(zip(("n", "mean", "sd", "ci_low", "ci_high", "min", "max"), row[3:]))
    seen = set()
    for i, row in enumerate(rows, start=2):
        key = (int(row[point_col]), row["measure"], row.get("labels", ""))
        where = f"aggregate.csv line {i} ({series_text(key[1], key[2])} of point {key[0]})"
        want = table.get(key)
        if want is None:
            c.fail(f"{where}: not in the aggregate table")
            continue
        seen.add(key)
        c.count("aggregate.csv rows")
        for h in figures:
            text = row[h].strip()
            if not csv_number_matches(text, want[h]):
                c.fail(f"{where}: {h} {text}, the table has {want[h]!r}")
    for key in table.keys() - seen:
        c.fail(f"aggregate.csv has no row of {series_text(key[1], key[2])} of point {key[0]}")


def csv_number_matches(text, want):
    """A CSV cell against the table's double: to the digits the cell
    prints (half a unit of its last digit; a cell in the shortest text that
    reads back as the same double must be that double). An empty cell or
    nan stands for NULL (SQLite's NaN)."""
    if text == "" or text.lower() in ("nan", "-nan", "null"):
        return want is None or (isinstance(want, float) and math.isnan(want))
    if want is None:
        return False
    try:
        cell = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return False
    if cell.is_infinite() or math.isinf(want):
        return float(cell) == want
    if float(cell) == want:
        return True
    exponent = cell.as_tuple().exponent
    return abs(cell - decimal.Decimal(want)) <= decimal.Decimal(5).scaleb(exponent - 1)


def check_manifest(out, c):
    path = os.path.join(out, "manifest.json")
    if not os.path.exists(path):
        c.fail("no manifest.json")
        return
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    listed = set()
    for entry in manifest.get("files", []):
        name = entry.get("name", "")
        listed.add(name)
        if "sha256" not in entry:
            continue  # the manifest itself
        file = os.path.join(out, name)
        if not os.path.exists(file):
            c.fail(f"manifest.json lists {name}, which is not there")
            continue
        data = open(file, "rb").read()
        if len(data) != entry.get("bytes"):
            c.fail(f"manifest.json: {name} has {len(data)} bytes, the manifest says {entry.get('bytes')}")
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            c.fail(f"manifest.json: the SHA-256 of {name} is not the manifest's")
        c.count("manifest files")
    for name in ("sweep.db", "aggregate.csv"):
        if name not in listed:
            c.fail(f"manifest.json does not list {name}")


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    db_path = os.path.join(out, "sweep.db")
    if not os.path.exists(db_path):
        print(f"FAIL: no {db_path}")
        return 1
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    c = Checker()
    check_runs(db, out, c)
    check_aggregate(db, c)
    check_aggregate_csv(db, out, c)
    check_manifest(out, c)
    for f in c.failures[:200]:
        print("FAIL:", f)
    if len(c.failures) > 200:
        print(f"FAIL: ... and {len(c.failures) - 200} more")
    counted = ", ".join(f"{n} {what}" for what, n in c.counts.items())
    print(f"checked {counted or 'nothing'}: {len(c.failures)} failures")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
