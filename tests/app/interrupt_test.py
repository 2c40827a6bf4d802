"""Ctrl-C during a set of replications: the run stops at a slice boundary,
commits what it has as a whole result set whose manifest says `stopped`,
and exits with 128 + SIGINT. The signal is sent once the run has written its
first file into the staging folder, so the test waits on the run's progress,
not on a clock.

usage: interrupt_test.py DRILLSIM DRILL WORK_DIR
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

drillsim, drill, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
out = os.path.join(work, "res")
# Far more than run before the signal, within the default output budget
# (about 1.5 MB a replication of the large drill).
total = 2000


def fail(what):
    print("FAILED:", what)
    sys.exit(1)


def staged_files():
    for entry in os.listdir(work):
        if entry.startswith(".res.new-"):
            return os.listdir(os.path.join(work, entry))
    return []


run = subprocess.Popen([drillsim, "run", drill, "--replications", str(total), "--jobs", "1", "--out", out, "-q"],
                       stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 600  # a safety net for a hung run, not a measure of speed
while not staged_files():
    if run.poll() is not None:
        fail(f"the run ended (exit {run.returncode}) before it wrote anything: {run.stderr.read()}")
    if time.monotonic() > deadline:
        run.kill()
        fail("no replication was written")
    time.sleep(0.05)
run.send_signal(signal.SIGINT)
_, err = run.communicate(timeout=600)

if run.returncode != 128 + signal.SIGINT:
    fail(f"exit code {run.returncode}, expected {128 + signal.SIGINT}: {err}")
print("ok: exit code 130")
if "stopped by SIGINT" not in err:
    fail(f"stderr says why it stopped: {err!r}")
with open(os.path.join(out, "manifest.json")) as f:
    manifest = json.load(f)
if manifest.get("status") != "stopped":
    fail(f"manifest status {manifest.get('status')!r}")
done = manifest.get("replications")
if not isinstance(done, int) or not 1 <= done < total:
    fail(f"manifest replications {done!r}")
print(f"ok: manifest says stopped after {done} replications")
with open(os.path.join(out, "replications.json")) as f:
    json.load(f)
print("ok: replications.json is whole")
leftovers = [e for e in os.listdir(work) if e.startswith(".res.new-")]
if leftovers:
    fail(f"staging folders left: {leftovers}")
print("all checks passed")
