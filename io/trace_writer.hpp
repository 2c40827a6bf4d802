// events.pb: the activity trace as a length-delimited stream of
// drill.v1.TraceRecord (each record preceded by its byte size as a varint,
// the framing of protobuf's writeDelimitedTo / parseDelimitedFrom).
//
// The writer is an ActivityListener and a comms MessageListener: models and
// the comms network emit records with entity ids, the writer resolves names
// through the run's name table and streams each record as it comes, so
// memory does not grow with the trace. Activity and message records share
// one sequence, in the order they happen. A record costs
// one serialization into a reused buffer and a write; tracing is optional,
// and with it off nothing of this runs.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "core/metrics/activity.hpp"
#include "core/metrics/entity.hpp"
#include "drill/v1/trace.pb.h"
#include "models/comms/message_listener.hpp"

namespace drill::io {

class TraceWriter final : public core::metrics::ActivityListener, public models::comms::MessageListener {
 public:
  /// `names` and `out` must outlive the writer.
  TraceWriter(const core::metrics::NameTable& names, std::ostream& out) : names_(names), out_(out) {}

  void on_activity(const core::metrics::ActivityRecord& record) override;
  /// A message record: the event, with the node, link and destination named
  /// and the message itself (its payload as the network carried it).
  void on_message_event(const models::comms::MessageEvent& event) override;
  std::uint64_t records() const noexcept { return sequence_; }
  std::uint64_t message_records() const noexcept { return message_records_; }

 private:
  /// Writes message_ with its length prefix.
  void emit();

  const core::metrics::NameTable& names_;
  std::ostream& out_;
  drill::v1::TraceRecord message_;
  std::string buffer_;
  std::uint64_t sequence_ = 0;
  std::uint64_t message_records_ = 0;
};

drill::v1::Activity to_proto(core::metrics::Activity activity) noexcept;
drill::v1::EntityKind to_proto(core::metrics::EntityKind kind) noexcept;

}  // namespace drill::io
