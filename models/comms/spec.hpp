// The comms network as configured: plain value structs, one per thing a drill
// declares (a node, a link, the network's policies), so that the drill file's
// `comms` section maps onto them field by field. `Network` validates them when
// it is built; after that the network is known good.
//
// Units: durations are core::Duration, bandwidths bit/s, sizes bytes,
// antenna heights feet, distances nautical miles.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "models/geo.hpp"

namespace drill::models::comms {

/// Where a node's host is at a simulated time (a ship's or an aircraft's
/// position), now or later within its present motion.
using PositionFn = std::function<LatLon(core::SimTime)>;
/// The end of the host's motion piece that holds at time t: on [t, end) the
/// host stands still or sails one great circle at constant speed (so its
/// distance to anything changes no faster than its speed). SimTime::max():
/// until the host says otherwise (Network::host_moved).
using MotionUntilFn = std::function<core::SimTime(core::SimTime)>;

struct NodeSpec {
  std::string name;    // unique among nodes; also the node's entity name
  std::string nation;  // e.g. "GBR"
  std::vector<std::string> groups;  // group addresses it answers to (a task group, "logistics")
  LatLon position;                  // a fixed node's position (ignored when `host` is set)
  PositionFn host;                  // set for a node that moves with its host
  MotionUntilFn motion_until;       // with `host`: its pieces; unset: one piece until host_moved
  double antenna_height_ft = 60.0;  // for line-of-sight range
  bool track_age = false;           // a headquarters: age of information of every source is measured here
};

enum class LinkKind : std::uint8_t {
  satellite,      // a shared channel through a satellite: fixed delay, one transmitter at a time
  line_of_sight,  // a radio between two hosts, up only within the radio horizon
  hf,             // high frequency: beyond line of sight, low rate, long delay, link set-up
};

/// Bytes a link adds to every message on top of its serialized size: framing,
/// addressing and coding overhead of the kind's typical protocol stack. The
/// defaults are model choices of the right order, not a standard's figures:
/// satellite 64 (IP and UDP headers 28, link framing and FEC block padding 36),
/// line of sight 48 (a tactical radio's network header and CRC), HF 96 (a
/// data-link protocol header of the STANAG 5066 kind plus ARQ framing).
constexpr std::uint32_t default_overhead_bytes(LinkKind kind) noexcept {
  switch (kind) {
    case LinkKind::satellite: return 64;
    case LinkKind::line_of_sight: return 48;
    case LinkKind::hf: return 96;
  }
  return 0;
}

/// The radio horizon between antennas at heights h1 and h2 feet under the
/// 4/3-Earth model: d = 1.23 (sqrt h1 + sqrt h2) nautical miles.
double radio_horizon_nm(double h1_ft, double h2_ft) noexcept;

struct OutageWindow {
  core::SimTime start;  // the link is down in [start, end)
  core::SimTime end;
};

/// Failures of a link at random: up for an exponential time with mean
/// `mean_time_between`, then down for an exponential time with mean
/// `mean_time_to_restore`, drawn from the link's own named stream.
struct RandomOutages {
  core::Duration mean_time_between = core::Duration::zero();  // zero: none
  core::Duration mean_time_to_restore = core::Duration::zero();
};

enum class DropPolicy : std::uint8_t {
  drop_newest,           // a full buffer discards the arriving message
  drop_lowest_priority,  // a full buffer discards the newest message of the lowest
                         // precedence held if the arrival outranks it, else the arrival
};

struct LinkSpec {
  std::string name;  // unique among links
  LinkKind kind = LinkKind::satellite;
  std::vector<std::string> nodes;  // members: exactly two for line of sight, two or more otherwise
  core::Duration delay = core::milliseconds(250);  // propagation; the declared minimum delay, > 0
  double bandwidth_bps = 2400.0;                    // shared by all members
  std::int64_t overhead_bytes = -1;                 // per message; -1: default_overhead_bytes(kind)
  double loss_probability = 0.0;                    // per transmission, in [0, 1)
  std::vector<OutageWindow> outages;
  RandomOutages random_outages;
  core::Duration setup_time = core::Duration::zero();  // HF: before the first message after idle
  std::uint32_t buffer_messages = 64;                  // transmit queue bound, all precedences together
  DropPolicy drop_policy = DropPolicy::drop_lowest_priority;
  double range_nm = 0.0;  // line of sight: 0 = the radio horizon of the two antennas
};

enum class RelayPolicy : std::uint8_t {
  forward_without_delivering,  // any node relays; one of a nation the message is not releasable to
                               // passes it on but never delivers it
  avoid_foreign_relays,        // routes only through nodes of nations the message is releasable to
};

struct NetworkSpec {
  std::vector<NodeSpec> nodes;
  std::vector<LinkSpec> links;
  RelayPolicy relay_policy = RelayPolicy::forward_without_delivering;
  core::Duration ack_timeout = core::seconds(30);  // before the origin sends a copy again
  std::uint32_t max_retransmissions = 3;
};

}  // namespace drill::models::comms
