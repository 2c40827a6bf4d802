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
//
// Records come from the models' and the network's noexcept paths (an
// activity's destructor, a message's send and delivery), so a listener
// callback never throws: the first failure (a write refused because the
// disk is full or a file size limit is reached, a failed serialization,
// memory) is kept, nothing more is written, and the run engine asks
// `check()` between slices and at the end, which throws it there.
#pragma once

#include <cstdint>
#include <exception>
#include <ostream>
#include <string>

#include "core/metrics/entity.hpp"
#include "drill/v1/trace.pb.h"
#include "models/activity.hpp"
#include "models/comms/message_listener.hpp"

namespace drill::io {

class TraceWriter final : public models::ActivityListener, public models::comms::MessageListener {
 public:
  /// `names` and `out` must outlive the writer.
  TraceWriter(const core::metrics::NameTable& names, std::ostream& out) : names_(names), out_(out) {}

  void on_activity(const models::ActivityRecord& record) noexcept override;
  /// A message record: the event, with the node, link and destination named
  /// and the message itself (its payload as the network carried it).
  void on_message_event(const models::comms::MessageEvent& event) noexcept override;
  /// Records written in full.
  std::uint64_t records() const noexcept { return sequence_; }
  std::uint64_t message_records() const noexcept { return message_records_; }

  /// True once a record could not be written; it and every later record
  /// are missing from the stream.
  bool failed() const noexcept { return static_cast<bool>(failure_); }
  /// Throws the first failure (io::ResultError for a refused write), if any.
  void check() const;

 private:
  /// Writes message_ with its length prefix. Throws on failure.
  void emit();

  const core::metrics::NameTable& names_;
  std::ostream& out_;
  drill::v1::TraceRecord message_;
  std::string buffer_;
  std::uint64_t sequence_ = 0;
  std::uint64_t message_records_ = 0;
  std::exception_ptr failure_;
};

drill::v1::Activity to_proto(models::Activity activity) noexcept;
drill::v1::EntityKind to_proto(core::metrics::EntityKind kind) noexcept;

}  // namespace drill::io
