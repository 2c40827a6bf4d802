#!/usr/bin/python3
"""Signals at random moments over an existing result set. Each trial starts
a run into an --out that holds an earlier, complete set and sends it SIGINT,
SIGTERM or SIGKILL after a pseudo-random delay (a fixed seed; where the
signal lands varies with the machine's speed, and every check below holds
wherever it lands). After each trial:
- `drillsim verify` passes: --out holds a complete set, never a mix;
- the set is the earlier one byte for byte, or a new one whose manifest's
  status matches the exit code: 0 and `completed` (a signal after the
  results were committed is reported as arriving late), 128 + signal and
  `stopped`; a run stopped before it began (128 + signal, saying so) or
  killed before it could answer (SIGKILL, or a signal before the handler
  was in place, while nothing was on disk) leaves the earlier set;
- nothing is left beside --out but its lock file (after SIGKILL, the next
  run that gets as far as --out removes the dead run's staging folder,
  checked by the next trial; a run ended by a signal's default action before
  its handler was in place must not have made one of its own).

usage: signal_trials_test.py DRILLSIM SOURCE_DIR WORK_DIR [TRIALS]
Standard-library Python only.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

drillsim, source, work = sys.argv[1:4]
trials = int(sys.argv[4]) if len(sys.argv) > 4 else 36
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
small = os.path.join(source, "configs", "small.yaml")
comms = os.path.join(source, "configs", "degraded_comms.yaml")
out = os.path.join(work, "out")
failures = []

JOBS = [
    ("a set of replications", [small, "--replications", "150", "--jobs", "2"]),
    ("a traced single run", [comms, "--replication", "0", "--trace"]),
]
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]


def snapshot(folder):
    return {n: open(os.path.join(folder, n), "rb").read() for n in sorted(os.listdir(folder))}


def verify():
    r = subprocess.run([drillsim, "verify", out], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def strays():
    return sorted(n for n in os.listdir(work) if n not in ("out", ".out.lock"))


# The earlier set: another seed, so a new set never equals it.
first = subprocess.run([drillsim, "run", small, "--seed", "99", "--quiet", "--out", out], capture_output=True,
                       text=True)
if first.returncode != 0:
    print("FAIL the earlier set:", first.stderr)
    sys.exit(1)
earlier = snapshot(out)

# Delays spread over a whole run of each job (measured once; a run can be
# signalled before it starts, mid-run, while writing, or after it ended).
span = {}
for label, args in JOBS:
    t0 = time.monotonic()
    subprocess.run([drillsim, "run"] + args + ["--quiet", "--out", os.path.join(work, "timing")], check=True,
                   capture_output=True)
    span[label] = time.monotonic() - t0
shutil.rmtree(os.path.join(work, "timing"))
os.remove(os.path.join(work, ".timing.lock"))

rng = random.Random(20)
outcomes = {}
for trial in range(trials):
    label, args = JOBS[trial % len(JOBS)]
    sig = SIGNALS[(trial // len(JOBS)) % len(SIGNALS)]
    delay = rng.uniform(0.0, span[label] * 1.2)
    before = snapshot(out)
    p = subprocess.Popen([drillsim, "run"] + args + ["--quiet", "--out", out], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    p.send_signal(sig)
    _, err = p.communicate(timeout=600)  # a safety net, not a measure
    code = p.returncode
    name = f"trial {trial} ({label}, {signal.Signals(sig).name} after {delay:.3f} s)"

    rc, why = verify()
    if rc != 0:
        failures.append(f"{name}: exit {code}; verify says the set is not whole: {why}\n{err}")
        continue
    now = snapshot(out)
    status = json.loads(now["manifest.json"]).get("status")
    if now == before:
        outcome = "earlier set kept"
        if code == 0 or (code == 128 + sig and "before the run began" not in err):
            failures.append(f"{name}: exit {code} but the earlier set is in place\n{err}")
    elif code == 0:
        outcome = "completed"
        if status != "completed":
            failures.append(f"{name}: exit 0 but the committed set says {status}")
    elif code == 128 + sig:
        outcome = "stopped"
        if status != "stopped":
            failures.append(f"{name}: exit {code} but the committed set says {status}\n{err}")
    elif code == -signal.SIGKILL:
        # Killed after the swap and before exit: the new set is whole (verified).
        outcome = "killed after the swap"
    else:
        failures.append(f"{name}: exit {code} with a new set in place (status {status})\n{err}")
        continue
    if "terminate" in err:
        failures.append(f"{name}: std::terminate\n{err}")
    left = strays()
    if code == -sig and sig != signal.SIGKILL:
        # Ended by the signal's default action, before its handler was in
        # place: it had nothing on disk, but an earlier SIGKILL's staging
        # folder may still be there (the next run that gets as far as --out
        # removes it).
        own = [n for n in left if n.endswith(f"-{p.pid}")]
        if own:
            failures.append(f"{name}: killed while its own {own} existed")
    elif left and sig != signal.SIGKILL:
        failures.append(f"{name}: left behind {left}")
    outcomes[outcome] = outcomes.get(outcome, 0) + 1

# The last trial's leftovers (a SIGKILL's staging folder) go with the next run.
subprocess.run([drillsim, "run", small, "--quiet", "--out", out], check=True, capture_output=True)
if strays():
    failures.append(f"a run did not remove the leftovers of killed runs: {strays()}")

for f in failures:
    print("FAIL", f)
print(f"{trials} trials: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
sys.exit(1 if failures else 0)
