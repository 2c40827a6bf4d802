// Stocks against hand arithmetic: the reorder-point policy on the inventory
// position (on hand + on order - backorders), deliveries that never
// overfill, and draws that wait for them.
#include <gtest/gtest.h>

#include <vector>

#include "core/distributions.hpp"
#include "core/process.hpp"
#include "core/simulation.hpp"
#include "models/stock.hpp"

namespace drill::models {
namespace {

constexpr core::Duration kLead = core::hours(2);

StockPolicy policy(double capacity, double initial, double reorder_point, double quantity) {
  return StockPolicy{capacity, initial, reorder_point, quantity, core::Distribution::constant(kLead.seconds())};
}

struct Drawer {
  core::Simulation& sim;
  Stock& stock;
  std::vector<core::SimTime> got_at;
};

core::Process draw_at(Drawer& d, core::Duration when, double amount) {
  co_await d.sim.delay(when);
  co_await d.stock.draw(amount);
  d.got_at.push_back(d.sim.now());
}

TEST(Stock, ADrawThatFindsTooLittleOrdersEvenWithTheReorderPointBelowIt) {
  // 3 t on hand, reorder point 0 t, a draw of 5 t: the level never falls to
  // the reorder point (the draw waits without taking anything), but the
  // position is 3 - 5 = -2 t, so one order of 10 t goes out at once. It
  // arrives after the 2 h lead time; 7 t fit (capacity 10 t); the draw is
  // met and leaves 5 t.
  core::Simulation sim;
  Stock stock(sim, "base/fuel", policy(10.0, 3.0, 0.0, 10.0), 1);
  Drawer d{sim, stock, {}};
  sim.spawn(draw_at(d, core::Duration::zero(), 5.0));
  sim.run_until(core::at(core::hours(1)));
  EXPECT_EQ(stock.orders(), 1u);
  EXPECT_DOUBLE_EQ(stock.inventory_position(), 3.0 + 10.0 - 5.0);
  EXPECT_TRUE(d.got_at.empty());
  sim.run_until(core::at(core::hours(3)));
  ASSERT_EQ(d.got_at.size(), 1u);
  EXPECT_EQ(d.got_at[0], core::at(kLead));
  EXPECT_DOUBLE_EQ(stock.received(), 7.0);
  EXPECT_DOUBLE_EQ(stock.level(), 5.0);
  EXPECT_EQ(stock.orders(), 1u);  // position 5 t > 0 t: nothing more
  EXPECT_DOUBLE_EQ(stock.container().get_waits().max(), kLead.seconds());
}

TEST(Stock, BackordersLargerThanOneOrderPlaceAsManyOrdersAsTheyNeed) {
  // Two draws of 8 t queue on 3 t: position 3 - 16 = -13 t; one order makes
  // it -3 t, still at or below 0 t, a second makes it 7 t. Both arrive at
  // 2 h: the first brings 7 t (room), meets the first draw (2 t left); the
  // second brings 8 t and meets the other draw.
  core::Simulation sim;
  Stock stock(sim, "base/fuel", policy(10.0, 3.0, 0.0, 10.0), 1);
  Drawer d{sim, stock, {}};
  sim.spawn(draw_at(d, core::Duration::zero(), 8.0));
  sim.spawn(draw_at(d, core::Duration::zero(), 8.0));
  sim.run_until(core::at(core::hours(1)));
  EXPECT_EQ(stock.orders(), 2u);
  sim.run_until(core::at(core::hours(3)));
  ASSERT_EQ(d.got_at.size(), 2u);
  EXPECT_EQ(d.got_at[1], core::at(kLead));
  EXPECT_DOUBLE_EQ(stock.received(), 15.0);
  EXPECT_DOUBLE_EQ(stock.level(), 2.0);
  EXPECT_EQ(stock.orders(), 2u);
}

TEST(Stock, AMetDrawReordersWhenItTakesTheLevelToTheReorderPoint) {
  // 10 t, reorder at 4 t: drawing 5 t leaves 5 t (no order), the next 1 t
  // leaves 4 t, which is at the reorder point: one order.
  core::Simulation sim;
  Stock stock(sim, "base/fuel", policy(20.0, 10.0, 4.0, 10.0), 1);
  Drawer d{sim, stock, {}};
  sim.spawn(draw_at(d, core::Duration::zero(), 5.0));
  sim.spawn(draw_at(d, core::hours(1), 1.0));
  sim.run_until(core::at(core::minutes(30)));
  EXPECT_EQ(stock.orders(), 0u);
  sim.run_until(core::at(core::hours(1)));
  EXPECT_EQ(stock.orders(), 1u);
  sim.run_until(core::at(core::hours(4)));
  EXPECT_DOUBLE_EQ(stock.level(), 14.0);
}

TEST(Stock, TakingFromAnEmptySupplierDoesNotReorderEveryLeadTime) {
  // A base supplied by an empty depot: the order comes back empty, and the
  // stock waits for the next draw to ask again instead of asking forever.
  core::Simulation sim;
  Stock depot(sim, "depot/fuel", policy(100.0, 0.0, 0.0, 0.0), 1);
  Stock stock(sim, "base/fuel", policy(10.0, 3.0, 0.0, 10.0), 2);
  stock.set_supplier(&depot);
  Drawer d{sim, stock, {}};
  sim.spawn(draw_at(d, core::Duration::zero(), 5.0));
  sim.run_until(core::at(core::days(2)));
  EXPECT_EQ(stock.orders(), 1u);
  EXPECT_TRUE(d.got_at.empty());
  EXPECT_EQ(stock.container().gets_in_progress(), 1u);
  EXPECT_EQ(stock.container().longest_get_in_progress(), core::days(2));
}

}  // namespace
}  // namespace drill::models
