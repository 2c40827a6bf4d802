#!/usr/bin/python3
"""A sweep.db as Python's own sqlite3 module sees it (not drillsim's code):
its tables and views, with their columns in order, are exactly those
configs/README.md documents in its "sweep.db" section; the schema version and
application id are set; foreign keys hold; and looking rows up by their run,
point (and in aggregate and warm_up, series) uses an index, in the view
results too (by its run), as documented.

usage: sweep_db_tables_test.py SWEEP.db configs/README.md
"""
import re
import sqlite3
import sys


def documented_tables(readme):
    """{name: [columns]} from the `name(col, ...)` bullets of the section."""
    text = open(readme, encoding="utf-8").read()
    start = text.index("## sweep.db")
    end = text.find("\n## ", start + 1)
    section = text[start : end if end != -1 else len(text)]
    tables = {}
    for m in re.finditer(r"^- `(\w+)\(([^)]*)\)`", section, re.M):
        tables[m.group(1)] = [c.strip() for c in m.group(2).split(",")]
    return tables


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    documented = documented_tables(sys.argv[2])
    check(len(documented) >= 12, f"the README documents only {sorted(documented)}")
    actual = {
        name: [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        )
    }
    for name in sorted(set(documented) | set(actual)):
        if name not in actual:
            check(False, f"documented table {name} is not in the database")
        elif name not in documented:
            check(False, f"table {name} is not documented")
        else:
            check(documented[name] == actual[name],
                  f"{name}: documented columns {documented[name]}, the database has {actual[name]}")

    check(db.execute("PRAGMA user_version").fetchone()[0] == 2, "PRAGMA user_version is not 2")
    check(db.execute("PRAGMA application_id").fetchone()[0] == 0x44525357, "PRAGMA application_id is not DRSW")
    check(db.execute("SELECT value FROM sweep WHERE key = 'schema_version'").fetchall() == [("2",)],
          "sweep has no schema_version 2")
    check(db.execute("PRAGMA foreign_key_check").fetchall() == [], "foreign keys do not hold")
    check(db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], "integrity check fails")
    for name in actual:
        if name in ("results_by_point",):
            continue
        check(db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] > 0, f"the sample leaves {name} empty")

    # Lookups by the columns that join the tables: an index (SEARCH), never
    # a scan.
    lookups = {
        "runs": ["run_id", "point_id"],
        "run_values": ["run_id"],
        "series_lists": ["list_id"],
        "design_points": ["point_id"],
        "point_parameters": ["point_id", "parameter_id"],
        "parameters": ["parameter_id", "path"],
        "series": ["series_id"],
        "samples": ["run_id"],
        "aggregate": ["point_id", "series_id"],
        "warm_up": ["point_id", "series_id"],
        "search": ["probe", "point_id"],
        "sweep": ["key"],
    }
    for table, columns in lookups.items():
        for column in columns:
            plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 1"))
            check(plan.startswith("SEARCH"), f"{table} by {column}: {plan}")
    # The view results finds a run's row by its key; by series it reads
    # every run's array, as documented.
    plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN SELECT * FROM results WHERE run_id = 1"))
    check(plan.startswith("SEARCH run_values"), f"results by run_id: {plan}")
    plan = " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN SELECT * FROM results WHERE series_id = 1"))
    check(plan.startswith("SCAN run_values"), f"results by series_id has an index the README does not mention: {plan}")

    for f in failures:
        print("FAIL:", f)
    print(f"{len(documented)} documented tables and views checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
