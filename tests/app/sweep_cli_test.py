"""`drillsim sweep` end to end: the example sweeps in configs/ run and their
result folders verify; the database and aggregate are the same for --jobs 1
and 2; more oilers mean fewer ship-hours below critical fuel; a sweep
stopped part way and resumed equals one never stopped; an interrupt keeps
what ran; the per-run summaries agree with sweep.db (an independent reader);
bad input gets the documented exit codes. Standard-library Python only.

usage: sweep_cli_test.py DRILLSIM SOURCE_DIR WORK_DIR CASE
"""
import csv
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

drillsim, source, work, case = sys.argv[1:5]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
configs = os.path.join(source, "configs")
oilers = os.path.join(configs, "oilers_sweep.yaml")
fewest = os.path.join(configs, "fewest_oilers_sweep.yaml")


def fail(what):
    print("FAILED:", what)
    sys.exit(1)


def sweep(*args, expect=0):
    r = subprocess.run([drillsim, "sweep", *args], capture_output=True, text=True, timeout=1200)
    if expect is not None and r.returncode != expect:
        fail(f"drillsim sweep {' '.join(args)}: exit {r.returncode}, expected {expect}\n{r.stdout}\n{r.stderr}")
    return r


def dump(db_path):
    """Every row of every table, in a fixed order (the content, not the file's bytes)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return list(db.iterdump())


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_bytes(path):
    if os.path.isdir(path):
        return {name: read_bytes(os.path.join(path, name)) for name in sorted(os.listdir(path))}
    with open(path, "rb") as f:
        return f.read()


def status(out):
    with sqlite3.connect(f"file:{os.path.join(out, 'sweep.db')}?mode=ro", uri=True) as db:
        return db.execute("SELECT value FROM sweep WHERE key = 'status'").fetchone()[0]


def check_examples_run_and_verify():
    examples = sorted(n for n in os.listdir(configs) if "sweep" in n and n.endswith(".yaml"))
    if len(examples) < 2:
        fail(f"configs/ has the grid and the search example sweeps: {examples}")
    for name in examples:
        out = os.path.join(work, name + ".out")
        r = sweep(os.path.join(configs, name), "--out", out, "--jobs", "2")
        for f in ("sweep.db", "aggregate.csv", "manifest.json"):
            if not os.path.isfile(os.path.join(out, f)):
                fail(f"{name}: no {f} in --out")
        v = subprocess.run([drillsim, "verify", out], capture_output=True, text=True)
        if v.returncode != 0:
            fail(f"{name}: drillsim verify: {v.stdout}{v.stderr}")
        if status(out) != "completed":
            fail(f"{name}: sweep.db status {status(out)!r}")
        last = r.stderr.strip().splitlines()[-1]
        if "runs" not in last or "wall time" not in last or "the runs' own time" not in last:
            fail(f"{name}: the last stderr line gives runs, wall time and the runs' own time: {last!r}")
        with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
            tables = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
            if name == "fewest_oilers_sweep.yaml":
                answer = db.execute("SELECT value FROM sweep WHERE key = 'search_answer'").fetchone()
                probes = db.execute("SELECT count(*) FROM search").fetchone()[0]
                if answer is None or probes == 0 or "answer:" not in r.stdout:
                    fail(f"{name}: the search's answer and probes are stored and printed: {r.stdout}")
        for t in ("sweep", "design_points", "runs", "results", "aggregate"):
            if t not in tables:
                fail(f"{name}: sweep.db has no table or view {t}: {sorted(tables)}")
        with open(os.path.join(out, "manifest.json")) as f:
            manifest = json.load(f)
        if manifest.get("status") != "completed" or manifest.get("replications") != runs:
            fail(f"{name}: manifest status/replications {manifest.get('status')}/{manifest.get('replications')}, {runs} runs")
        print(f"ok: {name}: {runs} runs, verified")
    # A listed sweep with a seed of its own: its points are `points`, and
    # the seed is recorded in sweep.db and the manifest.
    listed = os.path.join(work, "listed_sweep.yaml")
    with open(listed, "w") as f:
        f.write(f"drill: {os.path.join(configs, 'small.yaml')}\nseed: 11\ncommon_random_numbers: false\n"
                "points:\n  - {drill.seed: 1}\n  - {drill.seed: 2}\nreplications: 2\n")
    out = os.path.join(work, "listed")
    sweep(listed, "--out", out, "-q")
    with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
        origins = [o for (o,) in db.execute("SELECT origin FROM design_points ORDER BY point_id")]
        seed = db.execute("SELECT value FROM sweep WHERE key = 'seed'").fetchone()
    with open(os.path.join(out, "manifest.json")) as f:
        manifest_seed = json.load(f).get("seed")
    if origins != ["points", "points"] or seed != ("11",) or str(manifest_seed) != "11":
        fail(f"a listed sweep with seed 11: origins {origins}, sweep seed {seed}, manifest seed {manifest_seed}")
    print("ok: a listed sweep's points are `points`; its seed is in sweep.db and the manifest")


def check_jobs_1_and_2_are_identical():
    a, b = os.path.join(work, "j1"), os.path.join(work, "j2")
    sweep(oilers, "--out", a, "--jobs", "1", "-q")
    sweep(oilers, "--out", b, "--jobs", "2", "-q")
    if read(os.path.join(a, "aggregate.csv")) != read(os.path.join(b, "aggregate.csv")):
        fail("aggregate.csv differs between --jobs 1 and 2")
    if dump(os.path.join(a, "sweep.db")) != dump(os.path.join(b, "sweep.db")):
        fail("sweep.db content differs between --jobs 1 and 2")
    print("ok: sweep.db content and aggregate.csv are identical for --jobs 1 and 2")


def check_more_oilers_fewer_hours_below_critical_fuel():
    out = os.path.join(work, "oilers")
    sweep(oilers, "--out", out, "-q")
    with open(os.path.join(out, "aggregate.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["series"] == "time_below_critical_fuel"]
    count_path = next(k for k in rows[0] if "tidespring" in k and k.endswith(".count"))
    others = [k for k in rows[0] if k not in (count_path, "point_id", "label") and "." in k and "[" in k]
    groups = {}
    for r in rows:
        groups.setdefault(tuple(r[k] for k in others), []).append((int(r[count_path]), float(r["mean"])))
    for key, points in groups.items():
        points.sort()
        means = [m for _, m in points]
        if len(means) < 2 or any(later > earlier for earlier, later in zip(means, means[1:])) or means[-1] >= means[0]:
            fail(f"time_below_critical_fuel does not fall with more oilers at {key}: {points}")
        print(f"ok: {dict(zip(others, key))}: {points}")


def check_resume_equals_uninterrupted():
    whole, part = os.path.join(work, "whole"), os.path.join(work, "part")
    sweep(oilers, "--out", whole, "--jobs", "2", "-q")
    r = sweep(oilers, "--out", part, "--jobs", "2", "--stop-after", "3", expect=128 + signal.SIGINT)
    if "stopped" not in r.stderr or status(part) != "stopped":
        fail(f"a stopped sweep says so on stderr and in sweep.db: {r.stderr}")
    with open(os.path.join(part, "manifest.json")) as f:
        if json.load(f).get("status") != "stopped":
            fail("the stopped sweep's manifest says stopped")
    with sqlite3.connect(os.path.join(part, "sweep.db")) as db:
        stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    if stored != 3:
        fail(f"the stopped sweep kept {stored} runs, 3 expected")
    # Stopped again while its stored runs come back: the set it would
    # replace has more runs, and stays as it was (it once lost them).
    before = read_bytes(part)
    r = sweep(oilers, "--out", part, "--jobs", "2", "--resume", "--stop-after", "2", expect=128 + signal.SIGINT)
    if "read back (2 of 3)" not in r.stderr or read_bytes(part) != before:
        fail(f"a resume stopped among the stored runs leaves the folder as it was: {r.stderr}")
    r = sweep(oilers, "--out", part, "--jobs", "2", "--resume")
    if f"{stored} from the stopped sweep" not in r.stderr:
        fail(f"the resumed sweep replays the {stored} stored runs: {r.stderr}")
    if dump(os.path.join(whole, "sweep.db")) != dump(os.path.join(part, "sweep.db")):
        fail("the resumed sweep's database differs from the uninterrupted one's")
    if read(os.path.join(whole, "aggregate.csv")) != read(os.path.join(part, "aggregate.csv")):
        fail("the resumed sweep's aggregate.csv differs from the uninterrupted one's")
    # Resumed once more, it was not stopped: said so.
    r = sweep(oilers, "--out", part, "--resume")
    if "(0 simulated now, 18 from the completed sweep)" not in r.stderr:
        fail(f"a completed sweep resumed: {r.stderr}")
    if dump(os.path.join(whole, "sweep.db")) != dump(os.path.join(part, "sweep.db")):
        fail("a completed sweep resumed changed its database")
    print(f"ok: stopped after {stored} runs, resumed: identical database and aggregate")


def check_sigint_keeps_the_runs_so_far():
    # A long sweep of the small drill, interrupted once its database has
    # runs: at its first progress line, five seconds in (runs of tens of
    # microseconds: a million of them go on well past it).
    sweep_file = os.path.join(work, "long_sweep.yaml")
    with open(sweep_file, "w") as f:
        f.write(f"sweep: long\ndrill: {os.path.join(configs, 'small.yaml')}\n"
                "points:\n  - {\"naval.units[name=argyll].count\": 1}\nreplications: 1000000\n")
    out = os.path.join(work, "long")
    p = subprocess.Popen([drillsim, "sweep", sweep_file, "--out", out, "--jobs", "1"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600  # a safety net for a hung sweep, not a measure of speed
    while True:
        line = p.stderr.readline()
        if " runs, " in line and "per second" in line:
            break
        if p.poll() is not None or time.monotonic() > deadline:
            p.kill()
            fail(f"no progress line before the end: {line!r}")
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=600)
    if p.returncode != 128 + signal.SIGINT or "stopped by SIGINT" not in err:
        fail(f"exit {p.returncode}: {err}")
    if status(out) != "stopped":
        fail(f"sweep.db status {status(out)!r}")
    with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
        runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    if runs == 0:
        fail("no run kept")
    print(f"ok: SIGINT: exit 130, {runs} runs kept, status stopped")


def check_per_run_summaries_agree_with_the_database():
    out = os.path.join(work, "per_run")
    sweep(oilers, "--out", out, "--per-run", "-q")
    runs = os.listdir(os.path.join(out, "runs"))
    with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
        n = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    if len(runs) != n:
        fail(f"{len(runs)} per-run files for {n} runs")
    # Each file's fingerprint and events are its run's row.
    with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
        for name in runs:
            point, replication = int(name[1:5]), int(name[7:11])
            row = db.execute("SELECT fingerprint, events FROM runs WHERE point_id = ? AND replication = ?",
                             (point, replication)).fetchone()
            with open(os.path.join(out, "runs", name)) as f:
                manifest = json.load(f)["manifest"]
            if row is None or row[0] != manifest["fingerprint"] or int(row[1]) != int(manifest["events"]):
                fail(f"{name}: {manifest['fingerprint']}/{manifest['events']} against the runs row {row}")
    # Every result against the summaries, and the aggregate against the
    # results (tests/sweep/check_sweep_db.py).
    checker = os.path.join(source, "tests", "sweep", "check_sweep_db.py")
    r = subprocess.run(["/usr/bin/python3", checker, out], capture_output=True, text=True)
    print(r.stdout, r.stderr)
    if r.returncode != 0:
        fail("check_sweep_db.py found differences")
    v = subprocess.run([drillsim, "verify", out], capture_output=True, text=True)
    if v.returncode != 0:
        fail(f"drillsim verify: {v.stdout}{v.stderr}")
    # Made by this program, as `drillsim run`'s summary says.
    with open(os.path.join(out, "runs", sorted(runs)[0])) as f:
        made_by = json.load(f)["manifest"]
    if not made_by.get("tool_version") or not made_by.get("git_revision"):
        fail(f"a per-run summary names no tool version or revision: {made_by}")
    # Stopped and resumed, the stored runs keep their summaries (the
    # stopped sweep's); once they were missing from the resumed set.
    part = os.path.join(work, "per_run_part")
    sweep(oilers, "--out", part, "--per-run", "--stop-after", "5", "-q", expect=128 + signal.SIGINT)
    sweep(oilers, "--out", part, "--per-run", "--resume", "-q")
    if read_bytes(os.path.join(part, "runs")) != read_bytes(os.path.join(out, "runs")):
        fail("the resumed sweep's per-run summaries are not the uninterrupted sweep's")
    # A stopped sweep without them cannot give its stored runs any.
    bare = os.path.join(work, "per_run_bare")
    sweep(oilers, "--out", bare, "--stop-after", "5", "-q", expect=128 + signal.SIGINT)
    before = read_bytes(bare)
    r = sweep(oilers, "--out", bare, "--per-run", "--resume", "-q", expect=64)
    if "kept no per-run summaries" not in r.stderr or read_bytes(bare) != before:
        fail(f"--per-run on resuming a sweep that kept none: {r.stderr}")
    print(f"ok: {n} per-run summaries agree with sweep.db, and survive a stop and a resume")


def check_search_finds_the_answer_known_by_hand():
    # Tenders at anchor burn 24 t a day each: at most 4 stay below 100 t, at
    # least 5 go above it.
    data = os.path.join(source, "tests", "app", "data")
    out = os.path.join(work, "largest")
    r = sweep(os.path.join(data, "hotel_search_sweep.yaml"), "--out", out)
    if "answer: naval.units[name=tenders].count = 4 " not in r.stdout:
        fail(f"the largest count below 100 t is 4: {r.stdout}")
    smallest = os.path.join(work, "smallest_sweep.yaml")
    with open(os.path.join(data, "hotel_search_sweep.yaml")) as f:
        text = f.read().replace("find: largest", "find: smallest").replace("below: 100 t", "above: 100 t")
    with open(smallest, "w") as f:
        f.write(text.replace("drill: hotel_drill.yaml", "drill: " + os.path.join(data, "hotel_drill.yaml")))
    r = sweep(smallest, "--out", os.path.join(work, "smallest"))
    if "answer: naval.units[name=tenders].count = 5 " not in r.stdout:
        fail(f"the smallest count above 100 t is 5: {r.stdout}")
    with sqlite3.connect(os.path.join(out, "sweep.db")) as db:
        answer = db.execute("SELECT value FROM sweep WHERE key = 'search_answer'").fetchone()[0]
        probes = db.execute("SELECT value, mean, meets FROM search ORDER BY probe").fetchall()
    if answer != "4" or any(meets != (mean < 100) or mean != 24 * value for value, mean, meets in probes):
        fail(f"sweep.db's search rows: answer {answer}, probes {probes}")
    print(f"ok: largest below 100 t: 4, smallest above: 5; probes {probes}")


def check_bad_input_exit_codes():
    bad = os.path.join(work, "bad_sweep.yaml")
    with open(bad, "w") as f:
        f.write(f"sweep: bad\ndrill: {os.path.join(configs, 'small.yaml')}\nreplications: 2\nnot_a_key: 1\n")
    r = sweep(bad, expect=65)
    if f"{bad}:4:" not in r.stderr:
        fail(f"a bad sweep file's error names file:line: {r.stderr}")
    print("ok: bad sweep file: exit 65 with file:line")
    sweep(os.path.join(work, "missing.yaml"), expect=66)
    print("ok: missing sweep file: exit 66")
    # A missing drill is a missing file too; a sweep file or a drill where
    # the other is wanted is named as such.
    lost = os.path.join(work, "lost_drill_sweep.yaml")
    with open(lost, "w") as f:
        f.write(f"drill: {os.path.join(work, 'nowhere.yaml')}\nparameters: [{{path: drill.seed, values: [1]}}]\n"
                "replications: 1\n")
    sweep(lost, expect=66)
    nested = os.path.join(work, "nested_sweep.yaml")
    with open(nested, "w") as f:
        f.write(f"drill: {oilers}\nparameters: [{{path: drill.seed, values: [1]}}]\nreplications: 1\n")
    r = sweep(nested, expect=65)
    if "is a sweep file, not a drill" not in r.stderr:
        fail(f"a sweep file named as the drill: {r.stderr}")
    r = sweep(os.path.join(configs, "small.yaml"), expect=65)
    if "it is a drill: run it with `drillsim run" not in r.stderr:
        fail(f"a drill given to sweep: {r.stderr}")
    r = subprocess.run([drillsim, "run", oilers], capture_output=True, text=True)
    if r.returncode != 65 or "it is a sweep file: run it with `drillsim sweep" not in r.stderr:
        fail(f"a sweep file given to run: exit {r.returncode}: {r.stderr}")
    print("ok: missing drill: exit 66; a sweep file as the drill and a drill as the sweep file say so")
    # One key of the drill under two paths ([name=X] and [N]): the later
    # overwrote the earlier under its label. The sweep file is at fault.
    twice = os.path.join(work, "twice_sweep.yaml")
    with open(twice, "w") as f:
        f.write(f"drill: {os.path.join(configs, 'joint_drill.yaml')}\nparameters:\n"
                "  - path: naval.units[name=tidespring].count\n    values: [1, 2]\n"
                "  - path: naval.units[3].count\n    values: [1, 2]\nreplications: 1\n")
    r = sweep(twice, "--out", os.path.join(work, "twice"), expect=65)
    if (f"{twice}:5:11: error: parameters[1].path: 'naval.units[3].count' is the key "
            "'naval.units[name=tidespring].count' names" not in r.stderr
            or "the sweep file is not valid; nothing ran" not in r.stderr
            or os.path.exists(os.path.join(work, "twice"))):
        fail(f"a key varied under two paths: {r.stderr}")
    print("ok: a key varied under two paths: exit 65 at the second path")
    foreign = os.path.join(work, "foreign")
    os.makedirs(foreign)
    with open(os.path.join(foreign, "notes.txt"), "w") as f:
        f.write("mine\n")
    r = sweep(oilers, "--out", foreign, expect=73)
    if read(os.path.join(foreign, "notes.txt")) != "mine\n" or os.listdir(foreign) != ["notes.txt"]:
        fail("--out a foreign folder is left as it was")
    print("ok: --out a foreign folder: exit 73, untouched")
    sweep(oilers, "--resume", expect=64)
    print("ok: --resume without --out: exit 64")
    empty = os.path.join(work, "empty")
    os.makedirs(empty)
    sweep(oilers, "--out", empty, "--resume", expect=66)
    print("ok: --resume where there is no sweep.db: exit 66")
    done = os.path.join(work, "done")
    sweep(fewest, "--out", done, "-q")
    r = sweep(oilers, "--out", done, "--resume", expect=65)
    if "another sweep file" not in r.stderr:
        fail(f"--resume of another sweep file says so: {r.stderr}")
    print("ok: --resume of another sweep file's results: exit 65")
    # A stored run that cannot be read back is found as the resumed sweep
    # comes to it (the runs are read one at a time): bad input all the same,
    # and the stopped sweep's folder stays as it was.
    broken = os.path.join(work, "broken")
    sweep(oilers, "--out", broken, "--jobs", "2", "--stop-after", "3", expect=128 + signal.SIGINT)
    db_path = os.path.join(broken, "sweep.db")
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE run_values SET value_array = '[1e0,' WHERE run_id = 2")
    db.close()
    # The manifest made to match, as a sweep.db written so would have it
    # (the result folder refuses a file changed behind its manifest's back).
    manifest_path = os.path.join(broken, "manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    for entry in manifest["files"]:
        if entry["name"] == "sweep.db":
            entry["bytes"] = os.path.getsize(db_path)
            entry["sha256"] = hashlib.sha256(read_bytes(db_path)).hexdigest()
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    before = {name: read_bytes(os.path.join(broken, name)) for name in sorted(os.listdir(broken))}
    r = sweep(oilers, "--out", broken, "--jobs", "2", "--resume", expect=65)
    if "--resume" not in r.stderr or "run_values row of run 2" not in r.stderr or broken not in r.stderr:
        fail(f"--resume of a sweep with a broken stored run names the file and the run: {r.stderr}")
    after = {name: read_bytes(os.path.join(broken, name)) for name in sorted(os.listdir(broken))}
    if after != before:
        fail("--resume that fails leaves the stopped sweep's folder as it was")
    print("ok: --resume of a sweep with a stored run that cannot be read: exit 65, the folder as it was")


def check_validate_takes_a_sweep_file():
    r = subprocess.run([drillsim, "validate", oilers], capture_output=True, text=True)
    if r.returncode != 0 or "valid sweep 'oilers'" not in r.stdout or "6 design points, 18 runs" not in r.stdout:
        fail(f"validate of the oilers sweep: exit {r.returncode}: {r.stdout}{r.stderr}")
    # Told apart by content: a sweep file of any name, a drill whose name holds "sweep".
    grid = os.path.join(work, "grid.yaml")
    with open(grid, "w") as f:
        f.write(read(oilers).replace("drill: joint_drill.yaml", "drill: " + os.path.join(configs, "joint_drill.yaml")))
    r = subprocess.run([drillsim, "validate", grid], capture_output=True, text=True)
    if r.returncode != 0 or "valid sweep 'oilers'" not in r.stdout:
        fail(f"validate of a sweep file named {grid}: exit {r.returncode}: {r.stdout}{r.stderr}")
    minesweeper = os.path.join(work, "minesweeper_sweep_drill.yaml")
    shutil.copy(os.path.join(configs, "small.yaml"), minesweeper)
    r = subprocess.run([drillsim, "validate", minesweeper], capture_output=True, text=True)
    if r.returncode != 0 or "valid drill 'Small drill'" not in r.stdout:
        fail(f"validate of a drill named {minesweeper}: exit {r.returncode}: {r.stdout}{r.stderr}")
    bad = os.path.join(work, "bad_point_sweep.yaml")
    with open(bad, "w") as f:
        f.write(f"sweep: bad\ndrill: {os.path.join(configs, 'small.yaml')}\nreplications: 2\n"
                "points:\n  - {\"naval.units[name=argyll].count\": 1}\n  - {\"naval.units[name=argyll].count\": 0}\n")
    r = subprocess.run([drillsim, "validate", bad], capture_output=True, text=True)
    # The drill's key at its line, and the sweep line that set the value.
    if r.returncode != 65 or "small.yaml:" not in r.stderr or f"{bad}:6" not in r.stderr:
        fail(f"a design point's bad value: exit {r.returncode}: {r.stderr}")
    r = subprocess.run([drillsim, "sweep", bad, "--out", os.path.join(work, "never")], capture_output=True, text=True)
    # sweep.db is made in the scratch folder while the points are checked,
    # and the result folder (with its lock file beside it) only once they
    # are valid: nothing named after it is left.
    left = [name for name in os.listdir(work) if "never" in name]
    if r.returncode != 65 or left:
        fail(f"drillsim sweep runs nothing and leaves nothing when a point is invalid: exit {r.returncode}, {left}")
    print("ok: validate takes a sweep file; a bad design point is exit 65 naming the drill key and the sweep line")


def check_warm_up_is_reported_stored_and_resumed():
    sweep_file = os.path.join(work, "warm_sweep.yaml")
    with open(sweep_file, "w") as f:
        f.write(f"sweep: warm\ndrill: {os.path.join(configs, 'small.yaml')}\n"
                "parameters:\n  - path: naval.classes[name=type23].hotel\n    values: [0.5 t/h, 1 t/h]\n"
                "replications: 4\nwarm_up: {series: \"ship_fuel{unit=argyll}\", sample_every: 30min}\n")
    whole, part = os.path.join(work, "whole"), os.path.join(work, "part")
    r = sweep(sweep_file, "--out", whole, "--jobs", "2")
    lines = [l for l in r.stderr.splitlines() if "warm-up of ship_fuel{unit=argyll}" in l and "MSER-5" in l]
    if len(lines) != 2:
        fail(f"a warm-up line per design point on stderr: {r.stderr}")
    with sqlite3.connect(os.path.join(whole, "sweep.db")) as db:
        rows = db.execute("SELECT point_id, batches, truncation_batches, truncation_time_s FROM warm_up").fetchall()
    # 49 half-hourly samples (D+0 to D+1): 9 whole batches of 5; at most half cut.
    if len(rows) != 2 or any(b != 9 or d > 4 or t != d * 5 * 1800 for _, b, d, t in rows):
        fail(f"sweep.db's warm_up rows: {rows}")
    sweep(sweep_file, "--out", part, "--jobs", "2", "--stop-after", "3", "-q", expect=128 + signal.SIGINT)
    sweep(sweep_file, "--out", part, "--jobs", "2", "--resume", "-q")
    if dump(os.path.join(whole, "sweep.db")) != dump(os.path.join(part, "sweep.db")):
        fail("the resumed sweep's warm-up (from replayed samples) differs from the uninterrupted one's")
    print(f"ok: warm-up per point on stderr and in sweep.db {rows}; identical after --resume")


def check_printout_shows_units_and_no_interval_of_one_run():
    # The printout shows figures as the run's and the replications'
    # printouts do (hours, percent, tonnes); a point of one run has a mean
    # but no sd and no interval, in the printout, aggregate.csv and sweep.db.
    sweep_file = os.path.join(work, "one_run_sweep.yaml")
    with open(sweep_file, "w") as f:
        f.write(f"sweep: one_run\ndrill: {os.path.join(configs, 'small.yaml')}\n"
                "parameters:\n  - path: drill.seed\n    values: [1, 2]\n"
                "replications: 1\n")
    out = os.path.join(work, "one_run")
    r = sweep(sweep_file, "--out", out, "--per-run")
    lines = r.stdout.splitlines()
    if "point 0 (drill.seed=1): 1 run" not in lines:
        fail(f"a point of one run says '1 run': {r.stdout}")
    shown = [l for l in lines if l.startswith("  ")]
    if not shown or any(not l.endswith(" (one run: no sd, no interval)") for l in shown):
        fail(f"every measure of a point of one run says it has no interval: {r.stdout}")
    if not any(l.startswith("  fuel_consumed_ships: mean ") and " t (one run" in l for l in shown):
        fail(f"fuel in tonnes shows as 't', as the run's printout has it: {r.stdout}")
    with open(os.path.join(out, "aggregate.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or any(row["n"] != "1" or row["mean"] == "" or row["sd"] or row["ci_low"] or row["ci_high"]
                       for row in rows):
        fail(f"aggregate.csv: n 1, a mean, empty sd and interval: {rows[:2]}")
    with sqlite3.connect(f"file:{os.path.join(out, 'sweep.db')}?mode=ro", uri=True) as db:
        nulls = db.execute("SELECT count(*) FROM aggregate WHERE sd IS NULL AND ci_low IS NULL AND ci_high IS NULL"
                           " AND mean IS NOT NULL").fetchone()[0]
    if nulls != len(rows):
        fail(f"sweep.db: {nulls} of {len(rows)} aggregate rows have NULL sd and interval")
    checker = os.path.join(source, "tests", "sweep", "check_sweep_db.py")
    c = subprocess.run(["/usr/bin/python3", checker, out], capture_output=True, text=True)
    if c.returncode != 0:
        fail(f"check_sweep_db.py on a sweep of one run a point: {c.stdout}{c.stderr}")

    # With replications, the interval in the measure's display unit.
    fewest_out = os.path.join(work, "fewest")
    r = sweep(fewest, "--out", fewest_out)
    hours = [l for l in r.stdout.splitlines() if l.startswith("  time_below_critical_fuel: mean ")]
    if not hours or any(not (l.endswith(" h]") and ", sd " in l and " h, 95 % CI [" in l) for l in hours):
        fail(f"time below critical fuel in hours with its interval: {r.stdout}")
    if "95 % CI is below 10 h)" not in r.stdout:
        fail(f"the search's answer gives its target as the sweep file does: {r.stdout}")
    print(f"ok: one run a point: no sd or interval ({len(rows)} rows); {hours[0].strip()}")


globals()["check_" + case]()
