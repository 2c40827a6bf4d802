#include "models/comms/message_listener.hpp"

namespace drill::models::comms {

namespace {
void set_entity(drill::v1::Entity& e, drill::v1::EntityKind kind, std::uint32_t id) {
  e.set_kind(kind);
  e.set_id(id);
}
}  // namespace

void to_trace_record(const MessageEvent& event, std::uint64_t sequence, drill::v1::TraceRecord& out) {
  out.Clear();
  out.set_sequence(sequence);
  out.set_time_us(event.time.ticks());
  drill::v1::MessageTrace& m = *out.mutable_message_event();
  // MessageEventKind and drill.v1.MessageEventKind list the kinds in the same order.
  m.set_kind(static_cast<drill::v1::MessageEventKind>(static_cast<int>(event.kind) + 1));
  set_entity(*m.mutable_node(), drill::v1::ENTITY_KIND_NODE, event.node.index());
  if (event.link != kNoLink) set_entity(*m.mutable_link(), drill::v1::ENTITY_KIND_LINK, event.link);
  if (event.kind != MessageEventKind::created)
    set_entity(*m.mutable_destination(), drill::v1::ENTITY_KIND_NODE, event.destination.index());
  m.set_attempt(event.attempt);
  if (event.message != nullptr) *m.mutable_message() = *event.message;
}

}  // namespace drill::models::comms
