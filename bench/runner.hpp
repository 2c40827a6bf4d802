// `drillsim bench`: runs the stress workloads and the baselines, each in its
// own child process, and prints one table or JSON lines.
//
// Every figure of the kernel is printed beside its ratio to the baselines
// measured in the same invocation (absolute rates drift on shared machines).
// Each measurement is repeated and the fastest run kept.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/workloads.hpp"

namespace drill::bench {

struct BenchOptions {
  std::string workload = "all";   // hold, phold, cancel, process, resource, all
  std::optional<std::uint64_t> pending;  // default: per workload
  std::optional<std::uint64_t> events;   // default: per workload
  std::optional<Dist> dist;              // default: exponential (hold: all with `all`)
  std::vector<core::QueueKind> queues;   // default: the kernel's default structure
  std::uint64_t seed = 1;
  int repeat = 3;
  bool json = false;
  bool simpy = true;
};

inline constexpr const char* kWorkloads[] = {"hold", "phold", "cancel", "process", "resource", "all"};

/// One printed line.
struct Row {
  std::string workload, impl, queue, dist;
  std::uint64_t pending = 0, events = 0;
  double seconds = 0.0, events_per_sec = 0.0;
  std::uint64_t peak_rss_bytes = 0;
  double bytes_per_pending = 0.0;
  double vs_baseline_pq = 0.0;  // 0 when not measured
  double vs_simpy = 0.0;
  std::uint64_t fingerprint = 0;
};

/// Runs the workloads `o` selects; rows are printed as they complete.
/// Returns the process exit code.
int run_bench(const BenchOptions& o, std::ostream& out, std::ostream& err);

std::string format_row_json(const Row& r);

}  // namespace drill::bench
