// A stock under a continuous-review reorder-point policy: base and port fuel,
// depot fuel, spare parts.
//
// Draws go through the underlying container (so a unit that cannot get fuel
// waits, and the wait shows in the measures). The reorder decision looks at
// the inventory position: on hand + on order - backorders (the amounts
// draws are waiting for). Whenever a draw (met or not), an immediate take or
// a delivery leaves the position at or below the reorder point, orders for
// the resupply quantity are placed until it is above it again; so a draw
// that finds too little orders at once, whatever the reorder point. Each
// order arrives after a lead time drawn from the stock's own random stream,
// is taken from a supplying depot when there is one (as much as the depot
// holds), and never overfills the stock.
#pragma once

#include <string>

#include "core/container.hpp"
#include "core/distributions.hpp"
#include "core/metrics/instruments.hpp"
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
  class Draw;

  Stock(core::Simulation& sim, std::string name, StockPolicy policy, std::uint32_t entity);

  /// Awaitable draw of `amount` (yields true once drawn); reviews the
  /// position as soon as the draw is met or queued.
  Draw draw(double amount);
  /// Takes up to `amount` now without waiting; returns what was taken.
  double take_available(double amount);

  void set_supplier(Stock* depot) noexcept { supplier_ = depot; }
  /// Collector counters the stock adds each order and each delivery to; any may be null.
  struct Instruments {
    core::metrics::Counter* orders = nullptr;
    core::metrics::Counter* received = nullptr;
    core::metrics::Counter* resupplied = nullptr;  // shared by every fuel stock
  };
  void attach(Instruments instruments) noexcept { instruments_ = instruments; }
  /// Tells `observer` of every change of the stock's container (see core::Container).
  void observe(core::ContainerObserver* observer) noexcept { container_.set_observer(observer); }
  const std::string& name() const noexcept { return name_; }
  double level() const noexcept { return container_.level(); }
  /// On hand + on order - backorders.
  double inventory_position() const noexcept {
    return container_.level() + on_order_ - container_.waiting_to_get();
  }
  const core::Container& container() const noexcept { return container_; }
  const StockPolicy& policy() const noexcept { return policy_; }
  double received() const noexcept { return received_; }
  std::uint64_t orders() const noexcept { return orders_; }

 private:
  void review();
  core::Process deliver();

  core::Simulation& sim_;
  std::string name_;
  StockPolicy policy_;
  core::Container container_;
  core::RandomStream rng_;
  std::uint32_t entity_;
  Stock* supplier_ = nullptr;
  double on_order_ = 0.0;
  double received_ = 0.0;
  std::uint64_t orders_ = 0;
  Instruments instruments_;
};

class Stock::Draw {
 public:
  Draw(Stock& s, double amount) : stock_(&s), request_(s.container_.get(amount)) {}

  bool await_ready() const noexcept { return false; }
  bool await_suspend(core::ProcessHandle h) {
    const bool suspended = request_.await_suspend(h);
    stock_->review();  // met or queued, the position has changed
    return suspended;
  }
  bool await_resume() { return request_.await_resume(); }

 private:
  Stock* stock_;
  core::Container::Request request_;
};

inline Stock::Draw Stock::draw(double amount) { return Draw(*this, amount); }

}  // namespace drill::models
