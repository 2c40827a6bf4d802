// Link state through a whole drill: configs/degraded_comms.yaml's outages
// (a satellite outage window, random outages, line-of-sight links whose ships
// sail into and out of range) appear in the trace as `link_down` spans with
// the link as subject, and the spans agree with each link's `link_up` series
// and `link_outages` count.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "models/activity.hpp"
#include "models/drill_model.hpp"
#include "models/entity_kinds.hpp"
#include "models/scenario/load_drill.hpp"
#include "tests/support/snapshot_series.hpp"

namespace drill::models {
namespace {


struct Activities final : ActivityListener {
  std::vector<ActivityRecord> records;
  void on_activity(const ActivityRecord& r) override { records.push_back(r); }
};

TEST(CommsDrillLinkState, EveryOutageIsATraceSpanAndTheLinkUpSeriesAgrees) {
  scenario::LoadResult loaded =
      scenario::load_drill(std::filesystem::path(DRILL_SOURCE_DIR) / "configs" / "degraded_comms.yaml");
  ASSERT_TRUE(loaded.ok()) << scenario::format(loaded.diagnostics);
  const scenario::DrillSpec& spec = *loaded.drill;
  core::Simulation sim(core::SimulationOptions{.seed = spec.drill.seed, .replication = 0});
  DrillModel model(sim, spec);
  Activities acts;
  model.set_activity_listener(&acts);
  const core::SimTime end = core::at(spec.drill.horizon);
  sim.run_until(end);
  const auto snap = model.snapshot(end);

  struct Books {
    std::size_t starts = 0;
    double down_s = 0.0;
    core::SimTime since;
    bool open = false;
  };
  std::map<std::string, Books> by_link;
  for (const ActivityRecord& r : acts.records) {
    if (r.activity != Activity::link_down) continue;
    ASSERT_EQ(r.subject.kind, kind::link);
    Books& b = by_link[model.collector().names().name(r.subject)];
    if (r.edge == ActivityEdge::start) {
      ASSERT_FALSE(b.open);
      ++b.starts;
      b.since = r.time;
      b.open = true;
    } else {
      ASSERT_TRUE(b.open);
      b.down_s += (r.time - b.since).seconds();
      b.open = false;
    }
  }
  std::size_t line_of_sight_spans = 0;
  const auto& names = model.collector().names();
  for (const scenario::CommsLink& l : spec.comms.links) {
    // A line-of-sight link to a node of several ships is one link per ship:
    // NAME-1, NAME-2, ...
    std::vector<std::string> links;
    if (names.find<kind::link>(l.name))
      links.push_back(l.name);
    else
      for (int i = 1; names.find<kind::link>(l.name + "-" + std::to_string(i)); ++i)
        links.push_back(l.name + "-" + std::to_string(i));
    ASSERT_FALSE(links.empty()) << l.name;
    for (const std::string& name : links) {
      Books& b = by_link[name];
      if (b.open) b.down_s += (end - b.since).seconds();
      EXPECT_EQ(drill::testing::value_of(snap, "link_outages", {name}), static_cast<double>(b.starts)) << name;
      EXPECT_NEAR(drill::testing::series(snap, "link_up", {name}).mean, 1.0 - b.down_s / end.seconds(), 1e-9)
          << name;
      if (l.kind == scenario::LinkKind::radio_los) line_of_sight_spans += b.starts;
    }
  }
  EXPECT_GT(line_of_sight_spans, 0u) << "no ship sailed out of line-of-sight range";
}

}  // namespace
}  // namespace drill::models
