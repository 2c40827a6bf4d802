// The comms traffic workload: messages pushed through a comms network of
// many nodes. `drillsim bench comms` reports its message rate in the bench
// table; drill_comms_bench runs it alone with its own options.
//
// The network: nodes in task groups of ten over four nations; each group a
// ring of line-of-sight radio links (1 Mbit/s, fixed positions within range)
// whose first node is also on a shared satellite channel (2 Mbit/s, 250 ms)
// and every fifth group leader on an HF net (9.6 kbit/s, 5 s set-up), so most
// messages cross two to seven links. Messages: a mix of all payloads between
// random nodes, random precedence, a third asking for acknowledgement, Poisson
// arrivals at `rate` per simulated second. Each message is also serialized
// into a buffer when it is created (the cost a trace or a real transport
// pays), and the network sizes it with ByteSizeLong.
//
// The run goes on until the last message has been sent and every copy has
// settled (delivered, lost, dropped or expired). The time is the whole run,
// building the network included. Deterministic for a given configuration.
#pragma once

#include <cstdint>

#include "core/pending_set.hpp"

namespace drill::bench {

struct CommsTrafficConfig {
  std::uint64_t messages = 1'000'000;
  std::uint32_t nodes = 100;  // at least 20 (two task groups)
  std::uint64_t seed = 1;
  double rate = 400.0;  // messages per simulated second
  core::QueueKind queue = core::QueueKind::calendar_queue;
};

struct CommsTrafficResult {
  std::uint64_t messages = 0;
  std::uint32_t nodes = 0;
  std::size_t links = 0;
  double seconds = 0.0;  // wall, set-up included
  std::uint64_t events = 0;
  double simulated_seconds = 0.0;
  std::uint64_t copies_sent = 0, delivered = 0, lost = 0, dropped = 0, expired = 0, retransmitted = 0;
  std::uint64_t serialized_bytes = 0;
  std::uint64_t unsettled = 0;  // messages with copies, timers or acknowledgements still pending at the end
  std::uint64_t fingerprint = 0;
};

/// Throws std::invalid_argument for fewer than 20 nodes or a rate that is
/// not positive.
CommsTrafficResult comms_traffic(const CommsTrafficConfig& c);

}  // namespace drill::bench
