// Line-of-sight links against hand-worked crossings: two ships closing
// head-on on a meridian come into range when the gap has closed to the radio
// horizon and go out of it once they have passed; the link changes state at
// that tick, with no periodic checks in between.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {
namespace {

using core::Duration;
using core::SimTime;
using core::metrics::Collector;

struct Changes : LinkStateListener {
  std::vector<LinkStateChange> seen;
  void on_link_state(const LinkStateChange& c) override { seen.push_back(c); }
};

// Nautical miles per degree of latitude on the model's sphere.
double nm_per_degree() { return distance_nm(LatLon{0.0, 0.0}, LatLon{1.0, 0.0}); }

// A host on the meridian 0 at `start_nm` north of the equator, sailing north
// at `knots` (south if negative) for ever.
PositionFn along_meridian(double start_nm, double knots) {
  const double per_deg = nm_per_degree();
  return [=](SimTime t) { return LatLon{(start_nm + knots * t.hours()) / per_deg, 0.0}; };
}

NetworkSpec pair(PositionFn a, PositionFn b) {
  NetworkSpec spec;
  spec.nodes.resize(2);
  spec.nodes[0].name = "a";
  spec.nodes[1].name = "b";
  for (NodeSpec& n : spec.nodes) {
    n.nation = "GBR";
    n.antenna_height_ft = 100;  // range 1.23 * (10 + 10) = 24.6 nm
  }
  spec.nodes[0].host = std::move(a);
  spec.nodes[1].host = std::move(b);
  LinkSpec l;
  l.name = "los";
  l.kind = LinkKind::line_of_sight;
  l.nodes = {"a", "b"};
  l.delay = core::milliseconds(1);
  l.bandwidth_bps = 9600.0;
  spec.links = {l};
  return spec;
}

// Within one tick of a time given in seconds.
void expect_at(SimTime t, double seconds) {
  EXPECT_LE(std::abs(t.ticks() - std::llround(seconds * 1e6)), 1) << "at " << t.seconds() << " s, not " << seconds;
}

TEST(CommsLineOfSight, HeadOnShipsComeIntoRangeWhenTheGapHasClosedToTheHorizon) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  // 60 nm apart, closing at 10 + 15 = 25 kn: in range when 60 - 25 t = 24.6
  // (t = 1.416 h), out again when 25 t - 60 = 24.6 (t = 3.384 h).
  Network net(sim, collector, pair(along_meridian(0.0, 10.0), along_meridian(60.0, -15.0)));
  Changes changes;
  net.add_link_state_listener(&changes);
  EXPECT_FALSE(net.link_up(net.link("los")));
  sim.run_until(core::at(core::hours(6)));
  ASSERT_EQ(changes.seen.size(), 2u);
  EXPECT_TRUE(changes.seen[0].up);
  EXPECT_EQ(changes.seen[0].cause, LinkStateCause::range);
  expect_at(changes.seen[0].time, 1.416 * 3600);
  EXPECT_FALSE(changes.seen[1].up);
  expect_at(changes.seen[1].time, 3.384 * 3600);
  // Two crossings and the look-ahead past them, not a check a minute.
  EXPECT_LE(sim.events_executed(), 4u);
}

TEST(CommsLineOfSight, AHostThatStopsEndsItsPieceAndTheOtherClosesAlone) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  // b sails south at 15 kn for an hour and stops at 45 nm; a closes alone at
  // 10 kn: in range when 45 - 10 t = 24.6, t = 2.04 h.
  const double per_deg = nm_per_degree();
  NetworkSpec spec = pair(along_meridian(0.0, 10.0), [per_deg](SimTime t) {
    return LatLon{(60.0 - 15.0 * std::min(t.hours(), 1.0)) / per_deg, 0.0};
  });
  spec.nodes[1].motion_until = [](SimTime t) { return t < core::at(core::hours(1)) ? core::at(core::hours(1)) : SimTime::max(); };
  Network net(sim, collector, spec);
  Changes changes;
  net.add_link_state_listener(&changes);
  sim.run_until(core::at(core::hours(3)));
  ASSERT_EQ(changes.seen.size(), 1u);
  EXPECT_TRUE(changes.seen[0].up);
  expect_at(changes.seen[0].time, 2.04 * 3600);
}

TEST(CommsLineOfSight, AHostThatSetsOffIsFollowedFromWhenItSaysSo) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  // a stands at the equator until told at 1 h that it sails north at 20 kn
  // towards b, standing at 50 nm: in range when 50 - 20 (t - 1) = 24.6,
  // t = 2.27 h.
  auto sails_from = std::make_shared<SimTime>(SimTime::max());
  const double per_deg = nm_per_degree();
  NetworkSpec spec = pair(
      [sails_from, per_deg](SimTime t) {
        const double h = t > *sails_from ? (t - *sails_from).hours() : 0.0;
        return LatLon{20.0 * h / per_deg, 0.0};
      },
      along_meridian(50.0, 0.0));
  Network net(sim, collector, spec);
  Changes changes;
  net.add_link_state_listener(&changes);
  sim.run_until(core::at(core::hours(1)));
  EXPECT_TRUE(changes.seen.empty());
  *sails_from = sim.now();
  net.host_moved(net.node("a"));
  sim.run_until(core::at(core::hours(4)));
  ASSERT_EQ(changes.seen.size(), 1u);
  expect_at(changes.seen[0].time, 2.27 * 3600);
}

TEST(CommsLineOfSight, TwoFixedNodesOutOfRangeScheduleNothing) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec = pair(nullptr, nullptr);
  spec.nodes[0].position = {50.0, 0.0};
  spec.nodes[1].position = {51.0, 0.0};
  Network net(sim, collector, spec);
  EXPECT_FALSE(net.link_up(net.link("los")));
  EXPECT_EQ(sim.pending_count(), 0u);
}

}  // namespace
}  // namespace drill::models::comms
