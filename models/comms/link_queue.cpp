// A link's transmit queue and transmitter: precedence queues with a bounded
// buffer, one copy on the air at a time, HF set-up, utilisation.
#include "models/comms/network_state.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {

void Network::enqueue(std::uint32_t li, std::uint32_t p, bool start) noexcept {
  Link& l = links_[li];
  const Packet& pk = packets_[p];
  const std::size_t level = records_[pk.record].level;
  if (l.queued >= l.capacity) {
    std::size_t victim_level = kLevels;
    if (l.drop_policy == DropPolicy::drop_lowest_priority)
      for (std::size_t k = 0; k < level; ++k)
        if (l.queues[k].size() > 0) {
          victim_level = k;
          break;
        }
    if (victim_level == kLevels) {
      drop(p, li);
      return;
    }
    const std::uint32_t victim = l.queues[victim_level].pop_back();
    --l.queued;
    drop(victim, li);
  }
  l.queues[level].push_back(p);
  ++l.queued;
  l.queue_length->set(sim_.now(), l.queued);
  emit(MessageEventKind::queued, records_[pk.record], pk.at, li, records_[pk.record].copies[pk.copy].dest,
       pk.attempt);
  if (start) try_transmit(li);
}

void Network::try_transmit(std::uint32_t li) noexcept {
  Link& l = links_[li];
  const SimTime now = sim_.now();
  while (l.up() && l.queued > 0) {
    if (now < l.busy_until) {  // come back when the link is free
      if (!l.free_armed) {
        l.free_armed = true;
        l.free_event = sim_.schedule_at(l.busy_until, [this](core::EventTag t) { on_link_free(t.entity); },
                                        core::EventTag{kLinkFreeKind, li});
      }
      return;
    }
    std::uint32_t p = kNone;
    for (std::size_t k = kLevels; k-- > 0;)
      if (l.queues[k].size() > 0) {
        p = l.queues[k].pop_front();
        break;
      }
    --l.queued;
    l.queue_length->set(now, l.queued);
    Packet& pk = packets_[p];
    const Record& r = records_[pk.record];
    if (expired(r)) {
      expire(p);
      continue;
    }
    // HF sets up again unless this copy follows the previous one back to back.
    const bool session_open = l.has_sent && now == l.busy_until;
    const Duration setup = session_open ? Duration::zero() : l.setup;
    const double bits = (static_cast<double>(r.size) + l.overhead) * 8.0;
    const auto ticks = std::isinf(l.bandwidth_bps)  // an ideal link transmits in no time
                           ? std::int64_t{0}
                           : std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(bits * 1e6 / l.bandwidth_bps)));
    if (l.busy_counted && l.busy_until < now) idle_from(l);
    if (!l.busy_counted || l.busy_until < now) l.utilisation->set(now, 1.0);
    l.busy_counted = true;
    l.has_sent = true;
    l.current = p;
    l.busy_until = now + setup + Duration::from_ticks(ticks);
    pk.lost = l.loss > 0 && l.loss_rng.uniform01() < l.loss;
    arm_ack_timer(p);
    emit(MessageEventKind::transmitted, r, pk.at, li, r.copies[pk.copy].dest, pk.attempt);
    pk.arrival = sim_.schedule_at(l.busy_until + l.delay, [this](core::EventTag t) { on_arrival(t.entity); },
                                  core::EventTag{kArrivalKind, p});
  }
}

void Network::idle_from(Link& l) noexcept {
  // A warm-up reset may have restarted the statistics after the link fell
  // idle; the level then changes at the restart.
  l.utilisation->set(std::max(l.busy_until, collector_.since()), 0.0);
  l.busy_counted = false;
}

void Network::on_link_free(std::uint32_t li) noexcept {
  links_[li].free_armed = false;
  try_transmit(li);
}

}  // namespace drill::models::comms
