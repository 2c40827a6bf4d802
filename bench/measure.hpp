// Measuring a workload: each measurement runs in a forked child process, so
// its peak resident memory (ru_maxrss from wait4) is its own and one
// measurement cannot inflate the next; the child reports its result through
// a pipe. The SimPy baseline runs the same way, as a Python child.
//
// Costs: one fork per measurement (a few milliseconds); the parent stays
// small so the children's baseline memory stays small.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bench/workloads.hpp"

namespace drill::bench {

struct Measurement {
  WorkloadResult result;
  std::uint64_t peak_rss_bytes = 0;
};

/// Runs `fn` in a child process. Throws std::runtime_error if the child
/// fails (crashes, runs out of memory, exits non-zero).
Measurement measure_in_child(const std::function<WorkloadResult()>& fn);

/// Peak RSS of a child that does nothing: subtracted to get bytes per event.
std::uint64_t empty_child_rss();

struct SimpyMeasurement {
  Measurement measurement;
  std::string version;  // as the SimPy module reports it
};

/// Runs the SimPy process hold model (`simpy_hold.py`) under the system
/// Python. Returns nothing, with `why_not` set, when Python or SimPy is
/// missing or the script fails.
std::optional<SimpyMeasurement> measure_simpy(std::uint64_t pending, std::uint64_t events, std::uint64_t seed,
                                              std::string& why_not);

}  // namespace drill::bench
