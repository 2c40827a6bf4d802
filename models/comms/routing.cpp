// Routes: the next hop of the path of least nominal time over the links up
// now, per releasability mask, recomputed lazily per destination.
#include "models/comms/network_state.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace drill::models::comms {


Network::Hop Network::next_hop(std::uint32_t at, std::uint32_t dest, std::uint64_t mask) noexcept {
  RouteTable* table = nullptr;
  for (RouteTable& t : routes_)
    if (t.mask == mask) {
      table = &t;
      break;
    }
  const std::size_t n = nodes_.size();
  if (table == nullptr) {
    routes_.push_back(RouteTable{.mask = mask, .next = std::vector<Hop>(n * n), .stamp = std::vector<std::uint64_t>(n, 0)});
    table = &routes_.back();
  }
  if (table->stamp[dest] != route_epoch_) compute_column(*table, dest);
  return table->next[dest * n + at];
}

void Network::compute_column(RouteTable& table, std::uint32_t dest) noexcept {
  // Dijkstra outwards from the destination over the links up now: the hop a
  // node takes is the neighbour it was reached from. O(n^2 + edges); ties
  // go to the node settled first (lower index among equals).
  const std::size_t n = nodes_.size();
  Hop* next = table.next.data() + dest * n;
  std::fill(next, next + n, Hop{});
  std::fill(dist_.begin(), dist_.end(), std::numeric_limits<double>::infinity());
  std::fill(done_.begin(), done_.end(), 0);
  dist_[dest] = 0.0;
  for (std::size_t round = 0; round < n; ++round) {
    std::size_t u = n;
    for (std::size_t i = 0; i < n; ++i)
      if (!done_[i] && (u == n || dist_[i] < dist_[u])) u = i;
    if (u == n || std::isinf(dist_[u])) break;
    done_[u] = 1;
    // A node of a nation the message is not releasable to relays nothing.
    if (u != dest && !allowed(static_cast<std::uint32_t>(u), table.mask)) continue;
    for (const auto& [li, v] : nodes_[u].edges) {
      if (done_[v] || !links_[li].up()) continue;
      const double d = dist_[u] + links_[li].cost;
      if (d < dist_[v]) {
        dist_[v] = d;
        next[v] = Hop{li, static_cast<std::uint32_t>(u)};
      }
    }
  }
  table.stamp[dest] = route_epoch_;
}

}  // namespace drill::models::comms
