#include "io/trace_writer.hpp"

#include <stdexcept>

#include "models/entity_kinds.hpp"

namespace drill::io {

using models::Activity;
using core::metrics::EntityKind;

drill::v1::Activity to_proto(Activity a) noexcept {
  switch (a) {
    case Activity::transit: return drill::v1::ACTIVITY_TRANSIT;
    case Activity::on_station: return drill::v1::ACTIVITY_ON_STATION;
    case Activity::refuelling: return drill::v1::ACTIVITY_REFUELLING;
    case Activity::waiting_for_resource: return drill::v1::ACTIVITY_WAITING_FOR_RESOURCE;
    case Activity::maintenance: return drill::v1::ACTIVITY_MAINTENANCE;
    case Activity::replenishment_at_sea: return drill::v1::ACTIVITY_REPLENISHMENT_AT_SEA;
    case Activity::link_down: return drill::v1::ACTIVITY_LINK_DOWN;
  }
  return drill::v1::ACTIVITY_UNSPECIFIED;
}

drill::v1::EntityKind to_proto(EntityKind k) noexcept {
  switch (k.value) {
    case models::kind::unit.value: return drill::v1::ENTITY_KIND_UNIT;
    case models::kind::squadron.value: return drill::v1::ENTITY_KIND_SQUADRON;
    case models::kind::base.value: return drill::v1::ENTITY_KIND_BASE;
    case models::kind::resource.value: return drill::v1::ENTITY_KIND_RESOURCE;
    case models::kind::stock.value: return drill::v1::ENTITY_KIND_STOCK;
    case models::kind::task.value: return drill::v1::ENTITY_KIND_TASK;
    case models::kind::link.value: return drill::v1::ENTITY_KIND_LINK;
    case models::kind::node.value: return drill::v1::ENTITY_KIND_NODE;
    case models::kind::nation.value: return drill::v1::ENTITY_KIND_NATION;
    case models::kind::flow.value: return drill::v1::ENTITY_KIND_FLOW;
  }
  return drill::v1::ENTITY_KIND_UNSPECIFIED;
}

namespace {
void fill(drill::v1::Entity& e, core::metrics::EntityRef ref, const core::metrics::NameTable& names) {
  e.set_kind(to_proto(ref.kind));
  e.set_id(ref.index);
  e.set_name(names.name(ref));
}
}  // namespace

void TraceWriter::on_activity(const models::ActivityRecord& r) noexcept {
  if (failure_) return;
  try {
    message_.Clear();
    message_.set_sequence(sequence_);
    message_.set_time_us(r.time.ticks());
    fill(*message_.mutable_subject(), r.subject, names_);
    message_.set_activity(to_proto(r.activity));
    message_.set_edge(r.edge == models::ActivityEdge::start ? drill::v1::ACTIVITY_EDGE_START
                                                                   : drill::v1::ACTIVITY_EDGE_END);
    if (r.related) fill(*message_.mutable_related(), *r.related, names_);
    emit();
  } catch (...) {
    failure_ = std::current_exception();
  }
}

void TraceWriter::on_message_event(const models::comms::MessageEvent& e) noexcept {
  if (failure_) return;
  try {
    models::comms::to_trace_record(e, sequence_, message_);
    drill::v1::MessageTrace& m = *message_.mutable_message_event();
    m.mutable_node()->set_name(names_.name(e.node));
    if (m.has_link()) m.mutable_link()->set_name(names_.name(models::LinkId(e.link)));
    if (m.has_destination()) m.mutable_destination()->set_name(names_.name(e.destination));
    emit();
    ++message_records_;
  } catch (...) {
    failure_ = std::current_exception();
  }
}

void TraceWriter::check() const {
  if (failure_) std::rethrow_exception(failure_);
}

void TraceWriter::emit() {
  buffer_.clear();
  auto size = static_cast<std::uint32_t>(message_.ByteSizeLong());
  do {  // varint of the size
    const auto byte = static_cast<char>((size & 0x7Fu) | (size > 0x7Fu ? 0x80u : 0u));
    buffer_ += byte;
    size >>= 7;
  } while (size != 0);
  if (!message_.AppendToString(&buffer_)) throw std::runtime_error("events.pb: serialization failed");
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  if (!out_) throw std::runtime_error("events.pb: write failed");
  ++sequence_;
}

}  // namespace drill::io
