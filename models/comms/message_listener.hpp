// The trace hook of the comms network: every event of every message copy
// (created, queued, transmitted: its transmission starts, received,
// delivered, dropped, lost, expired, retransmitted) is offered to the listeners a network has, in the order the
// events happen. A listener sees the message itself; it must copy what it
// keeps, because the message is recycled once the network is done with it.
// Listeners must not send messages or change the network from the callback.
#pragma once

#include <cstdint>

#include "core/metrics/entity.hpp"
#include "core/time.hpp"
#include "drill/v1/messages.pb.h"
#include "drill/v1/trace.pb.h"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {

enum class MessageEventKind : std::uint8_t {
  created,
  queued,
  transmitted,
  received,
  delivered,
  dropped,
  lost,
  expired,
  retransmitted,
};

inline constexpr std::uint32_t kNoLink = ~std::uint32_t{0};

struct MessageEvent {
  MessageEventKind kind = MessageEventKind::created;
  core::SimTime time;
  NodeId node;                   // where it happened
  std::uint32_t link = kNoLink;  // LinkId index, or kNoLink
  NodeId destination;            // the addressee of this copy (the origin for `created`)
  std::uint32_t attempt = 0;
  const drill::v1::Message* message = nullptr;
};

class MessageListener {
 public:
  virtual ~MessageListener() = default;
  virtual void on_message_event(const MessageEvent& event) = 0;
};

/// The trace record of `event` (drill.v1.TraceRecord with message_event set;
/// entity names left empty: the writer fills them from the name table).
void to_trace_record(const MessageEvent& event, std::uint64_t sequence, drill::v1::TraceRecord& out);

}  // namespace drill::models::comms
