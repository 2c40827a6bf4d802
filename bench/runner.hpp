// `drillsim bench`: runs the stress workloads and the baselines, each in its
// own child process, and prints one table or JSON lines.
//
// Every figure of the kernel is printed beside its ratio to the baselines
// measured in the same invocation (absolute rates drift on shared machines):
// for hold, to the faster of the two bare heaps of 16-byte elements; for
// hold and process, to SimPy's process hold, labelled like for like (process)
// or nearest (callbacks; SimPy 2 has no callback events). The comms row is
// the message rate of the comms network (bench/comms_workload.hpp): its
// `events` are messages, its `pending` the network's nodes, and its time
// the whole run, building the network included. Each measurement is
// repeated, contenders taking turns; the fastest run is kept, and the peak
// RSS is the largest of the runs.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/measure.hpp"
#include "bench/workloads.hpp"

namespace drill::bench {

struct BenchOptions {
  std::string workload = "all";   // hold, phold, cancel, process, resource, comms, all
  std::optional<std::uint64_t> pending;  // default: per workload
  std::optional<std::uint64_t> events;   // default: per workload
  std::optional<Dist> dist;              // default: exponential (hold: all with `all`)
  std::vector<core::QueueKind> queues;   // default: the kernel's default structure
  std::uint64_t seed = 1;
  int repeat = 3;
  bool json = false;
  bool simpy = true;
};

inline constexpr const char* kWorkloads[] = {"hold", "phold", "cancel", "process", "resource", "comms", "all"};

/// One printed line.
struct Row {
  std::string workload, impl, queue, dist;
  std::uint64_t pending = 0, events = 0;
  double seconds = 0.0, events_per_sec = 0.0;
  std::uint64_t peak_rss_bytes = 0;
  double bytes_per_pending = 0.0;
  double vs_best_baseline = 0.0;  // 0 when not measured
  std::string best_baseline;      // the impl the ratio is to
  double vs_simpy = 0.0;          // 0 when not measured
  std::string simpy_peer;         // "like-for-like" or "nearest"
  std::uint64_t fingerprint = 0;
};

/// Events per second; 0 when nothing was timed.
double events_per_second(std::uint64_t events, double seconds) noexcept;
/// How many times faster `kernel` ran than `reference` (ratio of their event
/// rates); 0 when the reference has no rate.
double speedup(const Row& kernel, const Row& reference) noexcept;
/// Folds one more run of a contender into its best so far: the faster run's
/// result is kept, with the larger peak RSS of the two (memory is a worst
/// case, speed a best case on a shared machine).
void keep_best(Measurement& best, const Measurement& run) noexcept;
/// The fastest of `baselines` (the first of equals); must not be empty.
const Row& best_baseline(const std::vector<Row>& baselines);

/// Runs the workloads `o` selects; rows are printed as they complete.
/// Returns the process exit code.
int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err);

std::string format_row_json(const Row& r);

}  // namespace drill::bench
