// Line-of-sight links: the radio horizon, and the exact times at which two
// moving hosts come into and go out of range.
//
// A host moves piecewise: on each piece it stands still or sails one great
// circle at constant speed (NodeSpec::motion_until gives the piece's end).
// The distance between two hosts then changes no faster than the sum of
// their speeds v, so from a time t at which the distance is g nm away from
// the range no crossing can happen before t + |g| / v: the search steps by
// that bound (at least one second, within the pieces of both hosts), and
// once the side of the range changes between two steps it bisects to the
// first tick on the new side. The link changes state at that tick.
//
// A step is never shorter than a second, so a pass that grazes the range for
// less than a second may be missed. The search looks at most a day ahead; a
// pair still moving then without a crossing looks again at that time (one
// event a day). Two hosts that both stand still for ever have no event.
// Costs: per crossing found, one event and the position evaluations of the
// steps (few when the hosts close head-on, more when they close slowly
// compared with their speeds: each step covers the gap at the full speed
// bound) plus ~40 bisections.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "models/comms/network_state.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {

namespace {

constexpr Duration kMinStep = core::seconds(1);
constexpr Duration kLookAhead = core::hours(24);
constexpr Duration kSpeedProbe = core::hours(1);  // for a piece that holds until told otherwise

}  // namespace

double radio_horizon_nm(double h1_ft, double h2_ft) noexcept {
  return 1.23 * (std::sqrt(std::max(0.0, h1_ft)) + std::sqrt(std::max(0.0, h2_ft)));
}

LatLon Network::position_of(std::uint32_t node, SimTime t) const {
  const Node& n = nodes_[node];
  return n.host ? n.host(t) : n.position;
}

bool Network::in_range(const Link& l, SimTime t) const {
  return distance_nm(position_of(l.members[0], t), position_of(l.members[1], t)) <= l.range_nm;
}

namespace {

// The end of the piece of `n`'s motion that holds at t (after t).
template <class NodeT>
SimTime piece_end(const NodeT& n, SimTime t) {
  if (!n.host || !n.motion_until) return SimTime::max();
  return std::max(n.motion_until(t), t + Duration::from_ticks(1));
}

// A bound on `n`'s speed in nm per hour over its piece [t, end): the
// distance sailed along one great circle at constant speed over the piece
// (or an hour of it), with a margin for rounding.
template <class NodeT>
double speed_bound(const NodeT& n, SimTime t, SimTime end) {
  if (!n.host) return 0.0;
  const SimTime probe = end == SimTime::max() ? t + kSpeedProbe : end;
  const double hours = (probe - t).hours();
  if (!(hours > 0)) return 0.0;
  const double v = distance_nm(n.host(t), n.host(probe)) / hours;
  return v > 0 ? v * 1.01 + 1e-9 : 0.0;
}

}  // namespace

SimTime Network::next_crossing(std::uint32_t li, SimTime from) const {
  const Link& l = links_[li];
  const Node& a = nodes_[l.members[0]];
  const Node& b = nodes_[l.members[1]];
  const bool inside = in_range(l, from);
  const SimTime horizon = from + kLookAhead;
  SimTime t = from;
  while (t < horizon) {
    const SimTime end_a = piece_end(a, t);
    const SimTime end_b = piece_end(b, t);
    const double v = speed_bound(a, t, end_a) + speed_bound(b, t, end_b);
    if (v == 0.0) {
      if (end_a == SimTime::max() && end_b == SimTime::max()) return SimTime::max();  // both still for ever
      t = std::min({end_a, end_b, horizon});
      continue;
    }
    const SimTime end = std::min({end_a, end_b, horizon});
    while (t < end) {
      const double gap_nm =
          std::abs(distance_nm(position_of(l.members[0], t), position_of(l.members[1], t)) - l.range_nm);
      const Duration step = std::max(kMinStep, Duration::from_ticks(static_cast<std::int64_t>(
                                                   std::min(gap_nm / v * 3.6e9, 1e15))));
      const SimTime next = std::min(end, t + step);
      if (in_range(l, next) != inside) {
        // The first tick on the other side lies in (t, next].
        SimTime lo = t;
        SimTime hi = next;
        while (hi - lo > Duration::from_ticks(1)) {
          const SimTime mid = lo + Duration::from_ticks((hi - lo).ticks() / 2);
          (in_range(l, mid) == inside ? lo : hi) = mid;
        }
        return hi;
      }
      t = next;
    }
  }
  return horizon;  // look again then
}

void Network::update_range(std::uint32_t li) noexcept {
  Link& l = links_[li];
  const SimTime now = sim_.now();
  if (l.range_armed) sim_.cancel(l.range_event);
  l.range_armed = false;
  const bool was_up = l.up();
  l.out_of_range = !in_range(l, now);
  const SimTime next = next_crossing(li, now);
  if (next != SimTime::max()) {
    l.range_event = sim_.schedule_at(next, [this](core::EventTag t) { on_range_event(t.entity); }, core::EventTag{kRangeKind, li});
    l.range_armed = true;
  }
  set_link_state(li, was_up, LinkStateCause::range);
}

void Network::on_range_event(std::uint32_t li) noexcept {
  links_[li].range_armed = false;
  update_range(li);
}

void Network::host_moved(NodeId node) noexcept {
  const std::uint32_t n = node_by_entity_[node.index()];
  for (const auto& [li, neighbour] : nodes_[n].edges)
    if (links_[li].kind == LinkKind::line_of_sight) update_range(li);
}

}  // namespace drill::models::comms
