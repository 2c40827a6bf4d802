// The hub's view of a set of replications: the aggregate of the
// replications done so far, which at the set's last replication is the
// result set's own figures.
#include "models/entity_kinds.hpp"
#include "server/set_publisher.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/metrics/collector.hpp"
#include "io/replications.hpp"

namespace drill::server {
namespace {

namespace cm = core::metrics;

/// A replication whose one counter ended at `value`.
engine::RunResult replication(std::uint64_t number, double value) {
  cm::Collector c{models::entity_kinds()};
  const cm::MeasureId m = c.describe(cm::Descriptor{.name = "sorties_flown",
                                                    .unit = cm::Unit::none,
                                                    .help = "Sorties flown.",
                                                    .labels = {models::kind::unit},
                                                    .kind = cm::InstrumentKind::counter,
                                                    .headline = cm::Headline::yes});
  c.counter(m, {c.names().add<models::kind::unit>("u0")}).add(value);
  const core::SimTime end = core::SimTime::from_ticks(3'600'000'000);
  return engine::RunResult{.final_snapshot = c.snapshot(end),
                           .tasks = {},
                           .replication = number,
                           .fingerprint = 0x1234 + number,
                           .events = 10,
                           .end = end};
}

TEST(SetPublisher, TheAggregateSoFarEndsAsTheResultSetsFigures) {
  Hub hub;
  io::RunInfo info;
  info.drill_name = "Test drill";
  info.config_hash = std::string(64, 'a');
  info.seed = 7;
  EXPECT_EQ(hub.aggregate_json(), "{\"replications\":0,\"measures\":[]}");
  SetPublisher publisher(hub, 0, info, 3);
  io::ReplicationSet reference;
  const double values[] = {3, 5, 10};
  for (std::uint64_t i = 0; i < 3; ++i) {
    const engine::RunResult r = replication(i, values[i]);
    publisher.on_progress({.replication = i, .now = r.end, .horizon = r.end, .events = r.events});
    publisher.on_replication(r, i + 1);
    reference.add(io::ReplicationRun{i, r.fingerprint_hex(), r.events, r.final_snapshot, r.tasks});
    if (i == 0) {
      // The first is rendered at once (nothing was rendered before it).
      EXPECT_NE(hub.aggregate_json().find("\"replications\": 1"), std::string::npos) << hub.aggregate_json();
    }
  }
  const std::string json = hub.aggregate_json();
  EXPECT_EQ(json, reference.measures_json(info));
  EXPECT_NE(json.find("\"replications\": 3"), std::string::npos) << json;
  EXPECT_NE(json.find("\"mean\": 6"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"runs\""), std::string::npos) << json;  // bounded: no list of runs
  // replications.json holds the same figures, and the list of runs.
  const std::string full = reference.json(info);
  const std::size_t head = json.size() - 3;  // up to the end of `measures`, before "]\n}"
  EXPECT_EQ(full.substr(0, head), json.substr(0, head));
}

}  // namespace
}  // namespace drill::server
