// The network's own records (nodes, links, packets, message records, route
// tables, measures, ages) and the constants its files share. Included only by
// the network's .cpp files: the public API is network.hpp.
//
// Invariants: indices, never pointers, link records to each other (a packet
// names its record, copy, node and link by index), so pools can grow; a link
// is up iff no outage window, random outage or range keeps it down.
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/distributions.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {

namespace cm = core::metrics;
using core::Duration;
using core::SimTime;

// Event kinds in the fingerprint (entity: the link, packet or record index).
inline constexpr std::uint32_t kLinkFreeKind = core::kind::kFirstModelKind + 0x100;
inline constexpr std::uint32_t kArrivalKind = kLinkFreeKind + 1;
inline constexpr std::uint32_t kAckTimeoutKind = kLinkFreeKind + 2;
inline constexpr std::uint32_t kRangeKind = kLinkFreeKind + 3;  // a range crossing or look-ahead
inline constexpr std::uint32_t kWindowKind = kLinkFreeKind + 4;
inline constexpr std::uint32_t kOutageKind = kLinkFreeKind + 5;

inline constexpr std::uint32_t kNone = ~std::uint32_t{0};
inline constexpr std::size_t kLevels = 4;            // ROUTINE .. FLASH
inline constexpr double kNominalMessageBytes = 128;  // the message size routes are costed for

inline std::size_t level_of(drill::v1::Priority p) noexcept {
  const int v = static_cast<int>(p);
  return v <= 1 ? 0 : static_cast<std::size_t>(std::min(v, 4) - 1);
}

inline Duration from_seconds(double s) noexcept {
  return Duration::from_ticks(std::max<std::int64_t>(1, std::llround(s * 1e6)));
}

// A fixed-capacity ring of packet indices.
class Ring {
 public:
  void reserve(std::uint32_t capacity) { buf_.assign(capacity, 0); }
  std::uint32_t size() const noexcept { return size_; }
  void push_back(std::uint32_t v) noexcept {
    assert(size_ < buf_.size() && "a ring is never pushed beyond its link's buffer");
    buf_[wrap(head_ + size_)] = v;
    ++size_;
  }
  std::uint32_t pop_front() noexcept {
    const std::uint32_t v = buf_[head_];
    head_ = wrap(head_ + 1);
    --size_;
    return v;
  }
  std::uint32_t pop_back() noexcept {
    --size_;
    return buf_[wrap(head_ + size_)];
  }

 private:
  std::uint32_t wrap(std::uint32_t i) const noexcept {
    return i >= buf_.size() ? i - static_cast<std::uint32_t>(buf_.size()) : i;
  }
  std::vector<std::uint32_t> buf_;
  std::uint32_t head_ = 0;
  std::uint32_t size_ = 0;
};


struct Network::Node {
  NodeId id;
  std::uint32_t nation = 0;  // index into nation_ids_
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;  // (link, neighbour)
  std::vector<std::uint32_t> held;  // packets waiting for a route
  PositionFn host;
  MotionUntilFn motion_until;
  LatLon position;
  double antenna_ft = 0.0;
};

struct Network::Link {
  LinkId id;
  LinkKind kind = LinkKind::satellite;
  std::vector<std::uint32_t> members;
  Duration delay;
  Duration setup;
  double bandwidth_bps = 0.0;
  std::uint32_t overhead = 0;
  double loss = 0.0;
  std::uint32_t capacity = 0;
  DropPolicy drop_policy = DropPolicy::drop_newest;
  double range_nm = 0.0;
  bool range_armed = false;  // line of sight: an event waits at the next crossing (or look-ahead)
  core::EventHandle range_event;
  double cost = 0.0;  // nominal seconds a hop over this link takes
  core::Distribution time_between, time_to_restore;

  std::uint32_t windows_down = 0;
  bool random_down = false;
  bool out_of_range = false;
  // The link sends one copy at a time: `current` until `busy_until` (valid
  // only while now < busy_until). No event marks the end of a transmission
  // unless another copy waits for it (`free_event`).
  SimTime busy_until;
  std::uint32_t current = kNone;
  bool has_sent = false;      // HF: a session is open while copies follow back to back
  bool busy_counted = false;  // utilisation is at 1 from the last start until busy_until
  bool free_armed = false;
  core::EventHandle free_event;
  std::array<Ring, kLevels> queues;
  std::uint32_t queued = 0;
  core::RandomStream loss_rng{0};
  core::RandomStream outage_rng{0};

  cm::TimeWeightedGauge* utilisation = nullptr;
  cm::TimeWeightedGauge* queue_length = nullptr;
  cm::TimeWeightedGauge* up_gauge = nullptr;  // link_up: 1 while up, 0 while down
  cm::Counter* outages = nullptr;              // link_outages: transitions to down
  std::array<cm::Counter*, kFlowCount> lost{};
  std::array<cm::Counter*, kFlowCount> dropped{};

  bool up() const noexcept { return windows_down == 0 && !random_down && !out_of_range; }
};

struct Network::Packet {
  std::uint32_t record = 0;
  std::uint32_t copy = 0;
  std::uint32_t at = 0;    // the node holding it (or sending it)
  std::uint32_t next = 0;  // the node it is going to over `link`
  std::uint32_t link = kNone;
  std::uint32_t attempt = 0;
  bool lost = false;  // drawn when its transmission starts; told at its arrival time
  bool arm_timer = false;  // its copy's acknowledgement timer starts when it leaves the origin
  core::EventHandle arrival;
};

struct Network::Copy {
  std::uint32_t dest = 0;
  std::uint32_t attempts = 0;
  bool delivered = false;
  bool acked = false;
  bool timer_armed = false;
  core::EventHandle timer;
};

struct Network::Record {
  drill::v1::Message* msg = nullptr;
  std::uint32_t generation = 0;
  std::uint64_t id = 0;
  Flow flow = Flow::contact_report;
  std::uint8_t level = 0;
  bool ack = false;
  bool in_use = false;
  std::uint32_t origin = 0;
  std::uint32_t size = 0;  // serialized bytes
  SimTime created;
  SimTime expires = SimTime::max();
  std::uint64_t mask = 0;  // releasable nations (bit per nation index)
  std::uint32_t refs = 0;  // packets and armed timers, plus one while sending
  std::vector<Copy> copies;
};

struct Network::RouteTable {
  std::uint64_t mask = 0;
  std::vector<Hop> next;              // [dest * n + at]
  std::vector<std::uint64_t> stamp;  // per dest: the route epoch its column is for
};

struct Network::Measures {
  // [flow * nodes + node] or [flow * links + link]
  std::vector<cm::Counter*> sent, delivered, expired, retransmitted;
  std::array<cm::Gauge*, kFlowCount> delivery_ratio{};
  std::array<cm::QuantileInstrument*, kFlowCount> latency{};
};

struct Network::Age {
  SimTime first, last_generated, last_update;
  double integral_s = 0.0;  // age integrated over [first, last_update]
  double max_s = 0.0;
  bool seen = false;
  cm::Gauge* mean = nullptr;
  cm::Gauge* max = nullptr;
};
}  // namespace drill::models::comms
