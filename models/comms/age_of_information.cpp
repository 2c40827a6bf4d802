// The age-of-information books of the nodes that track it, and publishing
// the measures that change without events.
#include "models/comms/network_state.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

// ---------------------------------------------------------------------------
// Age of information

void Network::update_age(std::uint32_t receiver, std::uint32_t source, SimTime generated) noexcept {
  if (age_row_[receiver] == kNone) return;
  Age& a = ages_[age_row_[receiver] * nodes_.size() + source];
  const SimTime now = sim_.now();
  if (!a.seen) {
    a.seen = true;
    a.first = now;
  } else if (generated > a.last_generated) {
    // The age grew linearly from (last_update - last_generated) since the last update.
    const double dt = (now - a.last_update).seconds();
    const double age0 = (a.last_update - a.last_generated).seconds();
    a.integral_s += age0 * dt + 0.5 * dt * dt;
    a.max_s = std::max(a.max_s, (now - a.last_generated).seconds());
  } else {
    return;  // older than what the node already holds
  }
  a.last_generated = generated;
  a.last_update = now;
  a.max_s = std::max(a.max_s, (now - generated).seconds());
  a.mean->set(now > a.first ? a.integral_s / (now - a.first).seconds() : (now - generated).seconds());
  a.max->set(a.max_s);
}

void Network::publish_links(SimTime now) noexcept {
  for (Link& l : links_)
    if (l.busy_counted && l.busy_until <= now) idle_from(l);
}

void Network::publish(SimTime now) noexcept {
  publish_links(now);
  for (Age& a : ages_) {
    if (!a.seen || now < a.last_update) continue;
    const double dt = (now - a.last_update).seconds();
    const double age0 = (a.last_update - a.last_generated).seconds();
    const double integral = a.integral_s + age0 * dt + 0.5 * dt * dt;
    a.mean->set(now > a.first ? integral / (now - a.first).seconds() : age0);
    a.max->set(std::max(a.max_s, (now - a.last_generated).seconds()));
  }
}

}  // namespace drill::models::comms
