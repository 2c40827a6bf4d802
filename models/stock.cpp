#include "models/stock.hpp"

#include <algorithm>

namespace drill::models {

Stock::Stock(core::Simulation& sim, std::string name, StockPolicy policy, std::uint32_t entity)
    : sim_(sim),
      name_(name),
      policy_(std::move(policy)),
      container_(sim, name, policy_.capacity, policy_.initial),
      rng_(sim.stream("stock/" + name)),
      entity_(entity) {}

void Stock::review() {
  if (policy_.resupply_quantity <= 0.0) return;
  while (inventory_position() <= policy_.reorder_point) {
    on_order_ += policy_.resupply_quantity;
    ++orders_;
    if (instruments_.orders) instruments_.orders->add();
    sim_.spawn(deliver(), entity_);
  }
}

double Stock::take_available(double amount) {
  const double taken = std::min(amount, container_.level());
  if (taken > 0.0 && container_.try_get(taken)) {
    review();
    return taken;
  }
  return 0.0;
}

core::Process Stock::deliver() {
  co_await sim_.delay(core::seconds_f(policy_.lead_time_s.sample(rng_)));
  double amount = std::min(policy_.resupply_quantity, policy_.capacity - container_.level());
  if (supplier_) amount = supplier_->take_available(amount);
  on_order_ -= policy_.resupply_quantity;
  if (amount > 0.0) {
    container_.try_put(amount);
    received_ += amount;
    if (instruments_.received) instruments_.received->add(amount);
    if (instruments_.resupplied) instruments_.resupplied->add(amount);
    // A short delivery (no room, a depot running low) leaves the position
    // lower than ordered: order again. An empty one does not, or an empty
    // depot would be asked again every lead time; the next draw will ask.
    review();
  }
}

}  // namespace drill::models
