#include "models/ideal_transport.hpp"

#include <cassert>

namespace drill::models {

namespace {

// Fingerprint kind of an ideal delivery (the network's kinds start 0x100 above).
constexpr std::uint32_t kIdealArrivalKind = core::kind::kFirstModelKind + 0x80;

void set_payload(drill::v1::Message& m, comms::Flow flow) {
  switch (flow) {
    case comms::Flow::contact_report: m.mutable_contact_report(); break;
    case comms::Flow::situation_report: m.mutable_situation_report(); break;
    case comms::Flow::logistics_status: m.mutable_logistics_status(); break;
    case comms::Flow::support_request: m.mutable_support_request(); break;
    case comms::Flow::order: m.mutable_order(); break;
    case comms::Flow::acknowledgement: m.mutable_acknowledgement(); break;
  }
}

}  // namespace

std::uint32_t IdealTransport::take_slot() {
  if (!free_slots_.empty()) {
    const std::uint32_t s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  slots_.push_back(Slot{std::make_unique<drill::v1::Message>(), 0});
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

drill::v1::Message& IdealTransport::compose(Party, comms::Flow flow) {
  assert(composed_ == UINT32_MAX && "a composed message is sent before the next is composed");
  composed_ = take_slot();
  drill::v1::Message& m = *slots_[composed_].message;
  m.Clear();
  set_payload(m, flow);
  return m;
}

void IdealTransport::send(Party, std::span<const Party> to, drill::v1::Message& message, const Delivery& how) {
  assert(composed_ != UINT32_MAX && slots_[composed_].message.get() == &message &&
         "send takes the message compose handed out");
  const std::uint32_t slot = composed_;
  composed_ = UINT32_MAX;
  drill::v1::Envelope& env = *message.mutable_envelope();
  env.set_message_id(next_id_++);
  env.set_created_us(sim_.now().ticks());
  env.set_priority(how.priority);
  if (how.time_to_live > core::Duration::zero()) env.set_time_to_live_us(how.time_to_live.ticks());
  schedule_copies(slot, to);
}

void IdealTransport::deliver_copies(std::span<const Party> to, const drill::v1::Message& message) {
  if (to.empty()) return;
  const std::uint32_t slot = take_slot();
  slots_[slot].message->CopyFrom(message);
  schedule_copies(slot, to);
}

void IdealTransport::schedule_copies(std::uint32_t slot, std::span<const Party> to) {
  slots_[slot].copies_left = static_cast<std::uint32_t>(to.size());
  if (to.empty()) {
    free_slots_.push_back(slot);
    return;
  }
  for (const Party p : to) {
    std::uint32_t c;
    if (!free_copies_.empty()) {
      c = free_copies_.back();
      free_copies_.pop_back();
      copies_[c] = Copy{slot, p};
    } else {
      c = static_cast<std::uint32_t>(copies_.size());
      copies_.push_back(Copy{slot, p});
    }
    sim_.schedule_at(sim_.now(), [this](core::EventTag t) { on_arrival(t.entity); }, core::EventTag{kIdealArrivalKind, c});
  }
}

void IdealTransport::on_arrival(std::uint32_t c) noexcept {
  const Copy copy = copies_[c];
  free_copies_.push_back(c);
  recipient_.receive(copy.to, *slots_[copy.slot].message);
  if (--slots_[copy.slot].copies_left == 0) free_slots_.push_back(copy.slot);
}

}  // namespace drill::models
