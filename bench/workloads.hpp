// The stress workloads of `drillsim bench`, each run once in the calling
// process and timed over its steady state (the set-up that fills the pending
// set is excluded). Measurement of memory and repetition live in measure.hpp.
//
// Every workload is deterministic for a given configuration: the kernel and
// the baselines of the hold model draw the same increments from the same
// stream, so they execute the same events in the same order and report the
// same fingerprint (a test checks it).
// Costs: the workloads allocate only while filling; the timed loops allocate
// nothing per event (callbacks capture at most two pointers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/pending_set.hpp"

namespace drill::bench {

/// Increment distributions of the hold model; all have mean one minute
/// except `mixed` (minutes and days, as in a logistics plan).
enum class Dist { exponential, uniform, bimodal, triangular, pareto, mixed };
inline constexpr Dist kAllDists[] = {Dist::exponential, Dist::uniform, Dist::bimodal,
                                     Dist::triangular,  Dist::pareto,  Dist::mixed};
std::string_view to_string(Dist d) noexcept;
std::optional<Dist> parse_dist(std::string_view name) noexcept;

struct WorkloadConfig {
  std::uint64_t pending = 100'000;  // pending events (hold, phold, cancel) or processes
  std::uint64_t events = 2'000'000;  // events executed in the timed part
  Dist dist = Dist::exponential;
  core::QueueKind queue = core::QueueKind::calendar_queue;
  std::uint64_t seed = 1;
};

struct WorkloadResult {
  std::uint64_t events = 0;   // executed in the timed part
  std::uint64_t pending = 0;  // pending events when the timed part ended
  double seconds = 0.0;
  std::uint64_t fingerprint = 0;  // of every executed event, warm-up included
};

/// The classic hold model through the full kernel: N chains of callback
/// events; each event, when it runs, schedules the next of its chain after a
/// random increment.
WorkloadResult hold_kernel(const WorkloadConfig& c);
/// The same model on a bare std::priority_queue of 16-byte elements (time;
/// sequence and target packed in one word, as the kernel packs its key).
WorkloadResult hold_baseline_pq(const WorkloadConfig& c);
/// The same model on a bare 4-ary heap of the same 16-byte elements.
WorkloadResult hold_baseline_4ary(const WorkloadConfig& c);
/// PHOLD: L logical processes, the pending events spread over them; half of
/// the events are sent to a random other process, always at least the
/// lookahead (a tenth of the mean increment) ahead.
WorkloadResult phold(const WorkloadConfig& c);
/// N connections, each with a message in flight and a retransmission timer
/// that the acknowledgement usually cancels before it fires.
WorkloadResult cancel(const WorkloadConfig& c);
/// N coroutine processes looping on `co_await sim.delay(...)`; events are
/// process resumptions.
WorkloadResult process(const WorkloadConfig& c);
/// N processes contending for a capacity resource with N/10 units.
WorkloadResult resource(const WorkloadConfig& c);

}  // namespace drill::bench
