#!/usr/bin/python3
"""Bounded outputs. A set of replications larger than the output budget is
refused before it runs (exit 73, with the estimate and the flag that allows
it) and writes nothing; within the budget it runs. A single run that grows
past the budget (a trace) stops with exit 73 naming the budget, the earlier
set left as it was. --sample-every finer than the load bound allows is exit
64 before anything runs.

usage: output_budget_test.py DRILLSIM SOURCE_DIR WORK_DIR
Standard-library Python only.
"""
import os
import shutil
import subprocess
import sys

drillsim, source, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
small = os.path.join(source, "configs", "small.yaml")
comms = os.path.join(source, "configs", "degraded_comms.yaml")
large = os.path.join(source, "configs", "large.yaml")
failures = []


def run(args):
    return subprocess.run([drillsim, "run"] + args + ["--quiet"], capture_output=True, text=True, timeout=600)


def snapshot(folder):
    return {n: open(os.path.join(folder, n), "rb").read() for n in sorted(os.listdir(folder))}


def expect(label, r, code, *fragments):
    if r.returncode != code:
        failures.append(f"{label}: exit {r.returncode}, expected {code}\n{r.stderr}")
        return
    for f in fragments:
        if f not in r.stderr:
            failures.append(f"{label}: stderr lacks '{f}':\n{r.stderr}")
            return
    print(f"ok   {label}: exit {code} {r.stderr.strip()[:200]}")


# A million replications of the small drill: about 43 GB, over the default
# budget of 4 GiB. Refused at once, nothing written.
out = os.path.join(work, "million")
r = run([small, "--replications", "1000000", "--out", out])
expect("a million replications over the default budget", r, 73, "1000000 replications would write about 4",
       " GB", "--max-output")
if os.listdir(work):
    failures.append(f"the refused run wrote {os.listdir(work)}")

# Four replications: about 210 KB. Refused under 100KiB, run under 1MiB.
out = os.path.join(work, "four")
expect("four replications over --max-output 100KiB", run([small, "--replications", "4", "--max-output", "100KiB",
                                                          "--out", out]), 73, "4 replications would write about")
expect("four replications within --max-output 1MiB", run([small, "--replications", "4", "--max-output", "1MiB",
                                                          "--out", out]), 0)
if not os.path.exists(os.path.join(out, "replication-0003.json")):
    failures.append("the set within the budget was not written")

# A traced run that grows past the budget stops; the earlier set stays.
before = snapshot(out)
r = run([comms, "--replication", "0", "--trace", "--max-output", "200KiB", "--out", out])
expect("a trace past --max-output 200KiB", r, 73, "size budget of 204800 bytes", "--max-output")
if snapshot(out) != before:
    failures.append("the earlier set changed")
left = [n for n in os.listdir(work) if n.startswith(".four.new-") or n.startswith(".four.old-")]
if left:
    failures.append(f"staging folders left: {left}")

# Samples finer than the load bound allows on the large drill's horizon.
expect("--sample-every 1us on the large drill", run([large, "--replication", "0", "--sample-every", "1us",
                                                      "--out", os.path.join(work, "dense")]),
       64, "samples (the limit is 500000000)")

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
