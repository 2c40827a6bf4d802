// A stock under a continuous-review reorder-point policy: base and port fuel,
// depot fuel, spare parts.
//
// Draws go through the underlying container (so a unit that cannot get fuel
// waits, and the wait shows in the measures). Whenever a draw leaves the
// level at or below the reorder point and nothing is on order, an order for
// the resupply quantity is placed; it arrives after a lead time drawn from the
// stock's own random stream, taken from a supplying depot when there is one
// (as much as the depot holds), and never overfills the stock.
#pragma once

#include <string>

#include "core/container.hpp"
#include "core/distributions.hpp"
#include "core/process.hpp"

namespace drill::models {

struct StockPolicy {
  double capacity = 0.0;
  double initial = 0.0;
  double reorder_point = 0.0;
  double resupply_quantity = 0.0;  // 0: never resupplied
  core::Distribution lead_time_s;
};

class Stock {
 public:
  Stock(core::Simulation& sim, std::string name, StockPolicy policy, std::uint32_t entity);

  /// Awaitable draw of `amount`; triggers a reorder when due.
  core::Container::Request draw(double amount) { return container_.get(amount); }
  /// Call after a draw completes (the awaitable cannot do it itself).
  void after_draw();
  /// Takes up to `amount` now without waiting; returns what was taken.
  double take_available(double amount);

  void set_supplier(Stock* depot) noexcept { supplier_ = depot; }
  const std::string& name() const noexcept { return name_; }
  double level() const noexcept { return container_.level(); }
  const core::Container& container() const noexcept { return container_; }
  const StockPolicy& policy() const noexcept { return policy_; }
  double received() const noexcept { return received_; }
  std::uint64_t orders() const noexcept { return orders_; }

 private:
  core::Process deliver();

  core::Simulation& sim_;
  std::string name_;
  StockPolicy policy_;
  core::Container container_;
  core::RandomStream rng_;
  std::uint32_t entity_;
  Stock* supplier_ = nullptr;
  bool on_order_ = false;
  double received_ = 0.0;
  std::uint64_t orders_ = 0;
};

}  // namespace drill::models
