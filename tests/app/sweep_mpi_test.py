"""`mpirun -np 2 drillsim sweep` end to end: the same sweep.db content and
aggregate.csv as `--jobs 1` (the oilers grid, and the fewest-oilers search,
whose probes are one execution after another), the per-run summaries the
worker rank made equal to local ones, one printout (rank 0's), and a sweep
stopped part way on two ranks and resumed on two equal to one never
stopped, SIGTERM to rank 0 stopping every rank with the runs so far
committed (also when a worker rank was killed and never answers), and a
rank with another copy of the sweep file refusing to run.
Loopback only. Standard-library Python.

usage: sweep_mpi_test.py MPIEXEC DRILLSIM SOURCE_DIR WORK_DIR CASE
"""
import filecmp
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

mpiexec, drillsim, source, work, case = sys.argv[1:6]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
configs = os.path.join(source, "configs")
oilers = os.path.join(configs, "oilers_sweep.yaml")
fewest = os.path.join(configs, "fewest_oilers_sweep.yaml")

# As root OpenMPI refuses to start without both; shared memory between the
# ranks and the runtime's own traffic on the loopback interface only (the
# ob1 layer over them: no probing for fast interconnects).
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
mpirun = [mpiexec, "--oversubscribe", "--mca", "pml", "ob1", "--mca", "btl", "self,vader",
          "--mca", "oob_tcp_if_include", "lo"]


def fail(what):
    print("FAILED:", what)
    sys.exit(1)


def run(command, expect=0):
    r = subprocess.run(command, capture_output=True, text=True, timeout=1200, env=env)
    if expect is not None and r.returncode != expect:
        fail(f"{' '.join(command)}: exit {r.returncode}, expected {expect}\n{r.stdout}\n{r.stderr}")
    return r


def local(*args, expect=0):
    return run([drillsim, "sweep", *args], expect)


def ranks(n, *args, expect=0):
    return run([*mpirun, "-np", str(n), drillsim, "sweep", *args], expect)


def dump(out):
    """Every row of every table, in a fixed order (the content, not the bytes)."""
    with sqlite3.connect(f"file:{os.path.join(out, 'sweep.db')}?mode=ro", uri=True) as db:
        return list(db.iterdump())


def same_results(a, b, what):
    if dump(a) != dump(b):
        fail(f"sweep.db content differs: {what}")
    if not filecmp.cmp(os.path.join(a, "aggregate.csv"), os.path.join(b, "aggregate.csv"), shallow=False):
        fail(f"aggregate.csv differs: {what}")


def check_two_ranks_equal_jobs_1():
    a, b = os.path.join(work, "jobs1"), os.path.join(work, "np2")
    local(oilers, "--out", a, "--jobs", "1", "--per-run", "-q")
    r = ranks(2, oilers, "--out", b, "--per-run")
    same_results(a, b, "mpirun -np 2 against --jobs 1 (oilers_sweep.yaml)")
    # The worker rank's summaries travelled in its outcomes.
    runs_a = sorted(os.listdir(os.path.join(a, "runs")))
    if not runs_a or runs_a != sorted(os.listdir(os.path.join(b, "runs"))):
        fail("the per-run files differ")
    for name in runs_a:
        if not filecmp.cmp(os.path.join(a, "runs", name), os.path.join(b, "runs", name), shallow=False):
            fail(f"runs/{name} differs between mpirun -np 2 and --jobs 1")
    # Only rank 0 prints: one printout, one closing line naming two workers.
    if r.stdout.count("sweep oilers:") != 1:
        fail(f"expected one printout, got:\n{r.stdout}")
    closing = [line for line in r.stderr.splitlines() if "wall time on" in line]
    if len(closing) != 1 or "on 2 workers" not in closing[0]:
        fail(f"expected one closing line with 2 workers, got:\n{r.stderr}")
    print(f"ok: mpirun -np 2 equals --jobs 1 ({len(runs_a)} runs, per-run files included)")


def check_search_on_two_ranks_equals_jobs_1():
    a, b = os.path.join(work, "search1"), os.path.join(work, "search2")
    local(fewest, "--out", a, "--jobs", "1", "-q")
    r = ranks(2, fewest, "--out", b)
    same_results(a, b, "mpirun -np 2 against --jobs 1 (fewest_oilers_sweep.yaml)")
    if "answer:" not in r.stdout:
        fail(f"no answer printed:\n{r.stdout}")
    print("ok: the search on two ranks equals --jobs 1")


def oilers_with(replications):
    """The oilers grid with more replications, in the work folder."""
    with open(oilers, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("drill: joint_drill.yaml", "drill: " + os.path.join(configs, "joint_drill.yaml"))
    text = text.replace("replications: 3", f"replications: {replications}")
    path = os.path.join(work, f"oilers_{replications}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def check_stopped_on_two_ranks_and_resumed_equals_whole():
    # 60 runs: more than rank 0 hands out ahead of the fifth (at most 36 with
    # two ranks), so the stop always leaves some to resume.
    sweep_file = oilers_with(10)
    whole, part = os.path.join(work, "whole"), os.path.join(work, "part")
    local(sweep_file, "--out", whole, "--jobs", "1", "-q")
    r = ranks(2, sweep_file, "--out", part, "--stop-after", "5", expect=None)
    if r.returncode == 0:
        fail(f"--stop-after 5 did not stop the sweep on two ranks:\n{r.stderr}")
    with sqlite3.connect(f"file:{os.path.join(part, 'sweep.db')}?mode=ro", uri=True) as db:
        status = db.execute("SELECT value FROM sweep WHERE key = 'status'").fetchone()[0]
        stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    if status != "stopped" or not 5 <= stored < 60:
        fail(f"the stopped set: status {status}, {stored} runs")
    ranks(2, sweep_file, "--out", part, "--resume", "-q")
    same_results(whole, part, "stopped on two ranks and resumed on two, against uninterrupted --jobs 1")
    print(f"ok: stopped after {stored} runs on two ranks, resumed, equal to an uninterrupted sweep")


def children_by_rank(p, want):
    """{rank: pid} of mpirun `p`'s children (rank 0 is the one whose
    environment says so), once `want` ranks are up."""
    found = {}
    deadline = time.monotonic() + 120
    while len(found) < want and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
        for pid in subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split():
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    for var in f.read().split(b"\0"):
                        if var.startswith(b"OMPI_COMM_WORLD_RANK="):
                            found[int(var.split(b"=")[1])] = int(pid)
            except OSError:
                pass
    if len(found) < want:
        p.kill()
        fail(f"ranks not found among mpirun's children: {found}")
    return found


def terminate_rank_0(p, rank0, hung):
    """SIGTERM to rank 0, then mpirun's (stdout, stderr) once every rank has
    ended; `hung` says what failed if they do not."""
    try:
        os.kill(rank0, signal.SIGTERM)
    except ProcessLookupError:
        fail("rank 0 ended before SIGTERM: " + " ".join(p.communicate()))
    try:
        return p.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        fail(hung)


def stopped_set(out):
    """The stopped set's status and run count, from its sweep.db."""
    with sqlite3.connect(f"file:{os.path.join(out, 'sweep.db')}?mode=ro", uri=True) as db:
        status = db.execute("SELECT value FROM sweep WHERE key = 'status'").fetchone()[0]
        stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    return status, stored


def check_sigterm_to_rank_0_stops_every_rank():
    # A sweep long enough to be interrupted: the oilers grid, 1000
    # replications (6000 runs, several seconds on two ranks).
    long_sweep = oilers_with(1000)
    out = os.path.join(work, "stopped")
    # SIGTERM to rank 0 stops the sweep as Ctrl-C does `drillsim sweep`: no
    # more tickets, the worker finishes its own, what ran is committed, the
    # worker released.
    p = subprocess.Popen([*mpirun, "-np", "2", drillsim, "sweep", long_sweep, "--out", out], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    rank0 = children_by_rank(p, 2)[0]
    time.sleep(1.0)
    stdout, stderr = terminate_rank_0(p, rank0, "the ranks did not end after SIGTERM to rank 0")
    if p.returncode == 0 or "stopped by SIGTERM" not in stderr:
        fail(f"mpirun exit {p.returncode}, expected a stop by SIGTERM:\n{stdout}\n{stderr}")
    status, stored = stopped_set(out)
    if status != "stopped" or stored >= 6000:
        fail(f"the stopped set: status {status}, {stored} runs of 6000")
    print(f"ok: SIGTERM to rank 0 committed {stored} of 6000 runs as stopped and every rank ended")


def check_a_killed_rank_leaves_a_stopped_set():
    # A worker rank killed mid-sweep (a node lost) never answers for the
    # runs it held; once told to stop, rank 0 waits for them only so long,
    # commits what ran and ends the job. It once waited for ever, its
    # finished runs uncommitted. mpirun is told not to end the job itself
    # when a rank dies (its default sends rank 0 SIGTERM within a second):
    # SIGTERM comes from here.
    long_sweep = oilers_with(1000)
    out = os.path.join(work, "lost")
    p = subprocess.Popen([*mpirun, "--mca", "orte_abort_on_non_zero_status", "0", "-np", "2", drillsim, "sweep",
                          long_sweep, "--out", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    pids = children_by_rank(p, 2)
    time.sleep(1.0)
    os.kill(pids[1], signal.SIGKILL)
    time.sleep(0.2)
    stdout, stderr = terminate_rank_0(p, pids[0], "rank 0 waited for the killed rank after SIGTERM")
    if "stopped by SIGTERM" not in stderr or "worker ranks did not answer" not in stderr:
        fail(f"mpirun exit {p.returncode}: the stop and the lost rank said on stderr:\n{stdout}\n{stderr}")
    status, stored = stopped_set(out)
    if status != "stopped" or not 0 < stored < 6000:
        fail(f"the stopped set: status {status}, {stored} runs of 6000")
    run([drillsim, "verify", out])
    print(f"ok: rank 1 killed, SIGTERM to rank 0: {stored} of 6000 runs committed as stopped, the job ended")


def check_a_rank_with_another_sweep_file_is_refused():
    # MPMD: rank 0 runs the oilers sweep, rank 1 is given a copy that differs
    # by a comment (as a machine with another copy would be): the sweep
    # fails with rank 1's complaint, and --out is not written.
    other = os.path.join(work, "other_oilers_sweep.yaml")
    with open(oilers_with(3), encoding="utf-8") as f:
        text = f.read()
    with open(other, "w", encoding="utf-8") as f:
        f.write(text + "# another copy\n")
    out = os.path.join(work, "refused")
    r = run([*mpirun, "-np", "1", drillsim, "sweep", oilers_with(3), "--out", out, ":",
             "-np", "1", drillsim, "sweep", other, "--out", out], expect=None)
    if r.returncode == 0 or "rank 1: the sweep file or its drill on this rank's machine differs" not in r.stderr:
        fail(f"exit {r.returncode}, expected rank 1's refusal:\n{r.stderr}")
    if os.path.exists(os.path.join(out, "sweep.db")):
        fail("a refused sweep wrote its result set")
    print("ok: a rank whose sweep file differs from rank 0's refuses, and nothing is written")
    # A bad command line is said once, by rank 0 (every rank parses it).
    r = ranks(3, oilers, "--jobs", "abc", expect=None)
    if r.returncode == 0 or r.stderr.count("is not a whole number in") != 1:
        fail(f"exit {r.returncode}, a bad flag said once:\n{r.stderr}")
    print("ok: a bad flag under mpirun is said once")


globals()["check_" + case]()
