# Sourced by bench/sweep_scaling.sh and bench/sweep_ab.sh: the sweep they
# time and how they read its times.

# Writes a sweep of ten design points to FILE: DRILL with ten seeds
# (`drill.seed` 1..10, so any drill will do), REPLICATIONS runs each.
sweep_file() {  # FILE NAME DRILL REPLICATIONS
  cat >"$1" <<SWEEP
sweep: $2
drill: $3
parameters:
  - path: drill.seed
    values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
replications: $4
SWEEP
}

# Prints "RUNS SWEEP_S OWN_S" from the closing line of a sweep's stderr in
# ERR_FILE: its runs, the sweep itself (first run to the database's last
# commit) and the sum of the runs' own wall time, in seconds. Prints nothing
# when there is no such line (or its times are in minutes).
closing_times() {  # ERR_FILE
  sed -n "s/^drillsim sweep: \([0-9]*\) runs .* in \([0-9.e+-]*\) s wall time on .*the runs' own time \([0-9.e+-]*\) s$/\1 \2 \3/p" \
    "$1" | tail -1
}
