// Link state: outage windows, random outages and range changes take a link
// down and bring it back; copies on a link that goes down are routed again.
#include "models/comms/network_state.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

void Network::on_window(std::uint32_t li, bool down) noexcept {
  Link& l = links_[li];
  const bool was_up = l.up();
  if (down) {
    ++l.windows_down;
  } else if (l.windows_down > 0) {
    --l.windows_down;
  }
  set_link_state(li, was_up, LinkStateCause::outage_window);
}

void Network::schedule_random_outage(std::uint32_t li, bool down) {
  Link& l = links_[li];
  const Duration wait = from_seconds((down ? l.time_between : l.time_to_restore).sample(l.outage_rng));
  // Actions of one pointer fit inside their events: the link comes from the tag.
  const core::EventTag tag{kOutageKind, li};
  if (down) {
    sim_.schedule(wait, [this](core::EventTag t) { on_random_outage(t.entity, true); }, tag);
  } else {
    sim_.schedule(wait, [this](core::EventTag t) { on_random_outage(t.entity, false); }, tag);
  }
}

void Network::on_random_outage(std::uint32_t li, bool down) noexcept {
  Link& l = links_[li];
  const bool was_up = l.up();
  l.random_down = down;
  set_link_state(li, was_up, LinkStateCause::random_outage);
  schedule_random_outage(li, !down);
}

void Network::set_link_state(std::uint32_t li, bool was_up, LinkStateCause cause) noexcept {
  Link& l = links_[li];
  const bool up = l.up();
  if (up == was_up) return;
  const SimTime now = sim_.now();
  l.up_gauge->set(now, up ? 1.0 : 0.0);
  if (!up) l.outages->add();
  const LinkStateChange change{.time = now, .link = l.id, .up = up, .cause = cause};
  for (LinkStateListener* listener : link_listeners_) listener->on_link_state(change);
  if (activities_)
    activities_->on_activity(ActivityRecord{.time = now,
                                                .subject = l.id,
                                                .activity = Activity::link_down,
                                                .edge = up ? ActivityEdge::end : ActivityEdge::start,
                                                .related = std::nullopt});
  topology_changed(up ? kNone : li);
  if (up) try_transmit(li);
}

std::string_view to_string(LinkStateCause cause) noexcept {
  switch (cause) {
    case LinkStateCause::outage_window: return "outage_window";
    case LinkStateCause::random_outage: return "random_outage";
    case LinkStateCause::range: return "range";
  }
  return "?";
}

void Network::add_link_state_listener(LinkStateListener* listener) { link_listeners_.push_back(listener); }

void Network::set_activity_listener(ActivityListener* listener) noexcept {
  activities_ = listener;
  // A link already down (out of range from the start) opens its span now.
  if (activities_)
    for (const Link& l : links_)
      if (!l.up())
        activities_->on_activity(ActivityRecord{.time = sim_.now(),
                                                    .subject = l.id,
                                                    .activity = Activity::link_down,
                                                    .edge = ActivityEdge::start,
                                                    .related = std::nullopt});
}

void Network::topology_changed(std::uint32_t down) noexcept {
  ++route_epoch_;
  const std::size_t start = scratch_.size();
  if (down != kNone) {
    Link& l = links_[down];
    const SimTime now = sim_.now();
    if (l.current != kNone && now < l.busy_until) {
      // The copy being set up for or sent is lost with the link.
      const std::uint32_t p = l.current;
      const Packet& pk = packets_[p];
      sim_.cancel(pk.arrival);
      const Record& r = records_[pk.record];
      emit(MessageEventKind::lost, r, pk.at, down, r.copies[pk.copy].dest, pk.attempt);
      l.lost[static_cast<std::size_t>(r.flow)]->add();
      ++totals_.lost;
      release_packet(p);
    }
    if (l.busy_counted) {
      l.busy_until = std::min(now, l.busy_until);
      idle_from(l);
    }
    l.current = kNone;
    l.busy_until = now;
    l.has_sent = false;
    if (l.free_armed) sim_.cancel(l.free_event);
    l.free_armed = false;
    for (std::size_t k = kLevels; k-- > 0;)
      while (l.queues[k].size() > 0) scratch_.push_back(l.queues[k].pop_front());
    l.queued = 0;
    l.queue_length->set(sim_.now(), 0.0);
  }
  for (Node& n : nodes_) {
    scratch_.insert(scratch_.end(), n.held.begin(), n.held.end());
    n.held.clear();
  }
  // Queue every copy first and only then start the links it went to, so
  // that each link's precedence discipline picks which goes first (started
  // one by one, the first copy queued would take an idle link whatever its
  // precedence).
  const std::size_t end = scratch_.size();
  for (std::size_t i = start; i < end; ++i) {
    Packet& pk = packets_[scratch_[i]];
    pk.link = kNone;
    pk.next = pk.at;
    forward(scratch_[i], false);
  }
  for (std::size_t i = start; i < end; ++i) {
    const std::uint32_t li = packets_[scratch_[i]].link;
    // A copy held again or expired has no link; starting a link twice, or
    // one whose copy was dropped, starts nothing more.
    if (li != kNone) try_transmit(li);
  }
  scratch_.resize(start);
}
}  // namespace drill::models::comms
