#!/usr/bin/python3
"""The table of bad drills through the command line. For each refused drill
(written by write_bad_drills from tests/models/scenario/bad_drills.cpp):
`drillsim validate` and `drillsim run --out` exit 65 and print an error at
FILE:LINE:COLUMN naming the key, with the expected words; the run writes
nothing (no --out, no lock file, no staging folder). Each warned drill is
valid (exit 0) with its warning. Every invocation must stay within the
bounds stated in README.md's Reliability section: the largest peak
resident memory of any run under MEMORY_BOUND (the kernel's accounting,
checked after the runs, not enforced), and a safety-net timeout, not a
measure of speed (the slowest time is printed, never asserted).

usage: bad_drills_cli_test.py DRILLSIM WRITE_BAD_DRILLS WORK_DIR [sanitized]
Standard-library Python only.
"""
import os
import resource
import shutil
import subprocess
import sys
import time

MEMORY_BOUND = 512 * 1024 * 1024  # bytes
SAFETY_NET_S = 120

drillsim, writer, work = sys.argv[1:4]
# Under the sanitizers memory is shadowed and reserved up front: the memory
# bound applies to plain builds only.
sanitized = sys.argv[4:5] == ["sanitized"]
shutil.rmtree(work, ignore_errors=True)
drills = os.path.join(work, "drills")
outs = os.path.join(work, "outs")
os.makedirs(outs)
subprocess.run([writer, drills], check=True)


def run(args):
    """Runs drillsim; returns (exit code or None if it did not finish, stderr)."""
    p = subprocess.Popen([drillsim] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=SAFETY_NET_S)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return None, "did not finish"
    return p.returncode, err.decode("utf-8", "replace")


failures = []
slowest = (0.0, "")
count = {"error": 0, "warning": 0}
with open(os.path.join(drills, "cases.tsv"), encoding="utf-8") as table:
    rows = [line.rstrip("\n").split("\t") for line in table if line.strip()]
for name, severity, line, column, path, fragment in rows:
    count[severity] += 1
    f = os.path.join(drills, name + ".yaml")
    where = f"{f}:{line}:{column}: {severity}: " + (f"{path}: " if path else "")
    t0 = time.monotonic()
    code, err = run(["validate", f])
    slowest = max(slowest, (time.monotonic() - t0, name))
    expected_code = 65 if severity == "error" else 0
    if code != expected_code:
        failures.append(f"{name}: validate exit {code}, expected {expected_code}\n{err}")
        continue
    if not any(l.startswith(where) and fragment in (l + "\n" + err) for l in err.splitlines()):
        failures.append(f"{name}: validate did not print '{where}...{fragment}':\n{err}")
    if severity != "error":
        continue
    out = os.path.join(outs, name)
    before = sorted(os.listdir(outs))
    code, err = run(["run", f, "--quiet", "--out", out])
    if code != 65:
        failures.append(f"{name}: run exit {code}, expected 65\n{err}")
    if where not in err:
        failures.append(f"{name}: run did not print '{where}':\n{err}")
    if sorted(os.listdir(outs)) != before:
        failures.append(f"{name}: run wrote {sorted(set(os.listdir(outs)) - set(before))}")

# The largest peak resident memory of any child so far (the kernel keeps
# the maximum over all waited-for children).
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
if not sanitized and peak > MEMORY_BOUND:
    failures.append(f"peak memory of a run {peak / 2**20:.0f} MiB, over the bound {MEMORY_BOUND / 2**20:.0f} MiB")

for f in failures:
    print("FAIL", f)
print(f"{count['error']} refused drills (validate and run), {count['warning']} warned drills; "
      f"peak memory of any run {peak / 2**20:.0f} MiB; slowest validate {slowest[0]:.2f} s ({slowest[1]})")
sys.exit(1 if failures else 0)
