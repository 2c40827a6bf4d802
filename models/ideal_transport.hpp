// The ideal transport: every copy arrives at the instant it is sent, none is
// lost, none is too large. What a drill without a `comms` section runs on,
// and what the network transport uses for a party off the network.
//
// Each copy is delivered in its own event at the send instant (zero delay,
// default priority), scheduled in the order of the addressees: the events a
// network link of no delay and unlimited bandwidth schedules for the same
// copies (transport.hpp says why that matters).
//
// Costs: one event per copy. Messages and copies are pooled and reused: in
// steady state sending allocates nothing (a recycled message keeps its
// payload's storage).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/simulation.hpp"
#include "models/transport.hpp"

namespace drill::models {

class IdealTransport final : public Transport {
 public:
  IdealTransport(core::Simulation& sim, Recipient& recipient) : sim_(sim), recipient_(recipient) {}

  drill::v1::Message& compose(Party from, comms::Flow flow) override;
  void send(Party from, std::span<const Party> to, drill::v1::Message& message, const Delivery& how) override;
  /// Delivers a copy of `message` (composed elsewhere, e.g. by the network)
  /// to each of `to`, as `send` would.
  void deliver_copies(std::span<const Party> to, const drill::v1::Message& message);

 private:
  struct Slot {
    std::unique_ptr<drill::v1::Message> message;
    std::uint32_t copies_left = 0;
  };
  struct Copy {
    std::uint32_t slot = 0;
    Party to;
  };
  std::uint32_t take_slot();
  void schedule_copies(std::uint32_t slot, std::span<const Party> to);
  void on_arrival(std::uint32_t copy) noexcept;

  core::Simulation& sim_;
  Recipient& recipient_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Copy> copies_;
  std::vector<std::uint32_t> free_copies_;
  std::uint32_t composed_ = UINT32_MAX;  // the slot handed out by compose, until send
  std::uint64_t next_id_ = 1;
};

}  // namespace drill::models
