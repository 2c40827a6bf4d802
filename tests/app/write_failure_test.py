#!/usr/bin/python3
"""A result file that cannot be written ends the run (or sweep) with exit
73 and a message naming the file and the reason; the staging folder is
removed and the earlier result set in --out is left as it was.

  write_failure_test.py DRILLSIM SOURCE_DIR WORK_DIR file-size-limit
      Runs drillsim under a file size limit (RLIMIT_FSIZE, as `ulimit -f`
      sets; the signal SIGXFSZ at its default, so drillsim must not die of
      it) small enough that events.pb, timeseries.csv, a summary or a
      replication's file cannot be written in full; and a sweep whose
      sweep.db cannot be written, with and without --out.
  write_failure_test.py DRILLSIM SOURCE_DIR WORK_DIR full-file-system
      Mounts a small tmpfs in a private mount namespace (`unshare -rm`) and
      fills it with a traced run. Exits 77 (skipped) when this machine lets
      no namespace be made.

Standard-library Python only.
"""
import os
import resource
import shutil
import subprocess
import sys

SKIP = 77


def snapshot(folder):
    """Every file of a result set with its bytes."""
    return {name: open(os.path.join(folder, name), "rb").read() for name in sorted(os.listdir(folder))}


def run(drillsim, args, fsize=None, cwd=None, env=None):
    def limit():
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    # restore_signals (the default) puts SIGXFSZ back to its default action in
    # the child: a drillsim that does not ignore it dies of the limit.
    return subprocess.run([drillsim] + args, capture_output=True, text=True, preexec_fn=limit, cwd=cwd, env=env)


def failure_errors(r, out_dir, before, reason):
    """What every failed write must show: exit 73, the reason, no crash, no
    staging folder left and the earlier set in `out_dir` as it was."""
    errors = []
    if r.returncode != 73:
        errors.append(f"exit {r.returncode}, expected 73")
    if reason not in r.stderr:
        errors.append(f"stderr does not give the reason '{reason}'")
    if "terminate" in r.stderr:
        errors.append("std::terminate was called")
    parent = os.path.dirname(out_dir)
    base = os.path.basename(out_dir)
    left = [n for n in os.listdir(parent) if n.startswith(f".{base}.new-") or n.startswith(f".{base}.old-")]
    if left:
        errors.append(f"staging folders left behind: {left}")
    if snapshot(out_dir) != before:
        errors.append("the earlier result set was changed")
    return errors


def reported(label, r, errors):
    if errors:
        print(f"FAIL {label}: " + "; ".join(errors) + f"\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        return False
    print(f"ok   {label}: exit 73, {r.stderr.strip()}")
    return True


def check_failed_run(label, r, out_dir, before, file_name, reason):
    errors = failure_errors(r, out_dir, before, reason)
    names = file_name if isinstance(file_name, tuple) else (file_name,)
    if not any(f"cannot write {os.path.join(out_dir, n)}" in r.stderr for n in names):
        errors.append(f"stderr does not name {' or '.join(names)}")
    return reported(label, r, errors)


def earlier_set(drillsim, args, out):
    """Runs drillsim with `args` into `out` without a limit: the set a failed
    run must leave as it is. Returns its files' bytes, or None."""
    first = run(drillsim, ["run"] + args + ["--quiet", "--out", out])
    if first.returncode != 0:
        print(f"FAIL the first run {args}: exit {first.returncode}\n{first.stderr}")
        return None
    return snapshot(out)


def file_size_limit(drillsim, source, work):
    small = os.path.join(source, "configs", "small.yaml")
    comms = os.path.join(source, "configs", "degraded_comms.yaml")
    ok = True

    # events.pb carries the network's message events, written from its
    # noexcept send and delivery paths. The limit lets timeseries.csv (one
    # sample a day) be written in full and stops events.pb.
    traced = ["run", comms, "--replication", "0", "--trace", "--sample-every", "1d"]
    out = os.path.join(work, "comms")
    before = earlier_set(drillsim, traced[1:], out)
    if before is None:
        return 1
    sizes = {n: len(b) for n, b in before.items()}
    limit = sizes["timeseries.csv"] + 1
    if not sizes["events.pb"] > limit:
        print(f"FAIL the case's premise: events.pb ({sizes['events.pb']} B) is not larger than timeseries.csv")
        return 1
    ok &= check_failed_run("events.pb past the limit", run(drillsim, traced + ["--quiet", "--out", out], fsize=limit),
                           out, before, "events.pb", "File too large")
    ok &= check_failed_run("timeseries.csv past the limit",
                           run(drillsim, ["run", comms, "--replication", "0", "--sample-every", "1min", "--quiet",
                                          "--out", out], fsize=16 * 1024),
                           out, before, "timeseries.csv", "File too large")

    # summary.json is written after timeseries.csv, which a daily sample of
    # the one-day small drill keeps smaller. report.html (larger) is written
    # before the summaries once its document is built: without the report
    # (the hidden --no-report) summary.json is the first file past the
    # limit, with it report.html (the timetables before it are smaller).
    out = os.path.join(work, "small")
    daily = [small, "--sample-every", "1d"]
    before = earlier_set(drillsim, daily, out)
    if before is None:
        return 1
    sizes = {n: len(b) for n, b in before.items()}
    limit = sizes["timeseries.csv"] + 1
    if not sizes["timeseries.csv"] < sizes["summary.json"]:
        print("FAIL the case's premise: small.yaml's daily timeseries.csv is not smaller than its summary.json")
        return 1
    if not (sizes["timetable.csv"] < limit and sizes.get("timetable.ics", 0) < limit < sizes["report.html"]):
        print("FAIL the case's premise: small.yaml's timetables are not smaller than its daily timeseries.csv, "
              "or its report.html is not larger")
        return 1
    ok &= check_failed_run("summary.json past the limit",
                           run(drillsim, ["run"] + daily + ["--no-report", "--quiet", "--out", out], fsize=limit),
                           out, before, "summary.json", "File too large")
    ok &= check_failed_run("report.html past the limit",
                           run(drillsim, ["run"] + daily + ["--quiet", "--out", out], fsize=limit),
                           out, before, "report.html", "File too large")
    ok &= check_failed_run("a replication's file past the limit",
                           run(drillsim, ["run", small, "--quiet", "--replications", "3", "--out", out], fsize=1024),
                           out, before, "replication-0000.json", "File too large")
    ok &= sweep_db_past_the_limit(drillsim, source, work)
    return 0 if ok else 1


def sweep_db_past_the_limit(drillsim, source, work):
    """A sweep's sweep.db past the file size limit: exit 73, the message names
    the database where the result set would have it (not the scratch or
    staging file it was being written as) and the reason; the earlier set
    is left as it was and no scratch folder is left behind. At 8 KiB the
    database cannot even be made in the scratch folder (its first page is
    16 KiB); the half-made file is removed there, so a sweep without --out,
    which then makes it at the same place, fails on the limit too and not
    on a file that exists."""
    sweep_file = os.path.join(work, "sweep.yaml")
    with open(sweep_file, "w") as f:
        f.write("sweep: past the limit\n"
                f"drill: {os.path.join(source, 'configs', 'small.yaml')}\n"
                "parameters:\n"
                "  - path: drill.seed\n"
                "    values: [1, 2]\n"
                "replications: 3\n")
    out = os.path.join(work, "sweep")
    first = run(drillsim, ["sweep", sweep_file, "--out", out])
    if first.returncode != 0:
        print(f"FAIL the first sweep: exit {first.returncode}\n{first.stderr}")
        return False
    before = snapshot(out)
    if not len(before["sweep.db"]) > 64 * 1024:
        print(f"FAIL the case's premise: sweep.db ({len(before['sweep.db'])} B) is not larger than 64 KiB")
        return False
    scratch = os.path.join(work, "tmp")
    os.makedirs(scratch, exist_ok=True)
    env = dict(os.environ, TMPDIR=scratch)
    ok = True
    for limit in (64 * 1024, 8 * 1024):
        for with_out in (True, False):
            label = f"sweep.db past a limit of {limit // 1024} KiB, {'with' if with_out else 'without'} --out"
            args = ["sweep", sweep_file] + (["--out", out] if with_out else [])
            r = run(drillsim, args, fsize=limit, env=env)
            errors = failure_errors(r, out, before, "File too large")
            if with_out and f"{os.path.join(out, 'sweep.db')}: " not in r.stderr:
                errors.append(f"stderr does not name {os.path.join(out, 'sweep.db')}")
            if "exists" in r.stderr:
                errors.append("a file left behind was taken for a database")
            if os.listdir(scratch):
                errors.append(f"left in the scratch folder: {os.listdir(scratch)}")
            ok &= reported(label, r, errors)
    return ok


def full_file_system(drillsim, source, work):
    if os.environ.get("DRILL_IN_NAMESPACE") != "1":
        probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, text=True)
        if probe.returncode != 0:
            print(f"skipped: no private mount namespace here (unshare -rm: {probe.stderr.strip()})")
            return SKIP
        env = dict(os.environ, DRILL_IN_NAMESPACE="1")
        r = subprocess.run(["unshare", "-rm", sys.executable] + sys.argv, env=env)
        return r.returncode
    mount_point = os.path.join(work, "fs")
    os.makedirs(mount_point, exist_ok=True)
    # 1100 KiB: room for small.yaml's set (about 850 KB, most of it
    # report.html with its libraries), too little for it and the degraded
    # comms drill's trace and time series (about 430 KB) beside it.
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1100k", "tmpfs", mount_point], capture_output=True, text=True)
    if m.returncode != 0:
        print(f"skipped: cannot mount a tmpfs in the namespace ({m.stderr.strip()})")
        return SKIP
    small = os.path.join(source, "configs", "small.yaml")
    comms = os.path.join(source, "configs", "degraded_comms.yaml")
    out = os.path.join(mount_point, "out")
    first = run(drillsim, ["run", small, "--quiet", "--out", out])
    if first.returncode != 0:
        print(f"FAIL the first run: exit {first.returncode}\n{first.stderr}")
        return 1
    before = snapshot(out)
    r = run(drillsim, ["run", comms, "--quiet", "--replication", "0", "--trace", "--sample-every", "1d",
                        "--out", out])
    # The trace and timeseries.csv grow side by side: whichever write finds
    # the file system full first is the one named.
    ok = check_failed_run("a full file system", r, out, before, ("events.pb", "timeseries.csv"),
                          "No space left on device")
    return 0 if ok else 1


def main():
    drillsim, source, work, mode = sys.argv[1:5]
    if os.environ.get("DRILL_IN_NAMESPACE") != "1":
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
    if mode == "file-size-limit":
        return file_size_limit(drillsim, source, work)
    if mode == "full-file-system":
        return full_file_system(drillsim, source, work)
    print(f"unknown mode {mode}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
