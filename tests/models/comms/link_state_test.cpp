// Link state as a signal: an outage window seen by a link-state listener, as
// `link_down` activity records with the link as subject, and as the link's
// `link_up` series and `link_outages` count; random outages likewise.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/metrics/collector.hpp"
#include "core/simulation.hpp"
#include "models/activity.hpp"
#include "models/comms/network.hpp"
#include "models/entity_kinds.hpp"

namespace drill::models::comms {
namespace {

using core::SimTime;
using core::metrics::Collector;

struct Activities : ActivityListener {
  std::vector<ActivityRecord> records;
  void on_activity(const ActivityRecord& r) override { records.push_back(r); }
};

struct Changes : LinkStateListener {
  std::vector<LinkStateChange> seen;
  void on_link_state(const LinkStateChange& c) override { seen.push_back(c); }
};

NetworkSpec satellite_pair() {
  NetworkSpec spec;
  spec.nodes.resize(2);
  spec.nodes[0].name = "a";
  spec.nodes[1].name = "b";
  for (NodeSpec& n : spec.nodes) n.nation = "GBR";
  LinkSpec l;
  l.name = "sat";
  l.nodes = {"a", "b"};
  spec.links = {l};
  return spec;
}

struct Series {
  double value = NAN;
  double mean = NAN;
};

Series series(Collector& c, SimTime now, std::string_view name, std::string_view link) {
  const auto snap = c.snapshot(now);
  for (std::size_t i = 0; i < snap.size(); ++i)
    if (snap.descriptor(i).name == name && snap.series(i).labels[0].value == link)
      return {snap.values(i).value, snap.values(i).mean};
  ADD_FAILURE() << "no series " << name;
  return {};
}

TEST(CommsLinkState, AnOutageIsAnActivitySpanAndALinkUpSeries) {
  core::Simulation sim({.seed = 1});
  Collector collector(entity_kinds());
  NetworkSpec spec = satellite_pair();
  spec.links[0].outages = {{core::at(core::seconds(10)), core::at(core::seconds(20))}};
  Network net(sim, collector, spec);
  Activities acts;
  Changes changes;
  net.set_activity_listener(&acts);
  net.add_link_state_listener(&changes);
  const LinkId sat = net.link("sat");

  sim.run_until(core::at(core::seconds(15)));
  EXPECT_EQ(series(collector, sim.now(), "link_up", "sat").value, 0.0);
  sim.run_until(core::at(core::seconds(40)));
  const Series up = series(collector, sim.now(), "link_up", "sat");
  EXPECT_EQ(up.value, 1.0);
  EXPECT_DOUBLE_EQ(up.mean, 30.0 / 40.0);  // down 10 s of 40
  EXPECT_EQ(series(collector, sim.now(), "link_outages", "sat").value, 1.0);

  ASSERT_EQ(acts.records.size(), 2u);
  for (const ActivityRecord& r : acts.records) {
    EXPECT_EQ(r.activity, Activity::link_down);
    EXPECT_EQ(r.subject, core::metrics::EntityRef(sat));
  }
  EXPECT_EQ(acts.records[0].edge, ActivityEdge::start);
  EXPECT_EQ(acts.records[0].time, core::at(core::seconds(10)));
  EXPECT_EQ(acts.records[1].edge, ActivityEdge::end);
  EXPECT_EQ(acts.records[1].time, core::at(core::seconds(20)));

  ASSERT_EQ(changes.seen.size(), 2u);
  EXPECT_FALSE(changes.seen[0].up);
  EXPECT_EQ(changes.seen[0].cause, LinkStateCause::outage_window);
  EXPECT_TRUE(changes.seen[1].up);
}

TEST(CommsLinkState, EveryRandomOutageIsCountedAndItsDowntimeIsTheSeriesGap) {
  core::Simulation sim({.seed = 5});
  Collector collector(entity_kinds());
  NetworkSpec spec = satellite_pair();
  spec.links[0].random_outages = {.mean_time_between = core::minutes(30), .mean_time_to_restore = core::minutes(5)};
  Network net(sim, collector, spec);
  Activities acts;
  net.set_activity_listener(&acts);
  const SimTime end = core::at(core::hours(48));
  sim.run_until(end);
  double down_s = 0.0;
  std::size_t starts = 0;
  SimTime since;
  for (const ActivityRecord& r : acts.records) {
    if (r.edge == ActivityEdge::start) {
      ++starts;
      since = r.time;
    } else {
      down_s += (r.time - since).seconds();
    }
  }
  if (!net.link_up(net.link("sat"))) down_s += (end - since).seconds();
  EXPECT_GT(starts, 40u);
  EXPECT_EQ(series(collector, end, "link_outages", "sat").value, static_cast<double>(starts));
  EXPECT_NEAR(series(collector, end, "link_up", "sat").mean, 1.0 - down_s / end.seconds(), 1e-9);
}

}  // namespace
}  // namespace drill::models::comms
