// Observers of link state: a link going down or coming back up is a signal
// others subscribe to (as SimGrid's Link::on_state_change), so the trace, the
// collector and a dashboard see an outage itself, not only its effects.
//
// A listener is told each transition once, at the simulated time it happens,
// with the cause that made it. Listeners observe: they must not schedule
// events or change the network.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/metrics/entity.hpp"
#include "core/time.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {

/// What changed a link's state. A link is up only while none of these keeps
/// it down; the cause is the one whose change made the transition.
enum class LinkStateCause : std::uint8_t {
  outage_window,  // a declared outage window began or ended
  random_outage,  // a random failure or its repair
  range,          // a line-of-sight link's hosts came into or went out of range
};
std::string_view to_string(LinkStateCause cause) noexcept;

struct LinkStateChange {
  core::SimTime time;
  LinkId link;
  bool up = false;
  LinkStateCause cause = LinkStateCause::outage_window;
};

class LinkStateListener {
 public:
  virtual ~LinkStateListener() = default;
  virtual void on_link_state(const LinkStateChange& change) = 0;
};

}  // namespace drill::models::comms
