// The transport of the logistics protocol: what units and the logistics cell
// send through and receive from, whatever carries the messages.
//
// Every logistics decision is a message exchange (logistics_protocol.hpp):
// status reports, requests for fuel and tanker support, the cell's orders.
// The parties compose a message, address it to other parties and send it
// here; the transport hands each addressee its copy through the
// `Recipient` it was built with. Two implementations:
// - IdealTransport (ideal_transport.hpp): delivery at the send instant, no
//   loss, no size limit. A drill without a `comms` section runs on it.
// - NetworkTransport (network_transport.hpp): the modelled network of the
//   drill's `comms` section; a party that is not a node of the network (or
//   shares its node with the addressee) gets ideal delivery to and from the
//   cell.
// As OMNeT++'s ideal channel, an ideal delivery is still a delivery: each
// copy arrives in its own zero-delay event scheduled at the send instant, in
// the order of the addressees, exactly as the network schedules the arrival
// of a copy on a link of no delay and unlimited bandwidth. A sender never
// sees its own message delivered inside `send`, so the two transports give
// the same order of events in the model.
//
// Invariants: a message from `compose` is owned by the transport until
// `send`; one from `compose` must be sent before the next `compose`. The
// recipient copies what it keeps: a message is recycled once delivered.
#pragma once

#include <cstdint>
#include <span>

#include "core/metrics/entity.hpp"
#include "core/time.hpp"
#include "drill/v1/messages.pb.h"
#include "models/activity.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models {

/// A party to the logistics protocol: the logistics cell, a ship (by its
/// ship id) or a squadron (by its squadron id: a squadron is addressed as a
/// squadron, never by one of its aircraft). The ids are the run's entity ids
/// (core/metrics/entity.hpp), the ones the trace and the measures use.
class Party {
 public:
  enum class Kind : std::uint8_t { cell, ship, squadron };

  static constexpr Party cell() noexcept { return Party(Kind::cell, 0); }
  static constexpr Party ship(ShipId id) noexcept { return Party(Kind::ship, id.index()); }
  static constexpr Party squadron(SquadronId id) noexcept { return Party(Kind::squadron, id.index()); }

  constexpr Kind kind() const noexcept { return kind_; }
  /// The ship's id; only for Kind::ship.
  constexpr ShipId ship_id() const noexcept { return ShipId(index_); }
  /// The squadron's id; only for Kind::squadron.
  constexpr SquadronId squadron_id() const noexcept { return SquadronId(index_); }
  /// The id's dense index, for tables kept per kind.
  constexpr std::uint32_t index() const noexcept { return index_; }
  friend constexpr bool operator==(Party, Party) = default;

 private:
  constexpr Party(Kind kind, std::uint32_t index) noexcept : kind_(kind), index_(index) {}
  Kind kind_;
  std::uint32_t index_;
};

/// How a message travels: its precedence, whether addressees acknowledge it
/// (the network retransmits until they do), how long it is worth carrying
/// (zero: for ever) and whether the sender's own nation's headquarters get
/// a copy (status reports, on the network only).
struct Delivery {
  drill::v1::Priority priority = drill::v1::PRIORITY_ROUTINE;
  bool acknowledge = false;
  core::Duration time_to_live;
  bool copy_to_headquarters = false;
};

/// Receives each copy addressed to a party. May send messages.
class Recipient {
 public:
  virtual ~Recipient() = default;
  virtual void receive(Party at, const drill::v1::Message& message) = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// A cleared message with an empty `flow` payload, to be sent by `from`.
  virtual drill::v1::Message& compose(Party from, models::comms::Flow flow) = 0;
  /// Sends `message` from `from` to each of `to`; stamps its creation time.
  virtual void send(Party from, std::span<const Party> to, drill::v1::Message& message, const Delivery& how) = 0;
  /// The modelled network, if the transport is one.
  virtual const models::comms::Network* network() const noexcept { return nullptr; }
  /// Where the transport's own activity records go (a network's link_down
  /// spans; null: nowhere). The ideal transport has none.
  virtual void set_activity_listener(ActivityListener*) noexcept {}
};

}  // namespace drill::models
